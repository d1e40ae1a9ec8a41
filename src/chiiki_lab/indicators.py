"""Regional indicators: ageing, age structure, population change, composite indices, inequality.

Every indicator takes either a DataFrame (one row per area, or per area × sex) and returns a Series
indexed like it, **or** one place — a municipality in any form :func:`chiiki_lab.codes.code_of`
accepts (``"嬬恋村"``, ``"10425"``, ``"府中市", pref="東京都"``…), or a code the data has such as
``"00000"`` (全国) — in which case the bundled data is looked up and a single number is returned.

Two layouts of age data are understood:

* the 3-group census columns ``pop_age0_14``, ``pop_age15_64``, ``pop_age65p`` with ``population``
  (``chiiki_lab.load("census2020")``; the census publishes these as 不詳補完値, i.e. people of unknown
  age have been distributed, so they add up to ``population``);
* 5-year age groups ``age_00_04`` … ``age_95_99``, ``age_100p`` (or ``age_90p``) and ``age_unknown``
  (``census2020_age``, ``census1980_age``, ``juki2022_age``, ``ipss2018_projection``). When both layouts
  are present, the 5-year groups are used.

>>> import chiiki_lab.indicators as ind
>>> round(ind.aging_rate("10425"), 1)          # 群馬県嬬恋村, 令和2年国勢調査
37.2
>>> print(ind.change_both_ways(27_500, 55_000))
27,500 → 55,000 は 2.0倍（+100%）
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import (
    ChiikiLabError,
    ChiikiLabTypeError,
    ChiikiLabValueError,
    MissingColumnError,
)
from .i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    import pandas

_AGE_COLUMN = re.compile(r"^age_(\d{2,3})(?:_(\d{2,3})|p)$")
_THREE_GROUPS = {(0, 14): "pop_age0_14", (15, 64): "pop_age15_64", (65, None): "pop_age65p"}
_PROJECTION = "ipss2018_projection"
_PROJECTION_LAST_YEAR = 2045


# --------------------------------------------------------------------------- input handling


def _rows_of(place, dataset: str, pref=None) -> pandas.DataFrame:
    """Rows of bundled ``dataset`` for one place (sex 'total' only), found by :func:`chiiki_lab.codes.codes_in`."""
    from .codes import codes_in
    from .datasets import load

    df = load(dataset)
    rows = df[df["code"].isin(codes_in(df, place, pref=pref))]
    if "sex" in rows.columns:
        rows = rows[rows["sex"] == "total"].drop(columns="sex")
    return rows.set_index("code")


def _table(data, dataset: str, pref=None) -> tuple[pandas.DataFrame, bool]:
    """Return (frame, single): ``data`` itself, or the rows of one municipality from ``dataset``."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data, False
    return _rows_of(data, dataset, pref), True


def _result(values: pandas.Series, single: bool, name: str):
    if single:
        return float(values.iloc[0])
    return values.rename(name)


def _datasets_with(column: str) -> list[str]:
    """Names of bundled datasets that have ``column`` (empty if the catalog is unavailable)."""
    from .datasets import catalog

    try:
        entries = catalog()
    except ChiikiLabError:
        return []
    return [name for name, e in entries.items() if any(c["name"] == column for c in e.get("columns", []))]


def _missing(column: str, dataset: str | None = None, what_ja: str = "", what_en: str = "", also_ja: str = "", also_en: str = ""):
    """Build a MissingColumnError naming ``column`` and where to find it."""
    if dataset:
        where_ja = f"{what_ja}は chiiki_lab.load('{dataset}') にあります{also_ja}。"
        where_en = f"{what_en} are in chiiki_lab.load('{dataset}'){also_en}."
    else:
        found = _datasets_with(column)
        if found:
            loads = "、".join(f"chiiki_lab.load('{n}')" for n in found)
            where_ja, where_en = f"この列は {loads} にあります。", f"The column is in {', '.join(found)}."
        else:
            where_ja = "df.columns で列名を確かめてください。"
            where_en = "Check the column names with df.columns."
    return MissingColumnError(
        f"列 '{column}' がありません。{where_ja}", f"Column '{column}' is missing. {where_en}", column=column, dataset=dataset
    )


def _require(df, column: str, dataset: str | None = None, what_ja: str = "", what_en: str = ""):
    if column not in df.columns:
        raise _missing(column, dataset, what_ja, what_en)
    return df[column]


# --------------------------------------------------------------------------- age groups


def age_columns(df) -> list[tuple[int, int | None, str]]:
    """(lower, upper or None for open-ended, column) of the 5-year age columns, youngest first.

    The groups must run without gaps from age 0 and end with an open group (``age_100p``, ``age_90p``).

    >>> import pandas as pd
    >>> age_columns(pd.DataFrame(columns=["age_05_09", "age_00_04", "age_10p", "age_unknown"]))
    [(0, 4, 'age_00_04'), (5, 9, 'age_05_09'), (10, None, 'age_10p')]
    """
    found = []
    for col in df.columns:
        m = _AGE_COLUMN.match(str(col))
        if m:
            found.append((int(m.group(1)), int(m.group(2)) if m.group(2) else None, col))
    found.sort()
    expected = 0
    for lo, hi, _ in found:
        if lo != expected:
            break
        expected = hi + 1 if hi is not None else None
    if found and expected is not None:
        column = f"age_{expected:02d}_{expected + 4:02d}" if expected < 100 else f"age_{expected}p"
        raise _missing(column, "census2020_age", "5歳階級の人口", "5-year age groups")
    return found


def _age_group(df, lo: int, hi: int | None) -> pandas.Series:
    """People aged ``lo``…``hi`` (``hi=None``: and over), from 5-year or 3-group columns."""
    ages = age_columns(df)
    first = f"age_{lo:02d}_{lo + 4:02d}"
    if ages:
        if not any(a == lo for a, _, _ in ages):
            raise _missing(first, "census2020_age", "5歳階級の人口", "5-year age groups")
        cols = [c for a, b, c in ages if a >= lo and (hi is None or (b is not None and b <= hi))]
        return df[cols].sum(axis=1, min_count=len(cols))
    three = _THREE_GROUPS.get((lo, hi))
    if three and three in df.columns:
        return df[three]
    if three:
        raise _missing(
            first, "census2020_age", "5歳階級の人口", "5-year age groups",
            f"（3区分の '{three}' なら chiiki_lab.load('census2020') にあります）",
            f" (the 3-group column '{three}' is in chiiki_lab.load('census2020'))",
        )
    raise _missing(first, "census2020_age", "5歳階級の人口", "5-year age groups")


def _age_total(df, exclude_unknown: bool) -> pandas.Series:
    """Denominator of age shares: everyone of known age, plus ``age_unknown`` if not excluded."""
    ages = age_columns(df)
    if ages:
        cols = [c for _, _, c in ages]
        total = df[cols].sum(axis=1, min_count=len(cols))
        if not exclude_unknown and "age_unknown" in df.columns:
            total = total + df["age_unknown"]
        return total
    return _require(df, "population", "census2020", "総人口 'population'", "Total population 'population'")


def _share(data, lo, hi, exclude_unknown, name, dataset="census2020", pref=None):
    df, single = _table(data, dataset, pref)
    return _result(_age_group(df, lo, hi) / _age_total(df, exclude_unknown) * 100, single, name)


def aging_rate(data, *, exclude_unknown: bool = True, pref=None):
    """高齢化率: share of people aged 65 and over, in %.

    ``aging_rate = pop(65+) / total × 100``. The denominator follows official practice
    (総務省統計局): **people of unknown age (年齢不詳) are excluded** from the total. With 5-year age
    columns, ``exclude_unknown=False`` divides by the total including ``age_unknown`` instead (a
    slightly lower rate). The census 3-group columns (``census2020``) are 不詳補完値, where unknown
    ages were already distributed, so there the denominator is ``population``. A single
    municipality is looked up in ``census2020`` (the official headline figure).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"code": ["A", "B"], "pop_age0_14": [10, 20], "pop_age15_64": [60, 50],
    ...                    "pop_age65p": [30, 30], "population": [100, 100]})
    >>> aging_rate(df).tolist()
    [30.0, 30.0]
    >>> round(aging_rate("10425"), 1)              # 嬬恋村 2020: 3,288 / 8,850
    37.2
    """
    return _share(data, 65, None, exclude_unknown, "aging_rate_pct", pref=pref)


def late_elderly_rate(data, *, exclude_unknown: bool = True, pref=None):
    """後期高齢者率: share of people aged 75 and over, in % (needs 5-year age columns).

    ``late_elderly_rate = pop(75+) / total × 100``; denominator as in :func:`aging_rate` (年齢不詳
    excluded by default). A single municipality is looked up in ``census2020_age``.

    >>> import pandas as pd
    >>> young = {f"age_{a:02d}_{a + 4:02d}": [4] for a in range(0, 75, 5)}   # 0–74: 15 groups × 4
    >>> df = pd.DataFrame({**young, "age_75_79": [15], "age_80p": [5], "age_unknown": [20]})
    >>> late_elderly_rate(df).tolist()               # (15 + 5) / 80
    [25.0]
    >>> late_elderly_rate(df, exclude_unknown=False).tolist()   # (15 + 5) / 100
    [20.0]
    """
    return _share(data, 75, None, exclude_unknown, "late_elderly_rate_pct", dataset="census2020_age", pref=pref)


def youth_share(data, *, exclude_unknown: bool = True, pref=None):
    """年少人口割合: share of people aged 0–14, in % (``pop(0–14) / total × 100``, 年齢不詳 excluded).

    >>> import pandas as pd
    >>> youth_share(pd.DataFrame({"pop_age0_14": [12], "population": [100]})).tolist()
    [12.0]
    """
    return _share(data, 0, 14, exclude_unknown, "youth_share_pct", pref=pref)


def working_age_share(data, *, exclude_unknown: bool = True, pref=None):
    """生産年齢人口割合: share of people aged 15–64, in % (``pop(15–64) / total × 100``, 年齢不詳 excluded).

    >>> import pandas as pd
    >>> working_age_share(pd.DataFrame({"pop_age15_64": [60], "population": [80]})).tolist()
    [75.0]
    """
    return _share(data, 15, 64, exclude_unknown, "working_age_share_pct", pref=pref)


def dependency_ratio(data, kind: str = "total", *, pref=None):
    """従属人口指数: dependants per 100 people of working age (15–64).

    * ``kind="total"`` (従属人口指数): ``(pop(0–14) + pop(65+)) / pop(15–64) × 100``
    * ``kind="young"`` (年少人口指数): ``pop(0–14) / pop(15–64) × 100``
    * ``kind="old"``   (老年人口指数): ``pop(65+) / pop(15–64) × 100``

    People of unknown age are in neither part, so no denominator choice arises.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"pop_age0_14": [10], "pop_age15_64": [50], "pop_age65p": [40]})
    >>> dependency_ratio(df).tolist(), dependency_ratio(df, "old").tolist()
    ([100.0], [80.0])
    """
    kinds = {"total": ((0, 14), (65, None)), "young": ((0, 14),), "old": ((65, None),)}
    if kind not in kinds:
        raise ChiikiLabValueError(
            f"kind={kind!r} は使えません。'total'（従属人口指数）、'young'（年少人口指数）、'old'（老年人口指数）のどれかです。",
            f"kind={kind!r} is not allowed. Use 'total', 'young' or 'old'.",
        )
    df, single = _table(data, "census2020", pref)
    dependants = sum(_age_group(df, lo, hi) for lo, hi in kinds[kind])
    return _result(dependants / _age_group(df, 15, 64) * 100, single, f"dependency_ratio_{kind}")


# --------------------------------------------------------------------------- change over time


def _by_year(data, dataset: str, pref=None) -> tuple[pandas.DataFrame, bool]:
    """Wide table (rows: code [and sex]; columns: years) of population from a long table."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        df, single = data, False
    else:
        df, single = _rows_of(data, dataset, pref).reset_index(), True
    what_ja, what_en = "年ごとの人口", "Populations by year"
    for column in ("code", "year", "population"):
        _require(df, column, dataset, what_ja, what_en)
    keys = ["code", "sex"] if "sex" in df.columns else ["code"]
    if df.duplicated(keys + ["year"]).any():
        raise ChiikiLabValueError(
            f"同じ {' と '.join(keys)} と year の行が複数あります。1地域・1年につき1行になるよう絞り込んでください。",
            f"Several rows share the same {', '.join(keys)} and year. Filter the table to one row per area and year.",
        )
    return df.pivot(index=keys, columns="year", values="population"), single


def _check_years(wide, *years):
    missing = [y for y in years if y not in wide.columns]
    if missing:
        have = "、".join(str(y) for y in wide.columns)
        raise ChiikiLabValueError(
            f"{missing[0]} 年の人口がありません。使える年: {have}。",
            f"There is no population for {missing[0]}. Available years: {', '.join(str(y) for y in wide.columns)}.",
        )


def population_change(data, start: int, end: int, *, pref=None) -> pandas.DataFrame:
    """Population change from ``start`` to ``end``: absolute (人) and relative (%).

    ``change = pop(end) − pop(start)``, ``change_pct = change / pop(start) × 100``. ``data`` is a long
    table with ``code``, ``year`` and ``population`` (like ``census_timeseries``; a ``sex`` column
    becomes part of the index), or one municipality (looked up in ``census_timeseries``).
    Returns one row per area with columns ``population_<start>``, ``population_<end>``, ``change``,
    ``change_pct``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"code": ["A", "A"], "year": [2015, 2020], "population": [1000, 900]})
    >>> population_change(df, 2015, 2020).loc["A", ["change", "change_pct"]].tolist()
    [-100.0, -10.0]
    """
    wide, _ = _by_year(data, "census_timeseries", pref)
    _check_years(wide, start, end)
    out = wide[[start, end]].astype(float)
    out.columns = [f"population_{start}", f"population_{end}"]
    out["change"] = out.iloc[:, 1] - out.iloc[:, 0]
    out["change_pct"] = out["change"] / out.iloc[:, 0] * 100
    out.columns.name = None
    return out


def annual_growth_rate(data, start: int, end: int, *, pref=None):
    """Average annual growth rate (年平均増減率) from ``start`` to ``end``, geometric, in %.

    ``rate = ((pop(end) / pop(start)) ** (1 / (end − start)) − 1) × 100`` — the constant yearly rate
    that turns pop(start) into pop(end). Data as in :func:`population_change`.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"code": ["A", "A"], "year": [2000, 2002], "population": [100, 121]})
    >>> annual_growth_rate(df, 2000, 2002).round(6).tolist()
    [10.0]
    """
    if end == start:
        raise ChiikiLabValueError(
            "start と end が同じ年です。異なる2つの年を指定してください。",
            "start and end are the same year. Give two different years.",
        )
    wide, single = _by_year(data, "census_timeseries", pref)
    _check_years(wide, start, end)
    rate = ((wide[end] / wide[start]) ** (1 / (end - start)) - 1) * 100
    return _result(rate.astype(float), single, "annual_growth_rate_pct")


def projected_change(data=None, target: int = 2045, base: int = 2015, *, pref=None) -> pandas.DataFrame:
    """Projected population change from ``base`` to ``target`` (将来推計人口の増減).

    Uses the bundled IPSS 2018 projection (``ipss2018_projection``: base year 2015 = census,
    projections 2020–2045) for one municipality or for all areas (``data=None``), or a projection
    table you supply (columns ``code``, ``year``, ``population``). The default base is 2015, the
    census year the projection starts from; ``base=2020`` uses the *projected* 2020 value.
    The bundled projection **ends in 2045**: asking for 2050 raises an error instead of
    extrapolating. Returns the same columns as :func:`population_change`.

    >>> projected_change("10425")["change_pct"].round(1).tolist()   # 嬬恋村 9,780 → 6,547
    [-33.1]
    """
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        if target > _PROJECTION_LAST_YEAR:
            raise ChiikiLabValueError(
                f"同梱の IPSS 2018（平成30年）推計は {_PROJECTION_LAST_YEAR} 年までなので、{target} 年の推計人口はありません。"
                f"target={_PROJECTION_LAST_YEAR} 以前を指定するか、{target} 年を含む推計表を自分で用意して"
                "projected_change(自分の表, target=...) に渡してください（列 code, year, population）。",
                f"The bundled IPSS 2018 projection ends in {_PROJECTION_LAST_YEAR}, so there is no projected "
                f"population for {target}. Use target={_PROJECTION_LAST_YEAR} or earlier, or pass your own projection "
                "table (columns code, year, population) as projected_change(your_table, target=...).",
            )
        if data is None:
            from .datasets import load

            data = load(_PROJECTION)
            data = data[data["sex"] == "total"].drop(columns="sex")
        else:
            data = _rows_of(data, _PROJECTION, pref).reset_index()
    elif "year" in data.columns and target > data["year"].max():
        raise ChiikiLabValueError(
            f"渡された推計表は {data['year'].max()} 年までなので、{target} 年の推計人口はありません。",
            f"The projection table you passed ends in {data['year'].max()}; it has no population for {target}.",
        )
    return population_change(data, base, target)


# --------------------------------------------------------------------------- indices


def normalize(values, method: str = "minmax"):
    """Put indicators on a common scale (正規化). Works on a Series or on each column of a DataFrame.

    * ``"minmax"``: ``(x − min) / (max − min)`` → 0 (lowest) … 1 (highest)
    * ``"zscore"``: ``(x − mean) / sd`` (population sd, ddof=0) → mean 0, sd 1
    * ``"rank"``:   percentile rank ``rank / n`` → (0, 1], ties share the average rank

    Missing values stay missing. A column with the same value everywhere cannot be scaled (error).

    >>> import pandas as pd
    >>> normalize(pd.Series([10, 20, 30])).tolist()
    [0.0, 0.5, 1.0]
    >>> normalize(pd.Series([10, 20, 30]), "rank").round(3).tolist()
    [0.333, 0.667, 1.0]
    """
    methods = ("minmax", "zscore", "rank")
    if method not in methods:
        raise ChiikiLabValueError(
            f"method={method!r} は使えません。'minmax'、'zscore'、'rank' のどれかを指定してください。",
            f"method={method!r} is not allowed. Use 'minmax', 'zscore' or 'rank'.",
        )
    if method == "rank":
        return values.rank(pct=True)
    spread = values.max() - values.min()
    flat = spread == 0 if values.ndim == 1 else (spread == 0).any()
    if flat:
        name = values.name if values.ndim == 1 else spread[spread == 0].index[0]
        raise ChiikiLabValueError(
            f"'{name}' はすべて同じ値なので正規化できません。この指標を外すか、ほかの指標を使ってください。",
            f"'{name}' has the same value everywhere, so it cannot be normalised. Drop it or use another indicator.",
        )
    if method == "minmax":
        return (values - values.min()) / spread
    return (values - values.mean()) / values.std(ddof=0)


def _signed_normalized(df, weights: dict, method: str):
    """(normalised indicators with negative-weight columns flipped, absolute weights)."""
    import numpy as np
    import pandas as pd

    if not weights:
        raise ChiikiLabValueError(
            "weights が空です。{'列名': 重み, ...} の形で1つ以上の指標を指定してください。",
            "weights is empty. Give at least one indicator as {'column': weight, ...}.",
        )
    for column in weights:
        _require(df, column)
    w = pd.Series(weights, dtype=float)
    if w.abs().sum() == 0 or w.isna().any():
        raise ChiikiLabValueError(
            "重みがすべて 0 か、数でない重みがあります。0 以外の数を指定してください。",
            "All weights are 0 or some weight is not a number. Give non-zero numbers.",
        )
    signs = pd.Series(np.where(w < 0, -1.0, 1.0), index=w.index)
    return normalize(df[list(weights)].mul(signs, axis=1), method), w.abs()


def composite_index(df, weights: dict, method: str = "minmax"):
    """Weighted composite index (総合指標) of several indicator columns.

    Each column is normalised (:func:`normalize`), then averaged with the weights:
    ``index = Σ |w_i| · norm(s_i · x_i) / Σ |w_i|`` where ``s_i`` is the sign of ``w_i`` — a negative
    weight means "lower is better" (the column is flipped before normalising). With ``"minmax"`` the
    index lies in 0…1. A row with any missing indicator gets a missing index.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [0, 5, 10], "b": [10, 0, 0]}, index=["X", "Y", "Z"])
    >>> composite_index(df, {"a": 3, "b": 1}).tolist()         # (3·a' + 1·b') / 4
    [0.25, 0.375, 0.75]
    >>> composite_index(df, {"a": 1, "b": -1}).tolist()        # b flipped: lower b is better
    [0.0, 0.75, 1.0]
    """
    z, w = _signed_normalized(df, weights, method)
    return (z.mul(w, axis=1).sum(axis=1, min_count=len(w)) / w.sum()).rename("composite_index")


def weight_sensitivity(df, weights: dict, delta: float = 0.1, n: int = 200, seed: int = 0, method: str = "minmax"):
    """How much ranks move when the composite-index weights move (重みの感度分析).

    Draws ``n`` weight sets, each weight multiplied by a uniform random factor in
    ``[1 − delta, 1 + delta]`` (numpy generator seeded with ``seed``, so results repeat), recomputes
    :func:`composite_index` and ranks (1 = highest index). Returns, per row of ``df``: ``base_rank``
    (with the given weights), ``min_rank``, ``max_rank`` over the draws and ``rank_range``
    (max − min; 0 = the rank does not depend on the exact weights).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [0, 5, 10], "b": [0, 5, 10]}, index=["X", "Y", "Z"])
    >>> weight_sensitivity(df, {"a": 1, "b": 1})["rank_range"].tolist()
    [0.0, 0.0, 0.0]
    """
    import numpy as np
    import pandas as pd

    if not 0 <= delta < 1 or n < 1:
        raise ChiikiLabValueError(
            f"delta は 0 以上 1 未満、n は 1 以上にしてください（受け取った値: delta={delta}, n={n}）。",
            f"delta must be in [0, 1) and n at least 1 (got delta={delta}, n={n}).",
        )
    z, w = _signed_normalized(df, weights, method)
    draws = np.random.default_rng(seed).uniform(1 - delta, 1 + delta, size=(n, len(w))) * w.to_numpy()
    scores = z.to_numpy() @ draws.T / draws.sum(axis=1)
    ranks = pd.DataFrame(scores, index=df.index).rank(ascending=False, method="min")
    base = composite_index(df, weights, method).rank(ascending=False, method="min")
    return pd.DataFrame(
        {
            "base_rank": base,
            "min_rank": ranks.min(axis=1),
            "max_rank": ranks.max(axis=1),
            "rank_range": ranks.max(axis=1) - ranks.min(axis=1),
        }
    )


# --------------------------------------------------------------------------- inequality


def _values_for_inequality(values):
    import numpy as np

    x = np.asarray(values, dtype=float)
    if x.ndim != 1 or x.size == 0:
        raise ChiikiLabValueError(
            "1列の数値（Series やリスト）を1つ以上渡してください。",
            "Pass one column of numbers (a Series or list) with at least one value.",
        )
    if np.isnan(x).any():
        raise ChiikiLabValueError(
            f"欠損値（NaN）が {int(np.isnan(x).sum())} 個あります。.dropna() で除いてから計算してください。",
            f"There are {int(np.isnan(x).sum())} missing values (NaN). Remove them with .dropna() first.",
        )
    if (x < 0).any() or x.sum() == 0:
        raise ChiikiLabValueError(
            "負の値があるか合計が 0 です。ジニ係数・ローレンツ曲線は 0 以上で合計が正の値にだけ使えます。",
            "There are negative values or the total is 0. Gini and Lorenz need non-negative values with a positive total.",
        )
    return np.sort(x)


def lorenz_curve(values) -> pandas.DataFrame:
    """Lorenz curve (ローレンツ曲線): cumulative share of units vs cumulative share of the total.

    Units are sorted from smallest to largest; row ``k`` gives the share of units ``k / n``
    (``cum_share_units``) and the share of the total they hold (``cum_share_values``). Starts at
    (0, 0), ends at (1, 1); the diagonal means perfect equality.

    >>> lorenz_curve([1, 1, 2]).round(2).values.tolist()
    [[0.0, 0.0], [0.33, 0.25], [0.67, 0.5], [1.0, 1.0]]
    """
    import numpy as np
    import pandas as pd

    x = _values_for_inequality(values)
    return pd.DataFrame(
        {
            "cum_share_units": np.arange(x.size + 1) / x.size,
            "cum_share_values": np.concatenate([[0.0], np.cumsum(x) / x.sum()]),
        }
    )


def gini(values) -> float:
    """Gini coefficient (ジニ係数): 0 = all equal, (n − 1)/n = one unit holds everything.

    ``G = Σ_i Σ_j |x_i − x_j| / (2 n² · mean)``, computed from the sorted values as
    ``G = 2 Σ_i i·x_(i) / (n Σ x) − (n + 1) / n``. It equals 1 − 2 × (area under the Lorenz curve).

    >>> gini([5, 5, 5, 5])
    0.0
    >>> gini([0, 0, 0, 10])                        # (n − 1) / n
    0.75
    """
    import numpy as np

    x = _values_for_inequality(values)
    n = x.size
    return float(2 * np.sum(np.arange(1, n + 1) * x) / (n * x.sum()) - (n + 1) / n)


# --------------------------------------------------------------------------- ratios and percentages


def ratio_to_percent(ratio):
    """Turn a ratio (倍率) into a percentage change: 2.0倍 = +100 %, 0.27倍 = −73 %.

    ``percent = (ratio − 1) × 100``; works on numbers and on Series.

    >>> ratio_to_percent(2.0), round(ratio_to_percent(0.27), 6)
    (100.0, -73.0)
    """
    return (ratio - 1) * 100


def percent_to_ratio(percent):
    """Turn a percentage change into a ratio (倍率): +100 % = 2.0倍, −73 % = 0.27倍.

    ``ratio = 1 + percent / 100``; works on numbers and on Series.

    >>> percent_to_ratio(100), percent_to_ratio(-73)
    (2.0, 0.27)
    """
    return 1 + percent / 100


def _number(x, unit: str) -> str:
    return f"{x:,.10g}{unit}"


def _ratio_text(ratio: float) -> str:
    if ratio >= 1:
        return f"{ratio:.1f}"
    if ratio >= 0.1:
        return f"{ratio:.2f}"
    return f"{ratio:.2g}"


def _percent_text(percent: float) -> str:
    digits = 0 if abs(percent) >= 10 else 1
    text = f"{abs(percent):.{digits}f}%"
    if float(text[:-1]) == 0:
        return "±0%"
    return ("+" if percent > 0 else "\u2212") + text


@dataclass(frozen=True)
class Change:
    """A change from ``before`` to ``after`` told both ways: as a ratio (倍) and as a percentage."""

    before: float
    after: float
    ratio: float
    percent: float
    unit: str = ""

    @property
    def text(self) -> str:
        """「27,500 → 55,000 は 2.0倍（+100%）」, or the English form after ``set_language('en')``."""
        a, b = _number(self.before, self.unit), _number(self.after, self.unit)
        r, p = _ratio_text(self.ratio), _percent_text(self.percent)
        return tr(f"{a} → {b} は {r}倍（{p}）", f"{a} → {b} is {r} times ({p})")

    def __str__(self) -> str:
        return self.text


def change_both_ways(before: float, after: float, unit: str = "") -> Change:
    """Say a change both ways, as a ratio and as a percentage, so neither is misread.

    ``ratio = after / before``; ``percent = (ratio − 1) × 100``. "2倍" is "+100 %", not "+200 %";
    "0.27倍" is "−73 %". Returns a :class:`Change` (``.ratio``, ``.percent``, ``.text``; printing it
    shows the sentence).

    >>> c = change_both_ways(3_000_000, 810_000)
    >>> print(c)
    3,000,000 → 810,000 は 0.27倍（−73%）
    >>> round(c.ratio, 2), round(c.percent, 1)
    (0.27, -73.0)
    >>> print(change_both_ways(27_500, 55_000, unit="円"))
    27,500円 → 55,000円 は 2.0倍（+100%）
    """
    if before == 0:
        raise ChiikiLabValueError(
            "変化前の値が 0 なので、倍率も増減率も計算できません。",
            "The value before is 0, so neither a ratio nor a percentage change can be computed.",
        )
    ratio = after / before
    return Change(before, after, ratio, ratio_to_percent(ratio), unit)
