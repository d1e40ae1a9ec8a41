"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 01."""

from __future__ import annotations

from .shared import GUNMA, TSUMAGOI, aging, basic_census, dependency_ratio, old_dependency_ratio, row


def gunma_aging(ctx) -> float:
    return aging(row(ctx, GUNMA))


def gunma_aging_mistakes(ctx) -> dict[str, float]:
    gunma = row(ctx, GUNMA)
    return {"inverted": float(gunma["population"] / gunma["pop_age65p"] * 100), "tsumagoi": aging(row(ctx, TSUMAGOI))}


def japan_dependency(ctx) -> float:
    return dependency_ratio(row(ctx, "00000"))


def japan_dependency_mistakes(ctx) -> dict[str, float]:
    japan = row(ctx, "00000")
    return {"old_only": old_dependency_ratio(japan),
            "young_only": float(japan["pop_age0_14"] / japan["pop_age15_64"] * 100),
            "inverted": float(japan["pop_age15_64"] / (japan["pop_age0_14"] + japan["pop_age65p"]) * 100),
            "precedence": float(japan["pop_age0_14"] + japan["pop_age65p"] / japan["pop_age15_64"] * 100),
            "total": float((japan["pop_age0_14"] + japan["pop_age65p"]) / japan["population"] * 100)}


def gunma_decreased(ctx) -> int:
    basic = basic_census(ctx)
    return int((basic.loc[basic["pref_name"] == "群馬県", "pop_change_rate_2015_2020_pct"] < 0).sum())


def gunma_decreased_mistakes(ctx) -> dict[str, int]:
    census, basic = ctx.load("census2020"), basic_census(ctx)
    gunma = basic[basic["pref_name"] == "群馬県"]
    return {"japan": int((basic["pop_change_rate_2015_2020_pct"] < 0).sum()),
            "grew": int((gunma["pop_change_rate_2015_2020_pct"] >= 0).sum()),
            "all": len(gunma),
            # the table of all Gunma rows (census, not basic) also holds the prefecture's own row 10000
            "with_prefecture": int((census.loc[census["pref_name"] == "群馬県", "pop_change_rate_2015_2020_pct"] < 0).sum())}
