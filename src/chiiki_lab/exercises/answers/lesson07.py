"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 07.

Shops and teleworkers are 模擬データ sized from the census as in the notebook (seed 0).
"""

from __future__ import annotations

MEMBERS = 4  # 糸満市・沖縄市・竹富町・宮古島市 (KDDIウェブコミュニケーションズ, Cloud ON OKINAWA)


def _okinawa(ctx) -> int:
    census = ctx.load("census2020")
    return int((census["is_basic_municipality"] & (census["pref_code"] == "47")).sum())


def member_share_pct(ctx) -> float:
    return MEMBERS / _okinawa(ctx) * 100


def member_share_pct_mistakes(ctx) -> dict[str, float]:
    return {"third": _okinawa(ctx) / 3}


def _scores(ctx):
    from ...synthetic import matching

    census = ctx.load("census2020")
    by_name = census[census["is_basic_municipality"]].set_index("name")
    n_shops = round(int(by_name.loc["宮古島市", "employed_accommodation_food"]) / 200)
    taketomi = by_name.loc["竹富町"]
    n_workers = round(int(taketomi["labour_force15p"] - taketomi["employed15p"]) / 5)
    shops, workers = matching.shops_and_workers(n_shops=n_shops, n_workers=n_workers, seed=0)
    return shops, matching.suitability(shops, workers)


def greedy_mean(ctx) -> float:
    from ...synthetic import matching

    return float(matching.greedy_match(_scores(ctx)[1])["score"].mean())


def greedy_mean_mistakes(ctx) -> dict[str, float]:
    from ...synthetic import matching

    scores = _scores(ctx)[1]
    return {"sum": float(matching.greedy_match(scores)["score"].sum()),
            "optimal": float(matching.optimal_match(scores)["score"].mean())}


def unmatched(ctx) -> int:
    from ...synthetic import matching

    shops, scores = _scores(ctx)
    return len(shops.index.difference(matching.optimal_match(scores)["shop"]))


def unmatched_mistakes(ctx) -> dict[str, int]:
    from ...synthetic import matching

    shops, scores = _scores(ctx)
    return {"matched": len(matching.optimal_match(scores))}
