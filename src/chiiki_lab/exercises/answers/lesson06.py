"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 06."""

from __future__ import annotations


def _last(ctx):
    card = ctx.load("mynumbercard")
    basic = card[card["is_basic_municipality"]]
    return basic[basic["as_of"] == basic["as_of"].max()]


def _gunma(ctx):
    last = _last(ctx)
    return last[last["pref_name"] == "群馬県"]


def gunma_rate(ctx) -> float:
    gunma = _gunma(ctx)
    return float(gunma["cards_issued"].sum() / gunma["population_juki"].sum() * 100)


def gunma_rate_mistakes(ctx) -> dict[str, float]:
    return {"mean": gunma_mean(ctx)}


def gunma_mean(ctx) -> float:
    return float(_gunma(ctx)["issuance_rate_pct"].mean())


def gunma_mean_mistakes(ctx) -> dict[str, float]:
    return {"weighted": gunma_rate(ctx)}


def _towns(ctx):
    """The notebook's towns_2022: card rate × fiscal strength (FY2021) × census population."""
    zaisei = ctx.load("zaisei")
    fiscal = zaisei[(zaisei["fiscal_year"] == 2021) & zaisei["is_basic_municipality"]]
    return (_last(ctx)[["code", "issuance_rate_pct"]]
            .merge(fiscal[["code", "fiscal_strength_index"]], on="code")
            .merge(ctx.load("census2020")[["code", "population"]], on="code"))


def spearman_population(ctx) -> float:
    towns = _towns(ctx)
    return float(towns["issuance_rate_pct"].corr(towns["population"], method="spearman"))


def spearman_population_mistakes(ctx) -> dict[str, float]:
    towns = _towns(ctx)
    return {"pearson": float(towns["issuance_rate_pct"].corr(towns["population"]))}


def _by_prefecture(ctx):
    last = _last(ctx)
    sums = last.groupby("pref_code")[["cards_issued", "population_juki"]].sum()
    return sums["cards_issued"] / sums["population_juki"] * 100, last


def prefectures_above_japan(ctx) -> int:
    rates, last = _by_prefecture(ctx)
    japan = last["cards_issued"].sum() / last["population_juki"].sum() * 100
    return int((rates > japan).sum())


def prefectures_above_japan_mistakes(ctx) -> dict[str, int]:
    rates, last = _by_prefecture(ctx)
    return {"below": len(rates) - prefectures_above_japan(ctx)}
