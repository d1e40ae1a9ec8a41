"""Chapter 20 (国の地域DX政策): in-lesson 20-a…d and exercise 20-1…3 (facts stated in the chapter's sources)."""

from __future__ import annotations

from .shared import TSUMAGOI

LAST = "2022-12-31"


def _last(ctx):
    cards = ctx.load("mynumbercard")
    return cards[cards["as_of"] == LAST]


# ---------------------------------------------------------------- in-lesson
def tsumagoi_rate(ctx) -> float:
    last = _last(ctx)
    return float(last.loc[last["code"] == TSUMAGOI, "issuance_rate_pct"].iloc[0])


def tsumagoi_rate_mistakes(ctx) -> dict[str, float]:
    last = _last(ctx)
    return {"national": float(last["cards_issued"].sum() / last["population_juki"].sum() * 100)}


def standard_spec(ctx) -> str:
    return "b"


def standard_spec_mistakes(ctx) -> dict[str, str]:
    return {"own": "a", "vendor": "d"}


def suppression_reason(ctx) -> str:
    return "b"


def suppression_reason_mistakes(ctx) -> dict[str, str]:
    return {"missing": "a", "empty": "d"}


def survey_issue(ctx) -> str:
    return "b"


def survey_issue_mistakes(ctx) -> dict[str, str]:
    return {"budget": "a"}


# ---------------------------------------------------------------- exercise
def gunma_rate(ctx) -> float:
    last = _last(ctx)
    gunma = last[last["pref_code"] == "10"]
    return float(gunma["cards_issued"].sum() / gunma["population_juki"].sum() * 100)


def gunma_rate_mistakes(ctx) -> dict[str, float]:
    last = _last(ctx)
    return {"mean_of_rates": float(last.loc[last["pref_code"] == "10", "issuance_rate_pct"].mean()),
            "national": float(last["cards_issued"].sum() / last["population_juki"].sum() * 100)}


def gunma_top3(ctx) -> list[str]:
    last = _last(ctx)
    gunma = last[last["pref_code"] == "10"]
    return gunma.sort_values(["issuance_rate_pct", "code"], ascending=[False, True])["code"].head(3).tolist()


def gunma_top3_mistakes(ctx) -> dict[str, list[str]]:
    last = _last(ctx)
    gunma = last[last["pref_code"] == "10"]
    return {"lowest": gunma.sort_values(["issuance_rate_pct", "code"], ascending=[True, True])["code"].head(3).tolist(),
            "most_cards": gunma.sort_values(["cards_issued", "code"], ascending=[False, True])["code"].head(3).tolist()}


def privacy_law_start(ctx) -> str:
    return "b"


def privacy_law_start_mistakes(ctx) -> dict[str, str]:
    return {"never": "d"}
