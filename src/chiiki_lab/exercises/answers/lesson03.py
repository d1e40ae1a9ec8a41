"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 03."""

from __future__ import annotations

from .shared import TSUMAGOI


def _wide(ctx, sex: str):
    """嬬恋村's 2015 and 2020 population by age group, as notebook 03 builds it (unknown ages distributed)."""
    from ...projection import AGES, distribute_unknown_age

    ipss = ctx.load("ipss2018_projection")
    age = ctx.load("census2020_age")
    y2015 = ipss[(ipss["code"] == TSUMAGOI) & (ipss["year"] == 2015) & (ipss["sex"] == sex)].iloc[0]
    y2020 = distribute_unknown_age(age[(age["code"] == TSUMAGOI) & (age["sex"] == sex)]).iloc[0].copy()
    y2020["age_90p"] = sum(y2020[c] for c in ("age_90_94", "age_95_99", "age_100p"))
    return {2015: y2015[list(AGES)].astype(float), 2020: y2020[list(AGES)].astype(float)}


def women_25_29_ratio(ctx) -> float:
    women = _wide(ctx, "female")
    return float(women[2020]["age_25_29"] / women[2015]["age_20_24"])


def women_25_29_ratio_mistakes(ctx) -> dict[str, float]:
    women = _wide(ctx, "female")
    return {"same_group": float(women[2020]["age_25_29"] / women[2015]["age_25_29"]),
            "inverted": float(women[2015]["age_20_24"] / women[2020]["age_25_29"])}


def _women_15_49(women) -> float:
    return float(women[2020]["age_15_19":"age_45_49"].sum())


def boys_child_woman_ratio(ctx) -> float:
    men, women = _wide(ctx, "male"), _wide(ctx, "female")
    return float(men[2020]["age_00_04"] / _women_15_49(women))


def boys_child_woman_ratio_mistakes(ctx) -> dict[str, float]:
    men, women = _wide(ctx, "male"), _wide(ctx, "female")
    return {"girls": float(women[2020]["age_00_04"] / _women_15_49(women)),
            "men_denominator": float(men[2020]["age_00_04"] / _women_15_49(men))}


def _ipss_women(ctx):
    from ...projection import young_women_change

    ipss = ctx.load("ipss2018_projection")
    return young_women_change(ipss[ipss["is_basic_municipality"]], 2015, 2045)["change_pct"]


def ipss_women_70(ctx) -> int:
    return int((_ipss_women(ctx) <= -70).sum())


def ipss_women_70_mistakes(ctx) -> dict[str, int]:
    change = _ipss_women(ctx)
    return {"line50": int((change <= -50).sum()), "above": int((change > -70).sum())}


def _unknown_pct(ctx, code) -> float:
    age = ctx.load("census2020_age")
    row = age[(age["code"] == code) & (age["sex"] == "total")].iloc[0]
    return float(row["age_unknown"] / row["population"] * 100)


def tsumagoi_unknown_pct(ctx) -> float:
    return _unknown_pct(ctx, TSUMAGOI)


def tsumagoi_unknown_pct_mistakes(ctx) -> dict[str, float]:
    return {"share": _unknown_pct(ctx, TSUMAGOI) / 100, "tokorozawa": _unknown_pct(ctx, "11208")}


def women_2025_25_29(ctx) -> float:
    women = _wide(ctx, "female")
    return float(women[2020]["age_20_24"] * women[2020]["age_25_29"] / women[2015]["age_20_24"])


def women_2025_25_29_mistakes(ctx) -> dict[str, float]:
    women = _wide(ctx, "female")
    ratio = women[2020]["age_25_29"] / women[2015]["age_20_24"]
    return {"same_group": float(women[2020]["age_25_29"] * ratio)}
