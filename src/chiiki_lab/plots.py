"""Charts with Japanese text: population pyramids, rankings, time series and scatter plots.

Every function returns the matplotlib ``Axes`` it drew on, draws on ``ax=`` when given (otherwise on
a new figure), writes titles and labels in Japanese (English after ``chiiki_lab.set_language("en")``)
and adds the data's 出典 (source) line at the bottom of the figure. Japanese text is drawn with the
IPAexGothic font bundled in ``matplotlib-fontja`` (set up by :mod:`chiiki_lab.figures`, which also holds
the colours and the 出典 footer), so no system font is needed.

>>> import chiiki_lab
>>> from chiiki_lab import plots
>>> ax = plots.pyramid("嬬恋村", compare="national")                        # doctest: +SKIP
>>> df = chiiki_lab.load("census2020")
>>> gunma = df[(df["pref_name"] == "群馬県") & df["is_basic_municipality"]]
>>> ax = plots.ranking(gunma, "share_age65p_pct", highlight="嬬恋村")        # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import figures
from .datasets import column_label, column_unit
from .errors import ChiikiLabValueError, MissingColumnError
from .figures import (
    BASE_COLOR,
    COMPARE_COLOR,
    CONTEXT_COLOR,
    FEMALE_COLOR,
    HIGHLIGHT_COLOR,
    LINE_COLORS,
    MALE_COLOR,
    add_sources,
    new_axes,
    sources_of,
)
from .i18n import tr
from .indicators import age_columns
from .numbers_ja import count_text, format_man

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from matplotlib.axes import Axes

# age tables holding one year (juki2022_age: 住民基本台帳 on 2022-01-01)
_DATASET_YEAR = {"census2020_age": 2020, "census1980_age": 1980, "juki2022_age": 2022}
_IPSS = "ipss2018_projection"
_MAX_LINES = 12


# ----------------------------------------------------------------------------------- numbers


def _value_text(value, column: str) -> str:
    """Short text of one value of ``column`` (percent, count or plain number)."""
    if column.endswith("_pct"):
        return f"{value:.1f}%"
    unit = _count_unit(column)
    if unit is not None:
        return count_text(value, unit)
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _count_unit(column: str) -> str | None:
    """Unit of a count column ("人", "世帯") or None when the column is not a count."""
    if column == "population" or column.startswith(("pop_age", "pop_male", "pop_female", "age_")):
        return "人"
    if column.startswith("households"):
        return "世帯"
    return None


def _column_name(column: str, label: str | None = None) -> str:
    """Name of a column for titles (no unit): "65歳以上人口の割合" (the catalog's short label)."""
    if label is not None:
        return label
    return column_label(column) or column


def _axis_label(column: str, label: str | None = None) -> str:
    """Axis label with the unit, unless tick labels carry it: "65歳以上人口の割合（%）"."""
    name = _column_name(column, label)
    # the Japanese unit in both languages, as the charts always showed; an index (指数) has no unit to print
    unit = column_unit(column, lang="ja")
    if label is not None or unit in (None, "", "指数") or _count_unit(column) is not None:
        return name
    return tr(f"{name}（{unit}）", f"{name} ({unit})")


# ----------------------------------------------------------------------------- data helpers


def _require(df, columns, what: str) -> None:
    missing = ", ".join(c for c in columns if c not in df.columns)
    if missing:
        have = ", ".join(map(str, df.columns[:15])) + (" …" if len(df.columns) > 15 else "")
        raise MissingColumnError(
            f"{what}に必要な列 {missing} がデータにありません。データにある列: {have}",
            f"The data has no column {missing}, which {what} needs. Columns in the data: {have}",
        )


def _basic_only(df):
    """Keep only basic municipalities when the table mixes them with 全国, prefectures or wards."""
    if "is_basic_municipality" in df.columns:
        basic = df["is_basic_municipality"].fillna(False).astype(bool)
        if basic.any() and not basic.all():
            return df[basic]
    return df


def _display_names(df):
    """Names for labels; 都道府県名 is added where a name occurs twice (府中市（東京都）)."""
    if "name" not in df.columns:
        return df["code"].astype(str)
    names = df["name"].astype(str)
    if "pref_name" in df.columns and "code" in df.columns:
        per_name = df.groupby("name")["code"].transform("nunique")
        twice = per_name > 1
        names = names.where(~twice, names + "（" + df["pref_name"].astype(str) + "）")
    return names


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (str, int)) or hasattr(value, "code"):  # one name, code or Municipality
        return [value]
    return list(value)


def _highlight_mask(df, highlight, pref=None):
    """Rows of ``df`` standing for the places in ``highlight`` (one place or a list of them)."""
    from .codes import codes_in

    keys = set()
    for place in _as_list(highlight):
        keys.update(codes_in(df, place, pref=pref))
    return df["code" if "code" in df.columns else "name"].isin(keys)


# ----------------------------------------------------------------------------------- pyramid


def _age_label(lo: int, hi: int | None) -> str:
    return f"{lo}–{hi}" if hi is not None else f"{lo}+"


def _pick_source(year: int, source: str | None) -> str:
    if source is not None:
        return source
    for name, data_year in _DATASET_YEAR.items():
        if data_year == year:
            return name
    if year in range(2015, 2050, 5):
        return _IPSS
    raise ChiikiLabValueError(
        f"{year}年の人口ピラミッドのデータはありません。1980年・2020年（国勢調査）、2022年（住民基本台帳）か、"
        "2015〜2045年の5年おき（社人研の将来推計）を指定してください。",
        f"There is no age data for {year}. Use 1980 or 2020 (census), 2022 (resident register) "
        "or 2015–2045 in steps of 5 (IPSS projection).",
    )


def _rows_for_year(df, year: int, source: str):
    if "year" in df.columns:
        years = sorted(df["year"].unique())
        if year not in years:
            raise ChiikiLabValueError(
                f"{source} に {year}年のデータはありません。使える年: {', '.join(map(str, years))}。",
                f"{source} has no data for {year}. Available years: {', '.join(map(str, years))}.",
            )
        return df[df["year"] == year]
    known = _DATASET_YEAR.get(source)
    if known is not None and known != year:
        raise ChiikiLabValueError(
            f"{source} は{known}年のデータです。year={known} を指定するか、source を省いてください"
            "（年に合うデータが選ばれます）。",
            f"{source} holds data for {known}. Pass year={known}, or leave out source "
            "(the data matching the year is chosen).",
        )
    return df


def _sex_counts(df, mask, ages):
    """Sum of the age columns by sex (rows 'male'/'female') over the rows selected by ``mask``."""
    rows = df[mask & df["sex"].isin(["male", "female"])]
    return rows.groupby("sex")[ages].sum()


def _national_mask(df):
    if (df["code"] == "00000").any():
        return df["code"] == "00000"
    if "level" in df.columns and (df["level"] == "prefecture").any():
        return df["level"] == "prefecture"
    return df["is_basic_municipality"].astype(bool)


def _prefecture_mask(df, code: str):
    pref = code[:2] + "000"
    if (df["code"] == pref).any():
        return df["code"] == pref
    return df["is_basic_municipality"].astype(bool) & df["code"].str.startswith(code[:2])


def pyramid(
    municipality,
    year: int = 2020,
    compare: str | None = None,
    shares: bool | None = None,
    ax: Axes | None = None,
    source: str | None = None,
    *,
    pref=None,
) -> Axes:
    """Population pyramid of one municipality: males left, females right, 5-year age groups.

    ``municipality`` is anything :func:`chiiki_lab.codes.code_of` accepts ("嬬恋村", "10425",
    "府中市" with ``pref="東京都"`` …). ``year`` chooses the data when ``source``
    is not given: 2020 → ``census2020_age``, 1980 → ``census1980_age``, 2022 → ``juki2022_age``
    (住民基本台帳, 1 January), 2015 and 2025–2045 → ``ipss2018_projection`` (社人研 projection; top
    group 90+). ``compare="national"`` or
    ``"prefecture"`` overlays Japan's or the prefecture's shape as an outline; then (or with
    ``shares=True``) bars show the share of the total population in percent. People of unknown age
    (年齢不詳) are left out of the bars and their number is noted under the chart.

    >>> from chiiki_lab.plots import pyramid
    >>> ax = pyramid("嬬恋村", compare="national")          # doctest: +SKIP
    >>> ax = pyramid("10425", year=2045)                      # doctest: +SKIP
    """
    import numpy as np

    from .datasets import load

    if compare not in (None, "national", "prefecture"):
        raise ChiikiLabValueError(
            f"compare={compare!r} は使えません。'national'（全国）か 'prefecture'（都道府県）か None を指定してください。",
            f"compare={compare!r} is not supported. Use 'national', 'prefecture' or None.",
        )
    shares = compare is not None if shares is None else shares
    source = _pick_source(year, source)
    df = load(source)
    _require(df, ["code", "sex"], tr("人口ピラミッド", "a population pyramid"))
    groups = age_columns(df)
    ages = [column for _, _, column in groups]
    df = _rows_for_year(df, year, source)
    from .codes import codes_in

    code = codes_in(df, municipality, pref=pref)[0]
    own = df["code"] == code
    counts = _sex_counts(df, own, ages)
    row = df[own].iloc[0]
    name = row["name"]
    pref_name = row.get("pref_name", "")
    unknown = int(df.loc[own & (df["sex"] == "total"), "age_unknown"].sum()) if "age_unknown" in df else 0
    total = counts.to_numpy().sum()
    if total == 0:
        raise ChiikiLabValueError(
            f"{name}（{code}）の{year}年の人口は0人なので、人口ピラミッドを描けません。",
            f"{name} ({code}) had no residents in {year}, so there is no pyramid to draw.",
        )

    if compare == "prefecture" and code.endswith("000"):
        raise ChiikiLabValueError(
            f"{name} は都道府県なので compare='prefecture' とは比べられません。compare='national' を使ってください。",
            f"{name} is a prefecture; compare it with compare='national' instead.",
        )
    ref = None
    if compare == "national":
        ref = _sex_counts(df, _national_mask(df), ages)
        ref_label = tr(f"全国（{year}年）", f"Japan ({year})")
    elif compare == "prefecture":
        ref = _sex_counts(df, _prefecture_mask(df, code), ages)
        ref_label = tr(f"{pref_name}（{year}年）", f"{pref_name} ({year})")

    def values(table, sex):
        v = table.loc[sex, ages].to_numpy(dtype=float)
        return v / table.to_numpy().sum() * 100 if shares else v

    ax = new_axes(ax, (7, 6.8))
    y = np.arange(len(ages))
    ax.barh(y, -values(counts, "male"), height=0.82, color=MALE_COLOR)
    ax.barh(y, values(counts, "female"), height=0.82, color=FEMALE_COLOR)
    widest = max(values(counts, "male").max(), values(counts, "female").max())
    if ref is not None:
        edges = np.arange(len(ages) + 1) - 0.5
        outlines = [
            ax.stairs(
                sign * values(ref, sex),
                edges,
                orientation="horizontal",
                baseline=None,
                color=COMPARE_COLOR,
                linewidth=1.4,
                label=ref_label,
            )
            for sex, sign in (("male", -1), ("female", 1))
        ]
        widest = max(widest, values(ref, "male").max(), values(ref, "female").max())
    limit = widest * 1.12
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-0.6, len(ages) + 0.9)  # a free row on top for the 男性/女性 headings and the legend
    ax.set_yticks(y, [_age_label(lo, hi) for lo, hi, _ in groups])
    ax.axvline(0, color="white", linewidth=1)
    from matplotlib.ticker import FuncFormatter

    if shares:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}%"))
        # the shares are of people whose age is known (年齢不詳 is in no bar, so not in the denominator either)
        ax.set_xlabel(tr("年齢のわかる人に占める割合（%）", "Share of people of known age (%)"))
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: count_text(abs(v))))
        ax.set_xlabel(tr("人口（人）", "Population"))
    ax.set_ylabel(tr("年齢（歳）", "Age"))
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    figures.style(ax)
    kind = tr("推計", "projection") if source == _IPSS and year > 2015 else ""
    place = tr(f"{name}（{pref_name}）", f"{name} ({pref_name})") if pref_name and pref_name != name else name
    ax.set_title(
        tr(
            f"{place}の人口ピラミッド（{year}年{kind}）\n総人口 {format_man(total + unknown)}",
            f"Population pyramid of {place}, {year}{' ' + kind if kind else ''}\n"
            f"Total population {total + unknown:,.0f}",
        ),
        fontsize=12,
    )
    head = len(ages) + 0.25
    ax.text(-limit * 0.5, head, tr("男性", "Male"), ha="center", va="center", color=MALE_COLOR, fontsize=12)
    ax.text(limit * 0.5, head, tr("女性", "Female"), ha="center", va="center", color=FEMALE_COLOR, fontsize=12)
    if ref is not None:
        ax.legend(handles=outlines[:1], loc="upper center", frameon=False, fontsize=9)
    notes = []
    if unknown > 0:
        notes.append(
            tr(
                f"注：年齢不詳の{unknown:,}人はグラフに含めていません。",
                f"Note: {unknown:,} people of unknown age are not shown.",
            )
        )
    add_sources(ax, sources_of(df), notes)
    return ax


# ----------------------------------------------------------------------------------- ranking


def ranking(
    data: pandas.DataFrame,
    column: str,
    highlight=None,
    top: int = 20,
    ascending: bool = False,
    ax: Axes | None = None,
    label: str | None = None,
    *,
    pref=None,
) -> Axes:
    """Horizontal bar chart of the ``top`` rows with the largest (or, ``ascending=True``, smallest) ``column``.

    ``highlight`` (a name or code, or a list of them) is drawn in a distinct colour and labelled with
    its rank (…位); when it is not among the first ``top`` it is added below them (``pref`` narrows
highlighted names to one prefecture, as in :func:`chiiki_lab.codes.code_of`). If ``data`` mixes basic
    municipalities with 全国, prefectures or wards, only the basic municipalities are ranked.

    >>> import chiiki_lab
    >>> from chiiki_lab.plots import ranking
    >>> df = chiiki_lab.load("census2020")
    >>> gunma = df[df["pref_name"] == "群馬県"]
    >>> ax = ranking(gunma, "share_age65p_pct", highlight="嬬恋村", top=10)   # doctest: +SKIP
    """
    import numpy as np
    import pandas as pd

    _require(data, [column], tr("順位グラフ", "a ranking"))
    df = _basic_only(data).dropna(subset=[column])
    df = df.assign(_label=_display_names(df)).sort_values(column, ascending=ascending, kind="stable")
    df["_rank"] = df[column].rank(ascending=ascending, method="min").astype(int)
    marked = _highlight_mask(df, highlight, pref)
    shown = df.iloc[:top]
    extra = df[marked & ~df.index.isin(shown.index)]
    plotted = pd.concat([shown, extra])
    labels = [
        tr(f"{name}（{rank}位）", f"{name} (#{rank})") if is_marked else name
        for name, rank, is_marked in zip(plotted["_label"], plotted["_rank"], marked.loc[plotted.index])
    ]
    positions = list(range(len(shown))) + [len(shown) + 0.6 + i for i in range(len(extra))]
    colors = np.where(marked.loc[plotted.index], HIGHLIGHT_COLOR, BASE_COLOR)

    ax = new_axes(ax, (7.5, 0.32 * len(plotted) + 1.6))
    bars = ax.barh(positions, plotted[column].to_numpy(dtype=float), height=0.75, color=colors)
    ax.set_yticks(positions, labels)
    for tick, is_marked in zip(ax.get_yticklabels(), marked.loc[plotted.index]):
        if is_marked:
            tick.set_color(HIGHLIGHT_COLOR)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[_value_text(v, column) for v in plotted[column]], padding=3, fontsize=8)
    ax.margins(x=0.15, y=0.01)
    if len(extra):
        ax.axhline(len(shown) - 0.2, color="#999999", linewidth=0.8, linestyle=(0, (2, 2)))
    text = _column_name(column, label)
    from matplotlib.ticker import FuncFormatter

    unit = _count_unit(column)
    if unit is not None:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: count_text(v, unit)))
    ax.set_xlabel(_axis_label(column, label))
    n = len(shown)
    ax.set_title(
        tr(
            f"{text}：{'下位' if ascending else '上位'}{n}（{len(df)}団体中）",
            f"{text}: {'bottom' if ascending else 'top'} {n} of {len(df)}",
        ),
        fontsize=12,
    )
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.tick_params(axis="y", length=0)
    figures.style(ax)
    add_sources(ax, sources_of(data))
    return ax


# -------------------------------------------------------------------------------- timeseries


def timeseries(
    data: pandas.DataFrame,
    column: str = "population",
    x: str = "year",
    highlight=None,
    projection=None,
    projection_from=None,
    ax: Axes | None = None,
    label: str | None = None,
    *,
    pref=None,
) -> Axes:
    """Line chart of ``column`` over ``x``, one line per municipality, projections dashed (推計).

    Rows with ``is_projection`` True, or with ``x`` after ``projection_from``, continue their line
    dashed. ``projection`` is a projection table (e.g. ``ipss2018_projection``), or a dict
    ``{label: table}`` of several vintages: each is drawn as its **own** dashed line from its own
    base year, so that a projection's value for a year the data also observed (IPSS's 2020 beside
    the 2020 census) stays visible instead of being joined to the observed line. With
    ``highlight`` (names or codes), those lines are coloured and labelled and the others drawn thin
    and grey for context. Tables with a ``sex`` column use the rows of ``sex == "total"``.

    >>> import chiiki_lab
    >>> from chiiki_lab.plots import timeseries
    >>> ts = chiiki_lab.load("census_timeseries")
    >>> ipss = chiiki_lab.load("ipss2018_projection")
    >>> ax = timeseries(ts[ts["code"] == "10425"], "population", projection=ipss[ipss["code"] == "10425"])  # doctest: +SKIP
    """
    import pandas as pd

    what = tr("折れ線グラフ", "a line chart")
    _require(data, [x, column], what)
    observed = _totals_only(data).assign(_proj=False, _series="")
    if "is_projection" in observed.columns:
        observed["_proj"] = observed["is_projection"].fillna(False).astype(bool)
    if projection_from is not None:
        observed["_proj"] |= observed[x] > projection_from
    if projection is None:
        projections = {}
    elif isinstance(projection, dict):
        projections = projection
    else:
        projections = {tr("推計", "projection"): projection}
    frames = [observed]
    for series, table in projections.items():
        _require(table, [x, column], what)
        proj = _totals_only(table)
        if "code" in proj.columns and "code" in observed.columns:
            proj = proj[proj["code"].isin(observed["code"])]
        frames.append(proj.assign(_proj=True, _series=series))
    df = pd.concat(frames, ignore_index=True).dropna(subset=[column])
    key = "code" if "code" in df.columns else None
    df["_key"] = df[key] if key else ""
    df["_label"] = _display_names(df) if key else _column_name(column, label)
    marked = _highlight_mask(df, highlight, pref) if highlight is not None else pd.Series(True, index=df.index)
    n_lines = df.loc[marked, "_key"].nunique()
    if n_lines > _MAX_LINES:
        raise ChiikiLabValueError(
            f"線が {n_lines} 本になり多すぎます（最大 {_MAX_LINES} 本）。highlight= で目立たせる市区町村を選ぶか、"
            "データを絞り込んでください。",
            f"That would draw {n_lines} lines (at most {_MAX_LINES}). Pick municipalities with highlight= "
            "or filter the data.",
        )

    ax = new_axes(ax, (8, 4.8))
    colors = iter(LINE_COLORS)
    dashes = dict(zip(["", *projections], ["--", "--", (0, (1, 1.6)), "-.", (0, (5, 1))]))
    for _, place in df.sort_values(x).groupby("_key", sort=False):
        is_marked = bool(marked.loc[place.index].any())
        style = (
            {"color": next(colors), "linewidth": 2.2, "marker": "o", "markersize": 3.5, "zorder": 3}
            if is_marked
            else {"color": CONTEXT_COLOR, "linewidth": 0.9, "zorder": 1}
        )
        name = place["_label"].iloc[0] if is_marked else None
        for series, line in place.groupby("_series", sort=False):
            solid = line[~line["_proj"]]
            dashed = line[line["_proj"]]
            if series:  # a projection table: its own line, from its own base year
                solid, dashed = solid.iloc[:0], line
            line_label = name if not series or name is None else tr(f"{name}（{series}）", f"{name} ({series})")
            if len(solid):
                ax.plot(solid[x], solid[column], label=line_label, **style)
                dashed = pd.concat([solid.tail(1), dashed]) if len(dashed) else dashed
            if len(dashed):
                ax.plot(dashed[x], dashed[column], linestyle=dashes[series],
                        label=None if len(solid) else line_label, **style)
    # the shaded part starts at the first projected value (a projection's base year is observed)
    projected = df["_proj"]
    if "is_projection" in df.columns:
        projected &= df["is_projection"].astype("boolean").fillna(True).astype(bool)
    proj_start = df.loc[projected, x].min() if projected.any() else None
    if proj_start is not None:
        ax.axvspan(proj_start, df[x].max(), color="#f2f2f2", zorder=0)
        ax.text(
            proj_start,
            1.0,
            tr(" 推計（破線）", " projection (dashed)"),
            transform=ax.get_xaxis_transform(),
            ha="left",
            va="top",
            fontsize=9,
            color="#555555",
        )
    text = _column_name(column, label)
    unit = _count_unit(column)
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if unit is not None:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: count_text(v, unit)))
        ax.set_ylim(bottom=0, top=df[column].max() * 1.08)
    if pd.api.types.is_integer_dtype(df[x]):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.set_xlabel(tr("年", "Year") if x == "year" else x)
    ax.set_ylabel(_axis_label(column, label))
    ax.set_title(tr(f"{text}の推移", f"{text} over time"), fontsize=12)
    if key:
        ax.legend(frameon=False, fontsize=9, loc="best")
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
    figures.style(ax)
    add_sources(ax, sources_of(data, *projections.values()))
    return ax


def _totals_only(df):
    return df[df["sex"] == "total"] if "sex" in df.columns else df


# ----------------------------------------------------------------------------------- scatter


def scatter(
    data: pandas.DataFrame,
    x: str,
    y: str,
    labels=None,
    highlight=None,
    ax: Axes | None = None,
    *,
    pref=None,
) -> Axes:
    """Scatter plot of two indicators, with the names of some points written next to them.

    ``labels`` is how many points with the largest ``y`` get their name (None: 5), or a list of
    names/codes to label. ``highlight`` points (names or codes) are drawn in a distinct colour and
    always labelled. Labels are nudged so that they do not overlap. If ``data`` mixes basic
    municipalities with 全国, prefectures or wards, only the basic municipalities are drawn.

    >>> import chiiki_lab
    >>> from chiiki_lab.plots import scatter
    >>> df = chiiki_lab.load("census2020")
    >>> ax = scatter(df, "mean_age", "share_age65p_pct", highlight="嬬恋村")   # doctest: +SKIP
    """
    _require(data, [x, y], tr("散布図", "a scatter plot"))
    df = _basic_only(data).dropna(subset=[x, y])
    df = df.assign(_label=_display_names(df))
    marked = _highlight_mask(df, highlight, pref)
    if labels is None or isinstance(labels, int):
        named = df.index.isin(df.nlargest(5 if labels is None else labels, y).index)
    else:
        named = _highlight_mask(df, labels, pref).to_numpy()
    named = named | marked.to_numpy()

    ax = new_axes(ax, (7.5, 6))
    ax.scatter(
        df.loc[~marked, x],
        df.loc[~marked, y],
        s=16,
        color=BASE_COLOR,
        alpha=0.75,
        edgecolor="white",
        linewidth=0.4,
        zorder=2,
    )
    if marked.any():
        ax.scatter(
            df.loc[marked, x],
            df.loc[marked, y],
            s=50,
            color=HIGHLIGHT_COLOR,
            edgecolor="white",
            linewidth=0.8,
            zorder=3,
        )
    from matplotlib.ticker import FuncFormatter

    for axis, column in ((ax.xaxis, x), (ax.yaxis, y)):
        unit = _count_unit(column)
        if unit is not None:
            axis.set_major_formatter(FuncFormatter(lambda v, _, unit=unit: count_text(v, unit)))
    ax.set_xlabel(_axis_label(x))
    ax.set_ylabel(_axis_label(y))
    xname, yname = _column_name(x), _column_name(y)
    ax.set_title(tr(f"{yname}と{xname}", f"{yname} vs {xname}"), fontsize=12)
    ax.grid(color="#e5e5e5", linewidth=0.8)
    figures.style(ax)
    to_label = df[named].sort_values(y, ascending=False)
    _place_labels(ax, to_label[x], to_label[y], to_label["_label"], marked.loc[to_label.index])
    add_sources(ax, sources_of(data))
    return ax


def _place_labels(ax, xs, ys, texts, marked) -> None:
    """Annotate points, trying a few offsets around each so that labels do not overlap."""
    offsets = [(5, 5), (5, -12), (-5, 5), (-5, -12), (5, 16), (-5, 16), (5, -24), (-5, -24)]
    renderer = ax.figure.canvas.get_renderer()
    placed = []
    for px, py, text, is_marked in zip(xs, ys, texts, marked):
        for dx, dy in offsets:
            note = ax.annotate(
                text,
                (px, py),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=9,
                ha="left" if dx > 0 else "right",
                color=HIGHLIGHT_COLOR if is_marked else "#333333",
                zorder=4,
            )
            box = note.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in placed):
                break
            note.remove()
        else:
            note = ax.annotate(
                text,
                (px, py),
                xytext=offsets[0],
                textcoords="offset points",
                fontsize=9,
                color=HIGHLIGHT_COLOR if is_marked else "#333333",
                zorder=4,
            )
            box = note.get_window_extent(renderer)
        placed.append(box)


# names that moved to chiiki_lab.figures (kept working, with a warning)
_MOVED = {"japanize", "FONT_NAME", "SOURCE_GID"}


def __getattr__(name: str):
    if name in _MOVED:
        import warnings

        warnings.warn(f"chiiki_lab.plots.{name} has moved to chiiki_lab.figures.{name}", DeprecationWarning,
                      stacklevel=2)
        return getattr(figures, name)
    raise AttributeError(f"module 'chiiki_lab.plots' has no attribute {name!r}")
