"""Expected values and known mistakes of the in-lesson practice of notebook 11 (statistics pitfalls)."""

from __future__ import annotations

from .shared import TSUMAGOI


def urawa_today(ctx) -> list[str]:
    from chiiki_lab.codes import code_of

    return [code_of("浦和市")]


def urawa_today_mistakes(ctx) -> dict[str, list[str]]:
    return {"ward": ["11107"]}


def _population(ctx, name: str) -> int:
    table = ctx.load(name)
    return int(table.loc[table["code"] == TSUMAGOI, "population"].iloc[0])


def register_minus_census(ctx) -> int:
    return _population(ctx, "juki2022") - _population(ctx, "census2020")


def register_minus_census_mistakes(ctx) -> dict[str, int]:
    return {"reversed": -register_minus_census(ctx)}


def fiscal_2021(ctx) -> str:
    return "b"


def fiscal_2021_mistakes(ctx) -> dict[str, str]:
    return {"calendar": "a", "previous": "c"}
