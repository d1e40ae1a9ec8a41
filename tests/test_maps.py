"""Maps: join and classes match mapclassify, offline HTML under 1 MB, errors in Japanese, drawn in Chromium."""

from __future__ import annotations

import json
import re
import subprocess

import mapclassify
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from chiiki_lab.browser import OFFLINE_FLAGS
import chiiki_lab
from chiiki_lab import maps
from chiiki_lab.errors import (
    AmbiguousMunicipalityError,
    ChiikiLabTypeError,
    ChiikiLabValueError,
    MissingColumnError,
    MunicipalityNotFoundError,
)

TSUMAGOI = "10425"
N03 = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"

# every test here builds a national map or a whole profile (seconds each): the full lane runs them
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def census():
    return chiiki_lab.load("census2020")


@pytest.fixture(scope="module")
def municipal_codes():
    return list(chiiki_lab.load_boundaries("municipality")["code"])


@pytest.fixture(scope="module")
def national(census, tmp_path_factory):
    """The national map of the share aged 65+, highlighting 嬬恋村, saved to a file."""
    m = maps.choropleth(census, "share_age65p_pct", title="高齢化率（2020年）", highlight="嬬恋村")
    path = tmp_path_factory.mktemp("maps") / "national.html"
    m.save(str(path))
    return m, path, path.read_text(encoding="utf-8")


def config(m) -> dict:
    return json.loads(m._children["chiiki_lab_choropleth"].config)


def feature_codes(m) -> list[str]:
    return [
        g["id"] for g in json.loads(m._children["chiiki_lab_choropleth"].topology)["objects"]["features"]["geometries"]
    ]


def reference_values(census, codes, column):
    """The values mapclassify should see: one per boundary feature with data, in feature order."""
    series = census.set_index("code")[column].reindex(codes)
    return series[series.notna()]


# ------------------------------------------------------------------ join, classes, legend, tooltip


def test_join_by_code_colours_only_rows_given():
    rng = np.random.default_rng(0)  # 模擬データ
    codes = ["10201", "10202", TSUMAGOI, "01100"]
    data = pd.DataFrame({"code": codes + ["10000", "00000"], "value": rng.uniform(0, 100, 6)})
    c = config(m := maps.choropleth(data, "value", k=2))
    fcodes = feature_codes(m)
    coloured = {fcodes[i] for i, cls in enumerate(c["cls"]) if cls >= 0}
    assert coloured == set(codes)  # prefecture (10000) and national (00000) rows are ignored
    assert len(fcodes) == 1747
    for code, value in zip(data["code"][:4], data["value"][:4]):
        assert c["val"][fcodes.index(code)] == f"{value:.1f}"
    assert c["val"][fcodes.index("13101")] is None


@pytest.mark.parametrize(("scheme", "k"), [("quantiles", 5), ("equal_interval", 6), ("headtail_breaks", 5)])
def test_classes_equal_mapclassify(census, scheme, k):
    m = maps.choropleth(census, "share_age65p_pct", scheme=scheme, k=k)
    codes = feature_codes(m)
    y = reference_values(census, codes, "share_age65p_pct")
    expected = mapclassify.classify(y.to_numpy(), scheme, k=k)
    cls = dict(zip(codes, config(m)["cls"]))
    assert [cls[code] for code in y.index] == list(expected.yb)
    assert all(cls[code] == -1 for code in set(codes) - set(y.index))
    assert len(config(m)["colors"]) == len(expected.bins)


def test_legend_shows_bounds_with_unit_counts_and_no_data(census):
    m = maps.choropleth(census, "share_age65p_pct")
    codes = feature_codes(m)
    y = reference_values(census, codes, "share_age65p_pct")
    q = mapclassify.Quantiles(y.to_numpy(), k=5)
    legend = config(m)["legend"]
    assert '<div class="head">65歳以上人口の割合</div>' in legend  # label and unit from the catalog
    assert f"{y.min():.1f} ～ {q.bins[0]:.1f}%（{q.counts[0]}）" in legend
    for i in range(1, 5):
        assert f"{q.bins[i - 1]:.1f} ～ {q.bins[i]:.1f}%（{q.counts[i]}）" in legend
    assert "データなし" in legend  # 北方領土 and 双葉町 (no residents in 2020)


def test_tooltip_has_name_and_value_with_unit(census):
    m = maps.choropleth(census, "population", tooltip=["share_age65p_pct"])
    c, codes = config(m), feature_codes(m)
    i = codes.index(TSUMAGOI)
    assert c["names"][i] == "嬬恋村" and c["prefs"]["10"] == "群馬県"
    assert c["val"][i] == "8,850人"  # 嬬恋村 2020 census population
    assert c["label"] == "人口（総数）"
    assert c["extra"][0][0] == "share_age65p_pct" and c["extra"][0][1][i] == "37.2"


def test_user_defined_bins_and_explicit_unit_and_decimals(census):
    m = maps.choropleth(census, "share_age65p_pct", scheme="user_defined", bins=[30, 40, 70], unit=" ％", decimals=2)
    c, codes = config(m), feature_codes(m)
    assert "30.00 ～ 40.00 ％" in c["legend"]
    assert c["cls"][codes.index(TSUMAGOI)] == 1  # 37.2 %


def test_highlight_by_code_or_name(census):
    for how in (TSUMAGOI, "嬬恋村", "群馬県嬬恋村"):
        m = maps.choropleth(census, "population", highlight=how)
        assert feature_codes(m)[config(m)["highlight"]] == TSUMAGOI
    assert config(maps.choropleth(census, "population"))["highlight"] == -1


def test_highlight_errors(census):
    with pytest.raises(AmbiguousMunicipalityError) as e:
        maps.choropleth(census, "population", highlight="府中市")
    assert {m.code for m in e.value.candidates} == {"13206", "34208"}
    m = maps.choropleth(census, "population", highlight="府中市", pref="東京都")
    assert feature_codes(m)[config(m)["highlight"]] == "13206"
    with pytest.raises(MunicipalityNotFoundError) as e:
        maps.choropleth(census, "population", highlight="嬬恋町")
    assert "嬬恋村" in e.value.suggestions


def test_bounds_fit_the_prefectures_with_data(census):
    def fitted(m):
        return next(v for k, v in m._children.items() if k.startswith("fit_bounds")).bounds

    gunma = census[census["pref_name"] == "群馬県"]
    (south, west), (north, east) = fitted(maps.choropleth(gunma, "population"))
    assert 35.9 < south < 36.4 and 36.8 < north < 37.2 and 138.3 < west < 138.8 and 139.5 < east < 139.8
    (south, west), (north, east) = fitted(maps.choropleth(census, "population"))
    assert south < 24.5 and west < 123.1 and north > 45.4 and east > 148.5  # 与那国町 … 北方領土
    (south, west), (north, east) = fitted(maps.choropleth(census[census["pref_name"] == "東京都"], "population"))
    assert 32.2 < south < 33.2 and east < 140.5  # down to 青ヶ島村 and 八丈町, without 小笠原村


def test_prefecture_and_ward_levels(census):
    prefs = census[census["level"] == "prefecture"]
    m = maps.choropleth(prefs, "population", level="prefecture")
    assert sorted(feature_codes(m)) == sorted(prefs["code"])
    assert min(config(m)["cls"]) == 0 and config(m)["prefs"] is None
    m = maps.choropleth(census, "population", level="ward", highlight="札幌市中央区")
    codes = feature_codes(m)
    assert "01101" in codes and "01100" not in codes
    assert codes[config(m)["highlight"]] == "01101"


# ------------------------------------------------------------------ offline, size, topology, attribution


def test_saved_html_needs_no_network(national):
    _, _, html = national
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\shref\s*=\s*[\"']?(https?:)?//", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html, re.IGNORECASE)
    assert "@import" not in html
    assert "L.tileLayer" not in html  # no base tiles by default
    assert "Leaflet 1.9.4" in html and "topojson-client v3.1.0" in html  # inlined, with notices


def test_national_map_is_under_one_megabyte(national):
    _, path, _ = national
    assert path.stat().st_size <= 1_000_000


def test_every_feature_is_in_the_embedded_topology(national, municipal_codes):
    _, _, html = national
    topology = json.loads(
        re.search(r"chiikiLabChoropleth\(map_\w+, (\{\"type\":\"Topology\".*?\}), \{\"names\"", html).group(1)
    )
    assert sorted(g["id"] for g in topology["objects"]["features"]["geometries"]) == sorted(municipal_codes)
    assert "chiiki_lab" not in topology  # build metadata is not shipped in pages


@pytest.mark.parametrize("level", maps.LEVELS)
def test_compact_topology_keeps_every_feature_drawn(level):
    import geopandas as gpd

    topo = gpd.read_file(chiiki_lab.datasets.data_dir() / f"topo_{level}.json").set_crs(4326).set_index("id")
    full = chiiki_lab.load_boundaries(level).set_index("code")
    assert sorted(topo.index) == sorted(full.index)
    assert not topo.is_empty.any()
    ratio = topo.to_crs(6933).area / full.to_crs(6933).area.reindex(topo.index)
    assert ratio.between(0.7, 1.15).all(), ratio[~ratio.between(0.7, 1.15)]


def test_attribution_of_boundaries_and_data(national):
    _, _, html = national
    assert N03 in html
    assert "出典：総務省統計局『令和2年国勢調査』" in html


def test_tiles_are_opt_in(census):
    html = (
        maps.choropleth(census[census["pref_name"] == "群馬県"], "population", tiles="OpenStreetMap")
        .get_root()
        .render()
    )
    assert "L.tileLayer" in html and "openstreetmap" in html.lower()
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.IGNORECASE)


# ------------------------------------------------------------------ static map


def test_static_map_one_collection_per_class(census):
    ax = maps.static_map(census, "share_age65p_pct", highlight="嬬恋村", title="高齢化率")
    codes = list(chiiki_lab.load_boundaries("municipality")["code"])
    y = reference_values(census, codes, "share_age65p_pct")
    q = mapclassify.Quantiles(y.to_numpy(), k=5)
    patches = [c for c in ax.collections if len(c.get_facecolor())]  # filled: not the borders or the highlight
    assert len(patches) == 5 + 1  # 5 classes + データなし
    outlines = [to_hex(c.get_edgecolor()[0]) for c in ax.collections[6:]]
    assert outlines == ["#555555", "#000000"]  # prefecture borders, then 嬬恋村's outline on top
    assert [len(p.get_paths()) >= n for p, n in zip(patches, q.counts)] == [True] * 5
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == f"{y.min():.1f} ～ {q.bins[0]:.1f}%（{q.counts[0]}）" and labels[-1] == "データなし"
    assert ax.get_legend().get_title().get_text() == "65歳以上人口の割合"
    assert any(N03 in t.get_text() for t in ax.texts)
    assert ax.get_title() == "高齢化率"


def test_static_map_draws_into_given_axes(census):
    _, ax = plt.subplots()
    gunma = census[census["pref_name"] == "群馬県"]
    assert maps.static_map(gunma, "population", k=3, ax=ax) is ax
    assert ax.get_xlim()[0] > 138 and ax.get_ylim()[1] < 37.5


# ------------------------------------------------------------------ errors


def test_missing_code_column(census):
    with pytest.raises(MissingColumnError) as e:
        maps.choropleth(census.drop(columns="code"), "population")
    assert str(e.value).startswith("data に code 列（5 桁の市区町村コード、例: '10425'）がありません。")


def test_unknown_column_suggests(census):
    with pytest.raises(MissingColumnError) as e:
        maps.choropleth(census, "populaton")
    assert (
        str(e.value)
        == "data に列 'populaton' がありません。もしかして: population、daytime_population、pop_foreign。列の一覧は data.columns で見られます。"
    )


def test_non_numeric_column(census):
    with pytest.raises(ChiikiLabTypeError) as e:
        maps.choropleth(census, "name")
    assert str(e.value).startswith("列 'name' は数値ではありません（型 ")


def test_unknown_level_and_scheme(census):
    with pytest.raises(ChiikiLabValueError) as e:
        maps.choropleth(census, "population", level="city")
    assert str(e.value).startswith("level='city' はありません。")
    with pytest.raises(ChiikiLabValueError) as e:
        maps.static_map(census, "population", scheme="jenks")
    assert str(e.value).startswith("分類の方法 scheme='jenks' はありません。使えるのは quantiles, ")


def test_integer_codes_and_duplicates_and_no_match():
    with pytest.raises(ChiikiLabTypeError, match="先頭の 0 が消えます"):
        maps.choropleth(pd.DataFrame({"code": [1100, 10425], "v": [1.0, 2.0]}), "v")
    with pytest.raises(ChiikiLabValueError, match=r"code が同じ行が複数あります（例: 10425）"):
        maps.choropleth(pd.DataFrame({"code": [TSUMAGOI, TSUMAGOI], "v": [1.0, 2.0]}), "v")
    with pytest.raises(ChiikiLabValueError, match="1 つも一致しない"):
        maps.choropleth(pd.DataFrame({"code": ["10000"], "v": [1.0]}), "v")  # a prefecture row at municipality level
    with pytest.raises(ChiikiLabTypeError, match="DataFrame"):
        maps.choropleth({"code": [TSUMAGOI]}, "v")


def test_error_in_english(census, english):
    with pytest.raises(ChiikiLabValueError) as e:
        maps.choropleth(census, "population", scheme="nope")
    assert str(e.value).startswith("There is no classification scheme 'nope'.")


# ------------------------------------------------------------------ drawn by a real browser with no network


def dump_dom(browser: str, page, profile) -> str:
    """The DOM after scripts ran, in headless Chromium with every network route closed."""
    result = subprocess.run(
        [browser, *OFFLINE_FLAGS, f"--user-data-dir={profile}", "--window-size=1000,1000",
         "--virtual-time-budget=10000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_national_map_draws_offline_in_chromium(national, tmp_path, chromium):
    browser = chromium
    m, _, html = national
    # after drawing, open 嬬恋村's tooltip the way hovering would
    probe = (
        f"<script>{m.get_name()}.eachLayer(function (l) {{ if (l.feature && l.feature.id === '10425' "
        "&& l.getTooltip()) { l.openTooltip(l.getBounds().getCenter()); } });</script>"
    )
    page = tmp_path / "national.html"
    page.write_text(html.replace("</html>", probe + "</html>"), encoding="utf-8")
    dom = dump_dom(browser, page, tmp_path / "profile")
    overlay = dom[
        dom.index('class="leaflet-pane leaflet-overlay-pane"') : dom.index('class="leaflet-pane leaflet-shadow-pane"')
    ]
    assert overlay.count("<path") >= 1741 + 2  # every feature, prefecture borders, highlight
    assert "chiiki-highlight" in overlay
    tooltip = re.search(r'class="leaflet-tooltip[^"]*"[^>]*>(.*?)</div>', dom).group(1)
    assert tooltip == "<b>群馬県 嬬恋村</b><br>65歳以上人口の割合: 37.2%"
    assert N03 in dom and "65歳以上人口の割合" in dom and "データなし" in dom
