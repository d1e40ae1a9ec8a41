"""Chapter 6 (DXの物差し): My Number Card rates and the prefecture composite index."""

from __future__ import annotations

from .shared import TSUMAGOI, basic, ranked

CARD_DATE = "2022-12-31"  # the last as_of of mynumbercard
WEIGHTS = {"card_rate": 1, "fiscal": 1, "working_age": 1, "pop_change": 1}
SENSITIVITY = {"delta": 0.3, "n": 200, "seed": 0}  # as in notebook 06


def _card(ctx):
    return basic(ctx.load("mynumbercard"))


def _card_at(ctx, as_of):
    card = _card(ctx)
    return card[card["as_of"] == as_of]


def _last_of_year(ctx, year: int):
    card = ctx.load("mynumbercard")
    return card.loc[card["as_of"].dt.year == year, "as_of"].max()


def _rate_of(rows) -> float:
    return float(rows["cards_issued"].sum() / rows["population_juki"].sum() * 100)


def rate_tsumagoi(ctx) -> float:
    return float(_card_at(ctx, CARD_DATE).set_index("code").loc[TSUMAGOI, "issuance_rate_pct"])


def rate_tsumagoi_mistakes(ctx) -> dict[str, float]:
    last = _card_at(ctx, CARD_DATE)
    end2021 = _card_at(ctx, _last_of_year(ctx, 2021)).set_index("code")
    return {"end2021": float(end2021.loc[TSUMAGOI, "issuance_rate_pct"]),
            "prefecture": _rate_of(last[last["pref_name"] == "群馬県"]),
            "japan": _rate_of(last)}


def rate_japan_2021(ctx) -> float:
    return _rate_of(_card_at(ctx, _last_of_year(ctx, 2021)))


def rate_japan_2021_mistakes(ctx) -> dict[str, float]:
    rows = _card_at(ctx, _last_of_year(ctx, 2021))
    return {"mean": float(rows["issuance_rate_pct"].mean()),
            "end2022": _rate_of(_card_at(ctx, CARD_DATE)),
            "median": float(rows["issuance_rate_pct"].median())}


def prefecture_table(ctx):
    """The prefectures × 4 indicators table the exercise notebook builds (card rate as total ÷ total)."""
    census = ctx.load("census2020")
    pref = _card_at(ctx, CARD_DATE).groupby("pref_code")[["population_juki", "cards_issued"]].sum()
    zaisei = ctx.load("zaisei")
    fiscal = basic(zaisei[zaisei["fiscal_year"] == 2021])
    fiscal = fiscal[~fiscal["note_value_in_parentheses"]]
    prefs = census[census["level"] == "prefecture"].set_index("pref_code")
    return prefs[["name"]].assign(
        card_rate=pref["cards_issued"] / pref["population_juki"] * 100,
        fiscal=fiscal.groupby("pref_code")["fiscal_strength_index"].mean(),
        working_age=prefs["share_age15_64_pct"],
        pop_change=prefs["pop_change_rate_2015_2020_pct"],
    ).set_index("name")


def _rank_toyama(ctx, card_weight: float = 3, method: str = "minmax", ascending: bool = False) -> int:
    from ...indicators import composite_index

    index = composite_index(prefecture_table(ctx), WEIGHTS | {"card_rate": card_weight}, method=method)
    return int(index.rank(ascending=ascending, method="min")["富山県"])


def rank_toyama(ctx) -> int:
    return _rank_toyama(ctx)


def rank_toyama_mistakes(ctx) -> dict[str, int]:
    found = {"equal_weights": _rank_toyama(ctx, 1), "ascending": _rank_toyama(ctx, 3, ascending=True),
             "zscore": _rank_toyama(ctx, 3, "zscore")}
    return {k: v for k, v in found.items() if v != rank_toyama(ctx)}


def top_in_prefecture(ctx) -> list[str]:
    rows = _card_at(ctx, CARD_DATE)
    return ranked(rows[rows["pref_code"] == ctx.town[:2]], "issuance_rate_pct", n=1)


def top_in_prefecture_mistakes(ctx) -> dict[str, list[str]]:
    rows = _card_at(ctx, CARD_DATE)
    mine = rows[rows["pref_code"] == ctx.town[:2]]
    end2021 = _card_at(ctx, _last_of_year(ctx, 2021))
    found = {"lowest": ranked(mine, "issuance_rate_pct", ascending=True, n=1),
             "japan": ranked(rows, "issuance_rate_pct", n=1),
             "end2021": ranked(end2021[end2021["pref_code"] == ctx.town[:2]], "issuance_rate_pct", n=1)}
    return {k: v for k, v in found.items() if v != top_in_prefecture(ctx)}


def toyama_rank_range(ctx) -> int:
    from ...indicators import weight_sensitivity

    sens = weight_sensitivity(prefecture_table(ctx), WEIGHTS, **SENSITIVITY)
    return int(sens.loc["富山県", "rank_range"])
