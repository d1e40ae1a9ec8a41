"""Exercise notebook ch12 (人口動態): 転入超過の上位, 嬬恋村の転入超過率, 転入超過だった市区町村の数."""

from __future__ import annotations

from .shared import TSUMAGOI, ranked


def _gunma_9y(ctx):
    moves = ctx.load("juki_migration")
    return moves[moves["pref_code"] == "10"].groupby("code", as_index=False)["net_migration"].sum()


def top3_net(ctx) -> list[str]:
    return ranked(_gunma_9y(ctx), "net_migration", n=3)


def top3_net_mistakes(ctx) -> dict[str, list[str]]:
    moves = ctx.load("juki_migration")
    gunma_2024 = moves[(moves["pref_code"] == "10") & (moves["year"] == 2024)]
    return {"lowest": ranked(_gunma_9y(ctx), "net_migration", n=3, ascending=True),
            "year2024": ranked(gunma_2024, "net_migration", n=3),
            "moved_in": ranked(moves[moves["pref_code"] == "10"].groupby("code", as_index=False)["in_migrants"].sum(),
                               "in_migrants", n=3)}


def _net_2024(ctx, code: str) -> int:
    moves = ctx.load("juki_migration")
    return int(moves[(moves["code"] == code) & (moves["year"] == 2024)]["net_migration"].iloc[0])


def rate_2024(ctx) -> float:
    population = ctx.load("census2020").set_index("code").loc[TSUMAGOI, "population"]
    return _net_2024(ctx, TSUMAGOI) / float(population) * 1000


def rate_2024_mistakes(ctx) -> dict[str, float]:
    moves = ctx.load("juki_migration")
    nine_years = int(moves.loc[moves["code"] == TSUMAGOI, "net_migration"].sum())
    population = float(ctx.load("census2020").set_index("code").loc[TSUMAGOI, "population"])
    return {"nine_years": nine_years / population * 1000, "count": float(_net_2024(ctx, TSUMAGOI))}


def _gain_count(ctx, year: int, strict: bool = True) -> int:
    moves = ctx.load("juki_migration")
    net = moves.loc[moves["year"] == year, "net_migration"]
    return int((net > 0).sum() if strict else (net >= 0).sum())


def gain_count_2024(ctx) -> int:
    return _gain_count(ctx, 2024)


def gain_count_2024_mistakes(ctx) -> dict[str, int]:
    found = {"loss": int((ctx.load("juki_migration").query("year == 2024")["net_migration"] < 0).sum()),
             "year2023": _gain_count(ctx, 2023)}
    with_zero = _gain_count(ctx, 2024, strict=False)
    if with_zero != gain_count_2024(ctx):
        found["with_zero"] = with_zero
    return found
