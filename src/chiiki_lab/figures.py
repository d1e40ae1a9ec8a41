"""Figure plumbing shared by every chart and map: the Japanese font, colours, the 出典 footer, export.

Charts (:mod:`chiiki_lab.plots`), maps (:mod:`chiiki_lab.maps`), the 地域カルテ
(:mod:`chiiki_lab.report`) and the synthetic-data charts (:mod:`chiiki_lab.synthetic`) all draw
through here, so that they share one font set-up, one palette and one way of writing the source.

>>> from chiiki_lab import figures
>>> plt = figures.pyplot()                      # matplotlib.pyplot with IPAexGothic set up
>>> fig, ax = plt.subplots()
>>> figures.add_sources(ax, ["出典：総務省統計局『令和2年国勢調査』を加工して作成"])
>>> [t.get_text()[:3] for t in fig.texts]
['出典：']
>>> plt.close(fig)
"""

from __future__ import annotations

import base64
import html
import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "FONT_NAME", "MALE_COLOR", "FEMALE_COLOR", "BASE_COLOR", "HIGHLIGHT_COLOR", "CONTEXT_COLOR",
    "COMPARE_COLOR", "NO_DATA_COLOR", "LINE_COLORS", "SOURCE_GID", "japanize", "pyplot", "new_axes",
    "refont", "style", "sources_of", "add_sources", "fit_axes", "draw_polygons", "embed",
]

FONT_NAME = "IPAexGothic"

MALE_COLOR = "#3a6ea5"
FEMALE_COLOR = "#d1605e"
BASE_COLOR = "#9db4cf"
HIGHLIGHT_COLOR = "#d1495b"
CONTEXT_COLOR = "#c8c8c8"
COMPARE_COLOR = "#222222"
NO_DATA_COLOR = "#d4d4d4"
LINE_COLORS = (
    "#1f5f9e", "#d1495b", "#2e8b57", "#e08e0b", "#7b4fa0", "#3aa6b9",
    "#8c564b", "#c2549d", "#6b8e23", "#4d4d4d", "#b8860b", "#17becf",
)
SOURCE_GID = "chiiki_lab_source"


# ---------------------------------------------------------------------------------------- fonts


def japanize() -> None:
    """Make matplotlib draw Japanese text with the bundled IPAexGothic font (no system font needed).

    The chart functions of this package call it themselves; call it before your own matplotlib
    charts so that Japanese titles and labels do not turn into empty boxes (豆腐).

    >>> from chiiki_lab.figures import japanize
    >>> japanize()
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("嬬恋村の人口")
    """
    import matplotlib
    import matplotlib_fontja
    from matplotlib import font_manager

    registered = any(f.name == FONT_NAME for f in font_manager.fontManager.ttflist)
    if not registered or matplotlib.rcParams["font.family"] != [FONT_NAME]:
        matplotlib_fontja.japanize()


def pyplot():
    """``matplotlib.pyplot``, with the Japanese font set up."""
    japanize()
    import matplotlib.pyplot as plt

    return plt


def new_axes(ax, figsize) -> Axes:
    """``ax`` with the Japanese font on its texts, or a new Axes (constrained layout) of ``figsize``."""
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    else:
        refont(ax)
    return ax


def refont(ax) -> None:
    """Give the Japanese font to texts of an Axes made before :func:`japanize` ran.

    A title or axis label keeps the font family it was created with, so an ``ax`` from a plain
    ``plt.subplots()`` earlier in the notebook would otherwise draw Japanese as empty boxes.
    """
    import matplotlib as mpl

    family = mpl.rcParams["font.family"]
    texts = [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
    for axis in (ax.xaxis, ax.yaxis):
        texts += [tick.label1 for tick in axis.get_major_ticks()] + [tick.label2 for tick in axis.get_major_ticks()]
    for text in texts:
        text.set_fontfamily(family)


def style(ax) -> None:
    """The house style: no top/right spines, grid behind the data."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_axisbelow(True)


# ---------------------------------------------------------------------------------------- 出典


def sources_of(*frames) -> list[str]:
    """The 出典 sentences of the given tables (from their ``df.attrs["chiiki_lab"]``), each once."""
    from .meta import TableMeta

    out = []
    for df in frames:
        meta = TableMeta.of(df)
        if meta is not None and meta.attribution_ja:
            text = meta.attribution()
            if text not in out:
                out.append(text)
    return out


def add_sources(ax, sources: list[str], notes: list[str] = ()) -> None:
    """Write notes (注) and the 出典 line(s) at the bottom of the figure, each once, wrapped to its width."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    if not sources and not notes:
        return
    fig = ax.figure
    known = getattr(fig, "_chiiki_lab_sources", [])
    fig._chiiki_lab_sources = known + [s for s in [*notes, *sources] if s not in known]
    fontsize = 7.5
    width = fig.get_figwidth() * 72 / fontsize * 0.97  # in em (the width of one 全角 character)
    lines = [line for s in fig._chiiki_lab_sources for line in _wrap(s, width)]
    text = "\n".join(lines)
    existing = [t for t in fig.texts if t.get_gid() == SOURCE_GID]
    if existing:
        existing[0].set_text(text)
    else:
        fig.text(0.01, 0.005, text, fontsize=fontsize, color="#555555", ha="left", va="bottom", gid=SOURCE_GID)
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        strip = (len(lines) * fontsize * 1.3 + 6) / 72 / fig.get_figheight()
        engine.set(rect=(0, strip, 1, 1 - strip))


def fit_axes(ax, pad: float = 4) -> None:
    """Place a figure's one Axes so that its tick labels, axis labels and title fit, above the 出典 strip.

    What constrained layout does for a single Axes, measuring each of those texts once: constrained
    layout measures every tick label several times over (about 0.07 s a chart, which the 地域カルテ from
    the command line waits for). For a figure made without a layout engine; ``pad`` is in points.
    Texts inside the Axes (legend, annotations) are not measured: they move with it.

    >>> from chiiki_lab import figures
    >>> plt = figures.pyplot()
    >>> fig, ax = plt.subplots(figsize=(5, 4))
    >>> _ = ax.plot([1980, 2020], [12000, 8850]); _ = ax.set_title("嬬恋村の人口")
    >>> figures.fit_axes(ax)
    >>> bool(0 < ax.get_position().x0 < 0.2)
    True
    >>> plt.close(fig)
    """
    import matplotlib

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    points = fig.dpi / 72

    def extents(texts):
        return [t.get_window_extent(renderer) for t in texts if t.get_visible() and t.get_text()]

    def tick_space(axis) -> float:  # tick length outside the Axes, gap to the label, gap to the axis label
        ticks = axis.get_major_ticks()
        return ((ticks[0].get_tick_padding() + ticks[0].get_pad() if ticks else 0) + axis.labelpad) * points

    def tick_labels(axis):  # the labels drawn: those of ticks inside the view
        low, high = sorted(axis.get_view_interval())
        slack = (high - low) * 1e-9
        labels = zip(axis.get_majorticklocs(), axis.get_majorticklabels())
        return extents([label for loc, label in labels if low - slack <= loc <= high + slack])

    y_ticks, x_ticks = tick_labels(ax.yaxis), tick_labels(ax.xaxis)
    height = lambda boxes: max((b.height for b in boxes), default=0)  # noqa: E731
    width = lambda boxes: max((b.width for b in boxes), default=0)  # noqa: E731
    left = width(y_ticks) + tick_space(ax.yaxis) + width(extents([ax.yaxis.label]))  # the y label stands upright
    bottom = height(x_ticks) + tick_space(ax.xaxis) + height(extents([ax.xaxis.label]))
    footer = extents([t for t in fig.texts if t.get_gid() == SOURCE_GID])
    if footer:
        bottom += height(footer) + pad * points
    top = height(extents([ax.title])) + matplotlib.rcParams["axes.titlepad"] * points
    right = max([0.0] + [b.x1 - ax.bbox.x1 for b in x_ticks])  # the last tick label's overhang
    wide, tall, gap = fig.bbox.width, fig.bbox.height, pad * points
    fig.subplots_adjust(left=(left + gap) / wide, right=1 - (right + gap) / wide,
                        bottom=(bottom + gap) / tall, top=1 - (top + gap) / tall)


def _wrap(text: str, width: float) -> list[str]:
    """Break ``text`` into lines of at most ``width`` em, between words or Japanese characters.

    Spaces stay at the end of the line they follow, so joining the lines gives ``text`` back.

    >>> _wrap("出典：総務省", 4)
    ['出典：総', '務省']
    """
    lines, line, used = [], "", 0.0
    for token in re.findall(r"[!-~]+ *|.", text, flags=re.DOTALL):
        size = sum(0.55 if " " <= ch <= "~" else 1.0 for ch in token.rstrip())
        if line and used + size > width:
            lines.append(line)
            line, used = "", 0.0
        line += token
        used += size + 0.55 * (len(token) - len(token.rstrip()))
    return [*lines, line]


# ---------------------------------------------------------------------------------------- shapes and export


def draw_polygons(ax, geometries, **style) -> None:
    """Draw (multi)polygons as one matplotlib collection (much faster than ``GeoDataFrame.plot``).

    The one drawing routine of every static map (:func:`chiiki_lab.static_map`, the 地域カルテ's map).
    """
    import numpy as np
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path as MplPath

    paths = []
    for geometry in geometries:
        if geometry is None or geometry.is_empty:
            continue
        for polygon in getattr(geometry, "geoms", [geometry]):
            rings = [np.asarray(ring.coords)[:, :2] for ring in (polygon.exterior, *polygon.interiors)]
            codes = [np.r_[MplPath.MOVETO, np.full(len(r) - 2, MplPath.LINETO), MplPath.CLOSEPOLY] for r in rings]
            paths.append(MplPath(np.concatenate(rings), np.concatenate(codes)))
    if paths:
        ax.add_collection(PathCollection(paths, **style), autolim=False)


def embed(fig, alt: str, caption: str = "", fmt: str = "svg") -> str:
    """The figure as an HTML ``<figure>`` with an embedded data URI (SVG, or PNG at 110 dpi), then closed."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buffer, format=fmt, dpi=110, metadata=metadata)
    plt.close(fig)
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure><img alt="{esc(alt)}" src="data:{mime};base64,{data}">{cap}</figure>'

