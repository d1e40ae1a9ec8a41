"""Population indicators: age groups and shares, dependency ratios, change over time, projected change."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import ChiikiLabValueError
from .inputs import as_result, as_table, missing_column, require_column, rows_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas


_AGE_COLUMN = re.compile(r"^age_(\d{2,3})(?:_(\d{2,3})|p)$")
_THREE_GROUPS = {(0, 14): "pop_age0_14", (15, 64): "pop_age15_64", (65, None): "pop_age65p"}
_PROJECTION = "ipss2018_projection"
_PROJECTION_LAST_YEAR = 2045


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
        raise missing_column(column, "census2020_age", "5歳階級の人口", "5-year age groups")
    return found


def _age_group(df, lo: int, hi: int | None) -> pandas.Series:
    """People aged ``lo``…``hi`` (``hi=None``: and over), from 5-year or 3-group columns."""
    ages = age_columns(df)
    first = f"age_{lo:02d}_{lo + 4:02d}"
    if ages:
        if not any(a == lo for a, _, _ in ages):
            raise missing_column(first, "census2020_age", "5歳階級の人口", "5-year age groups")
        cols = [c for a, b, c in ages if a >= lo and (hi is None or (b is not None and b <= hi))]
        return df[cols].sum(axis=1, min_count=len(cols))
    three = _THREE_GROUPS.get((lo, hi))
    if three and three in df.columns:
        return df[three]
    if three:
        raise missing_column(
            first, "census2020_age", "5歳階級の人口", "5-year age groups",
            f"（3区分の '{three}' なら chiiki_lab.load('census2020') にあります）",
            f" (the 3-group column '{three}' is in chiiki_lab.load('census2020'))",
        )
    raise missing_column(first, "census2020_age", "5歳階級の人口", "5-year age groups")


def _age_total(df, exclude_unknown: bool) -> pandas.Series:
    """Denominator of age shares: everyone of known age, plus ``age_unknown`` if not excluded."""
    ages = age_columns(df)
    if ages:
        cols = [c for _, _, c in ages]
        total = df[cols].sum(axis=1, min_count=len(cols))
        if not exclude_unknown and "age_unknown" in df.columns:
            total = total + df["age_unknown"]
        return total
    return require_column(df, "population", "census2020", "総人口 'population'", "Total population 'population'")


def _share(data, lo, hi, exclude_unknown, name, dataset="census2020", pref=None):
    df, single = as_table(data, dataset, pref)
    return as_result(_age_group(df, lo, hi) / _age_total(df, exclude_unknown) * 100, single, name)


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
    df, single = as_table(data, "census2020", pref)
    dependants = sum(_age_group(df, lo, hi) for lo, hi in kinds[kind])
    return as_result(dependants / _age_group(df, 15, 64) * 100, single, f"dependency_ratio_{kind}")


def _by_year(data, dataset: str, pref=None) -> tuple[pandas.DataFrame, bool]:
    """Wide table (rows: code [and sex]; columns: years) of population from a long table."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        df, single = data, False
    else:
        df, single = rows_of(data, dataset, pref).reset_index(), True
    what_ja, what_en = "年ごとの人口", "Populations by year"
    for column in ("code", "year", "population"):
        require_column(df, column, dataset, what_ja, what_en)
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
    return as_result(rate.astype(float), single, "annual_growth_rate_pct")


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
            from ..datasets import load

            data = load(_PROJECTION)
            data = data[data["sex"] == "total"].drop(columns="sex")
        else:
            data = rows_of(data, _PROJECTION, pref).reset_index()
    elif "year" in data.columns and target > data["year"].max():
        raise ChiikiLabValueError(
            f"渡された推計表は {data['year'].max()} 年までなので、{target} 年の推計人口はありません。",
            f"The projection table you passed ends in {data['year'].max()}; it has no population for {target}.",
        )
    return population_change(data, base, target)
