"""Indicators: formulas on tiny hand-made frames, and the published figures on the bundled data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab import indicators as ind
from chiiki_lab.errors import ChiikiLabValueError, MissingColumnError


@pytest.fixture
def three_groups():
    return pd.DataFrame(
        {
            "code": ["A", "B"],
            "pop_age0_14": [10, 30],
            "pop_age15_64": [50, 60],
            "pop_age65p": [40, 10],
            "population": [100, 100],
        },
        index=[7, 9],
    )


@pytest.fixture
def five_year():
    # 0-14: 6+0+0, 15-64: 10 each x 10 groups = 100, 65-74: 8+7, 75+: 5+4+3+2+1+0+1 = 16, unknown 9
    cols = {f"age_{lo:02d}_{lo + 4:02d}": [10] for lo in range(15, 65, 5)}
    cols.update({"age_00_04": [6], "age_05_09": [0], "age_10_14": [0], "age_65_69": [8], "age_70_74": [7]})
    cols.update({"age_75_79": [5], "age_80_84": [4], "age_85_89": [3], "age_90_94": [2], "age_95_99": [1]})
    cols.update({"age_100p": [1], "age_unknown": [9]})
    return pd.DataFrame(cols)


# ---------------------------------------------------------------- formulas on tiny frames


def test_shares_on_three_groups(three_groups):
    assert ind.aging_rate(three_groups).tolist() == [40.0, 10.0]
    assert ind.youth_share(three_groups).tolist() == [10.0, 30.0]
    assert ind.working_age_share(three_groups).tolist() == [50.0, 60.0]
    assert list(ind.aging_rate(three_groups).index) == [7, 9]  # indexed like the input
    assert ind.aging_rate(three_groups).name == "aging_rate_pct"


def test_dependency_ratios(three_groups):
    assert ind.dependency_ratio(three_groups).tolist() == pytest.approx([100.0, 40 / 60 * 100])
    assert ind.dependency_ratio(three_groups, "young").tolist() == pytest.approx([20.0, 50.0])
    assert ind.dependency_ratio(three_groups, "old").tolist() == pytest.approx([80.0, 100 / 6])
    with pytest.raises(ChiikiLabValueError, match="'total'（従属人口指数）"):
        ind.dependency_ratio(three_groups, "elderly")


def test_five_year_groups_exclude_unknown_by_default(five_year):
    known = 6 + 100 + 15 + 16  # 137
    assert ind.aging_rate(five_year).iloc[0] == pytest.approx(31 / known * 100)
    assert ind.aging_rate(five_year, exclude_unknown=False).iloc[0] == pytest.approx(31 / (known + 9) * 100)
    assert ind.late_elderly_rate(five_year).iloc[0] == pytest.approx(16 / known * 100)
    assert ind.youth_share(five_year).iloc[0] == pytest.approx(6 / known * 100)
    assert ind.working_age_share(five_year).iloc[0] == pytest.approx(100 / known * 100)
    assert ind.dependency_ratio(five_year).iloc[0] == pytest.approx((6 + 31) / 100 * 100)


def test_open_ended_top_group_is_counted(five_year):
    ipss_like = five_year.drop(columns=["age_90_94", "age_95_99", "age_100p", "age_unknown"]).assign(age_90p=[4])
    assert ind.late_elderly_rate(ipss_like).iloc[0] == pytest.approx(16 / 137 * 100)


def test_population_change_and_growth():
    df = pd.DataFrame(
        {"code": ["A", "A", "B", "B"], "year": [2000, 2010, 2000, 2010], "population": [1000, 800, 50, 100]}
    )
    out = ind.population_change(df, 2000, 2010)
    assert out.loc["A"].tolist() == [1000, 800, -200, -20.0]
    assert out.loc["B", "change_pct"] == 100.0
    rate = ind.annual_growth_rate(df, 2000, 2010)
    assert rate["B"] == pytest.approx((2 ** 0.1 - 1) * 100)  # 10 years at this rate double the population
    assert (1 + rate["A"] / 100) ** 10 == pytest.approx(0.8)
    with pytest.raises(ChiikiLabValueError, match="1990 年の人口がありません。使える年: 2000、2010"):
        ind.population_change(df, 1990, 2010)


def test_normalize_bounds():
    s = pd.Series([3.0, 7.0, 1.0, 9.0, 5.0])
    mm = ind.normalize(s)
    assert mm.min() == 0 and mm.max() == 1 and mm[1] == 0.75
    z = ind.normalize(s, "zscore")
    assert z.mean() == pytest.approx(0) and z.std(ddof=0) == pytest.approx(1)
    r = ind.normalize(s, "rank")
    assert r.tolist() == [0.4, 0.8, 0.2, 1.0, 0.6]
    with pytest.raises(ChiikiLabValueError, match="'flat' はすべて同じ値なので正規化できません"):
        ind.normalize(pd.Series([2, 2, 2], name="flat"))
    with pytest.raises(ChiikiLabValueError, match="'minmax'、'zscore'、'rank'"):
        ind.normalize(s, "log")


def test_composite_index_known_weights():
    df = pd.DataFrame({"a": [0, 5, 10], "b": [2, 4, 6], "c": [30, 20, 10]}, index=["X", "Y", "Z"])
    # min-max: a -> 0, .5, 1 ; b -> 0, .5, 1 ; c -> 1, .5, 0
    idx = ind.composite_index(df, {"a": 2, "c": 1})
    assert idx.tolist() == pytest.approx([(0 + 1) / 3, (1 + 0.5) / 3, 2 / 3])
    flipped = ind.composite_index(df, {"a": 1, "c": -1})  # lower c is better, so c is flipped
    assert flipped.tolist() == pytest.approx([0, 0.5, 1])
    with pytest.raises(MissingColumnError, match="列 'd' がありません。df.columns で列名を確かめてください"):
        ind.composite_index(df, {"a": 1, "d": 1})
    with pytest.raises(MissingColumnError, match=r"列 'fiscal_strength_index' がありません。この列は chiiki_lab.load\('zaisei'\) にあります"):
        ind.composite_index(df, {"a": 1, "fiscal_strength_index": 1})


def test_weight_sensitivity_shape_and_bounds():
    rng = np.random.default_rng(1)
    df = pd.DataFrame(rng.uniform(size=(30, 3)), columns=["a", "b", "c"])
    out = ind.weight_sensitivity(df, {"a": 1, "b": 1, "c": 2}, delta=0.5, n=50, seed=0)
    assert out.shape == (30, 4)
    assert list(out.columns) == ["base_rank", "min_rank", "max_rank", "rank_range"]
    assert out.index.equals(df.index)
    assert ((out["min_rank"] <= out["base_rank"]) & (out["base_rank"] <= out["max_rank"])).all()
    assert out["rank_range"].max() > 0  # ±50 % on the weights moves some ranks
    assert out.equals(ind.weight_sensitivity(df, {"a": 1, "b": 1, "c": 2}, delta=0.5, n=50, seed=0))
    still = ind.weight_sensitivity(df, {"a": 1, "b": 1, "c": 2}, delta=0.0, n=5)
    assert (still["rank_range"] == 0).all()
    assert set(still["base_rank"]) == set(range(1, 31))


def test_gini_and_lorenz():
    assert ind.gini([4, 4, 4, 4, 4]) == pytest.approx(0)
    for n in (2, 5, 10):
        assert ind.gini([0] * (n - 1) + [7]) == pytest.approx((n - 1) / n)
    # pairwise definition on a small example: sum|xi-xj| over ordered pairs = 2*(1+3+2) = 12
    assert ind.gini([1, 2, 4]) == pytest.approx(12 / (2 * 9 * 7 / 3))
    lc = ind.lorenz_curve(pd.Series([5, 1, 4]))
    assert lc.iloc[0].tolist() == [0, 0] and lc.iloc[-1].tolist() == [1, 1]
    assert lc["cum_share_values"].tolist() == pytest.approx([0, 0.1, 0.5, 1])
    with pytest.raises(ChiikiLabValueError, match="欠損値（NaN）が 1 個"):
        ind.gini([1, np.nan])
    with pytest.raises(ChiikiLabValueError, match="負の値があるか合計が 0"):
        ind.lorenz_curve([1, -1, 3])


def test_change_both_ways_texts(english):
    chiiki_lab.set_language("ja")
    up = ind.change_both_ways(27_500, 55_000)
    assert str(up) == "27,500 → 55,000 は 2.0倍（+100%）"
    assert (up.ratio, up.percent) == (2.0, 100.0)
    down = ind.change_both_ways(3_000_000, 810_000)
    assert str(down) == "3,000,000 → 810,000 は 0.27倍（−73%）"
    assert down.ratio == pytest.approx(0.27) and down.percent == pytest.approx(-73)
    assert str(ind.change_both_ways(100, 95.5)) == "100 → 95.5 は 0.95倍（−4.5%）"
    chiiki_lab.set_language("en")
    assert str(up) == "27,500 → 55,000 is 2.0 times (+100%)"
    with pytest.raises(ChiikiLabValueError, match="The value before is 0"):
        ind.change_both_ways(0, 5)


def test_ratio_percent_conversions():
    assert ind.ratio_to_percent(2.0) == 100.0
    assert ind.ratio_to_percent(0.27) == pytest.approx(-73)
    assert ind.percent_to_ratio(-73) == pytest.approx(0.27)
    assert ind.ratio_to_percent(pd.Series([1.5, 0.5])).tolist() == [50.0, -50.0]


# ---------------------------------------------------------------- clear errors for missing columns


def test_missing_age_column_names_the_dataset():
    with pytest.raises(MissingColumnError) as e:
        ind.aging_rate(pd.DataFrame({"population": [10]}))
    assert str(e.value) == (
        "列 'age_65_69' がありません。5歳階級の人口は chiiki_lab.load('census2020_age') にあります"
        "（3区分の 'pop_age65p' なら chiiki_lab.load('census2020') にあります）。"
    )
    with pytest.raises(MissingColumnError, match=r"列 'age_75_79' がありません。5歳階級の人口は chiiki_lab.load\('census2020_age'\)"):
        ind.late_elderly_rate(pd.DataFrame({"pop_age65p": [3], "population": [10]}))


def test_gaps_in_age_groups_are_reported(five_year):
    with pytest.raises(MissingColumnError, match="列 'age_70_74' がありません"):
        ind.aging_rate(five_year.drop(columns="age_70_74"))
    with pytest.raises(MissingColumnError, match="列 'age_100p' がありません"):  # open top group cut off
        ind.aging_rate(five_year.drop(columns="age_100p"))


def test_missing_column_in_english(english):
    with pytest.raises(MissingColumnError) as e:
        ind.population_change(pd.DataFrame({"code": ["A"], "population": [1]}), 2015, 2020)
    assert str(e.value) == "Column 'year' is missing. Populations by year are in chiiki_lab.load('census_timeseries')."


def test_missing_denominator(three_groups):
    with pytest.raises(MissingColumnError, match=r"列 'population' がありません。総人口 'population'は chiiki_lab.load\('census2020'\)"):
        ind.aging_rate(three_groups.drop(columns="population"))


# ---------------------------------------------------------------- real data


def test_tsumagoi_and_national_aging_rate():
    # PROVENANCE: 嬬恋村 2020 65+ 3,288 of 8,850 -> 37.2 %; national 28.6 % (不詳補完値)
    assert round(ind.aging_rate("10425"), 1) == 37.2
    assert round(ind.aging_rate("00000"), 1) == 28.6
    census = chiiki_lab.load("census2020")
    rates = ind.aging_rate(census)
    assert rates.index.equals(census.index)
    assert rates[census["code"] == "10425"].iloc[0] == pytest.approx(3288 / 8850 * 100)
    # the published share column agrees everywhere it is given
    assert np.allclose(rates, census["share_age65p_pct"], atol=1e-3, equal_nan=True)


def test_tsumagoi_five_year_groups():
    age = chiiki_lab.load("census2020_age")
    row = age[(age["code"] == "10425") & (age["sex"] == "total")]
    # census table 2-7-1, 嬬恋村: 65-69 … 100+ = 832 770 592 485 375 173 49 9; 年齢不詳 15
    assert ind.aging_rate(row).iloc[0] == pytest.approx(3285 / (8850 - 15) * 100)
    assert ind.aging_rate(row, exclude_unknown=False).iloc[0] == pytest.approx(3285 / 8850 * 100)
    assert ind.late_elderly_rate("10425") == pytest.approx(1683 / 8835 * 100)


def test_municipality_by_name():
    assert ind.aging_rate("嬬恋村") == ind.aging_rate("10425")


def test_tsumagoi_population_change():
    # PROVENANCE: 嬬恋村 2015 (組替) 9,780 -> 2020 8,850 (-9.51 %); 1980 10,737
    out = ind.population_change("10425", 2015, 2020)
    assert out.loc["10425", "change"] == -930
    assert round(out.loc["10425", "change_pct"], 2) == -9.51
    assert ind.annual_growth_rate("10425", 1980, 2020) == pytest.approx(((8850 / 10737) ** (1 / 40) - 1) * 100)


def test_projected_change_is_honest_about_2045():
    with pytest.raises(ChiikiLabValueError) as e:
        ind.projected_change("10425", target=2050)
    assert "同梱の IPSS 2018（平成30年）推計は 2045 年までなので、2050 年の推計人口はありません" in str(e.value)
    out = ind.projected_change("10425")  # PROVENANCE: 9,780 (2015) -> 6,547 (2045)
    assert out.loc["10425", ["population_2015", "population_2045"]].tolist() == [9780, 6547]
    own = pd.DataFrame({"code": ["X", "X"], "year": [2020, 2050], "population": [200, 150]})
    assert ind.projected_change(own, target=2050, base=2020).loc["X", "change_pct"] == -25.0
    with pytest.raises(ChiikiLabValueError, match="渡された推計表は 2050 年までなので、2060 年"):
        ind.projected_change(own, target=2060, base=2020)


def test_gini_of_municipal_populations_matches_lorenz_area():
    census = chiiki_lab.load("census2020")
    pops = census.loc[census["is_basic_municipality"], "population"]
    lc = ind.lorenz_curve(pops)
    assert len(lc) == len(pops) + 1 == 1742
    area = np.sum((lc["cum_share_values"].values[1:] + lc["cum_share_values"].values[:-1]) / 2) / len(pops)
    assert ind.gini(pops) == pytest.approx(1 - 2 * area)
    assert 0.5 < ind.gini(pops) < 1  # populations are very unequal across municipalities
