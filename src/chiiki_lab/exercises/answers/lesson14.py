"""In-lesson practice of notebook 14 (医療・介護): 嬬恋村の認定率, 85歳以上の認定率, 2050年のシナリオ."""

from __future__ import annotations

TSUMAGOI = "10425"


def _insurer(ctx, code: str):
    k = ctx.load("kaigo_insurers_fy2023")
    return k[k["code"] == code].iloc[0]


def rate_tsumagoi(ctx) -> float:
    z = _insurer(ctx, TSUMAGOI)
    return float(z["certified_first"] / z["first_insured_total"] * 100)


def rate_tsumagoi_mistakes(ctx) -> dict[str, float]:
    z = _insurer(ctx, TSUMAGOI)
    japan = _insurer(ctx, "00000")
    return {"total": float(z["certified_total"] / z["first_insured_total"] * 100),
            "japan": float(japan["certified_first"] / japan["first_insured_total"] * 100)}


def rate_85p(ctx) -> float:
    japan = _insurer(ctx, "00000")
    return float((japan["certified_first_age85_89"] + japan["certified_first_age90p"]) / japan["first_insured_85p"] * 100)


def rate_85p_mistakes(ctx) -> dict[str, float]:
    japan = _insurer(ctx, "00000")
    return {"all_ages": float(japan["certified_first"] / japan["first_insured_total"] * 100),
            "only_90p": float(japan["certified_first_age90p"] / japan["first_insured_85p"] * 100)}


def _old_2050(ctx, code: str) -> int:
    ipss = ctx.load("ipss2023_projection")
    return int(ipss[(ipss["code"] == code) & (ipss["year"] == 2050)]["pop_age65p"].iloc[0])


def scenario_2050(ctx) -> float:
    z = _insurer(ctx, TSUMAGOI)
    return _old_2050(ctx, TSUMAGOI) * float(z["certified_first"] / z["first_insured_total"])


def scenario_2050_mistakes(ctx) -> dict[str, float]:
    z = _insurer(ctx, TSUMAGOI)
    census = ctx.load("census2020").set_index("code")
    return {"census2020": float(census.loc[TSUMAGOI, "pop_age65p"] * z["certified_first"] / z["first_insured_total"]),
            "now": float(z["certified_first"])}
