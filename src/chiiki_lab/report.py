"""地域カルテ: a one-page profile of any municipality or ward, as one self-contained HTML file.

:func:`profile` shows, from the bundled data only, the key figures of a municipality (population,
change since 2015, aging rate, households, area, density — each with its prefecture's and Japan's
values and its rank), a population pyramid against Japan, the population since 1980 with the IPSS
projections (令和5年推計 to 2050 and 平成30年推計 to 2045, each named), a map of the prefecture, a
comparison with municipalities of similar size in the same and neighbouring prefectures, fiscal
strength, My Number Card and ふるさと納税 figures, and the 出典 of every number. The numbers come from
:mod:`chiiki_lab.compare`; the page is rendered from ``templates/profile/profile.html.j2`` (Jinja2,
autoescaped). It opens offline in any browser: charts are embedded SVG/PNG images, the CSS is
inline, nothing is loaded from the network.

>>> from chiiki_lab.report import profile      # also chiiki_lab.profile
>>> p = profile("嬬恋村")
>>> int(p.key_figures.loc["population", "value"]), p.municipality.pref_name
(8850, '群馬県')
>>> p.save("10425_嬬恋村.html")                 # doctest: +SKIP

Decisions: the 6 北方領土 villages are not covered by the census or any other bundled statistic, so
asking for them raises :class:`~chiiki_lab.errors.ChiikiLabValueError` saying so. Neighbouring
prefectures are those whose boundaries come within 0.005° (about 500 m) of each other, so that the
Kanmon strait (山口–福岡) and the しまなみ islands (広島–愛媛) count as touching.
"""

from __future__ import annotations

import datetime
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from .browser import HtmlDocument
from .compare import PROJECTIONS, Comparison, format_value, rank_text
from .errors import ChiikiLabError
from .figures import HIGHLIGHT_COLOR, draw_polygons, embed, fit_axes, pyplot
from .i18n import get_language, language, tr

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .codes import Municipality

__all__ = ["Profile", "profile"]

_TEMPLATES = Path(__file__).resolve().parent / "templates" / "profile"
_ISLAND_GAP_DEGREES = 0.5  # municipalities further apart than this (~50 km) are separate groups on the map


# ----------------------------------------------------------------------------------- boundaries, loaded once


@lru_cache(maxsize=None)
def _geo(level: str):
    """Boundaries of ``level`` ("municipality", "ward", "prefecture") as shapely geometries in a plain
    DataFrame (no geopandas: the card from the command line waits for its import), loaded once per process."""
    from .datasets import boundary_shapes

    return boundary_shapes(level, columns=("code", "name", "pref_code", "area_km2"))


@lru_cache(maxsize=128)
def _groups(level: str, pref_code: str) -> tuple[dict[str, int], int]:
    """Municipalities of one prefecture grouped by gaps over ~50 km: ({code: group}, main group).

    Connected groups by union-find over the close pairs (a few dozen units: scipy's graph routines
    would cost more to import than to run).
    """
    import shapely

    shapes = _geo(level)
    shapes = shapes[shapes["pref_code"] == pref_code].reset_index(drop=True)
    geometries = shapes["geometry"].to_numpy()
    left, right = shapely.STRtree(geometries).query(geometries, predicate="dwithin", distance=_ISLAND_GAP_DEGREES)
    parent = list(range(len(shapes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(left.tolist(), right.tolist()):
        parent[root(a)] = root(b)
    labels = [root(i) for i in range(len(shapes))]
    area = shapes["area_km2"].groupby(labels).sum()
    return dict(zip(shapes["code"], labels)), int(area.idxmax())


# ----------------------------------------------------------------------------------- the profile


@dataclass
class Profile(HtmlDocument):
    """A built 地域カルテ: shows itself in a notebook and saves as one HTML file (or PDF, with Chromium).

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
    pdf_timeout: ClassVar[float] = 120

    def _repr_html_(self) -> str:
        return self.fragment

    def __repr__(self) -> str:
        m = self.municipality
        return f"Profile({m.code} {m.pref_name}{m.name}, lang={self.lang!r})"

    def default_path(self, suffix: str) -> Path:
        """``<code>_<name>.html`` (or ``.pdf``) in the current folder."""
        return Path(f"{self.municipality.code}_{self.municipality.name}{suffix}")


def profile(municipality, lang: str | None = None, *, pref=None) -> Profile:
    """Build the 地域カルテ of one municipality or ward: anything :func:`chiiki_lab.codes.code_of` accepts
    (``pref`` narrows a name to one prefecture: ``profile("府中市", pref="東京都")``).

    ``lang`` is "ja" or "en" (default: the current language); it applies to this profile only, also
    when other threads build profiles at the same time. Shows itself in a notebook;
    ``.save(path)`` writes one self-contained HTML file.

    >>> from chiiki_lab.report import profile
    >>> p = profile("10425", lang="en")
    >>> "Tsumagoi" in p.html, p.lang
    (True, 'en')
    """
    with language(lang):
        return _Builder(Comparison(municipality, pref=pref)).build()


def save_profiles(pref, out, *, lang: str | None = None, progress: bool = True, jobs: int | None = None) -> Path:
    """Write the 地域カルテ of every municipality of prefecture ``pref`` into folder ``out``, with an
    ``index.html`` linking them (a designated city is one card, as a whole); return the index's path.

    A progress bar (tqdm) shows on stderr while the cards are built. ``jobs`` processes share the
    work (default: one per CPU, at most 4; ``jobs=1`` builds them here, one after the other).

    >>> from chiiki_lab.report import save_profiles
    >>> save_profiles("群馬県", "gunma_profiles")          # doctest: +SKIP
    PosixPath('gunma_profiles/index.html')
    """
    from tqdm import tqdm

    from .codes import pref_code_of
    from .compare import tables

    code = pref_code_of(pref)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with language(lang):
        basic = tables().basic
        rows = basic[basic["pref_code"] == code].sort_index()  # by code
        tasks = [(place.code, str(out / f"{place.code}_{place.name}.html"), get_language()) for place in rows.itertuples()]
        jobs = min(jobs or os.cpu_count() or 1, 4, len(tasks))
        bar = tqdm(total=len(tasks), desc=tr("地域カルテ", "profiles"), unit=tr("件", " cards"), disable=not progress)
        if jobs > 1:  # each worker loads the data once, then builds its share
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for _ in pool.map(_save_one, tasks, chunksize=1):
                    bar.update()
        else:
            for task in tasks:
                _save_one(task)
                bar.update()
        bar.close()
        cards = [{"code": place.code, "name": tr(place.name, tables().master.loc[place.code, "name_romaji"]),
                  "file": Path(path).name, "population": format_value(place.population, "people")}
                 for place, (_, path, _) in zip(rows.itertuples(), tasks)]
        pref_name = tr(rows["pref_name"].iloc[0], tables().census.loc[code + "000", "name_en"])
        index = _template("index.html.j2").render(lang=get_language(), t=tr, pref=pref_name, cards=cards)
    path = out / "index.html"
    path.write_text(index, encoding="utf-8")
    return path


def _save_one(task: tuple[str, str, str]) -> str:
    """Build and save one card (runs in a worker process of :func:`save_profiles`)."""
    code, path, lang = task
    return str(profile(code, lang=lang).save(path))


@lru_cache(maxsize=None)
def _template(name: str = "profile.html.j2"):
    """The page template, autoescaped: every value inserted is HTML-escaped unless marked safe."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env.get_template(name)


class _Builder:
    """Draws the charts of one profile and fills the template; notes and sources are collected on the way."""

    def __init__(self, c: Comparison):
        self.c = c
        self.m, self.is_ward, self.city, self.pref = c.m, c.is_ward, c.city, c.pref
        self.name_label, self.city_label, self.pref_label = c.name_label, c.city_label, c.pref_label
        self.notes: list[str] = []
        self.sources: dict[str, str] = {}

    def source(self, name: str, used_for: str) -> None:
        self.sources.setdefault(name, used_for)

    def build(self) -> Profile:
        from markupsafe import Markup

        from . import __version__
        from .datasets import attribution, info

        c, m = self.c, self.m
        key_figures = c.key_figures()
        self.source("census2020", tr("主要指標・比較", "key figures, comparison"))
        charts = {"pyramid": self.pyramid(), "map": self.map(), "series": self.timeseries()}
        indicators = c.other_indicators()
        for row in indicators.itertuples():
            self.source(row.dataset, row.label)
        peers, peers_note = c.peers()
        self.key_figure_notes(key_figures)
        if self.is_ward:
            self.notes.append(tr(
                f"これらのデータは区別の値がないため、{self.city_label}全体の値と順位を示しています。",
                f"These datasets have no ward-level values, so the values and ranks are those of {self.city_label}.",
            ))
        if m.history:
            self.notes.insert(0, m.history)
        master = c.t.master.loc[m.code]
        context = {
            "lang": get_language(),
            "en": get_language() == "en",
            "t": lambda ja, en: tr(ja, en),
            "fmt": format_value,
            "rank": rank_text,
            "m": m,
            "c": c,
            "kind": tr(m.kind_ja, m.kind.replace("_", " ")),
            "district": master["gun_name"] if isinstance(master["gun_name"], str) else "",
            "population": c.t.census.loc[m.code, "population"],
            "key_figures": key_figures,
            "change": c.t.census.loc[m.code, "pop_change_2015_2020"],
            "signed": _signed_people,
            "charts": {k: Markup(v) for k, v in charts.items()},
            "indicators": indicators,
            "peers": peers,
            "peers_note": peers_note,
            "notes": list(dict.fromkeys(self.notes)),
            "sources": [(used, attribution(name), info(name)["vintage"], name) for name, used in self.sources.items()],
            "version": __version__,
            "today": datetime.date.today().isoformat(),
            "css": Markup((_TEMPLATES / "profile.css").read_text(encoding="utf-8")),
        }
        template = _template()
        document = template.render(**context, standalone=True)
        fragment = template.render(**context, standalone=False)
        return Profile(
            municipality=m,
            lang=get_language(),
            html=document,
            key_figures=key_figures,
            indicators=indicators,
            peers=peers,
            notes=context["notes"],
            sources=list(self.sources),
            fragment=fragment,
        )

    def key_figure_notes(self, table) -> None:
        """A note for each key figure the census leaves empty (a town with no residents in 2015 or 2020)."""
        for row in table[table["value"].isna()].itertuples():
            self.notes.append(tr(
                f"{row.label}: {self.name_label}の値は国勢調査にありません（2015年か2020年の人口が0人のため）。",
                f"{row.label}: the census gives no value for {self.name_label} (its 2015 or 2020 population was 0).",
            ))

    # ------------------------------------------------------------------------------- charts

    def pyramid(self) -> str:
        from . import plots

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5.4, 5.3))
        try:
            plots.pyramid(self.m.code, compare="national", ax=ax)
        except ChiikiLabError as error:
            plt.close(fig)
            self.notes.append(str(error))
            return f'<div class="ckp-missing">{_escape(str(error))}</div>'
        fit_axes(ax)  # not constrained layout: one Axes, and the card from the command line waits for it
        self.source("census2020_age", tr("人口ピラミッド", "population pyramid"))
        return embed(fig, tr(f"{self.name_label}の人口ピラミッド（全国と比較）", f"Population pyramid of {self.name_label}"))

    def timeseries(self) -> str:
        """Census since 1980 and each IPSS vintage as its own dashed line, named in the legend."""
        from . import plots

        c = self.c
        self.source("census_timeseries", tr("人口の推移", "population since 1980"))
        notes = []
        if self.is_ward:
            notes.append(tr(
                f"1980年からの人口の推移は区別のデータがないため、{self.city_label}全体を示しています。",
                f"There is no ward-level series since 1980, so the chart shows the whole of {self.city_label}.",
            ))
        found = c.projections(city=True)  # the chart is the city's for a ward: so are its projections
        labels = {name: tr(ja, en) for name, ja, en in PROJECTIONS}
        projections = {labels[name]: rows for name, rows in found.items()}
        if not found:
            why = (
                tr("社人研の令和5年推計は福島県浜通りを地域一括で推計していて市町村別の値がなく、"
                   "平成30年推計には原発事故の影響で福島県の市町村が含まれていません",
                   "IPSS 2023 projects the Hamadori area of Fukushima as a whole (no municipal figures), and IPSS "
                   "2018 does not cover Fukushima's municipalities (after the nuclear accident)")
                if self.m.pref_code == "07"
                else tr(f"社人研の推計に{self.city_label}の値がありません", f"IPSS has no projection for {self.city_label}")
            )
            notes.append(tr(f"将来推計は示していません: {why}。", f"No projection shown: {why}."))
        for name in found:
            self.source(name, tr(f"将来推計人口（{labels[name]}）", f"population projection ({labels[name]})"))
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5.4, 4.0))
        plots.timeseries(c.observed(), "population", projection=projections or None, ax=ax)
        ax.set_title(tr(f"{self.city_label}の人口の推移", f"Population of {self.city_label}"), fontsize=12)
        legend = ax.get_legend()
        if legend is not None:  # the place's name is in the title: keep only which line is which
            names = {self.city_label, self.m.parent_name if self.is_ward else self.m.name}  # the data's name is Japanese
            for text in legend.get_texts():
                label = text.get_text()
                for name in names:
                    label = label.replace(name, "")
                text.set_text(label.strip("（）() ") or tr("国勢調査", "census"))
        fit_axes(ax)
        captions = []
        for name, rows in found.items():
            first, last = rows.sort_values("year").iloc[[0, -1]]["year"].tolist()
            base = rows.loc[rows["year"] == first, "population"].sum()
            end = rows.loc[rows["year"] == last, "population"].sum()
            if base > 0:
                captions.append(tr(
                    f"{labels[name]}では{last}年に{format_value(end, 'people')}（{first}年比 {(end / base - 1) * 100:+.1f}%）。",
                    f"{labels[name]}: {format_value(end, 'people')} in {last} ({(end / base - 1) * 100:+.1f}% from {first}).",
                ))
        self.notes.extend(notes)
        caption = tr("", " ").join([*captions, *notes]).strip()
        return embed(fig, tr(f"{self.city_label}の人口の推移", f"Population of {self.city_label}"), caption)

    def map(self) -> str:
        import numpy as np
        import shapely
        from matplotlib import patheffects

        from .maps import BOUNDARY_ATTRIBUTION_EN, BOUNDARY_ATTRIBUTION_JA

        m = self.m
        level = "ward" if self.is_ward else "municipality"
        shapes = _geo(level)[_geo(level)["pref_code"] == m.pref_code]
        groups, main = _groups(level, m.pref_code)
        group = shapes["code"].map(groups)
        target = shapes[shapes["code"] == m.code]
        framed = shapes[group == main]
        west, south, east, north = shapely.total_bounds(framed["geometry"].to_numpy())
        pad = 0.04 * max(east - west, north - south)
        west, south, east, north = west - pad, south - pad, east + pad, north + pad
        aspect = 1 / np.cos(np.radians((south + north) / 2))
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5.4, 5.3))
        fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.07)
        ax.set_axis_off()
        prefs = _geo("prefecture")
        others = prefs[(prefs["code"] != self.pref) & shapely.intersects(prefs["geometry"].to_numpy(),
                                                                          shapely.box(west, south, east, north))]
        draw_polygons(ax, others["geometry"], facecolor="#f1f3f5", edgecolor="#c3cad2", linewidth=0.5)
        draw_polygons(ax, shapes["geometry"], facecolor="#d5e0ec", edgecolor="white", linewidth=0.35)
        if self.is_ward:
            city = _geo("municipality")[_geo("municipality")["code"] == self.city]
            draw_polygons(ax, city["geometry"], facecolor="none", edgecolor="#334e68", linewidth=0.9)
        draw_polygons(ax, target["geometry"], facecolor=HIGHLIGHT_COLOR, edgecolor="#7a1020", linewidth=0.5)
        draw_polygons(ax, prefs.loc[prefs["code"] == self.pref, "geometry"], facecolor="none", edgecolor="#52606d",
                      linewidth=0.9)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(aspect)
        halo = [patheffects.withStroke(linewidth=3, foreground="white")]
        if groups[m.code] == main:
            point = target["geometry"].iloc[0].representative_point()
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
            draw_polygons(inset, island["geometry"], facecolor="#d5e0ec", edgecolor="white", linewidth=0.35)
            draw_polygons(inset, target["geometry"], facecolor=HIGHLIGHT_COLOR, edgecolor="#7a1020", linewidth=0.5)
            w, s, e, n = shapely.total_bounds(island["geometry"].to_numpy())
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
        return embed(
            fig,
            tr(f"{self.pref_label}の地図と{self.name_label}の位置", f"Map of {self.pref_label}"),
            caption,
            fmt="png",
        )


def _escape(text) -> str:
    from markupsafe import escape

    return str(escape(text))


def _signed_people(n) -> str:
    from .plots import format_man

    sign = "+" if n > 0 else ("-" if n < 0 else "±")
    return sign + tr(format_man(abs(float(n))), f"{abs(float(n)):,.0f}")
