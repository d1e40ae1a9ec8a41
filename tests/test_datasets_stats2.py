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
