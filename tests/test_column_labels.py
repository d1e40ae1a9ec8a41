"""One source of column labels and units: the catalog (label_ja / label_en / unit, unit_en), read by
chiiki_lab.column_label / column_unit and used by plots, widgets and compare.

The expected texts are those the charts, tables and 地域カルテ showed before the labels moved into the catalog
(plots._COLUMN_LABELS, widgets._FIGURES, compare), so stored notebook outputs keep their text.
"""

from __future__ import annotations

import json

import pytest

import chiiki_lab
from chiiki_lab import compare, plots, widgets
from chiiki_lab.datasets import data_dir

# the former plots._COLUMN_LABELS: column -> (Japanese, English, unit)
FORMER_PLOT_LABELS = {
    "population": ("人口", "Population", "人"),
    "pop_male": ("男性人口", "Male population", "人"),
    "pop_female": ("女性人口", "Female population", "人"),
    "households_total": ("世帯数", "Households", "世帯"),
    "share_age65p_pct": ("65歳以上人口の割合", "Share aged 65+", "%"),
    "share_age0_14_pct": ("15歳未満人口の割合", "Share aged under 15", "%"),
    "share_age15_64_pct": ("15〜64歳人口の割合", "Share aged 15–64", "%"),
    "pop_change_rate_2015_2020_pct": ("人口増減率 2015→2020年", "Population change 2015→2020", "%"),
    "pop_density_per_km2": ("人口密度", "Population density", "人/km²"),
    "area_km2": ("面積", "Area", "km²"),
    "mean_age": ("平均年齢", "Mean age", "歳"),
    "daytime_night_ratio": ("昼夜間人口比率", "Daytime/night-time population ratio", "%"),
    "fiscal_strength_index": ("財政力指数", "Fiscal strength index", ""),
    "current_balance_ratio_pct": ("経常収支比率", "Current balance ratio", "%"),
    "issuance_rate_pct": ("マイナンバーカード交付率", "My Number Card issuance rate", "%"),
    "amount_thousand_yen": ("ふるさと納税受入額", "Furusato nozei receipts", "千円"),
}
COUNTS = {"population", "pop_male", "pop_female", "households_total"}  # ticks carry their unit (万人)


@pytest.mark.parametrize("column", FORMER_PLOT_LABELS)
def test_chart_titles_and_axes_keep_their_former_text(column):
    ja, en, unit = FORMER_PLOT_LABELS[column]
    for lang, name in (("ja", ja), ("en", en)):
        with chiiki_lab.language(lang):
            assert plots._column_name(column) == name
            if column in COUNTS or not unit:
                expected = name
            else:
                expected = f"{name}（{unit}）" if lang == "ja" else f"{name} ({unit})"
            assert plots._axis_label(column) == expected


def test_unlabelled_columns_keep_their_name_and_no_unit():
    assert chiiki_lab.column_label("employed_primary") is None  # documented in the catalog, but no short label
    assert plots._axis_label("employed_primary") == "employed_primary"
    assert plots._axis_label("share_age65p_pct", label="高齢化率") == "高齢化率"


def test_labels_and_units_come_from_catalog_json():
    entries = json.loads((data_dir() / "catalog.json").read_text(encoding="utf-8"))["datasets"]
    zaisei = {c["name"]: c for c in next(e for e in entries if e["name"] == "zaisei")["columns"]}
    doc = zaisei["fiscal_strength_index"]
    assert chiiki_lab.column_label("fiscal_strength_index", "zaisei", lang="ja") == doc["label_ja"]
    assert chiiki_lab.column_label("fiscal_strength_index", lang="en") == doc["label_en"]
    assert chiiki_lab.column_unit("fiscal_strength_index") == doc["unit"] == "指数"
    with chiiki_lab.language("en"):
        assert chiiki_lab.column_unit("pop_density_per_km2") == "persons/km²"
        assert chiiki_lab.column_unit("area_km2") == "km²"  # no unit_en: the unit as it is


def test_summary_table_and_key_figures_keep_their_headers():
    # summary_table's headers are these labels (the table itself is tested in test_widgets)
    expected_ja = ["人口（人）", "高齢化率（%）", "世帯数（世帯）", "面積（km²）", "人口密度（人/km²）"]
    expected_en = ["Population (persons)", "Ageing rate (%)", "Households (households)", "Area (km²)",
                   "Population density (persons/km²)"]
    assert [widgets._figure_label(key) for key in widgets._FIGURES] == expected_ja
    with chiiki_lab.language("en"):
        assert [widgets._figure_label(key) for key in widgets._FIGURES] == expected_en
    assert [v[:4] for k, v in widgets.INDICATORS.items() if k in ("density", "population")] == [
        ("人口密度", "Population density", "人/km²", " persons/km²"), ("人口", "Population", "人", " persons")]
    assert [(c, ja, en) for c, ja, en, _ in compare.KEY_FIGURES if c in COUNTS | {"area_km2", "pop_density_per_km2"}] == [
        ("population", "人口（2020年）", "Population (2020)"),
        ("households_total", "世帯数（2020年）", "Households (2020)"),
        ("area_km2", "面積", "Area"),
        ("pop_density_per_km2", "人口密度", "Population density"),
    ]
