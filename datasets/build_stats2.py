"""Builders for the datasets from ``shared/data/raw/stats2`` (see its PROVENANCE.md), called by ``build.py``.

Same contract and style as the builders in ``build.py``: tidy columns (``code`` as a 5-digit string, ``level``,
``is_basic_municipality``), deterministic row order, and checks against published figures, code validity and row
counts, each recorded in the catalog. Expected values are the figures quoted in PROVENANCE.md or computed from
another bundled table (census2020), never from the file being checked.
"""

from __future__ import annotations

import pandas as pd

from fetch_raw import RawInputs
from build import BASIC_LEVELS, TSUMAGOI, Checks, read_csv, to_int, tidy

IPSS_YEARS = list(range(2020, 2051, 5))
IPSS_AGES = {"pop_2050_age0_14": "pop_age0_14", "pop_2050_age15_64": "pop_age15_64", "pop_2050_age65p": "pop_age65p"}
# sums of the 1,728 projected basic municipalities (PROVENANCE.md §1; the 13 浜通り municipalities are not projected)
IPSS_BASIC_SUMS = {2020: 125_693_591, 2025: 122_841_404, 2030: 119_715_565, 2035: 116_260_591, 2040: 112_482_151,
                   2045: 108_469_948, 2050: 104_379_158}
# 北海道 = the independent mirror's 北海道 row of the same IPSS tables (kkoch5t2/data-platform, PROVENANCE.md §1)
IPSS_HOKKAIDO = [5_224_614, 5_007_066, 4_791_556, 4_562_362, 4_319_217, 4_067_642, 3_820_016]
# national 転入 = 転出 per year 2016–2024, sums over the 1,741 municipalities (PROVENANCE.md §3)
_JUKI_SUMS = [4_880_967, 4_893_581, 4_889_713, 4_889_191, 4_840_852, 4_818_721, 4_775_207, 4_696_572, 4_603_155]
JUKI_NATIONAL = [_JUKI_SUMS, _JUKI_SUMS]
# 介護保険事業状況報告 令和5年度: national figures (PROVENANCE.md §2, which compares them with the 年報 summary)
KAIGO_NATIONAL = [35_889_733, 15_708_886, 20_180_847, 7_083_236, 6_952_265, 130_971]
ECON_TOTAL_NAME = "全産業（S公務を除く）"
ECON_NATIONAL = {2016: [5_340_205, 56_854_058], 2021: [5_155_605, 57_937_290]}


def build_ipss2023(raw: RawInputs, check: Checks, census: pd.DataFrame) -> pd.DataFrame:
    name = "ipss2023_projection"
    # all strings, so that ipss_code5 (not one of build.py's code columns) keeps its leading zero
    total = read_csv(raw.file("stats2/ipss2023_projection_total.csv"), all_strings=True)
    ages = read_csv(raw.file("stats2/ipss2023_projection_age3_2050.csv"), all_strings=True)
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


def _level_matches_census(name: str, df: pd.DataFrame, check: Checks, census: pd.DataFrame) -> None:
    levels = dict(zip(census["code"], census["level"]))
    common = df["code"].isin(levels.keys())
    check(name, "level equals census2020's for every common code", int(common.sum()),
          int((df.loc[common, "level"] == df.loc[common, "code"].map(levels)).sum()))


def build_juki_migration(raw: RawInputs, check: Checks, census: pd.DataFrame) -> pd.DataFrame:
    name = "juki_migration"
    df = read_csv(raw.file("stats2/juki_migration_japanese_2016_2024.csv"))
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code", "year"])
    check(name, "rows: 1,741 municipalities in each year 2016–2024", {y: 1741 for y in range(2016, 2025)},
          {int(y): int(n) for y, n in df.groupby("year")["code"].nunique().items()})
    check(name, "all rows are basic municipalities", True, bool(df["is_basic_municipality"].all()))
    _level_matches_census(name, df, check, census)
    check(name, "code changes only 那珂川町 40305 (2016–2017) → 那珂川市 40231 (2018–)",
          [["40305", 2016], ["40305", 2017]],
          df.loc[~df["code"].isin(census["code"]), ["code", "year"]].values.tolist())
    check(name, "net_migration = in_migrants − out_migrants (all rows)", True,
          bool((df["in_migrants"] - df["out_migrants"] == df["net_migration"]).all()))
    sums = df.groupby("year")[["in_migrants", "out_migrants"]].sum()
    check(name, "every year national 転入 = 転出 (moves between municipalities), sums as in PROVENANCE",
          JUKI_NATIONAL, [sums["in_migrants"].tolist(), sums["out_migrants"].tolist()])
    z = df[df["code"] == TSUMAGOI]["net_migration"].tolist()
    check(name, "嬬恋村 net migration 2016 … 2024", [-30, -36, -56, -36, -11, -19, -46, -16, -19], z)
    return df


def build_kaigo(raw: RawInputs, check: Checks, census: pd.DataFrame) -> pd.DataFrame:
    name = "kaigo_insurers_fy2023"
    df = read_csv(raw.file("stats2/kaigo_insurers_fy2023.csv")).rename(columns={"insurer_name": "name"})
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["pref_code", "code", "name"])
    check(name, "rows: 全国 + 1,531 municipal insurers + 40 unions", [1572, 1, 1531, 40],
          [len(df), int((df["level"] == "national").sum()), int(df["is_basic_municipality"].sum()),
           int((df["insurer_type"] == "union").sum())])
    check(name, "unions have no code, every other row has one", [40, 0],
          [int(df.loc[df["insurer_type"] == "union", "code"].isna().sum()),
           int(df.loc[df["insurer_type"] != "union", "code"].isna().sum())])
    coded = df[df["code"].notna()]
    check(name, "codes unique", 0, int(coded["code"].duplicated().sum()))
    _level_matches_census(name, coded[coded["level"] != "national"], check, census)
    counts = [c for c in df.columns if c.startswith(("first_insured", "certified"))]
    national = df[df["level"] == "national"].iloc[0]
    insurers = df[df["level"] != "national"]
    check(name, "全国 row = sum of the 1,571 insurers (every count column)", len(counts),
          int(sum(int(national[c]) == int(insurers[c].sum()) for c in counts)))
    check(name, "全国: 第1号被保険者, 65–74, 75+, 認定者 総数, 第1号, 第2号 (令和5年度年報の概要: 3,589万, 1,571万, 2,018万, "
          "708万, 695万, 13万人)", KAIGO_NATIONAL,
          [int(national["first_insured_total"]), int(national["first_insured_65_74"]),
           int(national["first_insured_75_84"] + national["first_insured_85p"]), int(national["certified_total"]),
           int(national["certified_first"]), int(national["certified_second"])])
    levels = [f"certified_first_{k}" for k in ("s1", "s2", "k1", "k2", "k3", "k4", "k5")]
    ages = [c for c in df.columns if c.startswith("certified_first_age")]
    check(name, "第1号認定者 = sum of the 7 要介護度 = sum of the 6 age bands; 総数 = 第1号 + 第2号 (all rows)", True,
          bool((df[levels].sum(axis=1) == df["certified_first"]).all()
               and (df[ages].sum(axis=1) == df["certified_first"]).all()
               and (df["certified_first"] + df["certified_second"] == df["certified_total"]).all()))
    rate = (100 * df["certified_first"] / df["first_insured_total"]).round(2)
    check(name, "certification_rate_first_pct = 100 × 第1号認定者 ÷ 第1号被保険者 (±0.005)", True,
          bool(((rate - df["certification_rate_first_pct"]).abs() <= 0.005 + 1e-9).all()))
    z = df[df["code"] == TSUMAGOI].iloc[0]
    check(name, "嬬恋村: 第1号被保険者, 認定者, 第1号認定者, 認定率", [3543, 530, 523, 14.76],
          [int(z["first_insured_total"]), int(z["certified_total"]), int(z["certified_first"]),
           float(z["certification_rate_first_pct"])])
    return df


def build_economic_census(raw: RawInputs, check: Checks, census: pd.DataFrame) -> pd.DataFrame:
    name = "economic_census"
    wide = read_csv(raw.file("stats2/economic_census_establishments_employees.csv"))
    industries = read_csv(raw.file("stats2/economic_census_industries.csv"), all_strings=True)
    check(name, "18 industries, JSIC 大分類 A–R without S 公務", list("ABCDEFGHIJKLMNOPQR"),
          industries["jsic_letter"].tolist())
    keys = ["code5", "code6", "pref_code", "pref_name", "name", "level", "survey_year"]
    parts = [wide[keys].assign(industry_code="total", industry_name=ECON_TOTAL_NAME,
                               establishments=wide["est_total"], employees=wide["emp_total"])]
    for row in industries.itertuples(index=False):
        parts.append(wide[keys].assign(industry_code=row.jsic_letter, industry_name=row.industry_ja,
                                       establishments=wide[row.est_column], employees=wide[row.emp_column]))
    df = pd.concat(parts, ignore_index=True)
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code", "survey_year", "industry_code"])
    check(name, "rows: 1,741 municipalities × 2 surveys (2016, 2021) × (total + 18 industries)",
          [1741 * 2 * 19, {2016: 1741, 2021: 1741}],
          [len(df), {int(y): int(n) for y, n in df.groupby("survey_year")["code"].nunique().items()}])
    _level_matches_census(name, df, check, census)
    check(name, "codes all in census2020 (the SSDSE editions 2023 and 2026 use 2020 codes)", 0,
          int((~df["code"].isin(census["code"])).sum()))
    total = df[df["industry_code"] == "total"].set_index(["code", "survey_year"])
    by_industry = df[df["industry_code"] != "total"].groupby(["code", "survey_year"])[["establishments", "employees"]].sum()
    short = total[["establishments", "employees"]] - by_industry.reindex(total.index)
    check(name, "sum of 18 industries ≤ total; short (suppressed cells) in 60 municipalities (2016) and 13 (2021)",
          [True, {2016: 60, 2021: 13}],
          [bool((short >= 0).all().all()),
           {int(y): int(n) for y, n in (short["employees"] > 0).groupby(level="survey_year").sum().items()}])
    sums = total.groupby(level="survey_year")[["establishments", "employees"]].sum()
    check(name, "national sums over the 1,741 municipalities (as in PROVENANCE; no published table offline)",
          ECON_NATIONAL, {int(y): [int(r.establishments), int(r.employees)] for y, r in sums.iterrows()})
    z = df[(df["code"] == TSUMAGOI) & (df["survey_year"] == 2021)].set_index("industry_code")["employees"]
    check(name, "嬬恋村 2021 employees: total, 宿泊業・飲食サービス業 M, 卸売業・小売業 I, 建設業 D",
          [3467, 959, 469, 424], [int(z[k]) for k in ("total", "M", "I", "D")])
    return df


def build(raw: RawInputs, check: Checks, census: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """All stats2 datasets by name."""
    return {
        "ipss2023_projection": build_ipss2023(raw, check, census),
        "juki_migration": build_juki_migration(raw, check, census),
        "kaigo_insurers_fy2023": build_kaigo(raw, check, census),
        "economic_census": build_economic_census(raw, check, census),
    }
