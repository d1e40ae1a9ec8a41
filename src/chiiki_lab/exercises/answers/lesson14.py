"""In-lesson practice of notebook 14 (医療・介護): 嬬恋村の認定率, 85歳以上の認定率, 2050年のシナリオ."""

from __future__ import annotations

from .shared import TSUMAGOI, certified_share, certified_share_85p, insurer, old_2050


def rate_tsumagoi(ctx) -> float:
    return certified_share(insurer(ctx, TSUMAGOI)) * 100


def rate_tsumagoi_mistakes(ctx) -> dict[str, float]:
    z = insurer(ctx, TSUMAGOI)
    return {"total": float(z["certified_total"] / z["first_insured_total"] * 100),
            "japan": certified_share(insurer(ctx, "00000")) * 100}


def rate_85p(ctx) -> float:
    return certified_share_85p(insurer(ctx, "00000")) * 100


def rate_85p_mistakes(ctx) -> dict[str, float]:
    japan = insurer(ctx, "00000")
    return {"all_ages": certified_share(japan) * 100,
            "only_90p": float(japan["certified_first_age90p"] / japan["first_insured_85p"] * 100)}


def scenario_2050(ctx) -> float:
    return old_2050(ctx, TSUMAGOI) * certified_share(insurer(ctx, TSUMAGOI))


def scenario_2050_mistakes(ctx) -> dict[str, float]:
    z = insurer(ctx, TSUMAGOI)
    census = ctx.load("census2020").set_index("code")
    return {"census2020": float(census.loc[TSUMAGOI, "pop_age65p"] * z["certified_first"] / z["first_insured_total"]),
            "now": float(z["certified_first"])}
