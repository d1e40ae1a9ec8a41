"""地域カルテ: a one-page profile of any municipality or ward, as one self-contained HTML file.

:func:`profile` gathers, from the bundled data only, the key figures of a municipality (population,
change since 2015, aging rate, households, area, density — each with its prefecture's and Japan's
values and its rank), a population pyramid against Japan, the population since 1980 with the IPSS
projection to 2045, a map of the prefecture, a comparison with municipalities of similar size in the
same and neighbouring prefectures, fiscal strength, My Number Card and ふるさと納税 figures, and the
出典 of every number. The page opens offline in any browser: charts are embedded SVG/PNG images,
the CSS is inline, nothing is loaded from the network.

>>> from chiiki_lab.report import profile      # also chiiki_lab.profile
>>> p = profile("嬬恋村")
>>> int(p.key_figures.loc["population", "value"]), p.municipality.pref_name
(8850, '群馬県')
>>> p.save("10425_嬬恋村.html")                 # doctest: +SKIP

Decisions: the 6 北方領土 villages are not covered by the census or any other bundled statistic, so
asking for them raises :class:`~chiiki_lab.errors.ChiikiLabValueError` saying so. A ward (札幌市中央区)
is ranked among the 1,896 units where designated cities count ward by ward, compared with the other
wards of its city, and shows its city's values (named as such) where a dataset has the city only.
Neighbouring prefectures are those whose boundaries come within 0.005° (about 500 m) of each other,
so that the Kanmon strait (山口–福岡) and the しまなみ islands (広島–愛媛) count as touching.
"""

from __future__ import annotations

import base64
import datetime
import html
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ChiikiLabError, ChiikiLabValueError
from .i18n import get_language, set_language, tr

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .codes import Municipality

__all__ = ["Profile", "profile"]

_CSS_PATH = Path(__file__).resolve().parent / "templates" / "profile" / "profile.css"
_NATIONAL = "00000"
_N_PEERS = 7
_NEIGHBOUR_DEGREES = 0.005  # prefectures this close count as touching (~500 m)
_ISLAND_GAP_DEGREES = 0.5  # municipalities further apart than this (~50 km) are separate groups on the map
_CARD_DATE = "2022-12-31"
_ZAISEI_YEAR = 2021

# key figures: census2020 column, Japanese label, English label, kind of number
_KEY_FIGURES = (
    ("population", "人口（2020年）", "Population (2020)", "people"),
    ("pop_change_rate_2015_2020_pct", "人口増減率（2015→2020年）", "Population change 2015→2020", "change"),
    ("share_age65p_pct", "高齢化率（65歳以上の割合）", "Aging rate (share aged 65+)", "pct"),
    ("households_total", "世帯数（2020年）", "Households (2020)", "households"),
    ("area_km2", "面積", "Area", "area"),
    ("pop_density_per_km2", "人口密度", "Population density", "density"),
)


# ----------------------------------------------------------------------------------- data, loaded once


class _Tables:
    """The bundled tables a profile needs, loaded once per process and indexed by code."""

    def __init__(self):
        from .datasets import load

        census = load("census2020")
        self.census = census.set_index("code", drop=False)
        self.master = load("municipalities").set_index("code", drop=False)
        self.timeseries = load("census_timeseries")
        ipss = load("ipss2018_projection")
        self.ipss = ipss[ipss["sex"] == "total"]
        zaisei = load("zaisei")
        self.zaisei = zaisei[zaisei["fiscal_year"] == _ZAISEI_YEAR].set_index("code", drop=False)
        card = load("mynumbercard")
        self.card = card[card["as_of"] == _CARD_DATE].set_index("code", drop=False)
        self.furusato = load("furusato_fy2020").set_index("code", drop=False)
        self.deductions = load("furusato_deductions2021").set_index("code", drop=False)
        basic = census["is_basic_municipality"].astype(bool)
        self.basic = census[basic].set_index("code", drop=False)
        # designated cities counted ward by ward (the layer of boundaries_ward)
        ward_layer = (basic & (census["level"] != "designated_city")) | (census["level"] == "designated_city_ward")
        self.ward_layer = census[ward_layer].set_index("code", drop=False)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


@lru_cache(maxsize=1)
def _geo() -> dict:
    """Boundaries (municipality, ward, prefecture), loaded once per process."""
    from .datasets import load_boundaries

    return {level: load_boundaries(level) for level in ("municipality", "ward", "prefecture")}


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, list[str]]:
    """{"10": ["07", "09", ...]}: prefectures whose boundaries touch (within ~500 m)."""
    prefs = _geo()["prefecture"].reset_index(drop=True)
    left, right = prefs.sindex.query(prefs.geometry, predicate="dwithin", distance=_NEIGHBOUR_DEGREES)
    out: dict[str, list[str]] = {code[:2]: [] for code in prefs["code"]}
    for a, b in zip(left, right):
        if a != b:
            out[prefs["code"].iloc[a][:2]].append(prefs["code"].iloc[b][:2])
    return {k: sorted(set(v)) for k, v in out.items()}


@lru_cache(maxsize=128)
def _groups(level: str, pref_code: str) -> tuple[dict[str, int], int]:
    """Municipalities of one prefecture grouped by gaps over ~50 km: ({code: group}, main group)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    shapes = _geo()[level]
    shapes = shapes[shapes["pref_code"] == pref_code].reset_index(drop=True)
    left, right = shapes.sindex.query(shapes.geometry, predicate="dwithin", distance=_ISLAND_GAP_DEGREES)
    graph = coo_matrix(([1] * len(left), (left, right)), shape=(len(shapes), len(shapes)))
    _, labels = connected_components(graph, directed=False)
    area = shapes["area_km2"].groupby(labels).sum()
    return dict(zip(shapes["code"], labels.tolist())), int(area.idxmax())


# ----------------------------------------------------------------------------------- numbers as text


def _fmt(value, kind: str) -> str:
    """One value as learners read it: 万/億 in Japanese, digit groups in English, "—" when missing."""
    import pandas as pd

    from .plots import format_man

    if value is None or pd.isna(value):
        return "—"
    value = float(value)
    if kind in ("people", "households", "count"):
        unit = {"people": "人", "households": "世帯", "count": "件"}[kind]
        return tr(format_man(value, unit), f"{value:,.0f}")
    if kind == "yen":
        return tr(format_man(value, "円"), f"¥{value / 1e6:,.1f}M" if value >= 1e6 else f"¥{value:,.0f}")
    if kind == "change":
        return f"{value:+.1f}%"
    if kind == "pct":
        return f"{value:.1f}%"
    if kind == "area":
        return f"{value:,.1f} km²"
    if kind == "density":
        return tr(f"{value:,.1f}人/km²", f"{value:,.1f} /km²")
    if kind == "index":
        return f"{value:.2f}"
    raise ValueError(kind)


def _rank(values: pandas.Series, code: str) -> tuple[int | None, int]:
    """(rank of ``code`` from the largest, 1 = largest; number ranked). Missing values are not ranked."""
    import pandas as pd

    known = values.dropna()
    if code not in known.index or pd.isna(values.get(code)):
        return None, len(known)
    return int(known.rank(ascending=False, method="min")[code]), len(known)


def _rank_text(rank: int | None, n: int) -> str:
    if rank is None:
        return "—"
    return tr(f"{rank:,}位／{n:,}", f"#{rank:,} of {n:,}")


def _e(text) -> str:
    return html.escape(str(text), quote=True)


# ----------------------------------------------------------------------------------- the profile


@dataclass
class Profile:
    """A built 地域カルテ: shows itself in a notebook and saves as one HTML file (or PDF).

    ``key_figures`` and ``indicators`` are the numbers shown, as DataFrames; ``notes`` the caveats
    written on the page; ``sources`` the bundled datasets used (their 出典 is on the page).

    >>> from chiiki_lab.report import profile
    >>> p = profile("札幌市中央区")
    >>> p.municipality.kind, "札幌市" in p.html
    ('ward', True)
    """

    municipality: Municipality
    lang: str
    html: str
    key_figures: pandas.DataFrame
    indicators: pandas.DataFrame
    peers: pandas.DataFrame
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    fragment: str = field(default="", repr=False)  # the page without <html>/<head>, styles scoped to .ckp

    def _repr_html_(self) -> str:
        return self.fragment

    def __repr__(self) -> str:
        m = self.municipality
        return f"Profile({m.code} {m.pref_name}{m.name}, lang={self.lang!r})"

    def save(self, path=None) -> Path:
        """Write the profile as one self-contained HTML file (default ``./<code>_<name>.html``); a path
        ending in ``.pdf`` writes a PDF instead (needs Chromium, see :func:`pdf_engine`).

        >>> from chiiki_lab.report import profile
        >>> profile("嬬恋村").save()                    # doctest: +SKIP
        PosixPath('10425_嬬恋村.html')
        """
        path = Path(path) if path is not None else Path(f"{self.municipality.code}_{self.municipality.name}.html")
        if path.suffix.lower() == ".pdf":
            return self.save_pdf(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def save_pdf(self, path=None) -> Path:
        """Print the profile to PDF with headless Chromium (A4); raises a clear error when none is installed.

        >>> from chiiki_lab.report import profile
        >>> profile("嬬恋村").save_pdf("嬬恋村.pdf")    # doctest: +SKIP
        PosixPath('嬬恋村.pdf')
        """
        from .browser import html_to_pdf

        return html_to_pdf(self.html, Path(path) if path is not None else
                           Path(f"{self.municipality.code}_{self.municipality.name}.pdf"), timeout=120)


def profile(municipality, lang: str | None = None, *, pref=None) -> Profile:
    """Build the 地域カルテ of one municipality or ward: anything :func:`chiiki_lab.codes.code_of` accepts
    (``pref`` narrows a name to one prefecture: ``profile("府中市", pref="東京都")``).

    ``lang`` is "ja" or "en" (default: the current language, see :func:`chiiki_lab.set_language`).
    Shows itself in a notebook; ``.save(path)`` writes one self-contained HTML file.

    >>> from chiiki_lab.report import profile
    >>> p = profile("10425", lang="en")
    >>> "Tsumagoi" in p.html, p.lang
    (True, 'en')
    """
    from .codes import code_of, resolve

    m = resolve(code_of(municipality, pref=pref))
    before = get_language()
    set_language(lang or before)
    try:
        return _Builder(m).build()
    finally:
        set_language(before)


class _Builder:
    """Builds one profile: each section method returns its HTML (and data) and records notes and sources."""

    def __init__(self, m: Municipality):
        self.m = m
        self.t = _tables()
        self.notes: list[str] = []
        self.sources: dict[str, str] = {}
        if m.code not in self.t.census.index:
            if self.t.master.loc[m.code, "level"] == "northern_territories_village":
                raise ChiikiLabValueError(
                    f"{m.name}（{m.code}）は北方領土の村です。国勢調査をはじめ同梱のどの統計にも数値がないため、"
                    "地域カルテは作れません。根室市（01223）など近くの市町村を指定してください。",
                    f"{m.name} ({m.code}) is a village of the Northern Territories. The census and the other bundled "
                    "statistics have no figures for it, so there is no profile. Try a nearby municipality such as "
                    "Nemuro (01223).",
                )
            raise ChiikiLabValueError(  # pragma: no cover - every other unit is in the census
                f"{m.name}（{m.code}）は令和2年国勢調査のデータにありません。",
                f"{m.name} ({m.code}) is not in the 2020 census data.",
            )
        self.is_ward = m.kind == "ward"
        # datasets without wards use the city (statistics code of the designated city)
        self.city = m.parent_code if self.is_ward else m.code
        # names as shown: Japanese, or romaji in English
        romaji = self.t.master["name_romaji"]
        self.name_label = tr(m.name, romaji[m.code])
        self.city_label = tr(m.parent_name if self.is_ward else m.name, romaji[self.city])
        self.pref_label = tr(m.pref_name, self.t.master.loc[m.code, "pref_romaji"])
        self.layer = self.t.ward_layer if self.is_ward else self.t.basic
        self.pref_layer = self.layer[self.layer["pref_code"] == m.pref_code]
        self.pref = m.pref_code + "000"

    def source(self, name: str, used_for: str) -> None:
        self.sources.setdefault(name, used_for)

    # ------------------------------------------------------------------------------- assembling

    def build(self) -> Profile:
        m = self.m
        cards, key_figures = self.key_figures()
        pyramid = self.pyramid()
        map_html = self.map()
        series = self.timeseries()
        indicators_html, indicators = self.indicators()
        peers_html, peers = self.peers()
        if m.history:
            self.notes.insert(0, m.history)
        body = f"""
<div class="ckp" lang="{_e(get_language())}">
{self.header()}
<section><h2>{tr("主要指標", "Key figures")}<small>{_e(self.rank_basis())}</small></h2>
<div class="ckp-cards">{cards}</div></section>
<div class="ckp-grid">
<section><h2>{tr("人口ピラミッド（2020年）", "Population pyramid (2020)")}</h2>{pyramid}</section>
<section><h2>{tr("位置", "Location")}</h2>{map_html}</section>
</div>
<div class="ckp-grid">
<section><h2>{tr("人口の推移と将来推計", "Population since 1980 and projection")}</h2>{series}</section>
<section><h2>{tr("その他の指標", "Other indicators")}</h2>{indicators_html}</section>
</div>
<section><h2>{self.peers_title()}</h2>{peers_html}</section>
{self.notes_html()}
{self.sources_html()}
{self.footer()}
</div>"""
        title = tr(f"地域カルテ {m.pref_name}{m.name}", f"Municipal profile: {self.name_label}, {self.pref_label}")
        css = _CSS_PATH.read_text(encoding="utf-8")
        fragment = f"<style>\n{css}</style>{body}\n"
        document = (
            f'<!DOCTYPE html>\n<html lang="{_e(get_language())}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(title)}</title>\n'
            f'<style>\n{css}</style>\n</head>\n<body style="margin:0;background:#eef2f6">{body}\n</body>\n</html>\n'
        )
        return Profile(
            municipality=m,
            lang=get_language(),
            html=document,
            key_figures=key_figures,
            indicators=indicators,
            peers=peers,
            notes=list(self.notes),
            sources=list(self.sources),
            fragment=fragment,
        )

    def footer(self) -> str:
        made = tr("作成日", "Made on") + " " + datetime.date.today().isoformat()
        offline = tr("同梱データのみで作成（ネットワーク不使用）", "built from bundled data only (no network)")
        return (
            f'<div class="ckp-foot"><span>{tr("地域カルテ", "Municipal profile")} · chiiki_lab {_version()}</span>'
            f"<span>{made} · {offline}</span></div>"
        )

    def header(self) -> str:
        m, master = self.m, self.t.master.loc[self.m.code]
        kind = tr(m.kind_ja, m.kind.replace("_", " "))
        district = master["gun_name"] if isinstance(master["gun_name"], str) else ""
        parent = tr(f"{m.parent_name}の区", f"a ward of {self.city_label}") if self.is_ward else ""
        details = " · ".join(x for x in (f"{tr('コード', 'code')} {m.code6}", kind, district, parent) if x)
        if get_language() == "en":
            heading = (
                f'<span class="ckp-pref">{_e(self.pref_label)}</span>{_e(self.name_label)} <small>{_e(m.name)}</small>'
            )
        else:
            heading = f'<span class="ckp-pref">{_e(m.pref_name)}</span>{_e(m.name)}'
        pop = self.t.census.loc[m.code, "population"]
        return f"""<header class="ckp-head"><div>
<p class="ckp-kicker">{tr("地域カルテ", "MUNICIPAL PROFILE")}</p>
<h1>{heading}</h1>
<p class="ckp-sub">{_e(m.name_kana)} · {_e(details)}</p></div>
<div class="ckp-meta">{tr("人口（2020年国勢調査）", "Population (2020 census)")}<br>
<b>{_e(_fmt(pop, "people"))}</b></div>
</header>"""

    def rank_basis(self) -> str:
        n, n_pref = len(self.layer), len(self.pref_layer)
        if self.is_ward:
            return tr(
                f"順位は値の大きい順。政令市を区に分けた全国{n:,}団体中・{self.pref_label}内{n_pref}団体中",
                f"Ranks from the largest, among {n:,} units nationally and {n_pref} in {self.pref_label} "
                "(designated cities counted ward by ward)",
            )
        return tr(
            f"順位は値の大きい順。全国{n:,}市区町村中・{self.pref_label}内{n_pref}市町村中（政令市は市全体）",
            f"Ranks from the largest, among {n:,} municipalities nationally and {n_pref} in {self.pref_label}",
        )

    # ------------------------------------------------------------------------------- key figures

    def key_figures(self) -> tuple[str, pandas.DataFrame]:
        import pandas as pd

        c, code = self.t.census, self.m.code
        self.source("census2020", tr("主要指標・比較", "key figures, comparison"))
        rows, cards = [], []
        for column, ja, en, kind in _KEY_FIGURES:
            value = c.loc[code, column]
            rank, n = _rank(self.layer[column], code)
            rank_pref, n_pref = _rank(self.pref_layer[column], code)
            row = {
                "column": column,
                "label": tr(ja, en),
                "value": value,
                "city": c.loc[self.city, column] if self.is_ward else None,
                "prefecture": c.loc[self.pref, column],
                "national": c.loc[_NATIONAL, column],
                "rank_national": rank,
                "n_national": n,
                "rank_prefecture": rank_pref,
                "n_prefecture": n_pref,
            }
            rows.append(row)
            extra = ""
            if column == "pop_change_rate_2015_2020_pct" and not pd.isna(c.loc[code, "pop_change_2015_2020"]):
                extra = f"<small>{_e(_signed_people(c.loc[code, 'pop_change_2015_2020']))}</small>"
            compare = [(self.city_label, row["city"])] if self.is_ward else []
            compare += [(self.pref_label, row["prefecture"]), (tr("全国", "Japan"), row["national"])]
            compare_text = tr("・", " · ").join(f"{name} {_fmt(v, kind)}" for name, v in compare)
            cards.append(
                f'<div class="ckp-card"><div class="ckp-label">{_e(row["label"])}</div>'
                f'<div class="ckp-value">{_e(_fmt(value, kind))}{extra}</div>'
                f'<div class="ckp-rank">{tr("全国", "Japan")} {_e(_rank_text(rank, n))}　'
                f"{tr('県内', 'in prefecture')} {_e(_rank_text(rank_pref, n_pref))}</div>"
                f'<div class="ckp-cmp">{_e(compare_text)}</div></div>'
            )
            if pd.isna(value):
                self.notes.append(
                    tr(
                        f"{ja}: {self.name_label}の値は国勢調査にありません（2015年か2020年の人口が0人のため）。",
                        f"{en}: the census gives no value for {self.name_label} (its 2015 or 2020 population was 0).",
                    )
                )
        table = pd.DataFrame(rows).set_index("column")
        if not self.is_ward:
            table = table.drop(columns="city")
        return "".join(cards), table

    # ------------------------------------------------------------------------------- charts

    def pyramid(self) -> str:
        from . import plots

        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(5.4, 5.3), layout="constrained")
        try:
            plots.pyramid(self.m.code, compare="national", ax=ax)
        except ChiikiLabError as error:
            plt.close(fig)
            self.notes.append(str(error))
            return f'<div class="ckp-missing">{_e(str(error))}</div>'
        self.source("census2020_age", tr("人口ピラミッド", "population pyramid"))
        return _figure(
            fig, tr(f"{self.name_label}の人口ピラミッド（全国と比較）", f"Population pyramid of {self.name_label}")
        )

    def timeseries(self) -> str:
        from . import plots

        t, code = self.t, self.city
        observed = t.timeseries[t.timeseries["code"] == code]
        projection = t.ipss[t.ipss["code"] == code]
        self.source("census_timeseries", tr("人口の推移", "population since 1980"))
        notes = []
        if self.is_ward:
            notes.append(
                tr(
                    f"1980年からの人口の推移は区別のデータがないため、{self.city_label}全体を示しています。",
                    f"There is no ward-level series since 1980, so the chart shows the whole of {self.city_label}.",
                )
            )
        if len(projection) == 0:
            why = (
                tr(
                    "福島県の市町村は、原発事故の影響で社人研の2018年推計に含まれていません",
                    "IPSS 2018 does not cover the municipalities of Fukushima prefecture (after the nuclear accident)",
                )
                if self.m.pref_code == "07"
                else tr(
                    f"社人研の2018年推計に{self.city_label}の値がありません",
                    f"IPSS 2018 has no projection for {self.city_label}",
                )
            )
            notes.append(tr(f"将来推計は示していません: {why}。", f"No projection shown: {why}."))
            projection = None
        else:
            self.source("ipss2018_projection", tr("将来推計人口", "population projection"))
        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(5.4, 4.0), layout="constrained")
        plots.timeseries(observed, "population", projection=projection, ax=ax)
        ax.set_title(tr(f"{self.city_label}の人口の推移", f"Population of {self.city_label}"), fontsize=12)
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        caption = ""
        if projection is not None:
            base = projection.loc[projection["year"] == 2015, "population"].sum()
            last = projection.loc[projection["year"] == 2045, "population"].sum()
            if base > 0:
                caption = tr(
                    f"社人研推計では2045年に{_fmt(last, 'people')}（2015年比 {(last / base - 1) * 100:+.1f}%）。",
                    f"IPSS projects {_fmt(last, 'people')} people in 2045 ({(last / base - 1) * 100:+.1f}% from 2015).",
                )
        self.notes.extend(notes)
        caption = tr("", " ").join([caption, *notes]).strip()
        return _figure(fig, tr(f"{self.city_label}の人口の推移", f"Population of {self.city_label}"), caption)

    def map(self) -> str:
        import numpy as np
        from matplotlib import patheffects

        from . import plots
        from .maps import BOUNDARY_ATTRIBUTION_EN, BOUNDARY_ATTRIBUTION_JA

        m = self.m
        level = "ward" if self.is_ward else "municipality"
        geo = _geo()
        shapes = geo[level][geo[level]["pref_code"] == m.pref_code]
        groups, main = _groups(level, m.pref_code)
        group = shapes["code"].map(groups)
        target = shapes[shapes["code"] == m.code]
        framed = shapes[group == main]
        west, south, east, north = framed.total_bounds
        pad = 0.04 * max(east - west, north - south)
        west, south, east, north = west - pad, south - pad, east + pad, north + pad
        aspect = 1 / np.cos(np.radians((south + north) / 2))
        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(5.4, 5.3))
        fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.07)
        ax.set_axis_off()
        prefs = geo["prefecture"]
        others = prefs[prefs["code"] != self.pref].cx[west:east, south:north]
        _draw(ax, others.geometry, facecolor="#f1f3f5", edgecolor="#c3cad2", linewidth=0.5)
        _draw(ax, shapes.geometry, facecolor="#d5e0ec", edgecolor="white", linewidth=0.35)
        if self.is_ward:
            city = geo["municipality"][geo["municipality"]["code"] == self.city]
            _draw(ax, city.geometry, facecolor="none", edgecolor="#334e68", linewidth=0.9)
        _draw(ax, target.geometry, facecolor=plots.HIGHLIGHT_COLOR, edgecolor="#7a1020", linewidth=0.5)
        _draw(ax, prefs.loc[prefs["code"] == self.pref].geometry, facecolor="none", edgecolor="#52606d", linewidth=0.9)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(aspect)
        halo = [patheffects.withStroke(linewidth=3, foreground="white")]
        if groups[m.code] == main:
            point = target.geometry.iloc[0].representative_point()
            right = point.x > west + 0.6 * (east - west)  # label on the side with room
            ax.annotate(
                self.name_label,
                (point.x, point.y),
                xytext=(-6 if right else 6, 6),
                textcoords="offset points",
                ha="right" if right else "left",
                fontsize=11,
                color="#7a1020",
                path_effects=halo,
            )
        else:  # a remote island: its own inset
            inset = ax.inset_axes([0.0, 0.0, 0.36, 0.36])
            island = shapes[group == groups[m.code]]
            _draw(inset, island.geometry, facecolor="#d5e0ec", edgecolor="white", linewidth=0.35)
            _draw(inset, target.geometry, facecolor=plots.HIGHLIGHT_COLOR, edgecolor="#7a1020", linewidth=0.5)
            w, s, e, n = island.total_bounds
            p = 0.08 * max(e - w, n - s, 0.05)
            inset.set_xlim(w - p, e + p)
            inset.set_ylim(s - p, n + p)
            inset.set_aspect(aspect)
            inset.set_xticks([])
            inset.set_yticks([])
            inset.set_title(self.name_label, fontsize=9, color="#7a1020", pad=2)
        left_out = sorted(set(shapes.loc[(group != main) & (shapes["code"] != m.code), "name"]))
        if left_out:
            shown = tr("、", ", ").join(left_out[:6]) + (tr(" ほか", " and others") if len(left_out) > 6 else "")
            self.notes.append(
                tr(
                    f"地図は{self.pref_label}の主な区域に合わせたため、離れた島など{len(left_out)}団体（{shown}）は枠外です。",
                    f"The map centres on the main part of {self.pref_label}; {len(left_out)} remote units ({shown}) "
                    "are outside the frame.",
                )
            )
        fig.text(0.01, 0.01, tr(BOUNDARY_ATTRIBUTION_JA, BOUNDARY_ATTRIBUTION_EN), fontsize=6.5, color="#555555")
        self.source("boundaries_" + level, tr("地図", "map"))
        caption = tr(
            f"{self.pref_label}内の位置（赤）。" + (f"太線は{self.city_label}の市域。" if self.is_ward else ""),
            f"Location in {self.pref_label} (red)." + (f" Thick line: {self.city_label}." if self.is_ward else ""),
        )
        return _figure(
            fig,
            tr(f"{self.pref_label}の地図と{self.name_label}の位置", f"Map of {self.pref_label}"),
            caption,
            fmt="png",
        )

    # ------------------------------------------------------------------------------- tables

    def indicators(self) -> tuple[str, pandas.DataFrame]:
        import pandas as pd

        t, code = self.t, self.city
        basic = t.basic
        pref_codes = basic.index[basic["pref_code"] == self.m.pref_code]
        card = t.card

        def card_rate(codes):
            return card.loc[codes, "cards_issued"].sum() / card.loc[codes, "population_juki"].sum() * 100

        specs = [
            # label, table, column, kind, comparison, dataset, vintage
            (
                tr("財政力指数", "Fiscal strength index"),
                t.zaisei,
                "fiscal_strength_index",
                "index",
                "mean",
                "zaisei",
                tr(f"{_ZAISEI_YEAR}年度", f"FY{_ZAISEI_YEAR}"),
            ),
            (
                tr("マイナンバーカード交付率", "My Number Card issuance rate"),
                card,
                "issuance_rate_pct",
                "pct",
                card_rate,
                "mynumbercard",
                _CARD_DATE,
            ),
            (
                tr("ふるさと納税 受入額", "Furusato nozei receipts"),
                t.furusato,
                "amount_yen",
                "yen",
                "median",
                "furusato_fy2020",
                tr("2020年度", "FY2020"),
            ),
            (
                tr("ふるさと納税 受入件数", "Furusato nozei donations"),
                t.furusato,
                "count",
                "count",
                "median",
                "furusato_fy2020",
                tr("2020年度", "FY2020"),
            ),
            (
                tr("ふるさと納税 住民税控除額", "Furusato nozei tax deductions"),
                t.deductions,
                "deduction_muni_tax_yen",
                "yen",
                "median",
                "furusato_deductions2021",
                tr("2021年度課税・市町村民税分", "tax year 2021, municipal tax"),
            ),
        ]
        rows, cells = [], []
        for label, table, column, kind, how, dataset, vintage in specs:
            values = table.loc[table.index.isin(basic.index), column].astype(float)
            value = values.get(code)
            if isinstance(how, str):
                pref_value = getattr(values.reindex(pref_codes).dropna(), how)()
                national = getattr(values, how)()
            else:
                pref_value, national = how(pref_codes), how(basic.index)
            rank, n = _rank(values, code)
            rank_pref, n_pref = _rank(values.reindex(pref_codes), code)
            rows.append(
                {
                    "label": label,
                    "column": column,
                    "dataset": dataset,
                    "vintage": vintage,
                    "value": value,
                    "prefecture": pref_value,
                    "national": national,
                    "rank_national": rank,
                    "n_national": n,
                    "rank_prefecture": rank_pref,
                    "n_prefecture": n_pref,
                }
            )
            basis = {"mean": tr("平均", "mean"), "median": tr("中央値", "median")}.get(how, tr("計", "total"))
            cells.append(
                f"<tr><td>{_e(label)}<br><small>{_e(vintage)}</small></td><td><b>{_e(_fmt(value, kind))}</b></td>"
                f"<td>{_e(_fmt(pref_value, kind))}<br><small>{_e(basis)}</small></td>"
                f"<td>{_e(_fmt(national, kind))}<br><small>{_e(basis)}</small></td>"
                f"<td>{_e(_rank_text(rank, n))}<br>"
                f"<small>{tr('県内', 'pref.')} {_e(_rank_text(rank_pref, n_pref))}</small></td></tr>"
            )
            self.source(dataset, label)
        note = tr(
            "都道府県・全国の欄: 財政力指数は市町村の単純平均、交付率は合計から計算した率、"
            "ふるさと納税は市区町村の中央値。",
            "Prefecture and Japan columns: fiscal strength is the simple mean of municipalities, the issuance rate is "
            "computed from the totals, furusato nozei figures are municipal medians.",
        )
        if self.is_ward:
            city_note = tr(
                f"これらのデータは区別の値がないため、{self.city_label}全体の値と順位を示しています。",
                f"These datasets have no ward-level values, so the values and ranks are those of {self.city_label}.",
            )
            self.notes.append(city_note)
            note = city_note + tr("", " ") + note
        head = (
            f"<tr><th>{tr('指標', 'Indicator')}</th><th>{_e(self.city_label)}</th><th>{_e(self.pref_label)}</th>"
            f"<th>{tr('全国', 'Japan')}</th><th>{tr('全国順位', 'Rank')}</th></tr>"
        )
        html_table = f'<table class="ckp-compact">{head}{"".join(cells)}</table><p class="ckp-note">{_e(note)}</p>'
        return html_table, pd.DataFrame(rows).set_index("column")

    def peers_title(self) -> str:
        if self.is_ward:
            return tr(f"{self.city_label}の区との比較", f"Comparison with the wards of {self.city_label}")
        return tr("人口規模の近い近隣の市区町村との比較", "Comparison with neighbouring municipalities of similar size")

    def peers(self) -> tuple[str, pandas.DataFrame]:
        import numpy as np
        import pandas as pd

        t, m = self.t, self.m
        c = t.census
        if self.is_ward:
            pool = c[(c["level"] == "designated_city_ward") & (c["parent_code"] == self.city)]
            explain = tr(
                f"{self.city_label}の区のうち人口の近い{_N_PEERS}区と、{self.city_label}全体（斜体）。",
                f"The {_N_PEERS} wards of {self.city_label} closest in population, and the whole city (italics).",
            )
        else:
            prefs = [m.pref_code, *_neighbours().get(m.pref_code, [])]
            pool = t.basic[t.basic["pref_code"].isin(prefs)]
            names = tr("、", ", ").join(
                tr(c.loc[p + "000", "name"], c.loc[p + "000", "name_en"]) for p in prefs[1:]
            ) or tr("なし", "none")
            explain = tr(
                f"{self.pref_label}と隣接する都府県（{names}）の市区町村から、人口が最も近い{_N_PEERS}団体。",
                f"The {_N_PEERS} municipalities closest in population in {self.pref_label} and the prefectures "
                f"touching it ({names}).",
            )
        own = float(c.loc[m.code, "population"])
        others = pool[pool["code"] != m.code]
        distance = (np.log1p(others["population"].astype(float)) - np.log1p(own)).abs()
        chosen = others.loc[distance.sort_values(kind="stable").index[:_N_PEERS]]
        table = pd.concat([chosen, c.loc[[m.code]]]).sort_values("population", ascending=False)
        if self.is_ward:
            table = pd.concat([table, c.loc[[self.city]]])
        fiscal = t.zaisei["fiscal_strength_index"]
        columns = [
            ("population", tr("人口", "Population"), "people"),
            ("pop_change_rate_2015_2020_pct", tr("増減率", "Change"), "change"),
            ("share_age65p_pct", tr("高齢化率", "Aged 65+"), "pct"),
            ("pop_density_per_km2", tr("人口密度", "Density"), "density"),
        ]
        head = f"<tr><th>{tr('市区町村', 'Municipality')}</th>" + "".join(f"<th>{_e(h)}</th>" for _, h, _ in columns)
        head += f"<th>{tr('財政力指数', 'Fiscal strength')}</th></tr>"
        body, rows = [], []
        for code, r in table.iterrows():
            cls = (
                ' class="ckp-self"'
                if code == m.code
                else (' class="ckp-city"' if code == self.city and self.is_ward else "")
            )
            where = "" if self.is_ward or r["pref_code"] == m.pref_code else f" <small>{_e(r['pref_name'])}</small>"
            fiscal_value = fiscal.get(code) if not self.is_ward or code == self.city else None
            cells = "".join(f"<td>{_e(_fmt(r[col], kind))}</td>" for col, _, kind in columns)
            body.append(
                f"<tr{cls}><td>{_e(r['name'])}{where}</td>{cells}<td>{_e(_fmt(fiscal_value, 'index'))}</td></tr>"
            )
            rows.append(
                {
                    "code": code,
                    "name": r["name"],
                    "pref_name": r["pref_name"],
                    **{col: r[col] for col, _, _ in columns},
                    "fiscal_strength_index": fiscal_value,
                }
            )
        note = explain + tr(
            f"増減率は2015→2020年、財政力指数は{_ZAISEI_YEAR}年度。",
            f" Change is 2015→2020; fiscal strength FY{_ZAISEI_YEAR}.",
        )
        return f'<table>{head}{"".join(body)}</table><p class="ckp-note">{_e(note)}</p>', pd.DataFrame(rows)

    # ------------------------------------------------------------------------------- notes and sources

    def notes_html(self) -> str:
        if not self.notes:
            return ""
        items = "".join(f"<li>{_e(n)}</li>" for n in dict.fromkeys(self.notes))
        return f'<section><h2>{tr("注記", "Notes")}</h2><ul class="ckp-notes">{items}</ul></section>'

    def sources_html(self) -> str:
        from .datasets import attribution, info

        items = []
        for name, used in self.sources.items():
            vintage = info(name)["vintage"]
            items.append(
                f"<li><b>{_e(used)}</b>: {_e(attribution(name))}"
                f"{tr('（時点: ', ' (vintage: ')}{_e(vintage)}{tr('）', ')')}<small> [{_e(name)}]</small></li>"
            )
        return f'<section><h2>{tr("出典", "Sources")}</h2><ul class="ckp-sources">{"".join(items)}</ul></section>'


def _pyplot():
    """matplotlib.pyplot, with the bundled Japanese font set up."""
    from .plots import japanize

    japanize()
    import matplotlib.pyplot as plt

    return plt


def _draw(ax, geometries, **style) -> None:
    """Draw (multi)polygons as one matplotlib collection (much faster than GeoDataFrame.plot)."""
    import numpy as np
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path as MplPath

    paths = []
    for geometry in geometries:
        for polygon in getattr(geometry, "geoms", [geometry]):
            rings = [np.asarray(ring.coords)[:, :2] for ring in (polygon.exterior, *polygon.interiors)]
            codes = [np.r_[MplPath.MOVETO, np.full(len(r) - 2, MplPath.LINETO), MplPath.CLOSEPOLY] for r in rings]
            paths.append(MplPath(np.concatenate(rings), np.concatenate(codes)))
    if paths:
        ax.add_collection(PathCollection(paths, **style), autolim=False)


def _signed_people(n) -> str:
    from .plots import format_man

    sign = "+" if n > 0 else ("-" if n < 0 else "±")
    return sign + tr(format_man(abs(float(n))), f"{abs(float(n)):,.0f}")


def _version() -> str:
    from . import __version__

    return __version__


def _figure(fig, alt: str, caption: str = "", fmt: str = "svg") -> str:
    """The figure as an <img> with an embedded data URI (SVG, or PNG at 110 dpi), then closed."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buffer, format=fmt, dpi=110, metadata=metadata)
    plt.close(fig)
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    cap = f"<figcaption>{_e(caption)}</figcaption>" if caption else ""
    return f'<figure><img alt="{_e(alt)}" src="data:{mime};base64,{data}">{cap}</figure>'
