"""Builders for the datasets from ``shared/data/raw/stats2`` (see its PROVENANCE.md), called by ``build.py``.

Same contract and style as the builders in ``build.py``: tidy columns (``code`` as a 5-digit string, ``level``,
``is_basic_municipality``), deterministic row order, and checks against published figures, code validity and row
counts, each recorded in the catalog. Expected values are the figures quoted in PROVENANCE.md or computed from
another bundled table (census2020), never from the file being checked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from build import BASIC_LEVELS, TSUMAGOI, Checks, read_csv, to_int, tidy

IPSS_YEARS = list(range(2020, 2051, 5))
IPSS_AGES = {"pop_2050_age0_14": "pop_age0_14", "pop_2050_age15_64": "pop_age15_64", "pop_2050_age65p": "pop_age65p"}
# sums of the 1,728 projected basic municipalities (PROVENANCE.md §1; the 13 浜通り municipalities are not projected)
IPSS_BASIC_SUMS = {2020: 125_693_591, 2025: 122_841_404, 2030: 119_715_565, 2035: 116_260_591, 2040: 112_482_151,
                   2045: 108_469_948, 2050: 104_379_158}
# 北海道 = the independent mirror's 北海道 row of the same IPSS tables (kkoch5t2/data-platform, PROVENANCE.md §1)
IPSS_HOKKAIDO = [5_224_614, 5_007_066, 4_791_556, 4_562_362, 4_319_217, 4_067_642, 3_820_016]


def build_ipss2023(raw: Path, check: Checks, census: pd.DataFrame) -> pd.DataFrame:
    name = "ipss2023_projection"
    # all strings, so that ipss_code5 (not one of build.py's code columns) keeps its leading zero
    total = read_csv(raw / "stats2/ipss2023_projection_total.csv", all_strings=True)
    ages = read_csv(raw / "stats2/ipss2023_projection_age3_2050.csv", all_strings=True)
    total = total.rename(columns={"ipss_code5": "ipss_code"})
    total["year"] = total["year"].astype(int)
    total["is_projection"] = total["is_projection"].map({"True": True, "False": False}).astype(bool)
    ages = ages[["code5", *IPSS_AGES]].rename(columns=IPSS_AGES).assign(year=2050)
    df = total.merge(ages, on=["code5", "year"], how="left", validate="one_to_one")
    counts = ["pop_total", *IPSS_AGES.values()]
    df[counts] = df[counts].apply(pd.to_numeric)
    to_int(df, counts)
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code", "year"])

    check(name, "rows (1,918 areas × 7 years 2020–2050)", [1918 * 7, 1918, IPSS_YEARS],
          [len(df), df["code"].nunique(), sorted(df["year"].unique().tolist())])
    status = df.drop_duplicates("code")["ipss_status"]
    check(name, "areas projected / excluded (13 浜通り + 6 北方領土 + 浜松市中央区・浜名区)", [1897, 21],
          [int((status == "projected").sum()), int((status != "projected").sum())])
    projected = df["ipss_status"] == "projected"
    check(name, "population present exactly for projected areas", True,
          bool(df["population"].notna().eq(projected).all()))
    levels = dict(zip(census["code"], census["level"]))
    common = df["code"].isin(levels.keys())
    check(name, "level equals census2020's for every common code", int(common.sum()),
          int((df.loc[common, "level"] == df.loc[common, "code"].map(levels)).sum()))

    y2020 = df[(df["year"] == 2020) & projected & df["code"].isin(levels.keys())].set_index("code")["population"]
    ref = census.set_index("code")["population"].reindex(y2020.index)
    check(name, "2020 = 令和2年国勢調査 population (projected areas on 2020 codes)", [1896, 1896],
          [len(y2020), int((y2020 == ref).sum())])
    tenryu = df[(df["code"] == "22140") & (df["year"] == 2020)].iloc[0]
    check(name, "浜松市天竜区 22140 (IPSS code 22137): 2020 = census of old code 22137",
          int(census.set_index("code").loc["22137", "population"]), int(tenryu["population"]))

    y2050 = df[(df["year"] == 2050) & projected]
    check(name, "2050: 0–14 + 15–64 + 65+ = population (every projected area)", len(y2050),
          int((y2050[list(IPSS_AGES.values())].sum(axis=1) == y2050["population"]).sum()))
    check(name, "age groups only in 2050 rows", 0, int(df.loc[df["year"] != 2050, "pop_age65p"].notna().sum()))

    wards = df[(df["level"] == "designated_city_ward") & (df["parent_code"] != "22130")]
    by_city = wards.groupby(["parent_code", "year"])["population"].sum()
    cities = df[df["level"] == "designated_city"].set_index(["code", "year"])["population"]
    check(name, "19 designated cities = sum of their wards, every year (浜松市 skipped: 2 wards unprojected)", 19 * 7,
          int((by_city == cities.reindex(by_city.index)).sum()))

    basic = df[df["is_basic_municipality"] & projected]
    sums = basic.groupby("year")["population"].sum()
    check(name, "projected basic municipalities (1,728) summed by year, as in PROVENANCE", [1728, IPSS_BASIC_SUMS],
          [basic["code"].nunique(), {int(y): int(v) for y, v in sums.items()}])
    hamadori = df["ipss_status"].str.contains("浜通り") & (df["year"] == 2020)
    check(name, "2020: basic municipalities + census of the 13 浜通り = 令和2年国勢調査 126,146,099", 126_146_099,
          int(sums[2020]) + int(census.set_index("code").loc[df.loc[hamadori, "code"], "population"].sum()))
    hokkaido = basic[basic["pref_code"] == "01"].groupby("year")["population"].sum()
    check(name, "北海道 = an independent mirror's 北海道 row, 2020–2050", IPSS_HOKKAIDO, [int(v) for v in hokkaido])

    z = df[df["code"] == TSUMAGOI].set_index("year")
    check(name, "嬬恋村 2020 … 2050 and 2050 by age", [[8850, 8146, 7478, 6834, 6189, 5567, 4968], [394, 2053, 2521]],
          [[int(v) for v in z["population"]], [int(z.loc[2050, c]) for c in IPSS_AGES.values()]])
    check(name, "one row per code and year", 0, int(df.duplicated(["code", "year"]).sum()))
    return df


def build(raw: Path, check: Checks, census: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """All stats2 datasets by name."""
    return {"ipss2023_projection": build_ipss2023(raw, check, census)}
