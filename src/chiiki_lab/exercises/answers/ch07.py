"""Chapter 7 (マッチング, 模擬データ): the fixed shops and teleworkers of the exercise."""

from __future__ import annotations

from functools import cache

MATCHING = {"n_shops": 10, "n_workers": 7, "seed": 5}  # the exercise notebook's settings


@cache
def _matches():
    """(shops, workers, scores, optimal, greedy, optimal with each worker able to take two shops)."""
    import pandas as pd

    from ...synthetic import matching

    shops, workers = matching.shops_and_workers(**MATCHING)
    scores = matching.suitability(shops, workers)
    twice = pd.concat([scores, scores.add_suffix("_2")], axis=1)
    return (shops, workers, scores, matching.optimal_match(scores), matching.greedy_match(scores),
            matching.optimal_match(twice))


def best_total(ctx) -> float:
    return float(_matches()[3]["score"].sum())


def best_total_mistakes(ctx) -> dict[str, float]:
    _, _, scores, best, greedy, _ = _matches()
    return {"greedy": float(greedy["score"].sum()), "mean": float(best["score"].mean()),
            "row_max": float(scores.max(axis=1).sum())}


def gap(ctx) -> float:
    return best_total(ctx) - float(_matches()[4]["score"].sum())


def gap_mistakes(ctx) -> dict[str, float]:
    _, _, _, best, greedy, _ = _matches()
    return {"greedy": float(greedy["score"].sum()), "optimal": best_total(ctx),
            "ratio": float(best["score"].sum() / greedy["score"].sum())}


def unmatched(ctx) -> int:
    shops, _, _, best, _, _ = _matches()
    return len(shops) - len(best)


def unmatched_mistakes(ctx) -> dict[str, int]:
    shops, workers, _, best, _, _ = _matches()
    found = {"matched": len(best), "shops_minus_workers": len(shops) - len(workers),
             "workers_left": len(workers) - len(best)}
    return {k: v for k, v in found.items() if v != unmatched(ctx)}


def unmatched_two_shops(ctx) -> int:
    shops, _, _, _, _, twice = _matches()
    return len(shops) - len(twice)


def unmatched_two_shops_mistakes(ctx) -> dict[str, int]:
    found = {"one_shop": unmatched(ctx), "matched": len(_matches()[5])}
    return {k: v for k, v in found.items() if v != unmatched_two_shops(ctx)}
