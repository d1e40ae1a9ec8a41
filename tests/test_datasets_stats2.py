"""The datasets built from shared/data/raw/stats2 (datasets/build_stats2.py), checked on the loaded tables.

Expected values come from the raw CSVs read with the csv module (another reader), from other bundled tables
and from the figures quoted in the raw data's PROVENANCE.md — never from the build code.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import chiiki_lab

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw" / "stats2"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data folder {RAW} is not present")


def _raw_rows(file: str) -> list[dict]:
    with (RAW / file).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _int_or_none(value) -> int | None:
    if isinstance(value, str):
        return int(float(value)) if value else None
    return None if pd.isna(value) else int(value)


@needs_raw
def test_ipss2023_values_equal_the_raw_csv():
    df = chiiki_lab.load("ipss2023_projection")
    loaded = {(c, int(y)): _int_or_none(p) for c, y, p in zip(df["code"], df["year"], df["population"])}
    raw = {(r["code5"], int(r["year"])): _int_or_none(r["pop_total"]) for r in _raw_rows("ipss2023_projection_total.csv")}
    assert loaded == raw
    ages = ["pop_2050_age0_14", "pop_2050_age15_64", "pop_2050_age65p"]
    raw_ages = {r["code5"]: [_int_or_none(r[k]) for k in ages] for r in _raw_rows("ipss2023_projection_age3_2050.csv")}
    y2050 = df[df["year"] == 2050]
    loaded_ages = {code: [_int_or_none(v) for v in row]
                   for code, *row in y2050[["code", "pop_age0_14", "pop_age15_64", "pop_age65p"]].itertuples(index=False)}
    assert loaded_ages == raw_ages


def test_ipss2023_tsumagoi_and_census_base_year():
    df = chiiki_lab.load("ipss2023_projection")
    z = df[df["code"] == "10425"].sort_values("year")
    # PROVENANCE.md §1: 嬬恋村 8,850 (2020) … 4,968 (2050); 2050 by age 394 / 2,053 / 2,521
    assert z["population"].tolist() == [8850, 8146, 7478, 6834, 6189, 5567, 4968]
    assert z.iloc[-1][["pop_age0_14", "pop_age15_64", "pop_age65p"]].tolist() == [394, 2053, 2521]
    assert z["is_projection"].tolist() == [False] + [True] * 6
    census = chiiki_lab.load("census2020").set_index("code")["population"]
    base = df[(df["year"] == 2020) & df["population"].notna() & df["code"].isin(census.index)]
    assert len(base) == 1896
    assert (base.set_index("code")["population"] == census.reindex(base["code"])).all()


def test_ipss2023_levels_and_gaps():
    df = chiiki_lab.load("ipss2023_projection")
    assert df["code"].str.fullmatch(r"\d{5}").all() and df["ipss_code"].str.fullmatch(r"\d{5}").all()
    assert not df.duplicated(["code", "year"]).any()
    missing = sorted(df.loc[df["population"].isna(), "code"].unique())
    assert len(missing) == 21 and "07204" in missing and "22138" in missing  # いわき市, 浜松市中央区
    basic = df[df["is_basic_municipality"] & (df["year"] == 2050)]
    assert basic["code"].nunique() == 1741
    # national projection 104,686 thousand in 2050 minus ≈ 307 thousand for 浜通り (PROVENANCE.md §1)
    assert basic["population"].sum() == 104_379_158
    assert df.loc[df["year"] != 2050, "pop_age65p"].isna().all()


@needs_raw
def test_juki_migration_equals_the_raw_csv_and_balances():
    df = chiiki_lab.load("juki_migration")
    raw = {(r["code5"], int(r["year"])): (int(r["in_migrants"]), int(r["out_migrants"]))
           for r in _raw_rows("juki_migration_japanese_2016_2024.csv")}
    assert dict(zip(zip(df["code"], df["year"]), zip(df["in_migrants"], df["out_migrants"]))) == raw
    # every move between two municipalities is one 転入 and one 転出
    yearly = df.groupby("year")[["in_migrants", "out_migrants"]].sum()
    assert (yearly["in_migrants"] == yearly["out_migrants"]).all()
    tsumagoi = df[df["code"] == "10425"].set_index("year")
    assert tsumagoi.loc[2024, ["in_migrants", "out_migrants", "net_migration"]].tolist() == [248, 267, -19]


@needs_raw
def test_kaigo_equals_the_raw_csv():
    df = chiiki_lab.load("kaigo_insurers_fy2023")
    raw = _raw_rows("kaigo_insurers_fy2023.csv")
    loaded = {(r.pref_code, r.name): (r.first_insured_total, r.certified_first, r.certified_first_k5)
              for r in df.itertuples(index=False)}
    assert loaded == {(r["pref_code"], r["insurer_name"]): (int(r["first_insured_total"]), int(r["certified_first"]),
                                                             int(r["certified_first_k5"])) for r in raw}


def test_kaigo_national_row_and_rate():
    df = chiiki_lab.load("kaigo_insurers_fy2023")
    national = df[df["level"] == "national"].iloc[0]
    insurers = df[df["level"] != "national"]
    # 令和5年度 年報の概要: 第1号被保険者 3,589万人, 認定者 約708万人 (PROVENANCE.md §2)
    assert round(national["first_insured_total"] / 1e4) == 3589
    assert round(national["certified_total"] / 1e4) == 708
    assert insurers["first_insured_total"].sum() == national["first_insured_total"]
    assert insurers["code"].isna().sum() == 40 and (insurers.loc[insurers["code"].isna(), "level"] == "insurer_union").all()
    z = df[df["code"] == "10425"].iloc[0]
    assert (z["first_insured_total"], z["certified_first"]) == (3543, 523)
    assert round(100 * 523 / 3543, 2) == z["certification_rate_first_pct"] == 14.76


@pytest.mark.slow
@needs_raw
def test_economic_census_equals_the_raw_wide_csv():
    df = chiiki_lab.load("economic_census")
    loaded = {(r.code, r.survey_year, r.industry_code): (r.establishments, r.employees) for r in df.itertuples(index=False)}
    letters = [r["jsic_letter"] for r in _raw_rows("economic_census_industries.csv")]
    raw = {}
    for r in _raw_rows("economic_census_establishments_employees.csv"):
        key = (r["code5"], int(r["survey_year"]))
        raw[(*key, "total")] = (int(r["est_total"]), int(r["emp_total"]))
        for letter in letters:
            raw[(*key, letter)] = (int(r[f"est_{letter}"]), int(r[f"emp_{letter}"]))
    assert loaded == raw


def test_economic_census_totals_and_tsumagoi():
    df = chiiki_lab.load("economic_census")
    total = df[df["industry_code"] == "total"]
    industries = df[df["industry_code"] != "total"]
    assert industries["industry_code"].nunique() == 18
    per_muni = industries.groupby(["code", "survey_year"])["employees"].sum()
    assert (per_muni <= total.set_index(["code", "survey_year"])["employees"].reindex(per_muni.index)).all()
    z = df[(df["code"] == "10425") & (df["survey_year"] == 2021)].set_index("industry_code")
    # PROVENANCE.md §3: 嬬恋村 2021 561 establishments / 3,467 employees; 宿泊業・飲食サービス業 959
    assert z.loc["total", ["establishments", "employees"]].tolist() == [561, 3467]
    assert z.loc["M", ["industry_name", "employees"]].tolist() == ["宿泊業、飲食サービス業", 959]
