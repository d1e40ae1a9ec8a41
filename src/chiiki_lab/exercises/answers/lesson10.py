"""Expected values and known mistakes of the in-lesson practice of notebook 10 (getting your own data).

The learner reads 総務省's FY2021 fiscal-indicator workbook with read_estat; the expected values come
from the bundled ``zaisei`` dataset, built from the same publication by another route.
"""

from __future__ import annotations


def _fy2021(ctx):
    z = ctx.load("zaisei")
    return z[(z["fiscal_year"] == 2021) & z["is_basic_municipality"]]


def future_burden_symbols(ctx) -> int:
    return int(_fy2021(ctx)["future_burden_ratio_pct"].isna().sum())


def second_table(ctx) -> str:
    return "b"


def second_table_mistakes(ctx) -> dict[str, str]:
    return {"sheet": "a", "header": "c", "long": "d"}


def strong_councils(ctx) -> int:
    return int((_fy2021(ctx)["fiscal_strength_index"] >= 1).sum())


def strong_councils_mistakes(ctx) -> dict[str, int]:
    return {"above_one": int((_fy2021(ctx)["fiscal_strength_index"] > 1).sum())}
