"""Chapter 16 (防災: 嬬恋村の避難場所までの距離): in-lesson 16-a…c and exercise 16-1…3."""

from __future__ import annotations

from ._geo import population_beyond, volcano_sites

TSUMAGOI, NAGANOHARA = "10425", "10424"


def _cells(ctx, code):
    mesh = ctx.load("census2020_mesh250m")
    return mesh[mesh["code"] == code]


# ---------------------------------------------------------------- in-lesson
def cells_50(ctx) -> int:
    return int((_cells(ctx, TSUMAGOI)["population"] >= 50).sum())


def cells_50_mistakes(ctx) -> dict[str, int]:
    cells = _cells(ctx, TSUMAGOI)
    return {"strict": int((cells["population"] > 50).sum()), "all": len(cells)}


def far_1km(ctx) -> int:
    return population_beyond(ctx, TSUMAGOI, volcano_sites(ctx), 1000)


def far_1km_mistakes(ctx) -> dict[str, int]:
    sites = ctx.load("shelters_gunma")
    return {"within": int(_cells(ctx, TSUMAGOI)["population"].sum()) - far_1km(ctx),
            "shelters": population_beyond(ctx, TSUMAGOI, sites[sites["kind"] == "designated_shelter"], 1000),
            "two_km": population_beyond(ctx, TSUMAGOI, volcano_sites(ctx), 2000)}


def straight_line_limit(ctx) -> str:
    return "b"


def straight_line_limit_mistakes(ctx) -> dict[str, str]:
    return {"computable": "a"}


# ---------------------------------------------------------------- exercise
def naganohara_total(ctx) -> int:
    return int(_cells(ctx, NAGANOHARA)["population"].sum())


def naganohara_total_mistakes(ctx) -> dict[str, int]:
    census = ctx.load("census2020").set_index("code")
    return {"census": int(census.loc[NAGANOHARA, "population"]), "cells": len(_cells(ctx, NAGANOHARA))}


def naganohara_far(ctx) -> int:
    return population_beyond(ctx, NAGANOHARA, volcano_sites(ctx), 1000)


def naganohara_far_mistakes(ctx) -> dict[str, int]:
    sites = ctx.load("shelters_gunma")
    own = volcano_sites(ctx)
    return {"own_only": population_beyond(ctx, NAGANOHARA, own[own["code"] == NAGANOHARA], 1000),
            "any_hazard": population_beyond(ctx, NAGANOHARA, sites[sites["kind"] == "emergency_site"], 1000)}


def _per_shelter(ctx):
    sites = ctx.load("shelters_gunma")
    n = sites[sites["kind"] == "designated_shelter"].groupby("code").size()
    census = ctx.load("census2020")
    gunma = census[census["is_basic_municipality"] & (census["pref_code"] == "10")].set_index("code")
    return (gunma["population"] / n.reindex(gunma.index)).rename("per").reset_index()


def per_shelter_top3(ctx) -> list[str]:
    df = _per_shelter(ctx)
    return df.sort_values(["per", "code"], ascending=[False, True])["code"].head(3).tolist()


def per_shelter_top3_mistakes(ctx) -> dict[str, list[str]]:
    df = _per_shelter(ctx)
    sites = ctx.load("shelters_gunma")
    n = sites[sites["kind"] == "emergency_site"].groupby("code").size()
    census = ctx.load("census2020")
    gunma = census[census["is_basic_municipality"] & (census["pref_code"] == "10")].set_index("code")
    emergency = (gunma["population"] / n.reindex(gunma.index)).rename("per").reset_index()
    return {"lowest": df.sort_values(["per", "code"], ascending=[True, True])["code"].head(3).tolist(),
            "emergency": emergency.sort_values(["per", "code"], ascending=[False, True])["code"].head(3).tolist()}
