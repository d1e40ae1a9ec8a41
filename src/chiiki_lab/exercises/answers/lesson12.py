"""In-lesson practice of notebook 12 (人口動態): 社会増の数, 嬬恋村の9年間の転入超過, 自然減と社会減."""

from __future__ import annotations

from .shared import TSUMAGOI


def _gunma_2021(ctx):
    juki = ctx.load("juki2022")
    return juki[(juki["pref_code"] == "10") & juki["is_basic_municipality"]]


def social_gain_count(ctx) -> int:
    return int((_gunma_2021(ctx)["social_change"] > 0).sum())


def social_gain_count_mistakes(ctx) -> dict[str, int]:
    gunma = _gunma_2021(ctx)
    return {"natural": int((gunma["natural_change"] > 0).sum()), "loss": int((gunma["social_change"] < 0).sum())}


def _tsumagoi_moves(ctx):
    moves = ctx.load("juki_migration")
    return moves[moves["code"] == TSUMAGOI].sort_values("year")


def net_9y(ctx) -> int:
    return int(_tsumagoi_moves(ctx)["net_migration"].sum())


def net_9y_mistakes(ctx) -> dict[str, int]:
    z = _tsumagoi_moves(ctx)
    return {"last_year": int(z["net_migration"].iloc[-1]), "first_year": int(z["net_migration"].iloc[0])}


def natural_vs_social(ctx) -> str:
    z = ctx.load("juki2022").set_index("code").loc[TSUMAGOI]
    return "a" if z["natural_change"] < z["social_change"] else "b"


def natural_vs_social_mistakes(ctx) -> dict[str, str]:
    return {"social": "b" if natural_vs_social(ctx) == "a" else "a", "growth": "d"}
