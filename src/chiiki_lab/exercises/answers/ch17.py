"""Chapter 17 (地域公共交通: 中之条町のバス停から遠い人): in-lesson 17-a…c and exercise 17-1…3."""

from __future__ import annotations

from ._geo import population_beyond

NAKANOJO = "10421"


def _served(ctx, minimum: int):
    stops = ctx.load("gtfs_kanetsu_stops")
    return stops[stops["departures_weekday"] >= minimum]


# ---------------------------------------------------------------- in-lesson
def served_poles(ctx) -> int:
    stops = ctx.load("gtfs_kanetsu_stops")
    return int(((stops["code"] == NAKANOJO) & (stops["departures_weekday"] >= 10)).sum())


def served_poles_mistakes(ctx) -> dict[str, int]:
    stops = ctx.load("gtfs_kanetsu_stops")
    own = stops[stops["code"] == NAKANOJO]
    return {"all_poles": len(own),
            "whole_feed": int((stops["departures_weekday"] >= 10).sum())}


def far_older(ctx) -> int:
    return population_beyond(ctx, NAKANOJO, _served(ctx, 10), 500, weight="pop_65p")


def far_older_mistakes(ctx) -> dict[str, int]:
    return {"everyone": population_beyond(ctx, NAKANOJO, _served(ctx, 10), 500),
            "any_stop": population_beyond(ctx, NAKANOJO, _served(ctx, 1), 500, weight="pop_65p"),
            "walk_300": population_beyond(ctx, NAKANOJO, _served(ctx, 10), 300, weight="pop_65p")}


def definition_reading(ctx) -> str:
    return "c"


def definition_reading_mistakes(ctx) -> dict[str, str]:
    return {"reversed": "b", "robust": "d"}


# ---------------------------------------------------------------- exercise
def no_service_poles(ctx) -> int:
    return int((ctx.load("gtfs_kanetsu_stops")["departures_weekday"] == 0).sum())


def no_service_poles_mistakes(ctx) -> dict[str, int]:
    stops = ctx.load("gtfs_kanetsu_stops")
    return {"served": int((stops["departures_weekday"] > 0).sum())}


def busiest_municipalities(ctx) -> list[str]:
    stops = ctx.load("gtfs_kanetsu_stops")
    sums = stops.groupby("code")["departures_weekday"].sum().rename("dep").reset_index()
    return sums.sort_values(["dep", "code"], ascending=[False, True])["code"].head(3).tolist()


def busiest_municipalities_mistakes(ctx) -> dict[str, list[str]]:
    stops = ctx.load("gtfs_kanetsu_stops")
    poles = stops.groupby("code").size().rename("n").reset_index()
    return {"poles": poles.sort_values(["n", "code"], ascending=[False, True])["code"].head(3).tolist()}


def far_strict(ctx) -> int:
    return population_beyond(ctx, NAKANOJO, _served(ctx, 20), 500)


def far_strict_mistakes(ctx) -> dict[str, int]:
    return {"lesson_definition": population_beyond(ctx, NAKANOJO, _served(ctx, 10), 500),
            "older_only": population_beyond(ctx, NAKANOJO, _served(ctx, 20), 500, weight="pop_65p")}
