"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 01."""

from __future__ import annotations

GUNMA = "10000"
TSUMAGOI = "10425"


def _row(ctx, code):
    return ctx.load("census2020").set_index("code").loc[code]


def gunma_aging(ctx) -> float:
    row = _row(ctx, GUNMA)
    return float(row["pop_age65p"] / row["population"] * 100)


def gunma_aging_mistakes(ctx) -> dict[str, float]:
    row, mura = _row(ctx, GUNMA), _row(ctx, TSUMAGOI)
    return {"inverted": float(row["population"] / row["pop_age65p"] * 100),
            "tsumagoi": float(mura["pop_age65p"] / mura["population"] * 100)}


def japan_dependency(ctx) -> float:
    row = _row(ctx, "00000")
    return float((row["pop_age0_14"] + row["pop_age65p"]) / row["pop_age15_64"] * 100)


def japan_dependency_mistakes(ctx) -> dict[str, float]:
    row = _row(ctx, "00000")
    return {"old_only": float(row["pop_age65p"] / row["pop_age15_64"] * 100),
            "young_only": float(row["pop_age0_14"] / row["pop_age15_64"] * 100),
            "inverted": float(row["pop_age15_64"] / (row["pop_age0_14"] + row["pop_age65p"]) * 100),
            "precedence": float(row["pop_age0_14"] + row["pop_age65p"] / row["pop_age15_64"] * 100),
            "total": float((row["pop_age0_14"] + row["pop_age65p"]) / row["population"] * 100)}


def _basic(ctx):
    census = ctx.load("census2020")
    return census[census["is_basic_municipality"]]


def gunma_decreased(ctx) -> int:
    basic = _basic(ctx)
    return int((basic.loc[basic["pref_name"] == "群馬県", "pop_change_rate_2015_2020_pct"] < 0).sum())


def gunma_decreased_mistakes(ctx) -> dict[str, int]:
    census, basic = ctx.load("census2020"), _basic(ctx)
    gunma = basic[basic["pref_name"] == "群馬県"]
    return {"japan": int((basic["pop_change_rate_2015_2020_pct"] < 0).sum()),
            "grew": int((gunma["pop_change_rate_2015_2020_pct"] >= 0).sum()),
            "all": len(gunma),
            # the table of all Gunma rows (census, not basic) also holds the prefecture's own row 10000
            "with_prefecture": int((census.loc[census["pref_name"] == "群馬県", "pop_change_rate_2015_2020_pct"] < 0).sum())}
