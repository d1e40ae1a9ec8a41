"""Charts: values drawn equal the data, Japanese text renders with the bundled font, options work."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.font_manager import findfont
from matplotlib.patches import StepPatch

import chiiki_lab
from chiiki_lab import figures, plots
from chiiki_lab.errors import (
    AmbiguousMunicipalityError,
    ChiikiLabValueError,
    MissingColumnError,
    MunicipalityNotFoundError,
)

TSUMAGOI = "10425"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def age2020():
    return chiiki_lab.load("census2020_age")


@pytest.fixture(scope="module")
def census():
    return chiiki_lab.load("census2020")


@pytest.fixture(scope="module")
def gunma(census):
    return census[census["pref_name"] == "群馬県"]


@pytest.fixture(scope="module")
def timeseries_data():
    return chiiki_lab.load("census_timeseries")


@pytest.fixture(scope="module")
def ipss():
    return chiiki_lab.load("ipss2018_projection")


def glyph_warnings(fig) -> list[str]:
    """Render ``fig`` to PNG and return the "Glyph … missing from font" warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=40)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def footer(ax) -> str:
    texts = [t.get_text() for t in ax.figure.texts if t.get_gid() == figures.SOURCE_GID]
    assert len(texts) == 1
    return texts[0]


def row(df, code, sex):
    return df[(df["code"] == code) & (df["sex"] == sex)].iloc[0]


def age_columns(df):
    return [c for c in df.columns if c.startswith("age_") and c != "age_unknown"]


# ------------------------------------------------------------------------------ format_man


@pytest.mark.parametrize(
    "n, unit, expected",
    [
        (8850, "人", "8,850人"),
        (9999, "人", "9,999人"),
        (10_000, "人", "1万人"),
        (126_146, "人", "12.6万人"),
        (999_999, "人", "100万人"),
        (5_224_614, "人", "522万人"),
        (99_995_000, "人", "1億人"),
        (126_146_099, "人", "1億2,615万人"),
        (200_000_000, "", "2億"),
        (3532, "世帯", "3,532世帯"),
        (-948_646, "人", "-94.9万人"),
        (0, "人", "0人"),
    ],
)
def test_format_man(n, unit, expected):
    assert plots.format_man(n, unit) == expected


# --------------------------------------------------------------------------------- fonts


def test_import_does_not_load_matplotlib():
    code = "import sys, chiiki_lab.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_japanese_renders_with_bundled_ipaexgothic():
    import matplotlib_fontja

    ax = plots.pyramid(TSUMAGOI)
    assert glyph_warnings(ax.figure) == []
    title = ax.title
    assert "嬬恋村" in title.get_text()
    path = findfont(title.get_fontproperties(), fallback_to_default=False)
    assert path.startswith(matplotlib_fontja.get_font_path())
    assert mpl.font_manager.get_font(path).family_name == "IPAexGothic"


@pytest.mark.slow
def test_glyph_check_catches_tofu():
    """The check above would fail if Japanese text were drawn with a font lacking Japanese glyphs."""
    ax = plots.pyramid(TSUMAGOI)
    for text in ax.figure.findobj(mpl.text.Text):
        text.set_fontfamily("DejaVu Sans")
    missing = glyph_warnings(ax.figure)
    assert missing and any("DejaVu Sans" in m for m in missing)


def test_moved_names_still_work_with_a_warning():
    with pytest.warns(DeprecationWarning, match="chiiki_lab.figures.japanize"):
        assert plots.japanize is figures.japanize
    assert chiiki_lab.japanize is figures.japanize


def test_japanize_for_own_charts_and_repeatable():
    fm = mpl.font_manager.fontManager
    mpl.rcParams["font.family"] = ["DejaVu Sans"]
    figures.japanize()
    count = sum(f.name == "IPAexGothic" for f in fm.ttflist)
    chiiki_lab.japanize()
    assert sum(f.name == "IPAexGothic" for f in fm.ttflist) == count
    fig, ax = plt.subplots()
    ax.set_title("群馬県嬬恋村の人口")
    assert glyph_warnings(fig) == []


# ------------------------------------------------------------------------------- pyramid


def test_pyramid_counts_equal_the_data(age2020):
    ax = plots.pyramid(TSUMAGOI, shares=False)
    male_bars, female_bars = ax.containers
    ages = age_columns(age2020)
    assert len(ages) == 21 and len(ax.patches) == 21 * 2
    male, female = row(age2020, TSUMAGOI, "male"), row(age2020, TSUMAGOI, "female")
    assert [-b.get_width() for b in male_bars] == [male[c] for c in ages]
    assert [b.get_width() for b in female_bars] == [female[c] for c in ages]
    assert -male_bars[ages.index("age_65_69")].get_width() == 418
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "0–4" and labels[13] == "65–69" and labels[-1] == "100+"
    assert "人" in ax.xaxis.get_major_formatter()(-400, 0)
    assert "-" not in ax.xaxis.get_major_formatter()(-400, 0)


def test_pyramid_notes_unknown_age_and_source(age2020):
    ax = plots.pyramid("嬬恋村")
    text = footer(ax).replace("\n", "")
    unknown = int(row(age2020, TSUMAGOI, "total")["age_unknown"])
    assert unknown > 0
    assert f"年齢不詳の{unknown:,}人" in text
    assert chiiki_lab.attribution("census2020_age") in text
    assert "嬬恋村" in ax.get_title() and "群馬県" in ax.get_title()


def test_pyramid_compare_national_in_shares(age2020):
    ax = plots.pyramid(TSUMAGOI, compare="national")
    ages = age_columns(age2020)
    male, female = row(age2020, TSUMAGOI, "male"), row(age2020, TSUMAGOI, "female")
    known = sum(male[c] + female[c] for c in ages)
    male_bars, female_bars = ax.containers
    assert np.allclose([-b.get_width() for b in male_bars], [male[c] / known * 100 for c in ages])
    assert sum(abs(b.get_width()) for b in ax.patches if b in male_bars or b in female_bars) == pytest.approx(100)
    steps = [p for p in ax.patches if isinstance(p, StepPatch)]
    assert len(steps) == 2
    nat_m, nat_f = row(age2020, "00000", "male"), row(age2020, "00000", "female")
    nat_known = sum(nat_m[c] + nat_f[c] for c in ages)
    drawn = {round(float(s.get_data().values.sum()), 6): s for s in steps}
    assert min(drawn) == pytest.approx(-sum(nat_m[c] for c in ages) / nat_known * 100)
    assert np.allclose(drawn[min(drawn)].get_data().values, [-nat_m[c] / nat_known * 100 for c in ages])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["全国（2020年）"]
    assert "%" in ax.xaxis.get_major_formatter()(-2, 0)


def test_pyramid_compare_prefecture(age2020):
    ax = plots.pyramid(TSUMAGOI, compare="prefecture", shares=False)
    ages = age_columns(age2020)
    pref_f = row(age2020, "10000", "female")
    female_step = max((p for p in ax.patches if isinstance(p, StepPatch)), key=lambda s: s.get_data().values.sum())
    pref_m = row(age2020, "10000", "male")
    assert np.allclose(female_step.get_data().values, [pref_f[c] for c in ages])
    assert ax.get_xlim()[1] >= max(pref_m[ages].max(), pref_f[ages].max())
    assert "群馬県" in ax.get_legend().get_texts()[0].get_text()


@pytest.mark.slow
def test_pyramid_projection_2045(ipss):
    ax = plots.pyramid(TSUMAGOI, year=2045)
    data = ipss[(ipss["code"] == TSUMAGOI) & (ipss["year"] == 2045)]
    male = data[data["sex"] == "male"].iloc[0]
    ages = age_columns(ipss)
    assert ages[-1] == "age_90p" and len(ax.patches) == len(ages) * 2
    assert [-b.get_width() for b in ax.containers[0]] == [male[c] for c in ages]
    assert ax.get_yticklabels()[-1].get_text() == "90+"
    assert "2045" in ax.get_title() and "推計" in ax.get_title()
    assert "社会保障・人口問題研究所" in footer(ax)


@pytest.mark.slow
@pytest.mark.parametrize("year, dataset", [(1980, "census1980_age"), (2022, "juki2022_age")])
def test_pyramid_other_years(year, dataset):
    ax = plots.pyramid(TSUMAGOI, year=year)
    data = chiiki_lab.load(dataset)
    female = row(data, TSUMAGOI, "female")
    assert [b.get_width() for b in ax.containers[1]] == [female[c] for c in age_columns(data)]
    assert f"{year}年" in ax.get_title()
    assert chiiki_lab.attribution(dataset) in footer(ax).replace("\n", "")


def test_pyramid_errors():
    with pytest.raises(ChiikiLabValueError) as e:
        plots.pyramid(TSUMAGOI, compare="world")
    assert str(e.value) == (
        "compare='world' は使えません。'national'（全国）か 'prefecture'（都道府県）か None を指定してください。"
    )
    with pytest.raises(ChiikiLabValueError, match="2000年の人口ピラミッドのデータはありません"):
        plots.pyramid(TSUMAGOI, year=2000)
    with pytest.raises(ChiikiLabValueError, match="census1980_age は1980年のデータです"):
        plots.pyramid(TSUMAGOI, source="census1980_age")
    with pytest.raises(MunicipalityNotFoundError, match=r"福島市（07201）は chiiki_lab.load\('ipss2018_projection'\) に含まれていません"):
        plots.pyramid("07201", year=2045)  # 福島市: not projected in the 2018 IPSS edition


# ------------------------------------------------------------------------------- ranking


def test_ranking_top_values_and_highlight_outside(gunma):
    ax = plots.ranking(gunma, "share_age65p_pct", highlight="嬬恋村", top=10)
    basic = gunma[gunma["is_basic_municipality"]]
    ordered = basic.sort_values("share_age65p_pct", ascending=False)
    rank = (
        int((basic["share_age65p_pct"] > ordered.loc[ordered["code"] == TSUMAGOI, "share_age65p_pct"].iloc[0]).sum())
        + 1
    )
    assert rank > 10
    bars = ax.containers[0]
    assert len(bars) == 11
    assert [b.get_width() for b in bars][:10] == list(ordered["share_age65p_pct"].iloc[:10])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:10] == list(ordered["name"].iloc[:10])
    assert labels[-1] == f"嬬恋村（{rank}位）"
    colors = {tuple(b.get_facecolor()) for b in bars[:10]}
    assert len(colors) == 1 and tuple(bars[10].get_facecolor()) not in colors
    assert f"（{len(basic)}団体中）" in ax.get_title()
    assert chiiki_lab.attribution("census2020") in footer(ax).replace("\n", "")


def test_ranking_highlight_inside_top_and_ascending(gunma):
    basic = gunma[gunma["is_basic_municipality"]]
    lowest = basic.nsmallest(5, "population")
    ax = plots.ranking(gunma, "population", highlight=lowest["code"].iloc[2], top=5, ascending=True)
    bars = ax.containers[0]
    assert len(bars) == 5
    assert [b.get_width() for b in bars] == list(lowest["population"])
    assert tuple(bars[2].get_facecolor()) != tuple(bars[0].get_facecolor())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[2] == f"{lowest['name'].iloc[2]}（3位）" and labels[0] == lowest["name"].iloc[0]
    assert "下位5" in ax.get_title()
    assert "万人" in ax.xaxis.get_major_formatter()(50_000, 0)


def test_ranking_leaves_out_national_and_prefectures(census):
    ax = plots.ranking(census, "population", top=3)
    names = [t.get_text() for t in ax.get_yticklabels()]
    expected = census[census["is_basic_municipality"]].nlargest(3, "population")["name"]
    assert names == list(expected)


def test_ranking_errors(census):
    with pytest.raises(AmbiguousMunicipalityError) as e:
        plots.ranking(census, "population", highlight="府中市")
    assert len(e.value.candidates) == 2
    with pytest.raises(MissingColumnError, match="share_age99p_pct"):
        plots.ranking(census, "share_age99p_pct")


# ---------------------------------------------------------------------------- timeseries


def test_timeseries_projection_is_dashed(timeseries_data, ipss):
    observed = timeseries_data[timeseries_data["code"] == TSUMAGOI]
    projected = ipss[(ipss["code"] == TSUMAGOI) & (ipss["sex"] == "total")].sort_values("year")
    ax = plots.timeseries(observed, "population", projection=ipss[ipss["code"] == TSUMAGOI])
    solid, dashed = ax.get_lines()
    assert solid.get_linestyle() == "-" and dashed.get_linestyle() == "--"
    assert list(solid.get_xdata()) == list(observed["year"])
    assert list(solid.get_ydata()) == list(observed["population"])
    # the projection is its own line from its base year (2015), not joined to the 2020 census:
    # IPSS's own 2020 value (9,295) is drawn beside the census value (8,850)
    assert list(dashed.get_xdata()) == list(projected["year"])
    assert list(dashed.get_ydata()) == list(projected["population"])
    assert dict(zip(dashed.get_xdata(), dashed.get_ydata()))[2020] != dict(zip(solid.get_xdata(), solid.get_ydata()))[2020]
    assert solid.get_color() == dashed.get_color()
    assert any("推計" in t.get_text() for t in ax.texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["嬬恋村", "嬬恋村（推計）"]
    text = footer(ax).replace("\n", "")
    assert chiiki_lab.attribution("census_timeseries") in text
    assert chiiki_lab.attribution("ipss2018_projection") in text


def test_timeseries_two_projection_vintages_each_their_own_line(ipss, timeseries_data):
    ipss2023 = chiiki_lab.load("ipss2023_projection")
    observed = timeseries_data[timeseries_data["code"] == TSUMAGOI]
    ax = plots.timeseries(observed, projection={"令和5年推計": ipss2023[ipss2023["code"] == TSUMAGOI],
                                                "平成30年推計": ipss[ipss["code"] == TSUMAGOI]})
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"嬬恋村", "嬬恋村（令和5年推計）", "嬬恋村（平成30年推計）"}
    new = ipss2023[ipss2023["code"] == TSUMAGOI].sort_values("year")
    assert list(lines["嬬恋村（令和5年推計）"].get_xdata()) == list(range(2020, 2051, 5))
    assert list(lines["嬬恋村（令和5年推計）"].get_ydata()) == list(new["population"])
    assert lines["嬬恋村（令和5年推計）"]._dash_pattern != lines["嬬恋村（平成30年推計）"]._dash_pattern


def test_timeseries_is_projection_column_and_projection_from(ipss, timeseries_data):
    ax = plots.timeseries(ipss[ipss["code"] == TSUMAGOI], "population")
    solid, dashed = ax.get_lines()
    assert list(solid.get_xdata()) == [2015] and dashed.get_xdata()[-1] == 2045
    plt.close("all")
    ax = plots.timeseries(timeseries_data[timeseries_data["code"] == TSUMAGOI], projection_from=2010)
    solid, dashed = ax.get_lines()
    assert solid.get_xdata()[-1] == 2010 and list(dashed.get_xdata()) == [2010, 2015, 2020]


@pytest.mark.slow
def test_timeseries_several_lines_and_highlight(timeseries_data):
    codes = ["10424", "10425", "10426"]
    ax = plots.timeseries(timeseries_data[timeseries_data["code"].isin(codes)])
    names = set(timeseries_data.loc[timeseries_data["code"].isin(codes), "name"])
    assert {t.get_text() for t in ax.get_legend().get_texts()} == names
    assert len({line.get_color() for line in ax.get_lines()}) == 3
    plt.close("all")
    gunma = timeseries_data[timeseries_data["code"].str.startswith("10")]
    ax = plots.timeseries(gunma, highlight="嬬恋村")
    assert len(ax.get_lines()) == gunma["code"].nunique()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["嬬恋村"]
    with pytest.raises(ChiikiLabValueError, match="線が 35 本になり多すぎます"):
        plots.timeseries(gunma)


# ------------------------------------------------------------------------------- scatter


def test_scatter_points_labels_and_highlight(gunma):
    ax = plots.scatter(gunma, "mean_age", "share_age65p_pct", highlight="嬬恋村")
    basic = gunma[gunma["is_basic_municipality"]]
    plain, marked = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(plain.get_offsets()) + len(marked.get_offsets()) == len(basic)
    tsumagoi = basic[basic["code"] == TSUMAGOI].iloc[0]
    assert marked.get_offsets().tolist() == [[tsumagoi["mean_age"], tsumagoi["share_age65p_pct"]]]
    assert tuple(marked.get_facecolor()[0]) != tuple(plain.get_facecolor()[0])
    labels = {t.get_text() for t in ax.texts}
    assert labels == set(basic.nlargest(5, "share_age65p_pct")["name"]) | {"嬬恋村"}
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_scatter_labels_by_name(gunma):
    ax = plots.scatter(gunma, "population", "area_km2", labels=["前橋市", "10425"])
    assert {t.get_text() for t in ax.texts} == {"前橋市", "嬬恋村"}
    assert ax.xaxis.get_major_formatter()(300_000, 0) == "30万人"


# ------------------------------------------------------------------------- ax and language


@pytest.mark.slow
def test_ax_is_honoured(gunma, timeseries_data):
    _, axes = plt.subplots(2, 2)
    assert plots.pyramid(TSUMAGOI, ax=axes[0, 0]) is axes[0, 0]
    assert plots.ranking(gunma, "population", ax=axes[0, 1]) is axes[0, 1]
    assert plots.timeseries(timeseries_data[timeseries_data["code"] == TSUMAGOI], ax=axes[1, 0]) is axes[1, 0]
    assert plots.scatter(gunma, "population", "area_km2", ax=axes[1, 1]) is axes[1, 1]
    assert len(plt.get_fignums()) == 1
    text = footer(axes[0, 0]).replace("\n", "")
    assert chiiki_lab.attribution("census2020_age") in text and chiiki_lab.attribution("census2020") in text


@pytest.mark.slow
def test_english_labels(english, gunma):
    ax = plots.pyramid(TSUMAGOI, compare="national")
    assert ax.get_title().startswith("Population pyramid of 嬬恋村")
    assert ax.get_xlabel() == "Share of people of known age (%)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Japan (2020)"]
    assert chiiki_lab.attribution("census2020_age") in footer(ax).replace("\n", "")
    assert "出典" not in footer(ax)
    ax = plots.ranking(gunma, "share_age65p_pct", highlight="嬬恋村", top=5)
    assert ax.get_title().startswith("Share aged 65+: top 5 of")
    assert ax.get_yticklabels()[-1].get_text().startswith("嬬恋村 (#")
    assert ax.get_xlabel() == "Share aged 65+ (%)"
    assert glyph_warnings(ax.figure) == []


@pytest.mark.slow
def test_ambiguous_name_is_not_silently_taken_from_a_dataset_that_has_one_of_them():
    # IPSS 2018 lacks 福島県's municipalities, so only 北海道伊達市 is in it; the name must still be ambiguous
    with pytest.raises(AmbiguousMunicipalityError):
        plots.pyramid("伊達市", year=2045)
    assert "伊達市" in plots.pyramid("北海道伊達市", year=2045).get_title()
    with pytest.raises(MunicipalityNotFoundError, match="ipss2018_projection"):
        plots.pyramid("福島県伊達市", year=2045)


@pytest.mark.slow
def test_axes_made_before_any_chart_still_gets_the_japanese_font():
    """A learner's own plt.subplots() before any chiiki_lab chart must not draw tofu."""
    code = (
        "import warnings, matplotlib\n"
        "matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots()\n"
        "import chiiki_lab\n"
        "census = chiiki_lab.load('census2020')\n"
        "gunma = census[(census.pref_name == '群馬県') & census.is_basic_municipality]\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    chiiki_lab.ranking(gunma, 'share_age65p_pct', ax=ax, top=5)\n"
        "    fig.savefig(__import__('io').BytesIO(), format='png')\n"
        "print(sum('missing from font' in str(w.message) for w in caught))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"
