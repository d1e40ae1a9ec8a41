"""地域カルテ (chiiki_lab.report.profile): figures, edge cases, CLI, offline rendering in Chromium."""

from __future__ import annotations

import html
import io
import math
import os
import random
import re
import subprocess
import sys

import numpy as np
import pytest

from chiiki_lab.browser import OFFLINE_FLAGS
import chiiki_lab
from chiiki_lab import browser, compare, report
from chiiki_lab.cli import main
from chiiki_lab.errors import ChiikiLabEnvironmentError, ChiikiLabValueError

profile = report.profile

# every test here builds a national map or a whole profile (seconds each): the full lane runs them
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def census():
    return chiiki_lab.load("census2020").set_index("code", drop=False)


@pytest.fixture(scope="module")
def tsumagoi():
    return profile("嬬恋村", lang="ja")


@pytest.fixture(scope="module")
def chuo():
    return profile("札幌市中央区", lang="ja")


@pytest.fixture(scope="module")
def futaba():
    return profile("双葉町", lang="ja")


def rank_from_largest(values, code):
    """Rank computed here, independently: 1 + how many values are strictly larger."""
    known = values.dropna()
    return int((known > known[code]).sum()) + 1, len(known)


# ------------------------------------------------------------------------------------ figures


def test_exported_from_package():
    assert chiiki_lab.profile is report.profile


def test_key_figures_match_the_census_with_ranks(tsumagoi, census):
    basic = census[census["is_basic_municipality"].astype(bool)]
    gunma = basic[basic["pref_code"] == "10"]
    kf = tsumagoi.key_figures
    assert list(kf.index) == [
        "population",
        "pop_change_rate_2015_2020_pct",
        "share_age65p_pct",
        "households_total",
        "area_km2",
        "pop_density_per_km2",
    ]
    for column, row in kf.iterrows():
        assert row["value"] == census.loc["10425", column]
        assert row["prefecture"] == census.loc["10000", column]
        assert row["national"] == census.loc["00000", column]
        assert (row["rank_national"], row["n_national"]) == rank_from_largest(basic[column], "10425")
        assert (row["rank_prefecture"], row["n_prefecture"]) == rank_from_largest(gunma[column], "10425")
    assert kf.loc["population", "value"] == 8850
    assert kf.loc["population", "n_prefecture"] == 35  # 群馬県 has 35 municipalities


def test_page_shows_learner_numbers_and_every_source(tsumagoi):
    page = tsumagoi.html
    assert "8,850人" in page and "1億2,615万人" in page  # format_man style
    assert "群馬県" in page and "つまごいむら" in page
    for name in tsumagoi.sources:
        assert html.escape(chiiki_lab.attribution(name)) in page, name
        assert html.escape(chiiki_lab.datasets.info(name)["vintage"]) in page, name
    assert {
        "census2020",
        "census2020_age",
        "census_timeseries",
        "ipss2018_projection",
        "zaisei",
        "mynumbercard",
        "furusato_fy2020",
        "furusato_deductions2021",
        "boundaries_municipality",
    } <= set(tsumagoi.sources)


def test_other_indicators_come_from_their_datasets(tsumagoi):
    ind = tsumagoi.indicators
    zaisei = chiiki_lab.load("zaisei")
    fsi = zaisei[(zaisei["code"] == "10425") & (zaisei["fiscal_year"] == 2021)]["fiscal_strength_index"]
    assert ind.loc["fiscal_strength_index", "value"] == float(fsi.iloc[0])
    card = chiiki_lab.load("mynumbercard")
    card = card[card["as_of"] == "2022-12-31"]
    assert ind.loc["issuance_rate_pct", "value"] == float(
        card.loc[card["code"] == "10425", "issuance_rate_pct"].iloc[0]
    )
    national = card["cards_issued"].sum() / card["population_juki"].sum() * 100
    assert math.isclose(ind.loc["issuance_rate_pct", "national"], national)
    fy2020 = chiiki_lab.load("furusato_fy2020")
    assert ind.loc["amount_yen", "value"] == float(fy2020.loc[fy2020["code"] == "10425", "amount_yen"].iloc[0])
    assert not ind[["value", "prefecture", "national", "rank_national"]].isna().any().any()


def test_peers_are_similar_in_size_in_gunma_or_touching_prefectures(tsumagoi, census):
    # 群馬県 touches 福島・栃木・埼玉・新潟・長野
    allowed = {"10", "07", "09", "11", "15", "20"}
    peers = tsumagoi.peers
    assert "10425" in set(peers["code"]) and len(peers) == 8
    others = peers[peers["code"] != "10425"]
    assert {c[:2] for c in others["code"]} <= allowed
    pool = census[census["is_basic_municipality"].astype(bool) & census["pref_code"].isin(allowed)]
    pool = pool[~pool["code"].isin(peers["code"])]

    def gap(population):
        return abs(math.log1p(population) - math.log1p(8850))

    assert max(gap(p) for p in others["population"]) <= min(gap(p) for p in pool["population"])


def test_neighbouring_prefectures_follow_the_boundaries():
    neighbours = compare.neighbours()
    assert neighbours["10"] == ["07", "09", "11", "15", "20"]
    assert neighbours["01"] == [] and neighbours["47"] == []  # 北海道, 沖縄県: no land border
    assert "40" in neighbours["35"] and "35" in neighbours["40"]  # 関門海峡 counts as touching


# ------------------------------------------------------------------------------------ wards, zero, none


def test_ward_is_ranked_among_wards_and_compared_with_its_city(chuo, census):
    layer = census[
        (census["is_basic_municipality"].astype(bool) & (census["level"] != "designated_city"))
        | (census["level"] == "designated_city_ward")
    ]
    kf = chuo.key_figures
    assert kf.loc["population", "n_national"] == len(layer) == 1896
    assert (kf.loc["population", "rank_national"], kf.loc["population", "n_national"]) == rank_from_largest(
        layer["population"], "01101"
    )
    assert kf.loc["population", "city"] == census.loc["01100", "population"]
    peers = chuo.peers
    assert set(census.loc[peers["code"], "parent_code"].dropna()) == {"01100"}
    assert "01100" in set(peers["code"])  # the city itself, as the last row
    assert "これらのデータは区別の値がないため、札幌市全体の値と順位を示しています。" in chuo.notes
    assert "1980年からの人口の推移は区別のデータがないため、札幌市全体を示しています。" in chuo.notes
    zaisei = chiiki_lab.load("zaisei")
    city = zaisei[(zaisei["code"] == "01100") & (zaisei["fiscal_year"] == 2021)]
    assert chuo.indicators.loc["fiscal_strength_index", "value"] == float(city["fiscal_strength_index"].iloc[0])


def test_ward_of_a_city_without_ipss_wards_uses_the_city_projection():
    p = profile("さいたま市浦和区")
    assert "ipss2018_projection" in p.sources
    assert not any("将来推計は示していません" in n for n in p.notes)


def test_futaba_with_no_residents_is_explained_not_failed(futaba):
    kf = futaba.key_figures
    assert kf.loc["population", "value"] == 0
    assert kf[["value"]].isna().sum().item() == 2  # change and aging: the census has none
    assert "双葉町（07546）の2020年の人口は0人なので、人口ピラミッドを描けません。" in futaba.notes
    assert (
        "将来推計は示していません: 社人研の令和5年推計は福島県浜通りを地域一括で推計していて市町村別の値がなく、"
        "平成30年推計には原発事故の影響で福島県の市町村が含まれていません。" in futaba.notes
    )
    assert "ipss2018_projection" not in futaba.sources and "ipss2023_projection" not in futaba.sources
    assert futaba.html.count("<img ") == 2  # map and population series, no pyramid


def test_northern_territories_have_no_profile():
    with pytest.raises(ChiikiLabValueError) as e:
        profile("色丹村")
    assert e.value.ja == (
        "色丹村（01695）は北方領土の村です。国勢調査をはじめ同梱のどの統計にも数値がないため、"
        "地域カルテは作れません。根室市（01223）など近くの市町村を指定してください。"
    )


def test_remote_island_gets_an_inset_and_a_note():
    p = profile("小笠原村")
    note = next(n for n in p.notes if n.startswith("地図は東京都の主な区域に合わせたため"))
    assert "小笠原村" not in note  # it is drawn in its own inset, not left out


def test_english_profile_and_language_restored():
    chiiki_lab.set_language("ja")
    p = profile("嬬恋村", lang="en")
    assert chiiki_lab.get_language() == "ja"
    assert '<html lang="en">' in p.html
    assert "Key figures" in p.html and "Tsumagoi Mura" in p.html and "主要指標" not in p.html


# ------------------------------------------------------------------------------------ HTML


def test_html_is_self_contained(tsumagoi):
    page = tsumagoi.html
    assert re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE) is None
    assert re.search(r"url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE) is None
    assert "<link" not in page and "@import" not in page and "<script" not in page
    sources = re.findall(r'<img [^>]*src="([^"]+)"', page)
    assert len(sources) == 3 and all(
        s.startswith(("data:image/svg+xml;base64,", "data:image/png;base64,")) for s in sources
    )
    assert len(page.encode("utf-8")) <= 2 * 1024 * 1024


def test_notebook_view_is_a_fragment_with_scoped_css(tsumagoi):
    fragment = tsumagoi._repr_html_()
    assert "<html" not in fragment and "<body" not in fragment
    assert fragment.startswith("<style>") and 'class="ckp"' in fragment
    css = re.sub(r"/\*.*?\*/", "", fragment[len("<style>") : fragment.index("</style>")], flags=re.DOTALL)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", css) for s in block.split(",")]
    rules = [s for s in selectors if not s.startswith("@")]
    assert rules and all(s.startswith(".ckp") for s in rules), [s for s in rules if not s.startswith(".ckp")]


def test_save_writes_the_page(tsumagoi, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tsumagoi.save()
    assert path.name == "10425_嬬恋村.html"
    assert (tmp_path / path).read_text(encoding="utf-8") == tsumagoi.html


def test_pdf_without_a_browser_says_what_to_do(tsumagoi, tmp_path, monkeypatch):
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    assert browser.pdf_engine() is None
    with pytest.raises(ChiikiLabEnvironmentError) as e:
        tsumagoi.save(tmp_path / "x.pdf")
    assert e.value.ja.startswith("PDF を作るには Chromium（または Google Chrome）が必要ですが、見つかりませんでした。")


# ------------------------------------------------------------------------------------ chart layout


def _card_charts(code: str):
    """A pyramid and a time series as the card draws them, on figures of the card's sizes."""
    from chiiki_lab import plots
    from chiiki_lab.figures import pyplot

    plt = pyplot()
    observed = chiiki_lab.load("census_timeseries")
    city = chiiki_lab.resolve(code).parent_code or code
    for size, draw in (
        ((5.4, 5.3), lambda ax: plots.pyramid(code, compare="national", ax=ax)),
        ((5.4, 4.0), lambda ax: plots.timeseries(observed[observed["code"] == city], "population", ax=ax)),
    ):
        yield size, draw, plt


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("code", ["10425", "14100", "13402", "01101", "13421"])
def test_fit_axes_places_a_chart_as_constrained_layout_would(code, lang):
    """The card lays its charts out with figures.fit_axes (measures each text once); matplotlib's constrained
    layout, run on the same chart, is the independent check: same margins, and every text inside the figure."""
    import matplotlib.image

    from chiiki_lab.figures import SOURCE_GID, fit_axes

    with chiiki_lab.language(lang):
        for size, draw, plt in _card_charts(code):
            placed = {}
            for layout in ("fit", "constrained"):
                fig, ax = plt.subplots(figsize=size, layout=None if layout == "fit" else "constrained")
                draw(ax)
                if layout == "fit":
                    fit_axes(ax)
                fig.canvas.draw()
                box = ax.get_position()
                width, height = fig.get_size_inches()
                placed[layout] = np.array([box.x0 * width, (1 - box.x1) * width, (1 - box.y1) * height])
                if layout == "fit":
                    buffer = io.BytesIO()
                    fig.savefig(buffer, format="png", dpi=110)
                    image = matplotlib.image.imread(io.BytesIO(buffer.getvalue()), format="png")[..., :3]
                    frame = np.concatenate([image[:2].reshape(-1, 3), image[-2:].reshape(-1, 3),
                                            image[:, :2].reshape(-1, 3), image[:, -2:].reshape(-1, 3)])
                    assert (frame == 1).all()  # nothing drawn reaches the edge: no text cut off
                    renderer = fig.canvas.get_renderer()
                    footer = next(t for t in fig.texts if t.get_gid() == SOURCE_GID).get_window_extent(renderer)
                    assert ax.get_tightbbox(renderer).y0 >= footer.y1  # the x label stays above the 出典 lines
                plt.close(fig)
            # left, right and top margins within 0.1 inch of constrained layout's (its bottom keeps a wider strip)
            assert np.abs(placed["fit"] - placed["constrained"]).max() < 0.1, placed


@pytest.mark.slow
@pytest.mark.parametrize(("place", "lang", "lines"), [
    ("横浜市", "en", ["census", "IPSS 2018", "IPSS 2023"]),
    ("横浜市", "ja", ["国勢調査", "社人研 平成30年推計", "社人研 令和5年推計"]),
    ("札幌市中央区", "ja", ["国勢調査", "社人研 平成30年推計", "社人研 令和5年推計"]),  # the city's series and projections
])
def test_population_chart_legend_names_each_line(monkeypatch, place, lang, lines):
    legends = []
    original = report.embed

    def capture(fig, *args, **kwargs):
        legend = fig.axes[0].get_legend()
        legends.append([t.get_text() for t in legend.get_texts()] if legend else [])
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(report, "embed", capture)
    report.profile(place, lang=lang)
    assert legends[-1] == lines  # the population chart is drawn last


def test_ward_projection_caption_is_the_city_s_as_the_chart_shows():
    p = profile("札幌市中央区")
    ipss = chiiki_lab.load("ipss2023_projection")
    city = ipss[(ipss["code"] == "01100") & (ipss["sex"] == "total")] if "sex" in ipss else ipss[ipss["code"] == "01100"]
    base, end = (int(city.loc[city["year"] == year, "population"].sum()) for year in (2020, 2050))
    assert f"社人研 令和5年推計では2050年に{compare.format_value(end, 'people')}（2020年比 {(end / base - 1) * 100:+.1f}%）。" in p.html


# ------------------------------------------------------------------------------------ CLI


def test_cli_writes_default_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["profile", "群馬県", "嬬恋村"]) == 0
    assert (tmp_path / "10425_嬬恋村.html").is_file()
    assert capsys.readouterr().out.strip() == "地域カルテを保存しました: 10425_嬬恋村.html"


def test_cli_english_after_the_subcommand(tmp_path, capsys):
    out = tmp_path / "sapporo.html"
    try:
        assert main(["profile", "01101", "--lang", "en", "--out", str(out)]) == 0
    finally:
        chiiki_lab.set_language("ja")
    assert '<html lang="en">' in out.read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == f"Profile saved: {out}"


def test_cli_pref_picks_one_of_a_shared_name(tmp_path, capsys):
    out = tmp_path / "fuchu.html"
    assert main(["profile", "府中市"]) == 2
    err = capsys.readouterr().err
    assert "広島県府中市（34208、市）" in err  # ambiguous: both candidates listed, and how to choose here
    assert "コマンドでは --pref で都道府県を指定します（例: chiiki-lab profile 府中市 --pref 東京都）。" in err
    assert main(["profile", "府中市", "--pref", "広島県", "--out", str(out)]) == 0
    assert "34208" in out.read_text(encoding="utf-8")


def test_cli_unknown_name_prints_suggestion_without_traceback(capsys):
    assert main(["profile", "嬬恋町"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("エラー: 「嬬恋町」という市区町村は見つかりませんでした") and "もしかして: 嬬恋村。" in err
    assert "Traceback" not in err


@pytest.mark.slow  # two interpreter start-ups
def test_cli_process_prints_and_writes_everything_before_it_leaves(tmp_path):
    """The command's own process skips the interpreter's tear-down after a card: output piped to another
    program and the file must still be complete, and errors keep their exit status."""
    out = tmp_path / "card.html"
    # output to a pipe is block-buffered, as for a user's `chiiki-lab profile … | tee log` (unless PYTHONUNBUFFERED)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | {"MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-m", "chiiki_lab.cli", "profile", "嬬恋村", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"地域カルテを保存しました: {out}\n"
    images = re.compile(r'src="data:image/(?:svg\+xml|png);base64,[A-Za-z0-9+/=]+"')
    written, built = out.read_text(encoding="utf-8"), profile("嬬恋村").html
    assert len(images.findall(written)) == 3  # the charts (SVG ids differ from process to process)
    assert images.sub("", written) == images.sub("", built)  # the whole page, as built in-process
    failed = subprocess.run([sys.executable, "-m", "chiiki_lab.cli", "profile", "嬬恋町"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert failed.returncode == 2 and "もしかして: 嬬恋村" in failed.stderr and failed.stdout == ""


# ------------------------------------------------------------------------------------ many municipalities


def stratified_sample(seed: int = 2020) -> list[str]:
    """≥ 200 codes: a city, town and village of every prefecture, every designated city, 2 wards of each,
    special wards, Fukushima towns without projection, 双葉町 (population 0) and remote islands."""
    master = chiiki_lab.load("municipalities")
    rng = random.Random(seed)
    codes = []
    for _, pref in master[master["is_basic_municipality"].astype(bool)].groupby("pref_code"):
        for kind in ("city", "town", "village"):
            choices = sorted(pref.loc[pref["kind"] == kind, "code"])
            if choices:
                codes.append(rng.choice(choices))
    codes += sorted(master.loc[master["kind"] == "designated_city", "code"])
    for _, wards in master[master["kind"] == "ward"].groupby("parent_code"):
        codes += rng.sample(sorted(wards["code"]), 2)
    codes += rng.sample(sorted(master.loc[master["kind"] == "special_ward", "code"]), 5)
    codes += ["07546", "07545", "07547", "07548", "13421", "47382", "46303", "01519"]
    return list(dict.fromkeys(codes))


@pytest.mark.slow
def test_stratified_sample_of_200_builds_without_missing_values(census):
    codes = stratified_sample()
    master = chiiki_lab.load("municipalities").set_index("code")
    assert len(codes) >= 200
    assert master.loc[codes, "pref_code"].nunique() == 47
    assert set(master.loc[codes, "kind"]) == {"city", "town", "village", "special_ward", "designated_city", "ward"}
    failures = {}
    for code in codes:
        try:
            p = profile(code)
        except Exception as error:  # collect every failure, report them together
            failures[code] = repr(error)
            continue
        kf = p.key_figures
        for column, row in kf.iterrows():
            has_data = not np.isnan(float(census.loc[code, column]))
            if has_data and any(np.isnan(float(row[k])) for k in ("value", "prefecture", "national", "rank_national")):
                failures[code] = f"NaN shown for {column}"
        if p.indicators[["value", "prefecture", "national"]].isna().any().any():
            failures[code] = "NaN in other indicators"
        if len(p.html.encode("utf-8")) > 2 * 1024 * 1024:
            failures[code] = "HTML over 2 MB"
    assert failures == {}


# ------------------------------------------------------------------------------------ real browser, offline


def run_chromium(browser: str, tmp_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser, *OFFLINE_FLAGS, f"--user-data-dir={tmp_path / 'browser'}", "--window-size=1100,2400",
         "--hide-scrollbars", "--virtual-time-budget=5000", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_profile_renders_offline_in_chromium(tsumagoi, tmp_path, chromium):
    browser = chromium
    probe = (
        "<script>window.addEventListener('load', function () {"
        "var r = Array.prototype.map.call(document.images, function (i) {"
        "return i.complete && i.naturalWidth > 0 ? 'ok' : 'broken'; });"
        "document.body.setAttribute('data-images', r.join(','));});</script>"
    )
    page = tmp_path / "profile.html"
    page.write_text(tsumagoi.html.replace("</body>", probe + "</body>"), encoding="utf-8")
    result = run_chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'data-images="ok,ok,ok"' in result.stdout
    assert "主要指標" in result.stdout and "出典" in result.stdout

    shot = tmp_path / "shot.png"
    page.write_text(tsumagoi.html, encoding="utf-8")
    result = run_chromium(browser, tmp_path, f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)[..., :3]
    assert pixels.shape[:2] == (2400, 1100)
    assert pixels.std() > 0.1  # not blank
    red = (pixels[..., 0] > 0.7) & (pixels[..., 1] < 0.4) & (pixels[..., 2] < 0.45)
    assert red.sum() > 500  # the highlighted municipality and the female bars were drawn


def test_pdf_with_chromium(tsumagoi, tmp_path, chromium):
    path = tsumagoi.save(tmp_path / "tsumagoi.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/Count (\d+)", data).group(1) == b"2"  # two A4 pages
    assert "print-to-pdf" in browser.pdf_engine()


# ------------------------------------------------------------------------------------ a prefecture at once


def test_cli_writes_every_card_of_a_prefecture_with_an_index(tmp_path, capsys):
    census = chiiki_lab.load("census2020")
    toyama = census[(census["pref_code"] == "16") & census["is_basic_municipality"]]
    out = tmp_path / "toyama"
    assert main(["profile", "--pref", "富山県", "--out", str(out)]) == 0
    cards = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert cards == sorted(f"{r.code}_{r.name}.html" for r in toyama.itertuples())  # 15 municipalities
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<a href=") == len(toyama) == 15
    assert "富山市" in index and capsys.readouterr().out.strip().endswith("index.html")


def test_profile_shows_both_projection_vintages(tsumagoi):
    assert {"ipss2023_projection", "ipss2018_projection"} <= set(tsumagoi.sources)
    assert "社人研 令和5年推計では2050年に" in tsumagoi.html and "社人研 平成30年推計では2045年に" in tsumagoi.html
