"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 02."""

from __future__ import annotations

from .shared import WEST_JAPAN, basic_census


def gunma_over40(ctx) -> int:
    basic = basic_census(ctx)
    return int((basic.loc[basic["pref_name"] == "群馬県", "share_age65p_pct"] >= 40).sum())


def gunma_over40_mistakes(ctx) -> dict[str, int]:
    basic = basic_census(ctx)
    gunma = basic[basic["pref_name"] == "群馬県"]
    return {"japan": int((basic["share_age65p_pct"] >= 40).sum()),
            "below": int((gunma["share_age65p_pct"] < 40).sum())}


def _prefectures(ctx):
    census = ctx.load("census2020")
    return census[census["level"] == "prefecture"].sort_values(["pop_density_per_km2", "code"], ascending=[False, True])


def densest(ctx) -> list[str]:
    return _prefectures(ctx)["code"].head(1).tolist()


def densest_mistakes(ctx) -> dict[str, list[str]]:
    return {"sparsest": _prefectures(ctx)["code"].tail(1).tolist(),
            "second": _prefectures(ctx)["code"].iloc[1:2].tolist()}


def _west(ctx):
    basic = basic_census(ctx)
    return basic[basic["pref_name"].isin(WEST_JAPAN)]


def west_without_villages(ctx) -> int:
    west = _west(ctx)
    return len(WEST_JAPAN) - int(west.loc[west["level"] == "village", "pref_name"].nunique())


def west_without_villages_mistakes(ctx) -> dict[str, int]:
    west = _west(ctx)
    return {"with": int(west.loc[west["level"] == "village", "pref_name"].nunique()),
            "villages": int((west["level"] == "village").sum())}
