"""模擬データ for the 郡山 KPI case: the panel, and before/after vs difference-in-differences."""

from __future__ import annotations

import pandas as pd
import pytest

from chiiki_lab.errors import ChiikiLabValueError, MissingColumnError
from chiiki_lab.synthetic import kpi


def tiny_panel(values):
    """2 firms × 2 years: (participant before, after, other before, after)."""
    return pd.DataFrame(
        {"accepted": [True, True, False, False], "post": [False, True, False, True], "year": [1, 2, 1, 2],
         kpi.OUTCOME: values}
    )


def test_panel_shape_counts_and_label():
    p = kpi.platform_panel(n_firms=60, start=2019, end=2023, first_year=2022, seed=2)
    assert len(p) == 60 * 5 and p["firm"].nunique() == 60
    firms = p.groupby("firm").first()
    assert firms["applied"].sum() == 13 and firms["accepted"].sum() == 12
    assert (firms["applied"] | ~firms["accepted"]).all()  # every accepted firm applied
    assert set(firms.loc[firms["accepted"], "track"]) <= set(kpi.TRACKS)
    assert (firms.loc[~firms["accepted"], "track"] == "").all()
    assert p.loc[p["post"], "year"].min() == 2022 and p.loc[~p["post"], "year"].max() == 2021
    meta = p.attrs["chiiki_lab"]
    assert meta["synthetic"] is True and "模擬データ" in meta["attribution_ja"] and meta["true_effect"] == 4.0
    pd.testing.assert_frame_equal(p, kpi.platform_panel(n_firms=60, start=2019, end=2023, first_year=2022, seed=2))


def test_estimators_on_a_hand_made_table():
    p = tiny_panel([10.0, 17.0, 5.0, 8.0])
    assert kpi.group_means(p).values.tolist() == [[10.0, 17.0, 7.0], [5.0, 8.0, 3.0]]
    assert kpi.before_after(p) == 7.0
    assert kpi.after_only(p) == 9.0
    assert kpi.did(p) == 4.0
    assert kpi.compare_estimates(p)["error"].isna().all()  # no true effect known for real data


def test_without_noise_did_is_exact_and_naive_methods_add_trend_and_selection():
    p = kpi.platform_panel(noise=0.0, trend=3.0, true_effect=4.0, start=2018, end=2023, first_year=2022, seed=5)
    est = kpi.compare_estimates(p)
    assert est.loc["did", "estimate"] == pytest.approx(4.0, abs=0.06)  # only rounding to 0.1
    # pre years average 2019.5, post years 2022.5: the trend adds 3 × 3 = 9
    assert est.loc["before_after", "estimate"] == pytest.approx(4.0 + 9.0, abs=0.06)
    firms = p[~p["post"]].groupby("firm").agg(level=(kpi.OUTCOME, "mean"), accepted=("accepted", "first"))
    gap = firms.groupby("accepted")["level"].mean()
    assert est.loc["after_only", "estimate"] == pytest.approx(gap[True] - gap[False] + 4.0, abs=0.06)
    assert gap[True] > gap[False]  # larger firms select themselves in


@pytest.mark.parametrize("seed", range(5))
def test_did_recovers_the_effect_better_than_before_after(seed):
    p = kpi.platform_panel(seed=seed)
    est = kpi.compare_estimates(p)
    assert abs(est.loc["did", "error"]) < 1.5
    assert est.loc["before_after", "error"] > 5
    assert est.loc["after_only", "error"] > 5


def test_broken_parallel_trends_bias_did():
    p = kpi.platform_panel(noise=0.0, extra_trend=1.0, seed=0)
    # accepted firms grow 1 more a year: 3 years between the period means → DiD ≈ 4 + 3
    assert kpi.did(p) == pytest.approx(7.0, abs=0.06)


def test_bad_arguments_say_what_to_do():
    with pytest.raises(ChiikiLabValueError, match="1 ≤ 採択数 ≤ 応募数 < 企業数"):
        kpi.platform_panel(n_applied=10, n_accepted=12)
    with pytest.raises(ChiikiLabValueError, match="first_year=2018 は start=2018 より後"):
        kpi.platform_panel(first_year=2018)
    with pytest.raises(MissingColumnError, match="列 'post' がありません"):
        kpi.did(tiny_panel([1.0, 2.0, 3.0, 4.0]).drop(columns="post"))


def test_plot_is_labelled_synthetic():
    import matplotlib.pyplot as plt

    ax = kpi.plot_did(kpi.platform_panel(seed=0))
    assert "模擬データ" in ax.get_title()
    assert len(ax.get_lines()) >= 3
    assert ax.get_ylim()[0] == 0                 # levels drawn from 0, so the gap is not inflated
    plt.close(ax.figure)
