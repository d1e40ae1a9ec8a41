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

The package, one concern per module: :mod:`.population` (age shares, dependency, change, projections),
:mod:`.composite` (normalise, composite index, weight sensitivity), :mod:`.inequality` (Lorenz, Gini),
:mod:`.ratios` (倍と%) and :mod:`.inputs` (a table or one place, and the missing-column errors).

>>> import chiiki_lab.indicators as ind
>>> round(ind.aging_rate("10425"), 1)          # 群馬県嬬恋村, 令和2年国勢調査
37.2
>>> print(ind.change_both_ways(27_500, 55_000))
27,500 → 55,000 は 2.0倍（+100%）
"""

from __future__ import annotations

from .composite import composite_index, normalize, weight_sensitivity
from .inequality import gini, lorenz_curve
from .population import (
    age_columns,
    aging_rate,
    annual_growth_rate,
    dependency_ratio,
    late_elderly_rate,
    population_change,
    projected_change,
    working_age_share,
    youth_share,
)
from .ratios import Change, change_both_ways, percent_to_ratio, ratio_to_percent

__all__ = ["Change", "age_columns", "aging_rate", "annual_growth_rate", "change_both_ways", "composite_index",
    "dependency_ratio", "gini", "late_elderly_rate", "lorenz_curve", "normalize", "percent_to_ratio",
    "population_change", "projected_change", "ratio_to_percent", "weight_sensitivity", "working_age_share",
    "youth_share"]
