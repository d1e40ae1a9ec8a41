"""Exercise notebook ch14 (医療・介護): 認定率の最も高い保険者, 75〜84歳の認定率, 前橋市の2050年シナリオ."""

from __future__ import annotations

from .shared import MAEBASHI, certified_share, certified_share_85p, insurer, old_2050, ranked


def _kaigo(ctx):
    return ctx.load("kaigo_insurers_fy2023")


def highest_gunma(ctx) -> list[str]:
    k = _kaigo(ctx)
    return ranked(k[k["pref_code"] == "10"], "certification_rate_first_pct", n=1)


def highest_gunma_mistakes(ctx) -> dict[str, list[str]]:
    k = _kaigo(ctx)
    gunma = k[k["pref_code"] == "10"]
    return {"lowest": ranked(gunma, "certification_rate_first_pct", n=1, ascending=True),
            "count": ranked(gunma, "certified_first", n=1),
            "japan": ranked(k[k["code"].notna() & (k["level"] != "national")], "certification_rate_first_pct", n=1)}


def _japan(ctx):
    k = _kaigo(ctx)
    return k[k["level"] == "national"].iloc[0]


def rate_75_84(ctx) -> float:
    j = _japan(ctx)
    return float((j["certified_first_age75_79"] + j["certified_first_age80_84"]) / j["first_insured_75_84"] * 100)


def rate_75_84_mistakes(ctx) -> dict[str, float]:
    j = _japan(ctx)
    return {"all_ages": certified_share(j) * 100,
            "age65_74": float((j["certified_first_age65_69"] + j["certified_first_age70_74"]) / j["first_insured_65_74"] * 100),
            "age85p": certified_share_85p(j) * 100}


def maebashi_2050(ctx) -> float:
    return old_2050(ctx, MAEBASHI) * certified_share(insurer(ctx, MAEBASHI))


def maebashi_2050_mistakes(ctx) -> dict[str, float]:
    m = insurer(ctx, MAEBASHI)
    census = ctx.load("census2020").set_index("code")
    return {"census2020": float(census.loc[MAEBASHI, "pop_age65p"]) * certified_share(m),
            "total_certified": old_2050(ctx, MAEBASHI) * float(m["certified_total"] / m["first_insured_total"]),
            "now": float(m["certified_first"])}
