"""模擬データ for the Okinawa matching case: generator, suitability, greedy vs optimal assignment."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from chiiki_lab.errors import ChiikiLabValueError, MissingColumnError
from chiiki_lab.synthetic import matching


def brute_force_best(scores: pd.DataFrame) -> float:
    """Largest total of a one-to-one matching, by trying every assignment (small tables only)."""
    values = scores.to_numpy()
    n_rows, n_cols = values.shape
    best = 0.0
    for cols in itertools.permutations(range(n_cols), min(n_rows, n_cols)):
        for rows in itertools.combinations(range(n_rows), len(cols)):
            best = max(best, sum(values[r, c] for r, c in zip(rows, cols)))
    return best


def test_same_seed_same_data_and_labelled_synthetic():
    a_shops, a_workers = matching.shops_and_workers(n_shops=5, n_workers=3, seed=7)
    b_shops, b_workers = matching.shops_and_workers(n_shops=5, n_workers=3, seed=7)
    pd.testing.assert_frame_equal(a_shops, b_shops)
    pd.testing.assert_frame_equal(a_workers, b_workers)
    other, _ = matching.shops_and_workers(n_shops=5, n_workers=3, seed=8)
    assert not other.equals(a_shops)
    for df in (a_shops, a_workers):
        meta = df.attrs["chiiki_lab"]
        assert meta["synthetic"] is True and meta["seed"] == 7
        assert "模擬データ" in meta["attribution_ja"] and "模擬データ" in meta["note"]


def test_generated_values_stay_in_their_ranges():
    shops, workers = matching.shops_and_workers(n_shops=40, n_workers=30, seed=1)
    assert shops.index[0] == "S01" and workers.index[-1] == "W30"
    assert shops["hours_needed"].between(8, 40).all()
    assert workers["hours_available"].between(10, 40).all()
    skills = workers[list(matching.SKILLS)]
    assert skills.isin(range(matching.MAX_LEVEL + 1)).all().all()
    assert (skills > 0).sum(axis=1).between(1, 3).all()
    needs = shops["needs"].str.split("+")
    assert needs.map(len).between(1, 2).all()
    assert all(s in matching.SKILLS for n in needs for s in n)
    assert set(shops["kind"]) <= set(matching.SHOP_KINDS)


def test_suitability_formula_on_a_hand_made_case():
    shops = pd.DataFrame({"needs": ["web", "photo+sns"], "hours_needed": [10, 40]}, index=["S01", "S02"])
    workers = pd.DataFrame(
        {"web": [3, 1], "photo": [0, 3], "sns": [3, 0], "hours_available": [5, 40]}, index=["W01", "W02"]
    )
    s = matching.suitability(shops, workers)
    # S01/W01: 3/3 × min(1, 5/10); S01/W02: 1/3 × 1; S02/W01: 1.5/3 × 5/40; S02/W02: 1.5/3 × 1
    assert s.loc["S01"].tolist() == [0.5, 0.333]
    assert s.loc["S02"].tolist() == [0.062, 0.5]


def test_greedy_can_miss_the_best_total_and_optimal_finds_it():
    s = pd.DataFrame([[0.9, 0.8], [0.8, 0.1]], index=["S01", "S02"], columns=["W01", "W02"])
    greedy, best = matching.greedy_match(s), matching.optimal_match(s)
    assert greedy[["shop", "worker"]].values.tolist() == [["S01", "W01"], ["S02", "W02"]]
    assert best[["shop", "worker"]].values.tolist() == [["S01", "W02"], ["S02", "W01"]]
    assert best["score"].sum() == pytest.approx(1.6)


@pytest.mark.parametrize("seed", range(6))
def test_optimal_is_the_true_optimum_and_matches_are_one_to_one(seed):
    shops, workers = matching.shops_and_workers(n_shops=6, n_workers=4, seed=seed)
    s = matching.suitability(shops, workers)
    best, greedy = matching.optimal_match(s), matching.greedy_match(s)
    assert best["score"].sum() == pytest.approx(brute_force_best(s))
    assert greedy["score"].sum() <= best["score"].sum() + 1e-9
    for pairs in (best, greedy):
        assert pairs["shop"].is_unique and pairs["worker"].is_unique
        assert (pairs["score"] > 0).all()
        assert all(s.loc[r.shop, r.worker] == r.score for r in pairs.itertuples())


def test_zero_score_pairs_are_not_matches():
    s = pd.DataFrame([[0.0, 0.0], [0.0, 0.4]], index=["S01", "S02"], columns=["W01", "W02"])
    assert matching.greedy_match(s)["shop"].tolist() == ["S02"]
    assert matching.optimal_match(s)["shop"].tolist() == ["S02"]


def test_bad_arguments_say_what_to_do():
    with pytest.raises(ChiikiLabValueError, match="n_shops=0 は使えません。1 以上の整数"):
        matching.shops_and_workers(n_shops=0)
    with pytest.raises(ChiikiLabValueError, match="seed=-1 は使えません"):
        matching.shops_and_workers(seed=-1)
    shops, workers = matching.shops_and_workers(n_shops=2, n_workers=2)
    with pytest.raises(MissingColumnError, match="workers に列 'hours_available' がありません"):
        matching.suitability(shops, workers.drop(columns="hours_available"))


def test_network_names_every_member(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    import matplotlib.pyplot as plt

    ax = matching.partnership_network()
    texts = {t.get_text() for t in ax.texts}
    assert set(matching.MUNICIPALITIES) | set(matching.COMPANIES) <= texts
    assert "模擬データ" not in " ".join(texts)  # the network is drawn from the article, not synthetic
    plt.close(ax.figure)
