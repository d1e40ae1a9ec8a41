"""Interactive explorer for JupyterLab: prefecture → municipality → indicator.

:func:`explore` shows three drop-downs (ipywidgets), the key figures of the chosen municipality next to
its prefecture and Japan (population, ageing rate, households, area, density) and its projected
population (the newest IPSS vintage, 令和5年推計), its population pyramid
and a map of the prefecture coloured by the chosen indicator. All logic lives in :class:`Explorer`, a
plain object that can be driven and tested without a browser. Saved widget output does not show on
nbviewer or GitHub, so :func:`summary_table` (or ``explore(static=True)``) gives the same key
figures as a DataFrame.

>>> from chiiki_lab.widgets import summary_table
>>> summary_table("10425")["人口（人）"].tolist()      # 嬬恋村, 群馬県, 全国 (令和2年国勢調査)
[8850, 1939110, 126146099]
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from . import indicators as ind
from .codes import code_of
from .datasets import column_label, column_unit, load
from .errors import ChiikiLabValueError
from .i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    import pandas

DATASET = "census2020"
AREA_GAP_DEG = 0.03  # ~3 km: land this close belongs to one area when framing a prefecture's map
MAP_HEIGHT = "480px"  # the map is as wide as the notebook; 480 px tall fits a 1366×768 laptop screen


def _catalog_indicator(column: str) -> tuple[str, str, str, str]:
    """Labels and units of a census2020 column from the catalog (English unit after a space: "12 persons")."""
    return (column_label(column, DATASET, "ja"), column_label(column, DATASET, "en"),
            column_unit(column, DATASET, "ja"), " " + column_unit(column, DATASET, "en"))


# key -> (Japanese label, English label, Japanese unit, English unit, function of a census2020 frame -> Series)
INDICATORS = {
    "aging_rate": ("高齢化率（65歳以上）", "Ageing rate (65+)", "%", "%", ind.aging_rate),
    "youth_share": ("年少人口割合（0〜14歳）", "Share aged 0–14", "%", "%", ind.youth_share),
    "working_age_share": ("生産年齢人口割合（15〜64歳）", "Share aged 15–64", "%", "%", ind.working_age_share),
    "dependency_ratio": ("従属人口指数", "Dependency ratio", "", "", ind.dependency_ratio),
    "population_change": (
        "人口増減率 2015→2020年", "Population change 2015→2020", "%", "%",
        lambda df: (df["population"] / df["pop_2015_on_2020_boundaries"] - 1) * 100,
    ),
    "density": (*_catalog_indicator("pop_density_per_km2"), lambda df: df["pop_density_per_km2"]),
    "population": (*_catalog_indicator("population"), lambda df: df["population"]),
}

# columns of summary_table: census2020 columns, labelled by the catalog, and the ageing rate computed here
_FIGURES = ("population", "aging_rate", "households_total", "area_km2", "pop_density_per_km2")
_AGING_RATE = ("高齢化率", "Ageing rate", "%")


def _figure_label(key: str) -> str:
    """Column header with its unit: 人口（人） / Population (persons)."""
    if key == "aging_rate":
        ja, en, unit = _AGING_RATE
        return tr(f"{ja}（{unit}）", f"{en} ({unit})")
    name, unit = column_label(key, DATASET), column_unit(key, DATASET)
    return tr(f"{name}（{unit}）", f"{name} ({unit})")


def _census() -> pandas.DataFrame:
    return load(DATASET)


def _projection_lines(projections: dict, vintages: tuple) -> list[str]:
    """One line for the newest IPSS projection that covers the place: its last year against 2020."""
    for name, ja, en in vintages:
        if name not in projections:
            continue
        rows = projections[name].set_index("year")["population"]
        last, base = int(rows.index.max()), 2020
        change = (rows[last] / rows[base] - 1) * 100
        return [tr(f"将来推計人口（{ja}）: {last}年 {rows[last]:,.0f}人（{base}年比 {change:+.1f}%）",
                   f"Projected population ({en}): {rows[last]:,.0f} in {last} ({change:+.1f}% vs {base})")]
    return []


def _source_text(df) -> str:
    meta = df.attrs.get("chiiki_lab", {})
    return tr(meta.get("attribution_ja", ""), meta.get("attribution_en", ""))


def summary_table(municipality, pref=None) -> pandas.DataFrame:
    """Key figures of a municipality beside its prefecture and Japan (令和2年国勢調査), as a DataFrame.

    ``municipality`` is anything :func:`chiiki_lab.codes.code_of` accepts, narrowed by ``pref``.
    One row each for the municipality, its prefecture and 全国 (indexed by name, with ``code``);
    columns, labelled with their unit: 人口（人）, 高齢化率（%, 65+ / total）, 世帯数（世帯）, 面積（km²）,
    人口密度（人/km²）(English labels after ``set_language("en")``). The 出典 is kept in
    ``.attrs["chiiki_lab"]``. Works in any viewer, unlike widgets.

    >>> t = summary_table("10425")
    >>> t.index.tolist(), round(float(t.loc["嬬恋村", "高齢化率（%）"]), 1)
    (['嬬恋村', '群馬県', '全国'], 37.2)
    """
    census = _census()
    code = code_of(municipality, pref=pref)
    by_code = census.set_index("code")
    if code not in by_code.index:
        raise ChiikiLabValueError(
            f"コード {code} は令和2年国勢調査（chiiki_lab.load('census2020')）にありません。",
            f"Code {code} is not in the 2020 census (chiiki_lab.load('census2020')).",
        )
    rows = by_code.loc[[code, by_code.loc[code, "pref_code"] + "000", "00000"]]
    names = tr("name", "name_en")  # English names (Tsumagoi-mura, Gumma-ken, Japan) after set_language("en")
    table = rows.assign(aging_rate=ind.aging_rate(rows)).reset_index().set_index(names)[["code", *_FIGURES]]
    table = table.rename(columns={key: _figure_label(key) for key in _FIGURES}).rename_axis(tr("地域", "Area"))
    table.attrs = dict(census.attrs)
    return table


class Explorer:
    """State of the explorer (selected prefecture, municipality, indicator) and what it shows.

    Changing the prefecture updates the municipality options (and selects the first one unless the
    current one is in it); changing the municipality updates the key figures. Nothing here needs a
    browser, so notebooks and tests can drive it directly.

    >>> e = Explorer("10425")
    >>> e.prefecture, e.municipality, e.indicator
    ('10', '10425', 'aging_rate')
    >>> e.set_prefecture("13")
    >>> e.municipality_options()[0]
    ('千代田区', '13101')
    """

    def __init__(self, municipality="10425", indicator: str = "aging_rate"):
        census = _census()
        self.census = census
        self._basic = census[census["is_basic_municipality"]].sort_values("code")
        self._prefectures = census[census["level"] == "prefecture"].sort_values("code")
        self.prefecture = ""
        self.municipality = ""
        self.indicator = ""
        self.set_municipality(municipality)
        self.set_indicator(indicator)

    # ---------------------------------------------------------------- options
    def prefecture_options(self) -> list[tuple[str, str]]:
        """(name, 2-digit prefecture code) for the 47 prefectures."""
        return list(zip(self._prefectures["name"], self._prefectures["pref_code"]))

    def municipality_options(self) -> list[tuple[str, str]]:
        """(name, code) of the basic municipalities (政令市 as a whole) of the current prefecture."""
        rows = self._basic[self._basic["pref_code"] == self.prefecture]
        names = rows["name"]
        labels = names.where(~names.duplicated(keep=False), names + "（" + rows["code"] + "）")
        return list(zip(labels, rows["code"]))

    @staticmethod
    def indicator_options() -> list[tuple[str, str]]:
        """(label, key) of the indicators that can colour the map."""
        return [(tr(ja, en), key) for key, (ja, en, *_) in INDICATORS.items()]

    # ---------------------------------------------------------------- transitions
    def set_prefecture(self, pref_code: str) -> None:
        """Select a prefecture (2-digit code); the municipality moves to its first one if needed."""
        if pref_code not in set(self._prefectures["pref_code"]):
            raise ChiikiLabValueError(
                f"都道府県コード {pref_code!r} はありません。'01'（北海道）〜'47'（沖縄県）の2桁で指定してください。",
                f"There is no prefecture code {pref_code!r}. Use two digits from '01' (Hokkaido) to '47' (Okinawa).",
            )
        self.prefecture = pref_code
        codes = [code for _, code in self.municipality_options()]
        if self.municipality not in codes:
            self.municipality = codes[0]

    def set_municipality(self, municipality) -> None:
        """Select a municipality (name or code); the prefecture follows it."""
        code = code_of(municipality)
        row = self._basic[self._basic["code"] == code]
        if row.empty:
            raise ChiikiLabValueError(
                f"コード {code} は市区町村（政令市は市全体、東京23区は各区）の一覧にありません。"
                "政令市の区を選んだ場合は、市全体のコードを指定してください。",
                f"Code {code} is not in the list of municipalities (designated cities as a whole, Tokyo's 23 wards "
                "separately). For a ward of a designated city, give the whole city's code.",
            )
        self.municipality = code
        self.prefecture = row["pref_code"].iloc[0]

    def set_indicator(self, key: str) -> None:
        """Select the indicator that colours the map (a key of :data:`INDICATORS`)."""
        if key not in INDICATORS:
            raise ChiikiLabValueError(
                f"指標 {key!r} はありません。使える指標: {', '.join(INDICATORS)}。",
                f"There is no indicator {key!r}. Available: {', '.join(INDICATORS)}.",
            )
        self.indicator = key

    # ---------------------------------------------------------------- what is shown
    def summary(self) -> pandas.DataFrame:
        """Key figures of the current municipality (see :func:`summary_table`)."""
        return summary_table(self.municipality)

    def key_figures_text(self) -> str:
        """The key figures as lines of text: value (prefecture / Japan, rank in the prefecture).

        The figures and ranks are those of :class:`chiiki_lab.compare.Comparison` (as in the 地域カルテ).
        """
        from .compare import PROJECTIONS, Comparison, format_value, rank_text

        c = Comparison(self.municipality)
        name, pref = c.name_label, c.pref_label
        lines = [tr(f"{pref} {name}（令和2年国勢調査）", f"{name}, {pref} (2020 census)")]
        for row in c.key_figures().itertuples():
            m, p, n = (format_value(v, row.kind) for v in (row.value, row.prefecture, row.national))
            position = rank_text(row.rank_prefecture, row.n_prefecture)
            lines.append(f"{row.label}: {m}" + tr(f"（{pref} {p}／全国 {n}、県内 {position}）",
                                                  f" ({pref} {p}, Japan {n}; {position} in {pref})"))
        lines += _projection_lines(c.projections(), PROJECTIONS)
        lines.append(_source_text(self.census))
        return "\n".join(lines)

    def indicator_values(self) -> pandas.Series:
        """The current indicator for every municipality of the current prefecture, indexed by code."""
        return self.map_table().set_index("code")[self.indicator]

    def indicator_text(self) -> str:
        """The current indicator of the municipality and its rank (1 = highest) in the prefecture."""
        ja, en, unit_ja, unit_en, _ = INDICATORS[self.indicator]
        values = self.indicator_values()
        rank = int(values.rank(ascending=False, method="min")[self.municipality])
        name = {code: label for label, code in self.municipality_options()}[self.municipality]
        pref = {code: label for label, code in self.prefecture_options()}[self.prefecture]
        digits = 0 if self.indicator == "population" else 1
        value = f"{values[self.municipality]:,.{digits}f}{tr(unit_ja, unit_en)}"
        return tr(
            f"{name}の{ja}: {value}（{pref}の{len(values)}市区町村中 高いほうから{rank}位）",
            f"{en} of {name}: {value} (rank {rank} of {len(values)} in {pref}, highest first)",
        )

    def map_table(self) -> pandas.DataFrame:
        """The prefecture's municipalities (``code``, ``name``) with the current indicator, for maps.

        Draw it with :func:`chiiki_lab.maps.choropleth` (as :meth:`map` does) or, for print,
        :func:`chiiki_lab.maps.static_map`.
        """
        rows = self._basic[self._basic["pref_code"] == self.prefecture]
        out = rows[["code", "name"]].reset_index(drop=True)
        out[self.indicator] = INDICATORS[self.indicator][-1](rows).to_numpy()
        out.attrs = dict(self.census.attrs)
        return out

    def pyramid(self):
        """Population pyramid of the municipality against its prefecture (matplotlib Axes)."""
        from .plots import pyramid

        return pyramid(self.municipality, compare="prefecture")

    def main_area_bounds(self) -> list[list[float]]:
        """[[south, west], [north, east]] of the part of the prefecture the municipality lies in.

        Municipalities whose land comes within ~3 km of each other form one area; islands far off
        the coast are areas of their own. So 千代田区 frames Tokyo's mainland (the 23 wards and Tama)
        without the 伊豆諸島 and 小笠原諸島, and 八丈町 frames 八丈島.
        """
        import numpy as np
        import shapely

        from .datasets import load_boundaries

        shapes = load_boundaries("municipality")
        shapes = shapes[shapes["is_basic_municipality"] & (shapes["pref_code"] == self.prefecture)]
        parts = shapes[["code", "geometry"]].explode(index_parts=False)
        geoms = shapely.simplify(np.asarray(parts.geometry), AREA_GAP_DEG / 3)
        areas = shapely.get_parts(shapely.union_all(shapely.buffer(geoms, AREA_GAP_DEG, quad_segs=2)))
        own = parts.geometry.to_numpy()[(parts["code"] == self.municipality).to_numpy()]
        largest = own[np.argmax(shapely.area(own))]
        area = areas[shapely.intersects(areas, shapely.point_on_surface(largest))][0]
        west, south, east, north = shapely.total_bounds(geoms[shapely.intersects(geoms, area)])
        return [[float(south), float(west)], [float(north), float(east)]]

    def map(self):
        """Map of the prefecture coloured by the indicator, framed on :meth:`main_area_bounds`.

        See :func:`chiiki_lab.maps.choropleth`; the legend lists every municipality of the prefecture.
        """
        from .maps import choropleth

        ja, en, unit_ja, unit_en, _ = INDICATORS[self.indicator]
        label, unit = tr(ja, en), tr(unit_ja, unit_en)
        m = choropleth(self.map_table(), self.indicator, label=label, unit=unit, highlight=self.municipality)
        # this fit comes after choropleth's own; without zoom animation Leaflet applies both in turn
        # (an animated first fit would swallow the second), so this one decides the view
        m.options["zoomAnimation"] = False
        m.fit_bounds(self.main_area_bounds())
        return m

    def snapshot_png(self) -> bytes:
        """A still picture of what the explorer shows (key figures, pyramid, map) as PNG bytes.

        Saved with the notebook beside the live widget, it is what viewers without the widget's
        kernel show (a reopened notebook, GitHub, nbviewer).
        """
        import io

        import matplotlib.pyplot as plt

        from .figures import japanize
        from .maps import static_map
        from .plots import pyramid

        ja, en, unit_ja, unit_en, _ = INDICATORS[self.indicator]
        japanize()  # before the first text is made: it keeps the font it was made with
        fig = plt.figure(figsize=(12, 6.4), dpi=80)
        grid = fig.add_gridspec(2, 2, width_ratios=[1, 1.3], height_ratios=[0.8, 2])
        text = fig.add_subplot(grid[0, 0])
        text.set_axis_off()
        text.text(0, 1.05, tr("静止画です。ダッシュボードを動かすには、このセルを実行し直してください。",
                              "A still picture: run this cell again to use the explorer."), va="bottom",
                  fontsize=8, color="#777777")
        lines = self.key_figures_text().split("\n")
        text.text(0, 1, "\n".join([*lines[:-1], self.indicator_text()]), va="top", fontsize=8.5)
        pyramid(self.municipality, compare="prefecture", ax=fig.add_subplot(grid[1, 0]))
        ax = fig.add_subplot(grid[:, 1])
        static_map(self.map_table(), self.indicator, label=tr(ja, en), unit=tr(unit_ja, unit_en),
                   highlight=self.municipality, ax=ax)
        (south, west), (north, east) = self.main_area_bounds()
        pad = 0.03 * max(north - south, east - west)
        ax.set_xlim(west - pad, east + pad)
        ax.set_ylim(south - pad, north + pad)
        legend = ax.get_legend()  # beside the map, not on it
        legend.set_loc("upper left")
        legend.set_bbox_to_anchor((1.0, 1.0), transform=ax.transAxes)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        plt.close(fig)
        return buffer.getvalue()


def explore(municipality="嬬恋村", indicator: str = "aging_rate", static: bool = False, *, pref=None):
    """Open the explorer: prefecture → municipality → indicator drop-downs, key figures, pyramid, map.

    Returns an ipywidgets box for JupyterLab (its state is ``box.explorer``, an :class:`Explorer`).
    ``static=True`` returns :func:`summary_table` instead, for viewers that cannot show widgets.
    ``municipality`` is anything :func:`chiiki_lab.codes.code_of` accepts, narrowed by ``pref``.

    >>> int(explore("10425", static=True).loc["嬬恋村", "世帯数（世帯）"])
    3532
    >>> box = explore("10425")                                # doctest: +SKIP
    """
    state = Explorer(code_of(municipality, pref=pref), indicator)
    if static:
        return state.summary()
    return _build_widget(state)


def _build_widget(state: Explorer):
    import html

    import folium
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    pref = w.Dropdown(options=state.prefecture_options(), value=state.prefecture, description=tr("都道府県", "Prefecture"))
    muni = w.Dropdown(options=state.municipality_options(), value=state.municipality, description=tr("市区町村", "Municipality"))
    indicator = w.Dropdown(options=state.indicator_options(), value=state.indicator, description=tr("指標", "Indicator"))
    figures = w.HTML()
    pyramid_out, map_out = w.Output(), w.Output()
    busy = []  # set while the drop-downs are being rewired, so each change draws once

    def draw_figures():
        lines = [html.escape(line) for line in state.key_figures_text().split("\n")]
        lines.insert(-1, "<b>" + html.escape(state.indicator_text()) + "</b>")
        figures.value = "<br>".join(lines[:-1]) + f"<br><small>{lines[-1]}</small>"

    def draw_pyramid():
        pyramid_out.clear_output(wait=True)
        with pyramid_out:
            state.pyramid()
            plt.show()

    def draw_map():
        map_out.clear_output(wait=True)
        with map_out:  # a fixed height: the default (60 % of the width) overflows a laptop screen
            display(folium.Figure(width="100%", height=MAP_HEIGHT).add_child(state.map()))

    def on_prefecture(change):
        state.set_prefecture(change["new"])
        busy.append(True)
        muni.options = state.municipality_options()
        muni.value = state.municipality
        busy.pop()
        draw_figures()
        draw_pyramid()
        draw_map()

    def on_municipality(change):
        if busy or change["new"] is None:
            return
        state.set_municipality(change["new"])
        draw_figures()
        draw_pyramid()
        draw_map()

    def on_indicator(change):
        state.set_indicator(change["new"])
        draw_figures()
        draw_map()

    pref.observe(on_prefecture, names="value")
    muni.observe(on_municipality, names="value")
    indicator.observe(on_indicator, names="value")
    draw_figures()
    draw_pyramid()
    draw_map()
    figures.layout = w.Layout(min_width="22em", max_width="40%", margin="0 1em 0 0")
    map_out.layout = w.Layout(width="100%")
    # the map gets the notebook's whole width, below the key figures and the pyramid
    box = _explorer_box_class()([w.HBox([pref, muni, indicator], layout=w.Layout(flex_flow="row wrap")),
                                 w.HBox([figures, pyramid_out]), map_out])
    box.explorer = state
    return box


@cache
def _explorer_box_class():
    """The explorer's VBox, which also carries a still picture for viewers without its live widgets."""
    import base64

    import ipywidgets as w

    class ExplorerBox(w.VBox):
        def _repr_mimebundle_(self, **kwargs):
            # JupyterLab shows the live widget; a reopened notebook, GitHub or nbviewer show the picture
            bundle = super()._repr_mimebundle_(**kwargs)
            bundle["image/png"] = base64.b64encode(self.explorer.snapshot_png()).decode("ascii")
            return bundle

    return ExplorerBox
