#!/usr/bin/env python3
"""Rebuild chiiki_lab's bundled datasets from the raw data, offline and deterministically.

Reads the tidy CSV / GeoJSON files in ``shared/data/raw/`` (see their PROVENANCE.md), applies the
data contract (``code5``→``code``, ``lg_code``→``code6``, ``pop_total``→``population``, a ``level``
and ``is_basic_municipality`` column on every table, ``pref_code`` filled in), runs the checks listed
in the PROVENANCE files (the build stops at the first failure) and writes compact Parquet (tables)
and GeoParquet (boundaries) files plus ``catalog.json`` into this folder. Two runs give byte-identical
files with the same library versions.

Usage (from the repository root)::

    python3 datasets/build.py                       # raw = $CHIIKI_LAB_RAW or ../shared/data/raw, out = datasets/
    python3 datasets/build.py --raw DIR --out DIR

The raw files are those registered in ``datasets/raw_inputs.toml`` (fetch and verify them with
``python3 datasets/fetch_raw.py``); the build checks every one's size and sha256 before it starts and reads
no other file.

Every check is printed as ``[OK] dataset: check — expected …, got …`` and stored in the catalog.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fetch_raw  # datasets/fetch_raw.py: the registry of raw inputs (raw_inputs.toml) and their verification
from fetch_raw import RawInputs, sha256_of
from catalog_texts import DATASETS, column_doc  # datasets/metadata/*.toml: titles, sources, column docs
# run as a script this module is __main__; the builder modules import it by name and must get this same module
sys.modules.setdefault("build", sys.modules[__name__])

import build_topo  # datasets/build_topo.py: the compact map topologies
import build_geo2  # datasets/build_geo2.py: mesh, shelters, GTFS, 人流, 宿泊, open data (chapters 16–19)

DEFAULT_RAW = fetch_raw.default_root()
DEFAULT_OUT = Path(__file__).resolve().parent
ZSTD_LEVEL = 9  # level 19 saves 5 % (9.2 vs 9.7 MB) but makes the build ~10× slower

BASIC_LEVELS = ("designated_city", "special_ward", "city", "town", "village")
FIRST_COLUMNS = ["code", "code6", "pref_code", "pref_name", "name", "level", "is_basic_municipality"]
RENAMES = {"code5": "code", "pop_total": "population", "parent_code5": "parent_code"}
SEX_ORDER = {"total": 0, "male": 1, "female": 2}
CODE_COLUMNS = ["code", "code5", "code6", "pref_code", "parent_code5", "lg_code", "pref_lg_code", "parent_code",
                "city_code"]
AGE_GROUPS = [f"age_{a:02d}_{a + 4:02d}" for a in range(0, 100, 5)]
TSUMAGOI = "10425"  # 群馬県嬬恋村, the workbook's example village (spot values from PROVENANCE.md)


class BuildError(RuntimeError):
    """A check failed or the raw data is not as documented."""


# ---------------------------------------------------------------------------------- helpers
def check_digit(code5: str) -> str:
    """Check digit of a 5-digit 全国地方公共団体コード (weights 6,5,4,3,2; (11 − sum mod 11) mod 10)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def code6_is_valid(code6: str) -> bool:
    return len(code6) == 6 and code6.isdigit() and check_digit(code6[:5]) == code6[5]


def _plain(value):
    """Make numpy scalars and containers JSON-friendly for the catalog."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _fmt(value) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class Checks:
    """Collects checks per dataset; prints each and stops the build on the first failure."""

    def __init__(self):
        self.by_dataset: dict[str, list[dict]] = {}

    def __call__(self, dataset: str, check: str, expected, actual, ok: bool | None = None) -> None:
        expected, actual = _plain(expected), _plain(actual)
        ok = (expected == actual) if ok is None else bool(ok)
        line = f"{dataset}: {check} — expected {_fmt(expected)}, got {_fmt(actual)}"
        print(("[OK] " if ok else "[FAIL] ") + line, flush=True)
        if not ok:
            raise BuildError("check failed: " + line)
        self.by_dataset.setdefault(dataset, []).append({"check": check, "expected": expected, "actual": actual})


def read_csv(path: Path, all_strings: bool = False) -> pd.DataFrame:
    """Read a raw CSV with codes (or every column) as strings and only empty cells as missing."""
    header = pd.read_csv(path, nrows=0).columns
    dtype = str if all_strings else {c: str for c in CODE_COLUMNS if c in header}
    return pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=[""])


def to_int(df: pd.DataFrame, columns: list[str]) -> None:
    """Convert float count columns (NaN = not available) to nullable Int64, refusing fractions."""
    for col in columns:
        values = df[col].dropna()
        if not (values % 1 == 0).all():
            raise BuildError(f"column {col} has fractional values; cannot store it as a count")
        df[col] = df[col].astype("Int64")


def tidy(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Apply the contract renames, put the key columns first and sort the rows deterministically."""
    df = df.rename(columns={k: v for k, v in RENAMES.items() if k in df.columns})
    first = [c for c in FIRST_COLUMNS if c in df.columns]
    df = df[first + [c for c in df.columns if c not in first]]

    def sort_key(col: pd.Series) -> pd.Series:
        return col.map(SEX_ORDER) if col.name == "sex" else col

    return df.sort_values(keys, key=sort_key, kind="mergesort", na_position="last").reset_index(drop=True)


def fill_pref_code(df: pd.DataFrame, pref_codes: dict[str, str]) -> pd.DataFrame:
    """Add ``pref_code`` (2-digit string) from the code, or from the prefecture name where no code."""
    from_name = df["pref_name"].map(pref_codes)
    code = df["code5"] if "code5" in df.columns else df["code"]
    pref = code.str[:2].where(code.notna(), from_name)
    if "pref_code" in df.columns:
        pref = df["pref_code"].where(df["pref_code"].notna(), pref)
    if pref.isna().any():
        raise BuildError(f"no prefecture code for {df[pref.isna()].head().to_dict('records')}")
    mismatch = (pref != from_name) & from_name.notna()
    if mismatch.any():
        raise BuildError(f"code and prefecture name disagree: {df[mismatch].head().to_dict('records')}")
    df = df.copy()
    df["pref_code"] = pref
    return df


def level_from_census(codes: pd.Series, names: pd.Series, census_levels: dict[str, str]) -> tuple[pd.Series, int]:
    """Level of each row from census 2020; codes absent in 2020 get city/town/village from the name ending.

    Returns the levels and how many came from the name ending.
    """
    level = codes.map(census_levels)
    missing = level.isna()
    by_name = names[missing].str[-1].map({"市": "city", "町": "town", "村": "village"})
    if by_name.isna().any():
        raise BuildError(f"cannot tell the level of {names[missing][by_name.isna()].tolist()[:10]}")
    return level.where(~missing, by_name), int(missing.sum())


def logical_dtype(series: pd.Series) -> str:
    """Dtype name written to the catalog (the same with pandas 2 and 3)."""
    if series.dtype.name == "geometry":
        return "geometry"
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        return "string"
    return series.dtype.name


def _for_arrow(df: pd.DataFrame) -> pd.DataFrame:
    """Strings as plain object columns, so the pandas metadata reads back the same with pandas 2 and 3."""
    df = df.copy()
    for col in df.columns:
        kind = logical_dtype(df[col])
        if kind == "string":
            df[col] = df[col].astype(object).where(df[col].notna(), None)
        elif kind.startswith("datetime64") and kind != "datetime64[ms]":
            raise BuildError(f"column {col} is {kind}; store dates as datetime64[ms] (what Parquet keeps)")
    return df


def write_table(df: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(_for_arrow(df), preserve_index=False)
    bad = [f.name for f in table.schema if pa.types.is_large_string(f.type)]
    if bad:
        raise BuildError(f"unexpected large_string columns {bad}")
    pq.write_table(table, path, compression="zstd", compression_level=ZSTD_LEVEL)


def write_geo(gdf, path: Path) -> None:
    gdf = _for_arrow(gdf)
    gdf.to_parquet(path, index=False, compression="zstd", compression_level=ZSTD_LEVEL, use_dictionary=False)


# ---------------------------------------------------------------------------------- builders
def build_municipalities(raw: RawInputs, check: Checks) -> pd.DataFrame:
    df = read_csv(raw.file("boundaries/jp_municipality_master.csv"))
    df = df.rename(columns={"lg_code": "code6", "pref_lg_code": "pref_code6"})
    df["level"] = df["kind"].replace({"ward": "designated_city_ward"})
    df.loc[df["northern_territories"], "level"] = "northern_territories_village"
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code"])
    check("municipalities", "rows (1,916 localgovjp rows + 6 北方領土 villages)", 1922, len(df))
    check("municipalities", "basic municipalities (市町村+特別区)", 1741, int(df["is_basic_municipality"].sum()))
    check("municipalities", "designated-city wards (浜松市 still has its 7 pre-2024 wards)", 175,
          int((df["level"] == "designated_city_ward").sum()))
    check("municipalities", "duplicate codes", 0, int(df["code"].duplicated().sum()))
    check("municipalities", "pref_code6 check digits valid", True, bool(df["pref_code6"].map(code6_is_valid).all()))
    row = df.set_index("code").loc[TSUMAGOI]
    check("municipalities", "嬬恋村 10425 code6 / name_romaji / area_km2", ["104256", "Tsumagoi Mura", 338.43],
          [row["code6"], row["name_romaji"], float(row["area_km2"])])
    return df


def build_census2020(raw: RawInputs, check: Checks) -> pd.DataFrame:
    df = read_csv(raw.file("stats/census2020_municipal.csv"))
    to_int(df, ["outflow_commuters", "inflow_commuters"])
    df = tidy(df, ["code"])
    check("census2020", "rows × columns", [1965, 70], list(df.shape))
    national = int(df.loc[df["level"] == "national", "population"].sum())
    check("census2020", "national population (全国)", 126_146_099, national)
    basic = df[df["is_basic_municipality"]]
    check("census2020", "basic municipalities", 1741, len(basic))
    check("census2020", "population summed over is_basic_municipality", 126_146_099, int(basic["population"].sum()))
    pref = df[df["level"] == "prefecture"]
    check("census2020", "prefectures, and their population sum", [47, 126_146_099],
          [len(pref), int(pref["population"].sum())])
    check("census2020", "national households_total", 55_830_154,
          int(df.loc[df["level"] == "national", "households_total"].sum()))
    check("census2020", "households summed over is_basic_municipality", 55_830_154, int(basic["households_total"].sum()))
    wards = df[df["level"] == "designated_city_ward"].groupby("parent_code")["population"].sum()
    cities = df[df["level"] == "designated_city"].set_index("code")["population"]
    check("census2020", "each of the 20 designated cities equals the sum of its wards", 20,
          int((wards.reindex(cities.index) == cities).sum()))
    check("census2020", "pop_male + pop_female == population (all rows)", True,
          bool((df["pop_male"] + df["pop_female"] == df["population"]).all()))
    z = df.set_index("code").loc[TSUMAGOI]
    check("census2020", "嬬恋村 population, male, female, households, 2015 (組替), change %",
          [8850, 4522, 4328, 3532, 9780, -9.51],
          [int(z["population"]), int(z["pop_male"]), int(z["pop_female"]), int(z["households_total"]),
           int(z["pop_2015_on_2020_boundaries"]), round(float(z["pop_change_rate_2015_2020_pct"]), 2)])
    check("census2020", "嬬恋村 65+ population and share %", [3288, 37.2],
          [int(z["pop_age65p"]), round(float(z["share_age65p_pct"]), 1)])
    futaba = df.set_index("code").loc["07546"]
    check("census2020", "双葉町 07546 population 0 (全町避難), ratios empty", [0, True],
          [int(futaba["population"]), bool(pd.isna(futaba["share_age65p_pct"]))])
    return df


def build_census2020_age(raw: RawInputs, check: Checks, census: pd.DataFrame) -> pd.DataFrame:
    df = read_csv(raw.file("stats/census2020_age5_sex.csv"))
    df = tidy(df, ["code", "sex"])
    check("census2020_age", "rows (1,965 areas × 3 sexes)", 5895, len(df))
    ages = AGE_GROUPS + ["age_100p", "age_unknown"]
    check("census2020_age", "age groups incl. age_unknown sum to population (all rows)", True,
          bool((df[ages].sum(axis=1) == df["population"]).all()))
    wide = df.pivot(index="code", columns="sex", values="population")
    ref = census.set_index("code")[["population", "pop_male", "pop_female"]]
    same = (wide["total"].reindex(ref.index) == ref["population"]) & (wide["male"].reindex(ref.index) == ref["pop_male"]) \
        & (wide["female"].reindex(ref.index) == ref["pop_female"])
    check("census2020_age", "total / male / female equal census2020 population / pop_male / pop_female (areas)",
          len(ref), int(same.sum()))
    check("census2020_age", "level and is_basic_municipality equal census2020", True,
          bool((df.set_index("code")[["level", "is_basic_municipality"]]
                == census.set_index("code")[["level", "is_basic_municipality"]].reindex(df["code"])).all().all()))
    z = df[(df["code"] == TSUMAGOI) & (df["sex"] == "total")].iloc[0]
    check("census2020_age", "嬬恋村 total 0–4 and 100+", [255, 9], [int(z["age_00_04"]), int(z["age_100p"])])
    return df


def build_census_timeseries(raw: RawInputs, check: Checks, levels: dict) -> pd.DataFrame:
    df = read_csv(raw.file("stats/census_population_timeseries_2020boundaries.csv"))
    to_int(df, ["pop_total", "pop_male", "pop_female", "households_total"])
    df["level"], _ = level_from_census(df["code5"], df["name"], levels)
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code", "year"])
    per_year = df.groupby("year")["code"].nunique()
    check("census_timeseries", "municipalities per year (9 censuses 1980–2020)", {y: 1741 for y in range(1980, 2021, 5)},
          per_year.to_dict())
    check("census_timeseries", "all rows are basic municipalities", True, bool(df["is_basic_municipality"].all()))
    sums = df.groupby("year")["population"].sum()
    check("census_timeseries", "2020 sum", 126_146_099, int(sums[2020]))
    check("census_timeseries", "2015 sum (official 組替)", 127_094_745, int(sums[2015]))
    check("census_timeseries", "1980 sum (published 117,060,396; 37 persons unmatched by the converter)",
          117_060_359, int(sums[1980]))
    missing = df[df["population"].isna()]
    check("census_timeseries", "only missing value: 三宅村 13381 in 2000 (全島避難)", [["13381", 2000]],
          missing[["code", "year"]].values.tolist())
    z = df[df["code"] == TSUMAGOI].set_index("year")["population"]
    check("census_timeseries", "嬬恋村 1980 … 2020",
          [10737, 11056, 10957, 11135, 10657, 10858, 10183, 9780, 8850], [int(v) for v in z])
    return df


def build_census1980_age(raw: RawInputs, check: Checks, levels: dict, timeseries: pd.DataFrame) -> pd.DataFrame:
    df = read_csv(raw.file("stats/census1980_age5_sex_2020boundaries.csv"))
    df["level"], _ = level_from_census(df["code5"], df["name"], levels)
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code", "sex"])
    check("census1980_age", "rows (1,741 municipalities × 3 sexes)", 5223, len(df))
    ages = AGE_GROUPS + ["age_100p", "age_unknown"]
    check("census1980_age", "age groups incl. age_unknown sum to population", True,
          bool((df[ages].sum(axis=1) == df["population"]).all()))
    total = df[df["sex"] == "total"].set_index("code")["population"]
    ts = timeseries[timeseries["year"] == 1980].set_index("code")["population"]
    check("census1980_age", "totals equal census_timeseries 1980 (municipalities)", 1741,
          int((total.reindex(ts.index) == ts).sum()))
    check("census1980_age", "national sum", 117_060_359, int(total.sum()))
    return df


def build_juki2022(raw: RawInputs, check: Checks, levels: dict, pref_codes: dict) -> pd.DataFrame:
    df = read_csv(raw.file("stats/juki_2022_municipal.csv"))
    df = fill_pref_code(df, pref_codes)
    df.loc[df["level"] == "prefecture", "name"] = df["pref_name"]  # the source prints "-" there
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    common = df["code5"].isin(levels.keys())
    check("juki2022", "level equals census2020's for every common code", int(common.sum()),
          int((df.loc[common, "level"] == df.loc[common, "code5"].map(levels)).sum()))
    df = tidy(df, ["code"])
    check("juki2022", "rows", 2277, len(df))
    pref = df[df["level"] == "prefecture"]
    basic = df[df["is_basic_municipality"]]
    check("juki2022", "national population (sum of 47 prefectures)", [47, 125_927_902],
          [len(pref), int(pref["population"].sum())])
    check("juki2022", "sum over is_basic_municipality", [1741, 125_927_902], [len(basic), int(basic["population"].sum())])
    check("juki2022", "pop_male + pop_female == population", True,
          bool((df["pop_male"] + df["pop_female"] == df["population"]).all()))
    z = df.set_index("code").loc[TSUMAGOI]
    check("juki2022", "嬬恋村 population, male, female, households, births, deaths, change",
          [9287, 4704, 4583, 3888, 48, 125, -131],
          [int(z[c]) for c in ["population", "pop_male", "pop_female", "households", "births", "deaths", "change"]])
    return df


def build_juki2022_age(raw: RawInputs, check: Checks, pref_codes: dict, juki: pd.DataFrame) -> pd.DataFrame:
    df = read_csv(raw.file("stats/juki_2022_age5_sex.csv"))
    df = fill_pref_code(df, pref_codes)
    df.loc[df["level"] == "prefecture", "name"] = df["pref_name"]
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code", "sex"])
    check("juki2022_age", "rows (2,277 areas × 3 sexes)", 6831, len(df))
    ages = AGE_GROUPS + ["age_100p"]
    check("juki2022_age", "population − sum of age groups == total_minus_age_sum (kept as published)", True,
          bool((df["population"] - df[ages].sum(axis=1) == df["total_minus_age_sum"]).all()))
    total = df[df["sex"] == "total"].set_index("code")["population"]
    ref = juki.set_index("code")["population"]
    check("juki2022_age", "totals equal juki2022 population (areas)", len(ref), int((total.reindex(ref.index) == ref).sum()))
    return df


def _furusato_level(df: pd.DataFrame, levels: dict) -> pd.DataFrame:
    """Prefecture rows keep 'prefecture'; the source's 'municipality' becomes census2020's level."""
    df = df.copy()
    census = df["code5"].map(levels)
    if census.isna().any():
        raise BuildError(f"furusato codes not in census2020: {df.loc[census.isna(), 'code5'].unique()[:10]}")
    df["level"] = census
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    no_name = df["name"].isna() | (df["name"] == "-")
    df.loc[no_name, "name"] = df["pref_name"]
    return df


def build_furusato_receipts(raw: RawInputs, check: Checks, levels: dict, pref_codes: dict) -> pd.DataFrame:
    df = read_csv(raw.file("stats/furusato_receipts_fy2008_2020.csv"))
    df = _furusato_level(fill_pref_code(df, pref_codes), levels)
    df = tidy(df, ["code", "fiscal_year"])
    check("furusato_receipts", "rows (47 prefectures + 1,741 municipalities) × 13 fiscal years", 1788 * 13, len(df))
    check("furusato_receipts", "rows per level", {"prefecture": 47 * 13, "basic": 1741 * 13},
          {"prefecture": int((df["level"] == "prefecture").sum()), "basic": int(df["is_basic_municipality"].sum())})
    fy = df[df["fiscal_year"] == 2020]
    total_yen = float(fy["amount_thousand_yen"].sum()) * 1000
    tolerance = 0.5 * len(fy)  # each value is published in 千円 with 3 decimals: ±0.5 円 per row
    check("furusato_receipts",
          f"FY2020 national receipts in 円 = sum of amount_thousand_yen × 1000 (file is in 千円; tolerance ±{tolerance:,.0f} 円)",
          672_489_554_811, round(total_yen), ok=abs(total_yen - 672_489_554_811) <= tolerance)
    return df


def build_furusato_fy2020(raw: RawInputs, check: Checks, levels: dict, pref_codes: dict) -> pd.DataFrame:
    df = read_csv(raw.file("stats/furusato_fy2020_detail.csv"))
    check("furusato_fy2020", "source labels 大分県 44000 as 'municipality' (fixed from census2020)", "municipality",
          df.loc[df["code5"] == "44000", "level"].iloc[0])
    to_int(df, ["count_proxy_for_disaster_areas", "amount_proxy_for_disaster_areas_yen", "cost_gifts_shipping_yen",
                "cost_other_yen"])
    df = _furusato_level(fill_pref_code(df, pref_codes), levels)
    df = tidy(df, ["code"])
    check("furusato_fy2020", "rows per level", {"prefecture": 47, "basic": 1741},
          {"prefecture": int((df["level"] == "prefecture").sum()), "basic": int(df["is_basic_municipality"].sum())})
    check("furusato_fy2020", "national receipts (sum of amount_yen over all 団体)", 672_489_554_811,
          int(df["amount_yen"].sum()))
    z = df.set_index("code").loc[TSUMAGOI]
    check("furusato_fy2020", "嬬恋村 count, amount_yen, cost_total_yen", [1491, 106_725_804, 39_252_701],
          [int(z["count"]), int(z["amount_yen"]), int(z["cost_total_yen"])])
    return df


def build_furusato_deductions2021(raw: RawInputs, check: Checks, levels: dict, pref_codes: dict) -> pd.DataFrame:
    df = read_csv(raw.file("stats/furusato_deductions_tax2021.csv"))
    df = fill_pref_code(df, pref_codes)
    df["level"], _ = level_from_census(df["code5"], df["name"], levels)
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code"])
    check("furusato_deductions2021", "rows = basic municipalities", [1741, 1741],
          [len(df), int(df["is_basic_municipality"].sum())])
    z = df.set_index("code").loc[TSUMAGOI]
    check("furusato_deductions2021", "嬬恋村 市町村民税 deduction (円, rounded) and persons", [6_081_423, 167],
          [round(float(z["deduction_muni_tax_yen"])), int(z["furusato_persons_muni_tax"])])
    return df


def build_zaisei(raw: RawInputs, check: Checks, levels: dict, pref_codes: dict) -> pd.DataFrame:
    df = read_csv(raw.file("stats/zaisei_indices_fy2005_2021.csv"))
    average = (df["pref_name"] == "全国市町村") & (df["name"] == "平均")
    check("zaisei", "全国市町村 平均 rows (FY2005–2010) become code 00000, level national", 6, int(average.sum()))
    df.loc[average, ["code5", "code6", "pref_name", "name"]] = ["00000", "000001", "全国", "全国市町村平均"]
    df = fill_pref_code(df, pref_codes | {"全国": "00"})
    municipal = ~average
    df.loc[municipal, "level"], by_name = level_from_census(df.loc[municipal, "code5"], df.loc[municipal, "name"], levels)
    df.loc[average, "level"] = "national"
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    for col in ["fiscal_strength_index", "current_balance_ratio_pct", "real_debt_service_ratio_pct",
                "future_burden_ratio_pct", "laspeyres_index", "bond_restriction_ratio_pct"]:
        df[col] = df[col].round(6)  # drops binary noise such as 11.200000000000001; published values have ≤3 decimals
    df = tidy(df, ["fiscal_year", "code", "pref_code", "name"])
    check("zaisei", "rows whose level comes from the name ending: 407 without a code (FY2005–10) + 56 of 7 codes "
          "gone by 2020 (滝沢村, 富谷町, 岩舟町, 白岡町, 大網白里町, 那珂川町, 熊本市 43201)", 463, by_name)
    per_year = df[df["is_basic_municipality"]].groupby("fiscal_year").size()
    check("zaisei", "FY2014–2021: exactly 1,741 rows each", {y: 1741 for y in range(2014, 2022)},
          {y: int(n) for y, n in per_year.items() if y >= 2014})
    coded = df[df["code"].notna() & (df["fiscal_year"] >= 2011)]
    check("zaisei", "FY2011 onward: one row per code and year", 0, int(coded.duplicated(["code", "fiscal_year"]).sum()))
    z = df[df["code"] == TSUMAGOI].set_index("fiscal_year")["fiscal_strength_index"]
    check("zaisei", "嬬恋村 財政力指数 FY2005 / FY2014 / FY2021", [0.55, 0.40, 0.44],
          [float(z[2005]), float(z[2014]), float(z[2021])])
    return df


def build_mynumbercard(raw: RawInputs, check: Checks, levels: dict, pref_codes: dict) -> pd.DataFrame:
    df = read_csv(raw.file("stats/mynumbercard_issuance_2017_2022.csv"))
    df = fill_pref_code(df, pref_codes)
    for col in ["as_of", "population_base_date", "cards_base_date"]:
        df[col] = pd.to_datetime(df[col].str.replace("/", "-"), format="%Y-%m-%d").astype("datetime64[ms]")
    df["level"], _ = level_from_census(df["code5"], df["name"], levels)
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code", "as_of"])
    per_date = df.groupby("as_of")["code"].nunique()
    check("mynumbercard", "snapshots, each with 1,741 municipalities", [47, [1741]],
          [len(per_date), sorted(set(per_date.tolist()))])
    check("mynumbercard", "all rows are basic municipalities", True, bool(df["is_basic_municipality"].all()))
    last = df[df["as_of"] == "2022-12-31"]
    check("mynumbercard", "cards issued at 2022-12-31 (sum of municipalities)", 71_905_789, int(last["cards_issued"].sum()))
    rate = 100 * last["cards_issued"].sum() / last["population_juki"].sum()
    check("mynumbercard", "national rate at 2022-12-31 (%)", 57.1, round(float(rate), 1))
    z = df[df["code"] == TSUMAGOI].set_index("as_of")["issuance_rate_pct"]
    check("mynumbercard", "嬬恋村 rate 2017-03-08 → 2022-12-31 (%)", [6.4, 58.2], [float(z.iloc[0]), float(z.iloc[-1])])
    return df


def build_ipss2018(raw: RawInputs, check: Checks, levels: dict) -> pd.DataFrame:
    df = read_csv(raw.file("stats/ipss2018_projection_age5_sex.csv"))
    known = df["level"] != "town_village"
    common = known & df["code5"].isin(levels.keys())
    check("ipss2018_projection", "IPSS level equals census2020's wherever both exist", int(common.sum()),
          int((df.loc[common, "level"] == df.loc[common, "code5"].map(levels)).sum()))
    tv = ~known
    df.loc[tv, "level"], by_name = level_from_census(df.loc[tv, "code5"], df.loc[tv, "name"], levels)
    df["is_basic_municipality"] = df["level"].isin(BASIC_LEVELS)
    df = tidy(df, ["code", "year", "sex"])
    check("ipss2018_projection", "rows (1,857 areas × 7 years × 3 sexes)", 38997, len(df))
    check("ipss2018_projection", "town/village rows whose level came from the name (40305 那珂川町, gone by 2020)", 21,
          by_name)
    total = df[df["sex"] == "total"]
    pref = total[total["level"] == "prefecture"].groupby("year")["population"].sum()
    check("ipss2018_projection", "2015 national (sum of 47 prefectures) = census 2015", 127_094_745, int(pref[2015]))
    check("ipss2018_projection", "2045 national (sum of 47 prefectures)", 106_421_185, int(pref[2045]))
    check("ipss2018_projection", "age groups sum to population (all rows)", True,
          bool((df[AGE_GROUPS[:18] + ["age_90p"]].sum(axis=1) == df["population"]).all()))
    basic = total[total["is_basic_municipality"]].groupby(["year", "pref_code"])["population"].sum()
    prefs = total[total["level"] == "prefecture"].set_index(["year", "pref_code"])["population"]
    check("ipss2018_projection", "basic municipalities sum to their prefecture (46 prefectures × 7 years; not 福島県)",
          322, int((basic.reindex(prefs.index) == prefs).sum()))
    check("ipss2018_projection", "福島県 07: prefecture row only", ["prefecture"],
          sorted(df.loc[df["pref_code"] == "07", "level"].unique().tolist()))
    z = total[total["code"] == TSUMAGOI].set_index("year")["population"]
    check("ipss2018_projection", "嬬恋村 2015 … 2045", [9780, 9295, 8775, 8247, 7707, 7136, 6547], [int(v) for v in z])
    return df


def build_code_history(raw: RawInputs, check: Checks) -> pd.DataFrame:
    df = read_csv(raw.file("code_history/code_changes.csv"), all_strings=True)
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d").astype("datetime64[ms]")
    df["old_code_survives"] = df["old_code_survives"].map({"true": True, "false": False}).astype("boolean")
    df = df.sort_values("event_id", kind="mergesort").reset_index(drop=True)
    check("code_history", "rows", 2733, len(df))
    check("code_history", "events", 1291, df["event_id"].nunique())
    check("code_history", "first and last dates", ["1970-04-20", "2024-01-01"],
          [str(df["date"].min().date()), str(df["date"].max().date())])
    codes = pd.concat([df["old_code"], df["new_code"]]).dropna()
    check("code_history", "every code is 5 digits", True, bool(codes.str.fullmatch(r"\d{5}").all()))
    urawa = df[(df["old_code"] == "11204") & (df["date"] == "2001-05-01")]
    check("code_history", "2001-05-01 浦和市 11204 → さいたま市 11244 (新設合併)", [["11244", "新設合併"]],
          urawa[["new_code", "kind"]].values.tolist())
    return df


def build_boundaries(raw: RawInputs, check: Checks, master: pd.DataFrame) -> dict:
    """The three boundary layers as GeoDataFrames, geometry exactly as parsed from the GeoJSON."""
    import geopandas as gpd
    import shapely
    from shapely.geometry import Point, shape

    files = {
        "boundaries_municipality": ("boundaries/jp_municipalities_2022.geojson", 1747),
        "boundaries_ward": ("boundaries/jp_municipalities_wards_2022.geojson", 1902),
        "boundaries_prefecture": ("boundaries/jp_prefectures_2022.geojson", 47),
    }
    layers = {}
    for name, (file, expected_rows) in files.items():
        path = raw.file(file)
        text = path.read_text(encoding="utf-8")
        features = json.loads(text)["features"]
        # GEOS reads the whole FeatureCollection at once (fast); spot-check it against Python's own parsing
        geometry = shapely.get_parts(shapely.from_geojson(text))
        sample = list(range(0, len(features), 25))
        same = shapely.to_wkb(geometry[sample]) == shapely.to_wkb([shape(features[i]["geometry"]) for i in sample])
        check(name, f"GEOS and Python parse every 25th GeoJSON geometry identically ({len(sample)} features)", True,
              bool(same.all()))
        props = pd.DataFrame([feat["properties"] for feat in features])
        gdf = gpd.GeoDataFrame(props, geometry=geometry, crs="EPSG:4326")
        if name == "boundaries_prefecture":
            gdf = gdf.rename(columns={"pref_lg_code": "code6"})
            gdf["code"] = gdf["pref_code"] + "000"
            gdf["name"] = gdf["pref_name"]
            gdf["kind"] = "prefecture"
            gdf["level"] = "prefecture"
        else:
            gdf = gdf.rename(columns={"lg_code": "code6"})
            gdf["level"] = gdf["kind"].replace({"ward": "designated_city_ward"})
            gdf.loc[gdf["northern_territories"], "level"] = "northern_territories_village"
        gdf["is_basic_municipality"] = gdf["level"].isin(BASIC_LEVELS)
        cols = [c for c in FIRST_COLUMNS if c in gdf.columns]
        gdf = gdf[cols + [c for c in gdf.columns if c not in cols and c != "geometry"] + ["geometry"]]
        gdf = gdf.sort_values("code", kind="mergesort").reset_index(drop=True)
        check(name, "features", expected_rows, len(gdf))
        check(name, "duplicate codes", 0, int(gdf["code"].duplicated().sum()))
        check(name, "empty or invalid geometries", 0, int((gdf.geometry.is_empty | ~gdf.geometry.is_valid).sum()))
        if name == "boundaries_prefecture":
            check(name, "n_municipalities sums to 1,741", 1741, int(gdf["n_municipalities"].sum()))
        else:
            missing = sorted(set(gdf["code"]) - set(master["code"]))
            check(name, "codes missing from municipalities", [], missing)
            joined = gdf[["code", "code6", "name"]].merge(master[["code", "code6", "name"]], on="code")
            check(name, "code6 and name agree with municipalities", len(gdf),
                  int(((joined["code6_x"] == joined["code6_y"]) & (joined["name_x"] == joined["name_y"])).sum()))
        layers[name] = gdf
    muni = layers["boundaries_municipality"]
    check("boundaries_municipality", "basic municipalities (+ 6 北方領土 villages)", [1741, 6],
          [int(muni["is_basic_municipality"].sum()), int(muni["northern_territories"].sum())])
    ward = layers["boundaries_ward"]
    check("boundaries_ward", "features = municipalities rows in_wards_layer", int(master["in_wards_layer"].sum()), len(ward))
    z = muni.set_index("code").loc[TSUMAGOI]
    check("boundaries_municipality", "嬬恋村 area_km2 and (36.5 N, 138.5 E) inside it", [338.43, True],
          [float(z["area_km2"]), bool(z.geometry.contains(Point(138.5, 36.5)))])
    return layers


# ---------------------------------------------------------------------------------- main
def build(raw_root: Path, out: Path) -> dict:
    """Build every dataset from the raw folder into ``out``; return the catalog (also written to out/catalog.json).

    Refuses to start unless every registered raw input has its registered size and sha256.
    """
    raw = RawInputs.verified(raw_root)
    check = Checks()
    frames: dict[str, pd.DataFrame] = {}
    frames["municipalities"] = master = build_municipalities(raw, check)
    pref_codes = dict(zip(master["pref_name"], master["pref_code"]))
    frames["census2020"] = census = build_census2020(raw, check)
    levels = dict(zip(census["code"], census["level"]))
    census_codes = census.loc[~census["level"].isin(["national", "prefecture", "special_wards_total"]), "code"]
    check("census2020", "municipal codes found in municipalities", len(census_codes),
          int(census_codes.isin(master["code"]).sum()))
    common = master[master["code"].isin(levels.keys())]
    check("municipalities", "level equals census2020's for every common code", len(common),
          int((common["level"] == common["code"].map(levels)).sum()))
    frames["census2020_age"] = build_census2020_age(raw, check, census)
    frames["census_timeseries"] = ts = build_census_timeseries(raw, check, levels)
    frames["census1980_age"] = build_census1980_age(raw, check, levels, ts)
    frames["juki2022"] = juki = build_juki2022(raw, check, levels, pref_codes)
    frames["juki2022_age"] = build_juki2022_age(raw, check, pref_codes, juki)
    frames["furusato_receipts"] = build_furusato_receipts(raw, check, levels, pref_codes)
    frames["furusato_fy2020"] = build_furusato_fy2020(raw, check, levels, pref_codes)
    frames["furusato_deductions2021"] = build_furusato_deductions2021(raw, check, levels, pref_codes)
    frames["zaisei"] = build_zaisei(raw, check, levels, pref_codes)
    frames["mynumbercard"] = build_mynumbercard(raw, check, levels, pref_codes)
    frames["ipss2018_projection"] = build_ipss2018(raw, check, levels)
    frames["code_history"] = build_code_history(raw, check)
    frames.update(build_boundaries(raw, check, master))
    import build_stats2  # datasets/build_stats2.py; imported here because it imports this module's helpers

    frames.update(build_stats2.build(raw, check, census))
    frames.update(build_geo2.build_all(raw, check, census))

    for name, df in frames.items():
        if "code6" in df.columns:
            code6 = df["code6"].dropna()
            check(name, "every code6 has a valid check digit and starts with code", True,
                  bool(code6.drop_duplicates().map(code6_is_valid).all()
                       and (code6.str[:5] == df.loc[code6.index, "code"]).all()))
        if "code" in df.columns:
            check(name, "every code is a 5-digit string", True, bool(df["code"].dropna().str.fullmatch(r"\d{5}").all()))
        if "pref_code" in df.columns:
            check(name, "every pref_code is a 2-digit string", True, bool(df["pref_code"].str.fullmatch(r"\d{2}").all()))
        if "level" in df.columns:
            check(name, "every row has a level", 0, int(df["level"].isna().sum()))

    # write into a scratch folder first, so a failed build never leaves files that disagree with the catalog
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".build-tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    entries = []
    try:
        for name in sorted(frames):
            df = frames[name]
            kind = "boundaries" if name.startswith("boundaries_") else "table"
            file = f"{name}.parquet"
            (write_geo if kind == "boundaries" else write_table)(df, tmp / file)
            _verify_written(name, df, tmp / file, kind, check)
            columns = [{"name": col, "dtype": logical_dtype(df[col]), **column_doc(name, col)} for col in df.columns]
            entries.append({
                "name": name, "file": file, "kind": kind, **DATASETS[name], "columns": columns, "rows": len(df),
                "bytes": (tmp / file).stat().st_size, "sha256": sha256_of(tmp / file),
                "checks": check.by_dataset.get(name, []),
            })
        entries += build_topologies(raw, frames, tmp, check)
        for entry in entries:
            os.replace(tmp / entry["file"], out / entry["file"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    catalog = {"schema": 1, "datasets": entries}
    text = json.dumps(catalog, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (out / "catalog.json").write_text(text, encoding="utf-8")
    return catalog


def build_topologies(raw: RawInputs, frames: dict, tmp: Path, check: Checks) -> list[dict]:
    """Write the map topologies ``topo_<level>.json`` into ``tmp``; return their catalog entries."""
    source = json.loads(raw.file("boundaries/jp_admin_2022.topojson").read_text(encoding="utf-8"))
    entries = []
    for level in build_topo.LEVELS:
        name, file = f"topology_{level}", f"topo_{level}.json"
        topo = build_topo.build(source, level)
        (tmp / file).write_text(json.dumps(topo, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        ids = [g["id"] for g in topo["objects"]["features"]["geometries"]]
        expected = sorted(frames[f"boundaries_{level}"]["code"])
        check(name, "features", len(expected), len(ids))
        check(name, "the same codes as the GeoParquet boundaries", True, sorted(ids) == expected)
        entries.append({
            "name": name, "file": file, "kind": "topology", **DATASETS[name], "columns": [], "rows": len(ids),
            "bytes": (tmp / file).stat().st_size, "sha256": sha256_of(tmp / file),
            "checks": check.by_dataset.get(name, []),
        })
    return entries


def _verify_written(name: str, df: pd.DataFrame, path: Path, kind: str, check: Checks) -> None:
    """Read the written file back: same rows and values; geometry bit-for-bit as parsed from the GeoJSON."""
    if kind == "boundaries":
        import geopandas as gpd
        import shapely

        back = gpd.read_parquet(path)
        same = (shapely.to_wkb(back.geometry.values) == shapely.to_wkb(df.geometry.values)).all()
        check(name, "written GeoParquet: CRS, and geometry identical to the GeoJSON's (WKB)", ["EPSG:4326", True],
              [back.crs.to_string(), bool(same)])
        back, df = pd.DataFrame(back.drop(columns="geometry")), pd.DataFrame(df.drop(columns="geometry"))
    else:
        back = pd.read_parquet(path)
    try:
        pd.testing.assert_frame_equal(back, df, check_dtype=False, check_column_type=False)
    except AssertionError as error:
        raise BuildError(f"{path.name} does not read back as written: {error}") from error
    check(name, "written file reads back with the same values (rows, columns)", list(df.shape), list(back.shape))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW, help=f"raw data folder (default ${fetch_raw.ENV_RAW} or {DEFAULT_RAW})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        catalog = build(args.raw.resolve(), args.out.resolve())
    except (BuildError, fetch_raw.RawInputError) as error:
        print(f"BUILD FAILED: {error}", file=sys.stderr)
        return 1
    total = 0
    print(f"\n{'dataset':<26}{'rows':>9}{'bytes':>12}")
    for entry in catalog["datasets"]:
        total += entry["bytes"]
        print(f"{entry['name']:<26}{entry['rows']:>9,}{entry['bytes']:>12,}")
    n_checks = sum(len(e["checks"]) for e in catalog["datasets"])
    print(f"{'total':<26}{'':>9}{total:>12,}")
    print(f"\n{len(catalog['datasets'])} datasets, {n_checks} checks OK, "
          f"written to {args.out.resolve()} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
