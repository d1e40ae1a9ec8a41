"""The explorer: state transitions and shown numbers, driven without a browser."""

from __future__ import annotations

import folium
import pytest

import chiiki_lab
from chiiki_lab import widgets
from chiiki_lab.errors import ChiikiLabValueError


@pytest.fixture(scope="module")
def census():
    return chiiki_lab.load("census2020").set_index("code")


def test_summary_table_numbers(census):
    t = widgets.summary_table("10425")
    assert t.index.tolist() == ["嬬恋村", "群馬県", "全国"]
    assert t["code"].tolist() == ["10425", "10000", "00000"]
    assert list(t.columns[1:]) == ["人口（人）", "高齢化率（%）", "世帯数（世帯）", "面積（km²）", "人口密度（人/km²）"]
    # PROVENANCE: 嬬恋村 population 8,850, households 3,532, 65+ 3,288; national 126,146,099
    assert t["人口（人）"].tolist() == [8850, census.loc["10000", "population"], 126_146_099]
    assert t.loc["嬬恋村", "世帯数（世帯）"] == 3532
    gunma = census.loc["10000", "pop_age65p"] / census.loc["10000", "population"] * 100
    assert t["高齢化率（%）"].tolist() == pytest.approx([3288 / 8850 * 100, gunma, 28.559], abs=1e-3)
    assert t.loc["嬬恋村", "面積（km²）"] == census.loc["10425", "area_km2"]
    assert t.loc["全国", "人口密度（人/km²）"] == census.loc["00000", "pop_density_per_km2"]
    assert t.attrs["chiiki_lab"]["name"] == "census2020"
    assert widgets.explore("10425", static=True).equals(t)


def test_summary_table_in_english(english):
    t = widgets.summary_table("10425")
    assert t.index.tolist() == ["Tsumagoi-mura", "Gumma-ken", "Japan"]
    assert t.loc["Tsumagoi-mura", "Population (persons)"] == 8850
    text = widgets.Explorer("10425").key_figures_text()
    basic = chiiki_lab.load("census2020").query("is_basic_municipality and pref_code == '10'").set_index("code")
    rank = int((basic["population"] > 8850).sum()) + 1
    assert f"8,850 (Gunma 1,939,110, Japan 126,146,099; #{rank} of 35 in Gunma)" in text
    assert text.endswith(chiiki_lab.attribution("census2020"))


def test_prefecture_change_updates_municipality_options(census):
    e = widgets.Explorer("10425")
    assert (e.prefecture, e.municipality) == ("10", "10425")
    gunma = e.municipality_options()
    assert len(gunma) == 35 and ("嬬恋村", "10425") in gunma
    assert len(e.prefecture_options()) == 47 and e.prefecture_options()[0] == ("北海道", "01")
    e.set_prefecture("13")
    tokyo = e.municipality_options()
    basic_tokyo = census[census["is_basic_municipality"] & (census["pref_code"] == "13")]
    assert [code for _, code in tokyo] == sorted(basic_tokyo.index)  # 23 wards + 39 市町村 = 62
    assert len(tokyo) == 62
    assert e.municipality == "13101"  # the first one, since 嬬恋村 is not in Tokyo
    e.set_municipality("10425")
    assert e.prefecture == "10"  # the prefecture follows the municipality
    e.set_prefecture("10")
    assert e.municipality == "10425"  # kept when it is in the prefecture
    with pytest.raises(ChiikiLabValueError, match="都道府県コード '48' はありません"):
        e.set_prefecture("48")


def test_municipality_change_updates_key_figures(census):
    e = widgets.Explorer("10425")
    text = e.key_figures_text()
    # 群馬県 1,939,110 ≈ 194万, 全国 126,146,099 ≈ 1億2,615万 (by hand); ranks from the census, largest first
    assert "人口（2020年）: 8,850人（群馬県 194万人／全国 1億2,615万人" in text
    gunma = census[census["is_basic_municipality"] & (census["pref_code"] == "10")]
    rank = int((gunma["share_age65p_pct"] > census.loc["10425", "share_age65p_pct"]).sum()) + 1
    assert f"高齢化率（65歳以上の割合）: 37.2%（群馬県 30.2%／全国 28.6%、県内 {rank}位／35）" in text
    assert text.endswith(chiiki_lab.attribution("census2020"))
    e.set_municipality("13101")
    text = e.key_figures_text()
    assert text.startswith("東京都 千代田区") and "／62）" in text  # ranked among Tokyo's 62 municipalities
    assert "8,850" not in text


def test_indicator_values_and_rank(census):
    e = widgets.Explorer("10425", indicator="population_change")
    values = e.indicator_values()
    gunma = census[census["is_basic_municipality"] & (census["pref_code"] == "10")]
    expected = gunma["population"] / gunma["pop_2015_on_2020_boundaries"] * 100 - 100
    assert values.to_dict() == pytest.approx(expected.to_dict())
    rank = int((expected > expected["10425"]).sum()) + 1
    assert e.indicator_text() == f"嬬恋村の人口増減率 2015→2020年: -9.5%（群馬県の35市区町村中 高いほうから{rank}位）"
    e.set_indicator("population")
    assert e.indicator_text().startswith("嬬恋村の人口: 8,850人（群馬県の35市区町村中 高いほうから")
    with pytest.raises(ChiikiLabValueError, match="指標 'gdp' はありません"):
        e.set_indicator("gdp")


def test_map_table_has_the_prefecture_only():
    e = widgets.Explorer("10425")
    table = e.map_table()
    assert list(table.columns) == ["code", "name", "aging_rate"]
    assert len(table) == 35 and table["code"].str.startswith("10").all()
    assert table.set_index("code").loc["10425", "aging_rate"] == pytest.approx(3288 / 8850 * 100)
    assert table.attrs["chiiki_lab"]["name"] == "census2020"


def test_map_is_a_folium_map():
    assert type(widgets.Explorer("10425", indicator="density").map()).__name__ == "Map"


def test_wards_are_refused_with_advice():
    with pytest.raises(ChiikiLabValueError, match="政令市の区を選んだ場合は、市全体のコードを指定してください"):
        widgets.Explorer("01101")  # 札幌市中央区


def test_widget_callbacks(monkeypatch):
    drawn = []
    monkeypatch.setattr(widgets.Explorer, "pyramid", lambda self: drawn.append(("pyramid", self.municipality)))
    monkeypatch.setattr(widgets.Explorer, "map", lambda self: drawn.append(("map", self.municipality, self.indicator))
                        or folium.Map(tiles=None))
    box = widgets.explore("10425")
    pref, muni, indicator = box.children[0].children
    figures = box.children[1].children[0]
    assert muni.value == "10425" and "8,850" in figures.value
    drawn.clear()
    pref.value = "13"
    assert muni.value == "13101" and ("千代田区", "13101") in muni.options and len(muni.options) == 62
    assert box.explorer.municipality == "13101" and "千代田区" in figures.value
    assert drawn == [("pyramid", "13101"), ("map", "13101", "aging_rate")]  # drawn once per change
    drawn.clear()
    indicator.value = "density"
    assert drawn == [("map", "13101", "density")]
    assert "人口密度" in figures.value


def _last_fit_bounds(m) -> list[list[float]]:
    import json
    import re

    calls = re.findall(r"map_\w+\.fitBounds\(\s*(\[\[[-\d.,\s\[\]]+\]\])", m.get_root().render())
    return json.loads(calls[-1])


def test_tokyo_is_framed_on_its_mainland_not_the_islands():
    e = widgets.Explorer("13101")  # 千代田区
    (south, west), (north, east) = e.main_area_bounds()
    # Tokyo's mainland (23 wards and Tama) spans about 35.50–35.90°N, 138.94–139.92°E; 伊豆大島 is at 34.7°N
    assert 35.45 < south < 35.55 and 35.85 < north < 35.95
    assert 138.9 < west < 139.0 and 139.85 < east < 139.95
    (s2, w2), (n2, e2) = _last_fit_bounds(e.map())  # the view the map ends with
    assert [s2, w2, n2, e2] == pytest.approx([south, west, north, east], abs=1e-4)
    e.set_municipality("13401")  # 八丈町: its own island (33.0–33.2°N), so the highlight is in view
    (south, west), (north, east) = e.main_area_bounds()
    assert 33.0 < south < north < 33.2


def test_a_prefecture_without_islands_is_framed_whole(census):
    gunma = chiiki_lab.load_boundaries("prefecture").set_index("code").loc["10000", "geometry"].bounds
    (south, west), (north, east) = widgets.Explorer("10425").main_area_bounds()
    assert [west, south, east, north] == pytest.approx(list(gunma), abs=0.02)


@pytest.mark.slow
def test_widget_carries_a_still_picture_for_reopened_notebooks():
    import base64

    box = widgets.explore("13101", indicator="density")
    bundle = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG") and 20_000 < len(png) < 250_000  # a picture, small enough to store


def test_key_figures_name_the_newest_projection():
    """The explorer shows IPSS 令和5年推計 for 2050 (read here straight from the parquet file)."""
    import pandas as pd

    from chiiki_lab._paths import bundle_dir

    ipss = pd.read_parquet(bundle_dir("datasets") / "ipss2023_projection.parquet")
    town = ipss[ipss["code"] == "10425"].set_index("year")["population"]
    change = (town[2050] / town[2020] - 1) * 100
    text = widgets.Explorer("10425").key_figures_text()
    assert f"将来推計人口（社人研 令和5年推計）: 2050年 {town[2050]:,.0f}人（2020年比 {change:+.1f}%）" in text
