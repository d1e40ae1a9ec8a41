"""Exercise notebook ch13 (地方財政の基礎): 財政力指数の上位, 経常収支比率90%以上の数, 類似団体の中央値."""

from __future__ import annotations

from .shared import TSUMAGOI, ranked


def _fy(ctx, year: int = 2021):
    z = ctx.load("zaisei")
    return z[(z["fiscal_year"] == year) & z["is_basic_municipality"]]


def top3_fsi(ctx) -> list[str]:
    fy = _fy(ctx)
    return ranked(fy[fy["pref_code"] == "10"], "fiscal_strength_index", n=3)


def top3_fsi_mistakes(ctx) -> dict[str, list[str]]:
    fy = _fy(ctx)
    gunma = fy[fy["pref_code"] == "10"]
    found = {"lowest": ranked(gunma, "fiscal_strength_index", n=3, ascending=True),
             "japan": ranked(fy, "fiscal_strength_index", n=3),
             "cbr": ranked(gunma, "current_balance_ratio_pct", n=3)}
    return {k: v for k, v in found.items() if v != top3_fsi(ctx)}


def rigid_count(ctx) -> int:
    return int((_fy(ctx)["current_balance_ratio_pct"] >= 90).sum())


def rigid_count_mistakes(ctx) -> dict[str, int]:
    cbr = _fy(ctx)["current_balance_ratio_pct"]
    found = {"below": int((cbr < 90).sum()), "year2020": int((_fy(ctx, 2020)["current_balance_ratio_pct"] >= 90).sum())}
    if int((cbr > 90).sum()) != rigid_count(ctx):
        found["strict"] = int((cbr > 90).sum())
    return found


def _peers(ctx, exclude_self: bool = True):
    fy = _fy(ctx)
    census = ctx.load("census2020").set_index("code")
    base = census.loc[TSUMAGOI, "population"]
    population = fy["code"].map(census["population"])
    primary = fy["code"].map(census["share_primary_pct"])
    mask = fy["level"].isin(["town", "village"]) & population.between(0.8 * base, 1.2 * base) & (primary >= 20)
    if exclude_self:
        mask &= fy["code"] != TSUMAGOI
    return fy[mask]


def peer_median(ctx) -> float:
    return float(_peers(ctx)["fiscal_strength_index"].median())


def peer_median_mistakes(ctx) -> dict[str, float]:
    fy = _fy(ctx)
    return {"tsumagoi": float(fy.loc[fy["code"] == TSUMAGOI, "fiscal_strength_index"].iloc[0]),
            "all_towns": float(fy.loc[fy["level"].isin(["town", "village"]), "fiscal_strength_index"].median()),
            "mean": float(_peers(ctx)["fiscal_strength_index"].mean())}
