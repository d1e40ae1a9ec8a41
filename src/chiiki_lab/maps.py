"""Choropleth maps of municipalities: interactive (folium) and static (matplotlib), fully offline.

:func:`choropleth` joins any table with a 5-digit ``code`` column to the bundled boundaries,
classifies the values with mapclassify and returns a :class:`folium.Map`. The saved page needs no
network at all: Leaflet, topojson-client and a small drawing script are inlined from copies shipped
in ``chiiki_lab/static`` (licences there), no base tiles are loaded unless asked for, and the
boundaries travel as a compact TopoJSON (``datasets/topo_<level>.json``, built by
``datasets/build_topo.py``), so a national municipal map stays under 1 MB. :func:`static_map`
draws the same classes with matplotlib for print, PDF and slides.

>>> import chiiki_lab
>>> df = chiiki_lab.load("census2020")
>>> m = chiiki_lab.choropleth(df, "share_age65p_pct", label="高齢化率", highlight="嬬恋村")
>>> m.save("aging.html")                                    # doctest: +SKIP
>>> ax = chiiki_lab.static_map(df, "share_age65p_pct", label="高齢化率")
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .datasets import BOUNDARY_LEVELS, check_boundary_level
from .errors import (
    ChiikiLabTypeError,
    ChiikiLabValueError,
    MissingColumnError,
    did_you_mean,
)
from .figures import NO_DATA_COLOR, draw_polygons, pyplot, refont
from .i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import matplotlib.axes
    import pandas

LEVELS = tuple(BOUNDARY_LEVELS)  # "municipality", "ward", "prefecture"
SCHEMES = (
    "quantiles",
    "equal_interval",
    "fisher_jenks",
    "natural_breaks",
    "jenks_caspall",
    "headtail_breaks",
    "maximum_breaks",
    "pretty_breaks",
    "box_plot",
    "percentiles",
    "std_mean",
    "user_defined",
)
BOUNDARY_ATTRIBUTION_JA = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"
BOUNDARY_ATTRIBUTION_EN = (
    "Source: National Land Numerical Information (Administrative Area data), MLIT Japan, processed by chiiki_lab"
)
NEMURO = "01223"  # 根室市: when it is on the map, so are the 北方領土 villages next to it
NORTHERN_TERRITORIES = ("01695", "01696", "01697", "01698", "01699", "01700")
ISOLATED_KM = 300  # a feature this far from every other one with data is left out of the view
_STATIC = Path(__file__).resolve().parent / "static"


@dataclass
class _Classes:
    """A classified table joined to the features of one topology (everything both maps need)."""

    level: str
    codes: list[str]  # feature order of the topology
    names: list[str]
    cls: list[int]  # class per feature, -1 = no data
    text: list[str | None]  # formatted value with unit per feature
    colors: list[str]
    legend: list[tuple[str, str, int | None]]  # (colour, label, count); "データなし" last, no count
    label: str
    title: str | None
    extra: list[tuple[str, list[str | None]]]
    highlight: int  # feature index, -1 = none
    bounds: list[list[float]]  # [[south, west], [north, east]]
    attribution: list[str]


def choropleth(
    data: pandas.DataFrame,
    column: str,
    level: str = "municipality",
    scheme: str = "quantiles",
    k: int = 5,
    cmap: str = "YlOrRd",
    highlight=None,
    tiles: str | None = None,
    title: str | None = None,
    unit: str | None = None,
    tooltip: Sequence[str] = (),
    *,
    label: str | None = None,
    bins: Sequence[float] | None = None,
    decimals: int | None = None,
    pref=None,
) -> folium.Map:
    """Interactive choropleth of ``data[column]`` by municipality, ward or prefecture; works offline.

    ``data`` is any table with a 5-digit string ``code`` column (rows whose code is not a feature
    of ``level`` are ignored, so ``chiiki_lab.load("census2020")`` can be passed as it is; a
    GeoDataFrame's own geometry is not used). Values are classified with mapclassify ``scheme``
    (``k`` classes; ``bins`` = upper bounds for ``"user_defined"``) and coloured with the matplotlib
    colormap ``cmap``. The whole country is drawn: features without data are light grey
    (「データなし」), prefecture borders are drawn on top, and the view fits the features with data
    (remote islands such as 小笠原村 aside).
    ``highlight`` (a municipality in any form :func:`chiiki_lab.codes.code_of` accepts, narrowed by
    ``pref`` like there, or a feature's own code) gets a thick outline. ``tooltip`` names extra columns to show on
    hover. ``label`` names the value in legend and tooltips and ``unit`` follows every number
    (defaults: the column's description and unit in the catalog when ``data`` came from
    ``chiiki_lab.load``, else the column name and no unit). ``tiles=None`` draws no base map and
    the page needs no network; ``tiles="OpenStreetMap"`` adds one (needs the internet). Shapes are
    simplified (~300 m) for national and prefecture views; a national map saves to about 0.9 MB.

    >>> import chiiki_lab
    >>> df = chiiki_lab.load("census2020")
    >>> m = chiiki_lab.choropleth(df, "share_age65p_pct", label="高齢化率", unit="%")
    >>> type(m).__name__
    'Map'
    """
    import folium

    c = _classify(data, column, level, scheme, k, bins, cmap, highlight, title, label, unit, decimals, tooltip, pref)
    (south, west), (north, east) = c.bounds
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=5, tiles=tiles, zoom_snap=0.25)
    m.default_js, m.default_css = [], []  # no CDN: Leaflet is inlined by the layer below
    m.add_child(_layer_class()(_topology(level)[0], _js_json(_client_config(c))), name="chiiki_lab_choropleth")
    m.fit_bounds(c.bounds)
    return m


def static_map(
    data: pandas.DataFrame,
    column: str,
    level: str = "municipality",
    scheme: str = "quantiles",
    k: int = 5,
    cmap: str = "YlOrRd",
    highlight=None,
    title: str | None = None,
    unit: str | None = None,
    *,
    label: str | None = None,
    bins: Sequence[float] | None = None,
    decimals: int | None = None,
    pref=None,
    ax: matplotlib.axes.Axes | None = None,
    figsize: tuple[float, float] = (8, 8),
) -> matplotlib.axes.Axes:
    """The same choropleth as :func:`choropleth`, drawn with matplotlib for print, PDF and slides.

    Uses the bundled boundaries (``chiiki_lab.load_boundaries(level)``, more detailed than the
    interactive map's), one patch collection per class plus one for 「データなし」, prefecture
    borders, a Japanese legend (via matplotlib-fontja) and the 出典. Okinawa is shown in place.
    Returns the Axes; pass ``ax`` to draw into an existing one.

    >>> import chiiki_lab
    >>> df = chiiki_lab.load("census2020")
    >>> ax = chiiki_lab.static_map(df, "share_age65p_pct", label="高齢化率", unit="%")
    >>> ax.get_legend() is not None
    True
    """
    from matplotlib.patches import Patch

    from .datasets import load_boundaries

    c = _classify(data, column, level, scheme, k, bins, cmap, highlight, title, label, unit, decimals, (), pref)
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    else:
        refont(ax)  # an Axes made before the font was set up would draw Japanese as boxes
    (south, west), (north, east) = c.bounds
    pad = 0.03 * max(north - south, east - west)
    view = (slice(west - pad, east + pad), slice(south - pad, north + pad))
    shapes = load_boundaries(level).set_index("code").loc[c.codes, ["geometry"]]
    shapes["cls"] = c.cls
    highlighted = shapes.iloc[[c.highlight]] if c.highlight >= 0 else None
    shapes = shapes.cx[view]  # draw only what can be seen
    for i, color in enumerate([*c.colors, NO_DATA_COLOR]):
        part = shapes[shapes["cls"] == (i if i < len(c.colors) else -1)]
        draw_polygons(ax, part.geometry, facecolor=color, edgecolor="white", linewidth=0.1)
    if level != "prefecture":
        borders = load_boundaries("prefecture").cx[view].geometry
        draw_polygons(ax, borders, facecolor="none", edgecolor="#555555", linewidth=0.4)
    if highlighted is not None:
        draw_polygons(ax, highlighted.geometry, facecolor="none", edgecolor="black", linewidth=2)
    ax.set_xlim(view[0].start, view[0].stop)
    ax.set_ylim(view[1].start, view[1].stop)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))  # degrees as on the ground (as geopandas does)
    ax.set_axis_off()
    handles = [
        Patch(facecolor=color, edgecolor="#999999", linewidth=0.3, label=_legend_text(text, n))
        for color, text, n in c.legend
    ]
    ax.legend(handles=handles, title=c.label, loc="lower right", fontsize=8, title_fontsize=9, frameon=True)
    if c.title:
        ax.set_title(c.title)
    ax.annotate(
        "\n".join(c.attribution), xy=(0, -0.01), xycoords="axes fraction", va="top", fontsize=6, color="#444444"
    )
    return ax


# ---------------------------------------------------------------- classification shared by both maps


def _classify(data, column, level, scheme, k, bins, cmap, highlight, title, label, unit, decimals, tooltip,
              pref=None) -> _Classes:
    import mapclassify
    import matplotlib
    import numpy as np
    import pandas as pd

    check_boundary_level(level)
    table = _check_table(data, column, tooltip)
    scheme_key = _check_scheme(scheme, bins)
    topo_meta = _topology(level)[1]
    codes, names = topo_meta["codes"], topo_meta["names"]

    joined = table[table["code"].isin(set(codes))]
    duplicated = joined["code"][joined["code"].duplicated()]
    if len(duplicated):
        examples = "、".join(duplicated.unique()[:3])
        raise ChiikiLabValueError(
            f"code が同じ行が複数あります（例: {examples}）。地図には 1 つのコードにつき 1 行が必要です。"
            "年や男女などで縦に並んだ表なら、先に 1 つに絞ってください（例: df[df['sex'] == 'total']）。",
            f"Several rows share a code (e.g. {examples}). A map needs one row per code; filter a long "
            "table first (e.g. df[df['sex'] == 'total']).",
        )
    indexed = joined.set_index("code").reindex(codes)
    values = indexed[column].astype(float)
    has = values.notna().to_numpy()
    if not has.any():
        raise ChiikiLabValueError(
            f"data の code が {level!r} の境界と 1 つも一致しないか、{column!r} がすべて欠損です。"
            f"市区町村の表なら level='municipality'、区を含む表なら level='ward'、都道府県（コード PP000）なら "
            "level='prefecture' を指定し、code が 5 桁の文字列（例: '10425'）か確かめてください。",
            f"No code in data matches a {level!r} boundary, or {column!r} is all missing. Use level="
            "'municipality', 'ward' or 'prefecture' (codes PP000) to match the table, and check that codes "
            "are 5-digit strings (e.g. '10425').",
        )
    y = values[has].to_numpy()
    classifier = mapclassify.classify(y, scheme_key, k=k, bins=None if bins is None else list(bins))
    try:
        colormap = matplotlib.colormaps[cmap]
    except (KeyError, ValueError):
        raise ChiikiLabValueError(
            f"色の指定 cmap={cmap!r} は matplotlib にありません。'YlOrRd'、'Blues'、'viridis' などを指定してください。",
            f"matplotlib has no colormap {cmap!r}. Use e.g. 'YlOrRd', 'Blues' or 'viridis'.",
        ) from None
    n_classes = len(classifier.bins)
    colors = [matplotlib.colors.to_hex(colormap(i / max(n_classes - 1, 1))) for i in range(n_classes)]

    described = _catalog_column(data, column)
    unit = described.get("unit", "") if unit is None else unit
    if label is None and described.get("description_ja"):
        label = tr(described["description_ja"], described.get("description_en") or column)
    decimals = _auto_decimals(y, classifier.bins) if decimals is None else decimals
    cls = np.full(len(codes), -1)
    cls[has] = classifier.yb
    text = [_number(v, decimals) + unit if ok else None for v, ok in zip(values, has)]

    legend = []
    lows = [float(y.min()) if y.min() <= classifier.bins[0] else -math.inf, *classifier.bins[:-1]]
    for i, (low, high) in enumerate(zip(lows, classifier.bins)):
        bounds_text = f"{_number(low, decimals)} ～ {_number(high, decimals)}{unit}".strip()
        legend.append((colors[i], bounds_text, int(classifier.counts[i])))
    if (~has).any():
        legend.append((NO_DATA_COLOR, tr("データなし", "no data"), None))

    extra = []
    for col in tooltip:
        series = indexed[col]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            d = _auto_decimals(series.dropna().to_numpy(dtype=float))
            extra.append((col, [None if pd.isna(v) else _number(v, d) for v in series]))
        else:
            extra.append((col, [None if pd.isna(v) else str(v) for v in series]))

    return _Classes(
        level=level,
        codes=codes,
        names=names,
        cls=cls.tolist(),
        text=text,
        colors=colors,
        legend=legend,
        label=label or column,
        title=title,
        extra=extra,
        highlight=-1 if highlight is None else _feature_index(highlight, level, codes, names, pref),
        bounds=_bounds(level, [c for c, ok in zip(codes, has) if ok]),
        attribution=_attributions(data),
    )


def _check_scheme(scheme, bins) -> str:
    key = str(scheme).lower().replace("_", "")
    if key not in {s.replace("_", "") for s in SCHEMES}:
        raise ChiikiLabValueError(
            f"分類の方法 scheme={scheme!r} はありません。使えるのは {', '.join(SCHEMES)} です"
            "（ふつうは 'quantiles'＝各階級の数をそろえる、'equal_interval'＝等間隔、'fisher_jenks'＝自然な切れ目）。",
            f"There is no classification scheme {scheme!r}. Use one of {', '.join(SCHEMES)}.",
        )
    if (key == "userdefined") != (bins is not None):
        raise ChiikiLabValueError(
            "階級の境目 bins は scheme='user_defined' と組み合わせて指定してください（例: bins=[25, 30, 35, 40]）。",
            "Give bins together with scheme='user_defined' (e.g. bins=[25, 30, 35, 40]).",
        )
    return key


def _check_table(data, column, tooltip) -> pandas.DataFrame:
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise ChiikiLabTypeError(
            f"data には表（pandas の DataFrame）を渡してください（受け取った型: {type(data).__name__}）。"
            "例: chiiki_lab.choropleth(chiiki_lab.load('census2020'), 'population')",
            f"Pass a table (pandas DataFrame) as data (got {type(data).__name__}). "
            "E.g. chiiki_lab.choropleth(chiiki_lab.load('census2020'), 'population')",
        )
    if "code" not in data.columns:
        raise MissingColumnError(
            "data に code 列（5 桁の市区町村コード、例: '10425'）がありません。地図はこの列で境界とつなぎます。"
            "コードの列の名前が違うなら df.rename(columns={'市区町村コード': 'code'}) のように名前を変えてください。",
            "data has no code column (5-digit municipality code, e.g. '10425'), which joins it to the "
            "boundaries. Rename your code column, e.g. df.rename(columns={'city_code': 'code'}).",
        )
    for col in (column, *tooltip):
        if col not in data.columns:
            _, hint_ja, hint_en = did_you_mean(col, data.columns)
            raise MissingColumnError(
                f"data に列 {col!r} がありません。{hint_ja}列の一覧は data.columns で見られます。",
                f"data has no column {col!r}. {hint_en}See data.columns for the columns.",
            )
    if not pd.api.types.is_numeric_dtype(data[column]) or pd.api.types.is_bool_dtype(data[column]):
        raise ChiikiLabTypeError(
            f"列 {column!r} は数値ではありません（型 {data[column].dtype}）。塗り分けには数値の列を選ぶか、"
            f"pd.to_numeric(df[{column!r}], errors='coerce') で数値に変えてください。",
            f"Column {column!r} is not numeric (dtype {data[column].dtype}). Choose a numeric column or convert "
            f"it with pd.to_numeric(df[{column!r}], errors='coerce').",
        )
    if not (pd.api.types.is_string_dtype(data["code"]) or pd.api.types.is_object_dtype(data["code"])):
        raise ChiikiLabTypeError(
            f"code 列が文字列ではありません（型 {data['code'].dtype}）。数値にすると先頭の 0 が消えます（'01100' → 1100）。"
            "df['code'] = df['code'].astype(str).str.zfill(5) で 5 桁の文字列に直してください。",
            f"The code column is not text (dtype {data['code'].dtype}); as numbers codes lose their leading zero "
            "('01100' → 1100). Fix it with df['code'] = df['code'].astype(str).str.zfill(5).",
        )
    return data[["code", column, *[c for c in tooltip if c != column]]]


def _catalog_column(data, column: str) -> dict:
    """The catalog's description of ``column`` when ``data`` came from ``chiiki_lab.load``, else {}."""
    from .datasets import info

    name = data.attrs.get("chiiki_lab", {}).get("name")
    if not name:
        return {}
    try:
        columns = info(name).get("columns", [])
    except LookupError:  # a table tagged with a name the catalog does not know
        return {}
    return next((col for col in columns if col.get("name") == column), {})


def _auto_decimals(y, bins=()) -> int:
    """Decimals for values ``y``: none for whole numbers, else enough to tell the class bounds apart."""
    import numpy as np

    if len(y) == 0 or np.all(np.mod(y, 1) == 0):
        return 0
    gaps = np.diff([float(y.min()), *bins]) if len(bins) else [float(y.max() - y.min())]
    step = min([g for g in gaps if g > 0], default=1.0)
    return 0 if step >= 100 else 1 if step >= 1 else 2 if step >= 0.1 else 3


def _legend_text(text: str, count: int | None) -> str:
    return text if count is None else f"{text}（{count}）"


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}" if math.isfinite(value) else ""


def _feature_index(highlight, level: str, codes: list[str], names: list[str], pref=None) -> int:
    """Index of the feature standing for ``highlight`` (anything :func:`chiiki_lab.codes.code_of` accepts,
    or a feature's code or name such as "10000" / "群馬県" on the prefecture map)."""
    import pandas as pd

    from .codes import codes_in

    features = pd.DataFrame({"code": codes, "name": names})
    features.attrs["chiiki_lab"] = {"name": f"topology_{level}"}
    return codes.index(codes_in(features, highlight, pref=pref)[0])


def _bounds(level: str, covered: list[str]) -> list[list[float]]:
    """[[south, west], [north, east]] around the largest part of every covered feature.

    Remote islands far from every other covered feature (小笠原村 for 東京都) are left out of the
    view (they are still drawn), unless nothing would be left.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    if level == "prefecture":  # around the municipalities of the prefectures
        boxes = _topology("municipality")[1]["main_bbox"]
        prefixes = {c[:2] for c in covered}
        selected = np.array([b for c, b in boxes.items() if c[:2] in prefixes])
    else:
        boxes = _topology(level)[1]["main_bbox"]
        extra = NORTHERN_TERRITORIES if NEMURO in covered else ()
        selected = np.array([boxes[c] for c in (*covered, *extra)])
    if len(selected) > 2:
        lat = (selected[:, 1] + selected[:, 3]) / 2
        centres_km = np.column_stack([(selected[:, 0] + selected[:, 2]) / 2 * np.cos(np.radians(lat)), lat]) * 111.2
        nearest_km = cKDTree(centres_km).query(centres_km, k=2)[0][:, 1]
        if (nearest_km <= ISOLATED_KM).any():
            selected = selected[nearest_km <= ISOLATED_KM]
    west, south = selected[:, :2].min(axis=0)
    east, north = selected[:, 2:].max(axis=0)
    return [[float(south), float(west)], [float(north), float(east)]]


def _attributions(data) -> list[str]:
    texts = [BOUNDARY_ATTRIBUTION_JA]
    tag = data.attrs.get("chiiki_lab") or {}
    if tag.get("attribution_ja"):
        texts.append(tr(tag["attribution_ja"], tag.get("attribution_en") or tag["attribution_ja"]))
    return texts


# ---------------------------------------------------------------- bundled topology and front-end assets


@cache
def _topology(level: str) -> tuple[str, dict]:
    """(TopoJSON text to embed, metadata: codes, names, main_bbox) of dataset ``topology_<level>``."""
    from .datasets import verify

    path = verify(f"topology_{level}")  # checksum-checked like every bundled file
    topo = json.loads(path.read_text(encoding="utf-8"))
    meta = topo.pop("chiiki_lab")
    meta["codes"] = [g["id"] for g in topo["objects"]["features"]["geometries"]]
    return json.dumps(topo, separators=(",", ":")), meta


@cache
def _prefecture_names() -> dict[str, str]:
    """{"01": "北海道", …} from the prefecture topology."""
    meta = _topology("prefecture")[1]
    return {code[:2]: name for code, name in zip(meta["codes"], meta["names"])}


@cache
def _assets() -> str:
    """Leaflet, topojson-client and chiiki_lab's drawing code as inline <style>/<script> (no URLs)."""

    def data_uri(match):
        png = (_STATIC / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(png).decode("ascii") + ")"

    css = re.sub(r"url\((images/[\w-]+\.png)\)", data_uri, (_STATIC / "leaflet.css").read_text(encoding="utf-8"))
    leaflet = re.sub(r"\n//# sourceMappingURL=\S+", "", (_STATIC / "leaflet.js").read_text(encoding="utf-8"))
    parts = [
        f"<style>{css}\n{(_STATIC / 'choropleth.css').read_text(encoding='utf-8')}</style>",
        f"<script>{leaflet}</script>",
        f"<script>{(_STATIC / 'topojson-client.min.js').read_text(encoding='utf-8')}</script>",
        f"<script>{(_STATIC / 'choropleth.js').read_text(encoding='utf-8')}</script>",
    ]
    return "\n".join(parts)


def _client_config(c: _Classes) -> dict:
    """The compact table the inlined script colours the features from (all text HTML-escaped)."""
    esc = html.escape
    rows = "".join(
        f'<div><i style="background:{color}"></i>{esc(_legend_text(text, n))}</div>' for color, text, n in c.legend
    )
    return {
        "names": c.names,
        "cls": c.cls,
        "val": [None if t is None else esc(t) for t in c.text],
        "colors": c.colors,
        "noData": NO_DATA_COLOR,
        "noDataText": tr("データなし", "no data"),
        "label": esc(c.label),
        "extra": [[esc(name), [None if v is None else esc(v) for v in values]] for name, values in c.extra],
        "prefs": None if c.level == "prefecture" else _prefecture_names(),
        "prefBorders": c.level != "prefecture",
        "highlight": c.highlight,
        "legend": f'<div class="head">{esc(c.label)}</div>{rows}',
        "title": esc(c.title) if c.title else "",
        "attribution": " ／ ".join(esc(a) for a in c.attribution),
    }


def _js_json(obj) -> str:
    """Compact JSON that is safe inside an inline <script> (no "</", no line separators)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@cache
def _layer_class():
    """The folium element that inlines the assets and draws the choropleth (folium imported lazily)."""
    from branca.element import Element, MacroElement
    from jinja2 import Template

    class Verbatim(Element):
        """Text rendered as it is (never read as a Jinja template, unlike ``Element(text)``)."""

        _template = Template("{{ this.text }}")

        def __init__(self, text: str):
            super().__init__()
            self.text = text

    class ChoroplethLayer(MacroElement):
        """Inline Leaflet + topojson-client in the page head, then draw the topology on the map."""

        def __init__(self, topology: str, config: str):
            super().__init__()
            self._name = "ChiikiLabChoropleth"
            self.topology = topology
            self.config = config

        def render(self, **kwargs):
            figure = self.get_root()
            figure.header.add_child(Verbatim(_assets()), name="chiiki_lab_assets")
            call = f"chiikiLabChoropleth({self._parent.get_name()}, {self.topology}, {self.config});"
            figure.script.add_child(Verbatim(call), name=self.get_name())

    return ChoroplethLayer
