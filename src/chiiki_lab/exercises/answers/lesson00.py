"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 00."""

from __future__ import annotations

from .shared import MAEBASHI, TSUMAGOI, row


def _japan(ctx):
    return ctx.load("census_timeseries").groupby("year")["population"].sum()


def japan_1980(ctx) -> int:
    return int(_japan(ctx)[1980])


def japan_1980_mistakes(ctx) -> dict[str, int]:
    japan = _japan(ctx)
    return {"y2020": int(japan[2020]), "y2010": int(japan[2010])}


def maebashi_65p(ctx) -> int:
    return int(row(ctx, MAEBASHI)["pop_age65p"])


def maebashi_65p_mistakes(ctx) -> dict[str, int]:
    return {"total": int(row(ctx, MAEBASHI)["population"]), "tsumagoi": int(row(ctx, TSUMAGOI)["pop_age65p"])}


def timeseries_rows(ctx) -> int:
    return len(ctx.load("census_timeseries"))


def timeseries_rows_mistakes(ctx) -> dict[str, int]:
    return {"census2020": len(ctx.load("census2020"))}
