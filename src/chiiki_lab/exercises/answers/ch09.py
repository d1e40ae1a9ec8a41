"""Chapter 9 (総合演習): figures of the municipality the learner chose (``ctx.town``)."""

from __future__ import annotations

from .shared import aging, aging_known, basic, row


def aging_rate(ctx) -> float:
    return aging(row(ctx, ctx.town))


def aging_rate_known(ctx) -> float:
    return aging_known(ctx, ctx.town)


def aging_rate_mistakes(ctx) -> dict[str, float]:
    return {"prefecture": aging(row(ctx, f"{ctx.town[:2]}000")), "japan": aging(row(ctx, "00000")),
            "under65": 100 - aging(row(ctx, ctx.town))}


def _population(ctx, year: int) -> float:
    ts = ctx.load("census_timeseries")
    return float(ts[(ts["code"] == ctx.town) & (ts["year"] == year)]["population"].iloc[0])


def change_1980_2020(ctx) -> float:
    return (_population(ctx, 2020) / _population(ctx, 1980) - 1) * 100


def change_1980_2020_mistakes(ctx) -> dict[str, float]:
    return {"since2015": (_population(ctx, 2020) / _population(ctx, 2015) - 1) * 100,
            "share": _population(ctx, 2020) / _population(ctx, 1980) * 100,
            "people": _population(ctx, 2020) - _population(ctx, 1980)}


def _in_pref(ctx):
    c = basic(ctx.load("census2020"))
    return c[c["pref_code"] == ctx.town[:2]].set_index("code")["share_age65p_pct"]


def aging_rank(ctx) -> int:
    return int(_in_pref(ctx).rank(ascending=False, method="min")[ctx.town])


def aging_rank_mistakes(ctx) -> dict[str, int]:
    c = ctx.load("census2020")
    with_wards = c[(c["pref_code"] == ctx.town[:2]) & (c["level"] != "prefecture")].set_index("code")["share_age65p_pct"]
    found = {"ascending": int(_in_pref(ctx).rank(ascending=True, method="min")[ctx.town]),
             "wards_too": int(with_wards.rank(ascending=False, method="min")[ctx.town])}
    return {k: v for k, v in found.items() if v != aging_rank(ctx)}
