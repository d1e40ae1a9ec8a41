"""In-lesson practice of notebook 13 (地方財政の基礎): 財政力指数1以上の数, 経常収支比率の中央値, 類似団体."""

from __future__ import annotations


def _fy2021(ctx):
    z = ctx.load("zaisei")
    return z[(z["fiscal_year"] == 2021) & z["is_basic_municipality"]]


def strong_count(ctx) -> int:
    return int((_fy2021(ctx)["fiscal_strength_index"] >= 1).sum())


def strong_count_mistakes(ctx) -> dict[str, int]:
    fsi = _fy2021(ctx)["fiscal_strength_index"]
    return {"strict": int((fsi > 1).sum()), "below": int((fsi < 1).sum())}


def median_cbr(ctx) -> float:
    return float(_fy2021(ctx)["current_balance_ratio_pct"].median())


def median_cbr_mistakes(ctx) -> dict[str, float]:
    z = ctx.load("zaisei")
    return {"fsi": float(_fy2021(ctx)["fiscal_strength_index"].median()),
            "all_years": float(z.loc[z["is_basic_municipality"], "current_balance_ratio_pct"].median())}


def peers_reading(ctx) -> str:
    return "c"


def peers_reading_mistakes(ctx) -> dict[str, str]:
    return {"fixed": "a", "grant": "b", "all": "d"}
