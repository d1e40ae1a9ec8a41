"""Cohort change-ratio projection: formulas on tiny hand-made tables, then the bundled data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab import projection as pj
from chiiki_lab.errors import (
    ChiikiLabValueError,
    MissingColumnError,
    MunicipalityNotFoundError,
)


def _base(before: dict, now: dict, code="A") -> pd.DataFrame:
    """Long table for 2015 and 2020; ``before``/``now`` map sex -> list of 19 group counts."""
    rows = []
    for year, table in ((2015, before), (2020, now)):
        for sex, counts in table.items():
            rows.append({"code": code, "name": "テスト町", "year": year, "sex": sex, **dict(zip(pj.AGES, counts))})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- distributing unknown ages


def test_distribute_unknown_age_keeps_totals_and_shares():
    df = pd.DataFrame({"age_00_04": [30, 0], "age_05_09": [10, 0], "age_10p": [60, 0], "age_unknown": [10, 4]})
    out = pj.distribute_unknown_age(df)
    assert "age_unknown" not in out.columns
    assert out.iloc[0].tolist() == pytest.approx([33.0, 11.0, 66.0])
    assert out.iloc[0].sum() == pytest.approx(110)
    assert out.iloc[1].tolist() == [0.0, 0.0, 0.0]  # nobody of known age: nothing to share out by


def test_distribute_unknown_age_needs_the_column():
    with pytest.raises(MissingColumnError) as err:
        pj.distribute_unknown_age(pd.DataFrame({"age_00_04": [1]}))
    assert str(err.value).startswith("列 'age_unknown'（年齢不詳）がありません。")


# ---------------------------------------------------------------- ratios and one step by hand


@pytest.fixture
def tiny():
    before = {"male": [10 + i for i in range(19)], "female": [20 + i for i in range(19)]}
    now = {"male": [5 * (i + 1) for i in range(19)], "female": [3 * (i + 1) for i in range(19)]}
    return _base(before, now)


def test_ratios_follow_the_cohorts(tiny):
    r = pj.cohort_change_ratios(tiny)
    # 20–24 in 2020 (group 4) against 15–19 in 2015 (group 3)
    assert r.loc[("A", "female"), "age_20_24"] == pytest.approx(15 / 23)
    assert r.loc[("A", "male"), "age_05_09"] == pytest.approx(10 / 10)
    # open group: 90+ in 2020 against 85–89 and 90+ in 2015
    assert r.loc[("A", "male"), "age_90p"] == pytest.approx(95 / (27 + 28))
    # child–woman ratio: children 0–4 of each sex per woman aged 15–49 in 2020 (groups 3..9)
    women = sum(3 * (i + 1) for i in range(3, 10))
    assert r.loc[("A", "male"), "age_00_04"] == pytest.approx(5 / women)
    assert r.loc[("A", "female"), "age_00_04"] == pytest.approx(3 / women)


def test_empty_earlier_group_gives_ratio_one():
    before = {"male": [0] * 19, "female": [1] * 19}
    now = {"male": [2] * 19, "female": [1] * 19}
    r = pj.cohort_change_ratios(_base(before, now))
    assert (r.loc[("A", "male")].iloc[1:] == 1.0).all()


def test_one_step_by_hand(tiny):
    p = pj.cohort_change_projection(tiny, until=2025)
    r = pj.cohort_change_ratios(tiny)
    now = tiny[tiny["year"] == 2020].set_index("sex")[pj.AGES].astype(float)
    nxt = p[p["year"] == 2025].set_index("sex")
    for sex in ("male", "female"):
        assert nxt.loc[sex, "age_40_44"] == pytest.approx(now.loc[sex, "age_35_39"] * r.loc[("A", sex), "age_40_44"])
        top = (now.loc[sex, "age_85_89"] + now.loc[sex, "age_90p"]) * r.loc[("A", sex), "age_90p"]
        assert nxt.loc[sex, "age_90p"] == pytest.approx(top)
    women_2025 = nxt.loc["female", pj.AGES[3:10]].sum()
    assert nxt.loc["male", "age_00_04"] == pytest.approx(women_2025 * r.loc[("A", "male"), "age_00_04"])
    assert nxt.loc["total", "population"] == pytest.approx(nxt.loc[["male", "female"], "population"].sum())
    assert p.loc[p["year"] == 2020, "is_projection"].eq(False).all()
    assert p.loc[p["year"] == 2025, "is_projection"].all()


def test_stationary_population_stays_put():
    # every cohort keeps its size and births replace them exactly: nothing should change
    flat = [10.0] * 19
    flat_top = flat[:-1] + [10.0]
    base = _base({"male": flat_top, "female": flat_top}, {"male": flat_top, "female": flat_top})
    p = pj.cohort_change_projection(base, until=2050)
    totals = p[p["sex"] == "total"].set_index("year")["population"]
    assert sorted(totals.index) == [2020, 2025, 2030, 2035, 2040, 2045, 2050]
    # 90+ gathers two groups each step (ratio 10/20 = 0.5), so the top stays at 10 too
    assert np.allclose(totals.to_numpy(), 380.0)


def test_until_must_be_in_five_year_steps(tiny):
    with pytest.raises(ChiikiLabValueError) as err:
        pj.cohort_change_projection(tiny, until=2047)
    assert str(err.value) == "until=2047 は base_year=2020 より後で、5年きざみの年にしてください（例: 2050）。"


def test_missing_year_is_explained(tiny):
    with pytest.raises(ChiikiLabValueError) as err:
        pj.cohort_change_ratios(tiny[tiny["year"] == 2020])
    assert "2015年の行がありません" in str(err.value)


# ---------------------------------------------------------------- the bundled data


def test_base_matches_the_census_and_ipss():
    b = pj.projection_base("嬬恋村")
    census = chiiki_lab.load("census2020_age")
    ipss = chiiki_lab.load("ipss2018_projection")
    c2020 = census[(census["code"] == "10425") & (census["sex"] == "total")]["population"].iloc[0]
    i2015 = ipss[(ipss["code"] == "10425") & (ipss["sex"] == "total") & (ipss["year"] == 2015)]["population"].iloc[0]
    assert b[b["year"] == 2020]["population"].sum() == pytest.approx(c2020)
    assert b[b["year"] == 2015]["population"].sum() == pytest.approx(i2015)
    # 90+ in 2020 is 90–94 + 95–99 + 100+ plus its share of the unknown ages: never less than the known count
    women = census[(census["code"] == "10425") & (census["sex"] == "female")].iloc[0]
    known_90p = women[["age_90_94", "age_95_99", "age_100p"]].sum()
    assert b[(b["year"] == 2020) & (b["sex"] == "female")]["age_90p"].iloc[0] >= known_90p


def test_renamed_code_and_missing_fukushima():
    assert set(pj.projection_base("40231")["year"]) == {2015, 2020}  # 那珂川町 (40305) became 那珂川市
    with pytest.raises(MunicipalityNotFoundError) as err:
        pj.projection_base("07201")  # 福島市: not projected by IPSS 2018
    assert str(err.value).startswith("コード 07201 の地域は推計できません。")


def test_projection_of_a_town_carries_labels_and_source():
    p = pj.cohort_change_projection("嬬恋村", until=2030)
    assert set(p["name"]) == {"嬬恋村"}
    assert "独自推計" in p.attrs["chiiki_lab"]["attribution_ja"]
    first = p[(p["sex"] == "total") & (p["year"] == 2020)]["population"].iloc[0]
    assert first == pytest.approx(8850)


def test_young_women_change_on_ipss():
    ipss = chiiki_lab.load("ipss2018_projection")
    out = pj.young_women_change(ipss, 2015, 2045)
    women = ipss[(ipss["code"] == "10425") & (ipss["sex"] == "female")].set_index("year")
    cols = ["age_20_24", "age_25_29", "age_30_34", "age_35_39"]
    expected = (women.loc[2045, cols].sum() / women.loc[2015, cols].sum() - 1) * 100
    assert out.loc["10425", "change_pct"] == pytest.approx(expected)
    assert out.loc["10425", "name"] == "嬬恋村"
    with pytest.raises(ChiikiLabValueError) as err:
        pj.young_women_change(ipss, 2015, 2050)
    assert str(err.value).startswith("2050年の女性の行がありません。")
