"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 09 (the learner's own town)."""

from __future__ import annotations

from .shared import aging, dependency_ratio, old_dependency_ratio


def _row(ctx):
    return ctx.load("census2020").set_index("code").loc[ctx.town]


def dependency(ctx) -> float:
    return dependency_ratio(_row(ctx))


def dependency_mistakes(ctx) -> dict[str, float]:
    town = _row(ctx)
    return {"old_only": old_dependency_ratio(town), "aging_rate": aging(town)}


def _in_pref(ctx):
    census = ctx.load("census2020")
    return census[census["is_basic_municipality"] & (census["pref_code"] == ctx.town[:2])].set_index("code")


def municipalities_in_pref(ctx) -> int:
    return len(_in_pref(ctx))


def municipalities_in_pref_mistakes(ctx) -> dict[str, int]:
    census = ctx.load("census2020")
    return {"every_row": int((census["pref_code"] == ctx.town[:2]).sum())}


def change_rank(ctx) -> int:
    change = _in_pref(ctx)["pop_change_rate_2015_2020_pct"]
    return int(change.rank(ascending=False, method="min")[ctx.town])


def change_rank_mistakes(ctx) -> dict[str, int]:
    change = _in_pref(ctx)["pop_change_rate_2015_2020_pct"]
    return {"ascending": int(change.rank(ascending=True, method="min")[ctx.town])}
