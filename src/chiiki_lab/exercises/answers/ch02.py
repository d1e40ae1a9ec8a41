"""Chapter 2 (地図で見る地域): the 30 府県 served by NTT西日本."""

from __future__ import annotations

from .shared import WEST_JAPAN, basic, ranked

CHUBU_WEST = ("富山県", "石川県", "福井県", "岐阜県", "静岡県", "愛知県", "三重県")


def _west(ctx):
    c = ctx.load("census2020")
    return c[c["pref_name"].isin(WEST_JAPAN)]


def n_west(ctx) -> int:
    return len(basic(_west(ctx)))


def n_west_mistakes(ctx) -> dict[str, int]:
    west, n = _west(ctx), n_west(ctx)
    wards = int((west["level"] == "designated_city_ward").sum())
    cities = int((west["level"] == "designated_city").sum())
    c = ctx.load("census2020")
    return {"wards_too": n + wards, "wards_not_cities": n - cities + wards, "prefectures_too": n + 30,
            "chubu_missing": len(basic(c[c["pref_name"].isin(set(WEST_JAPAN) - set(CHUBU_WEST))])),
            "okinawa_missing": n - int((basic(west)["pref_name"] == "沖縄県").sum())}


def _prefs(ctx):
    c = ctx.load("census2020")
    return c[c["level"] == "prefecture"]


def oldest_pref(ctx) -> list[str]:
    prefs = _prefs(ctx)
    return ranked(prefs[prefs["pref_name"].isin(WEST_JAPAN)], "share_age65p_pct", n=1)


def oldest_pref_mistakes(ctx) -> dict[str, list[str]]:
    prefs = _prefs(ctx)
    west = prefs[prefs["pref_name"].isin(WEST_JAPAN)]
    return {"japan": ranked(prefs, "share_age65p_pct", n=1),
            "lowest": ranked(west, "share_age65p_pct", ascending=True, n=1)}


def share_villages(ctx) -> float:
    return float((basic(_west(ctx))["level"] == "village").mean() * 100)


def share_villages_mistakes(ctx) -> dict[str, float]:
    munis = basic(_west(ctx))
    return {"towns": float((munis["level"] == "town").mean() * 100),
            "count": float((munis["level"] == "village").sum())}


def choropleth_caveat(ctx) -> str:
    return "c"


def choropleth_caveat_mistakes(ctx) -> dict[str, str]:
    return {"classes": "a", "area": "b", "size": "d"}
