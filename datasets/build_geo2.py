"""The geo2 datasets (chapters 16–19): census 250 m mesh, evacuation sites, 関越交通 GTFS, 人流, 宿泊, open data.

Called by ``build.py`` (``frames.update(build_geo2.build_all(raw, check, census))``), which writes, checks and
catalogs the frames like its own. Reads the tidy files of ``shared/data/raw/geo2`` and
``shared/data/raw/stats2`` (see their PROVENANCE.md and CHECKS.log). Every dataset is a plain table: points
keep ``lat``/``lon`` and mesh cells their JIS X 0410 code (``chiiki_lab.mesh.mesh_polygons`` draws them), which
keeps the files small. Each builder checks row counts, code validity against census 2020 and totals against
a figure published in PROVENANCE.md (e.g. 嬬恋村's 250 m cells sum to 8,857 vs the census 8,850).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_raw import RawInputs  # datasets/fetch_raw.py: the registered, verified raw files

TSUMAGOI, KARUIZAWA, NAKANOJO = "10425", "20321", "10421"
FIRST = ["code", "code6", "pref_code", "pref_name", "name", "level", "is_basic_municipality"]


def _read_csv(raw: RawInputs, relative: str, check, dataset: str) -> pd.DataFrame:
    path = raw.file(relative)
    check(dataset, f"raw file {relative} exists", True, path.is_file())
    return pd.read_csv(path, dtype={"code5": str, "code6": str, "pref_code": str}, keep_default_na=False,
                       na_values=[""])


def _read_parquet(raw: RawInputs, relative: str, check, dataset: str, columns=None) -> pd.DataFrame:
    path = raw.file(relative)
    check(dataset, f"raw file {relative} exists", True, path.is_file())
    return pd.read_parquet(path, columns=columns)


def _read_geojson_properties(raw: RawInputs, relative: str, check, dataset: str) -> pd.DataFrame:
    """Properties of a point GeoJSON as a table (the coordinates are in its lat/lon columns too)."""
    path = raw.file(relative)
    check(dataset, f"raw file {relative} exists", True, path.is_file())
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return pd.DataFrame([f["properties"] for f in features])


def _with_municipality(df: pd.DataFrame, census: pd.DataFrame, check, dataset: str) -> pd.DataFrame:
    """Add code6, pref_code, pref_name, name, level from census 2020; every code must be a census code."""
    ref = census[census["is_basic_municipality"]].set_index("code")
    unknown = sorted(set(df["code"]) - set(ref.index))
    check(dataset, "every code is a basic municipality of census 2020", [], unknown)
    df = df.drop(columns=[c for c in ["code6", "pref_code", "pref_name", "name", "level"] if c in df.columns])
    cols = ["code6", "pref_code", "pref_name", "name", "level", "is_basic_municipality"]
    return df.join(ref[cols], on="code")


def _order(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    first = [c for c in FIRST if c in df.columns]
    df = df[first + [c for c in df.columns if c not in first]]
    return df.sort_values(keys, kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------------------------- builders
def build_census2020_mesh250m(raw: RawInputs, check, census: pd.DataFrame) -> pd.DataFrame:
    name = "census2020_mesh250m"
    src = _read_parquet(raw, "geo2/census2020_mesh250m_5438.parquet", check, name,
                        columns=["mesh_code", "code5", "htksyori", "htksaki", "pop_total", "pop_male", "pop_female",
                                 "pop_0_14", "pop_15_64", "pop_65p", "pop_75p", "hh_total"])
    df = src.rename(columns={"code5": "code", "pop_total": "population", "hh_total": "households",
                             "htksyori": "suppression", "htksaki": "merged_into"})
    df["suppression"] = df["suppression"].astype("int8")
    df["merged_into"] = df["merged_into"].where(df["merged_into"] != "", None)
    df = _with_municipality(df, census, check, name)
    df = _order(df, ["mesh_code"])
    check(name, "rows (inhabited 250 m cells of 1st mesh 5438)", 21_934, len(df))
    check(name, "mesh codes: 10 digits, inside 5438, unique", [True, 0],
          [bool(df["mesh_code"].str.fullmatch(r"5438\d{6}").all()), int(df["mesh_code"].duplicated().sum())])
    check(name, "every merge target (merged_into) is a listed cell", True,
          bool(df["merged_into"].dropna().isin(df["mesh_code"]).all()))
    check(name, "population never suppressed, male + female == population", [0, True],
          [int(df["population"].isna().sum()), bool((df["pop_male"] + df["pop_female"] == df["population"]).all())])
    check(name, "sum over 5438 (PROVENANCE: 1,336,545)", 1_336_545, int(df["population"].sum()))
    pop = census.set_index("code")["population"]
    z = int(df.loc[df["code"] == TSUMAGOI, "population"].sum())
    check(name, f"嬬恋村 sum of cells vs census 2020 {int(pop[TSUMAGOI]):,} within ±2 % (PROVENANCE: 8,857)",
          8_857, z, ok=z == 8_857 and abs(z / pop[TSUMAGOI] - 1) < 0.02)
    ages = df[df["code"] == TSUMAGOI][["pop_0_14", "pop_15_64", "pop_65p"]].sum()
    check(name, "嬬恋村 0–14 / 15–64 / 65+ over non-suppressed cells (PROVENANCE)", [920, 4660, 3299],
          [int(v) for v in ages])
    inside = _read_csv(raw, "geo2/census2020_mesh_vs_municipal.csv", check, name)
    inside = inside.loc[inside["inside_5438"].astype(str) == "True", "code5"]
    sums = df.groupby("code")["population"].sum().reindex(inside)
    check(name, "26 municipalities wholly inside 5438: sum of cells within ±1 % of census 2020 (642,215 vs 642,686)",
          [26, 642_215], [len(inside), int(sums.sum())],
          ok=len(inside) == 26 and abs(sums.sum() / pop.reindex(inside).sum() - 1) < 0.01)
    return df


def build_shelters_gunma(raw: RawInputs, check, census: pd.DataFrame) -> pd.DataFrame:
    name = "shelters_gunma"
    src = _read_geojson_properties(raw, "geo2/shelters_gunma_gsi.geojson", check, name)
    hazards = [c for c in src.columns if c.startswith("hz_")]
    df = src[["code5", "kind", "kind_ja", "common_id", "name", "address", *hazards, "accepted_persons",
              "code5_of_location", "lat", "lon"]].rename(
        columns={"code5": "code", "name": "site_name", "code5_of_location": "location_code"})
    for col in hazards:
        df[col] = df[col].astype("boolean")  # 1/0 for 指定緊急避難場所; 指定避難所 carry no hazard flags
    df = _with_municipality(df, census, check, name)
    df = _order(df, ["code", "kind", "common_id"])
    check(name, "rows: 1,750 指定緊急避難場所 + 1,674 指定避難所", {"designated_shelter": 1674, "emergency_site": 1750},
          df["kind"].value_counts().sort_index().to_dict())
    check(name, "all 35 群馬県 municipalities, no other prefecture", [35, ["10"]],
          [df["code"].nunique(), sorted(df["pref_code"].unique())])
    check(name, "共通ID unique within each kind", 0, int(df.duplicated(["kind", "common_id"]).sum()))
    check(name, "points within 群馬県's bbox (lon 138.3–139.8, lat 35.9–37.1)", True,
          bool(df["lon"].between(138.3, 139.8).all() and df["lat"].between(35.9, 37.1).all()))
    check(name, "指定避難所 carry no hazard flags", 0,
          int(df.loc[df["kind"] == "designated_shelter", hazards].notna().sum().sum()))
    z = df[df["code"] == TSUMAGOI]
    check(name, "嬬恋村: 35 指定緊急避難場所 (all for 火山現象), 8 指定避難所 (PROVENANCE)", [35, 35, 8],
          [int((z["kind"] == "emergency_site").sum()), int(z["hz_volcano"].sum()),
           int((z["kind"] == "designated_shelter").sum())])
    counts = _read_csv(raw, "geo2/shelters_gunma_by_municipality.csv", check, name).set_index("code5")
    mine = df.pivot_table(index="code", columns="kind", values="common_id", aggfunc="size")
    check(name, "counts per municipality equal shelters_gunma_by_municipality.csv", 35,
          int(((mine["emergency_site"] == counts["n_emergency_sites"].reindex(mine.index))
               & (mine["designated_shelter"] == counts["n_designated_shelters"].reindex(mine.index))).sum()))
    return df


def build_gtfs_kanetsu_stops(raw: RawInputs, check, census: pd.DataFrame) -> pd.DataFrame:
    name = "gtfs_kanetsu_stops"
    src = _read_geojson_properties(raw, "geo2/gtfs_kanetsu_stops.geojson", check, name)
    check(name, "stops in the feed: 1,557 (1,021 poles + parent stations)", [1557, 1021],
          [len(src), int((src["location_type"] == "0").sum())])
    df = src[src["location_type"] == "0"].rename(
        columns={"code5": "code", "departures_ref_weekday": "departures_weekday", "stop_lat": "lat",
                 "stop_lon": "lon"})
    df = df[["code", "stop_id", "stop_name", "parent_station", "n_routes", "departures_weekday", "lat", "lon"]].copy()
    df["parent_station"] = df["parent_station"].where(df["parent_station"] != "", None)
    df["n_routes"] = df["n_routes"].astype("int16")
    df["departures_weekday"] = df["departures_weekday"].astype("int32")
    df = _with_municipality(df, census, check, name)
    df = _order(df, ["code", "stop_id"])
    check(name, "stop_id unique", 0, int(df["stop_id"].duplicated().sum()))
    by_muni = _read_csv(raw, "geo2/gtfs_kanetsu_by_municipality.csv", check, name).set_index("code5")
    mine = df.groupby("code").agg(n=("stop_id", "size"), dep=("departures_weekday", "sum"))
    check(name, "poles and weekday departures per municipality equal gtfs_kanetsu_by_municipality.csv",
          by_muni[["n_poles", "departures_ref_weekday"]].values.tolist(), mine.reindex(by_muni.index).values.tolist())
    check(name, "municipalities with stops (8 in 群馬県 + 日光市)", 9, df["code"].nunique())
    check(name, "中之条町: poles and weekday departures (CHECKS.log)", [108, 1418],
          [int(mine.loc[NAKANOJO, "n"]), int(mine.loc[NAKANOJO, "dep"])])
    return df


def build_gtfs_kanetsu_routes(raw: RawInputs, check) -> pd.DataFrame:
    name = "gtfs_kanetsu_routes"
    df = _read_csv(raw, "geo2/gtfs_kanetsu_routes.csv", check, name)
    df = df.rename(columns={"jp_parent_route_id": "parent_route", "n_trips_ref_weekday": "n_trips_weekday",
                            "first_departure_ref_weekday": "first_departure_weekday",
                            "last_arrival_ref_weekday": "last_arrival_weekday"})
    df = df.drop(columns="route_type").sort_values("route_id", kind="mergesort").reset_index(drop=True)
    check(name, "rows = routes (220), parent routes (35)", [220, 35], [len(df), df["parent_route"].nunique()])
    check(name, "trips in the feed 1,350; on the reference weekday 656 (CHECKS.log)", [1350, 656],
          [int(df["n_trips_in_feed"].sum()), int(df["n_trips_weekday"].sum())])
    check(name, "routes without weekday trips have no first/last time", True,
          bool(df.loc[df["n_trips_weekday"] == 0, "first_departure_weekday"].isna().all()))
    return df


DAYFLAG = {0: "休日", 1: "平日", 2: "全日"}
TIMEZONE = {0: "昼（11〜14時）", 1: "深夜（1〜4時）", 2: "終日"}


def _jinryu_labels(df: pd.DataFrame) -> pd.DataFrame:
    df["day_type"] = df["dayflag"].map(DAYFLAG)
    df["time_of_day"] = df["timezone"].map(TIMEZONE)
    return df


def build_jinryu(raw: RawInputs, check, census: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """人流オープンデータ 長野県: the municipal monthly table and the 1 km cells of 軽井沢町."""
    muni, cells = "jinryu_nagano_municipal", "jinryu_karuizawa_mesh"
    src = _read_csv(raw, "geo2/jinryu_by_municipality_monthly.csv", check, muni)
    df = src.rename(columns={"code5": "code", "population_sum_of_cells": "stay_population"})
    df = df[["code", "year", "month", "dayflag", "timezone", "stay_population", "n_cells"]]
    df = df.astype({"year": "int16", "month": "int8", "dayflag": "int8", "timezone": "int8", "n_cells": "int16"})
    df = _with_municipality(_jinryu_labels(df), census, check, muni)
    df = _order(df, ["code", "year", "month", "dayflag", "timezone"])
    check(muni, "rows; 77 長野県 municipalities; 36 months 2019-01 … 2021-12", [23_724, 77, 36],
          [len(df), df["code"].nunique(), len(df[["year", "month"]].drop_duplicates())])
    check(muni, "dayflag and timezone in {0,1,2}", True,
          bool(df["dayflag"].isin([0, 1, 2]).all() and df["timezone"].isin([0, 1, 2]).all()))
    mesh = _read_parquet(raw, "geo2/jinryu_nagano_mesh1km_2019_2021.parquet", check, muni)
    check(muni, "sum over municipalities = sum over the 1,233,392 mesh rows", int(mesh["population"].sum()),
          int(df["stay_population"].sum()))
    k = df[(df["code"] == KARUIZAWA) & (df["dayflag"] == 2) & (df["timezone"] == 0)].set_index(["year", "month"])
    check(muni, "軽井沢町 全日・昼: 2019-01, 2019-08, 2020-08 (CHECKS.log)", [34_355, 70_823, 50_931],
          [int(k.loc[(2019, 1), "stay_population"]), int(k.loc[(2019, 8), "stay_population"]),
           int(k.loc[(2020, 8), "stay_population"])])

    m = mesh[mesh["code5"] == KARUIZAWA].rename(columns={"code5": "code", "population": "stay_population"})
    m = m[["code", "mesh1km_code", "year", "month", "dayflag", "timezone", "stay_population"]]
    m = m.astype({"year": "int16", "month": "int8", "dayflag": "int8", "timezone": "int8", "stay_population": "int32"})
    m = _with_municipality(_jinryu_labels(m), census, check, cells)
    m = _order(m, ["mesh1km_code", "year", "month", "dayflag", "timezone"])
    check(cells, "rows and 1 km cells of 軽井沢町", [28_869, 126], [len(m), m["mesh1km_code"].nunique()])
    check(cells, "mesh codes are 8-digit 3次メッシュ codes", True, bool(m["mesh1km_code"].str.fullmatch(r"\d{8}").all()))
    per_month = m.groupby(["year", "month", "dayflag", "timezone"])["stay_population"].sum()
    ref = df[df["code"] == KARUIZAWA].set_index(["year", "month", "dayflag", "timezone"])["stay_population"]
    check(cells, "sums over cells equal the municipal table (every month × dayflag × timezone)", len(ref),
          int((per_month.reindex(ref.index) == ref).sum()))
    return {muni: df, cells: m}


def build_lodging(raw: RawInputs, check) -> pd.DataFrame:
    name = "lodging_guest_nights"
    df = _read_csv(raw, "stats2/lodging_guest_nights_pref_monthly.csv", check, name)
    df = df.rename(columns={"code5": "code"}).drop(columns="ym")
    df["name"] = df["pref_name"]
    df["is_basic_municipality"] = False
    df = df.astype({"year": "int16", "month": "int8"})
    df = _order(df, ["code", "year", "month"])
    check(name, "rows: (全国 + 47 prefectures) × 179 months 2011-01 … 2025-11", [8592, 48, 179],
          [len(df), df["code"].nunique(), len(df[["year", "month"]].drop_duplicates())])
    check(name, "codes: 00000 and PP000 with their 6-digit codes", True,
          bool(df["code"].str.fullmatch(r"\d\d000").all()))
    check(name, "total == 日本人 + 外国人 (every row)", True,
          bool((df["guest_nights_total"] == df["guest_nights_japanese"] + df["guest_nights_foreign"]).all()))
    pref = df[df["level"] == "prefecture"].groupby(["year", "month"])["guest_nights_total"].sum()
    nat = df[df["level"] == "national"].set_index(["year", "month"])["guest_nights_total"]
    check(name, "全国 = sum of the 47 prefectures (every month)", 179, int((pref.reindex(nat.index) == nat).sum()))
    year = df[df["level"] == "national"].groupby("year")["guest_nights_total"].sum()
    check(name, "national 2019 and 2023 = 観光庁 確定値 5億9,592万 / 6億1,747万人泊 (PROVENANCE)",
          [595_921_610, 617_474_890], [int(year[2019]), int(year[2023])])
    g = df[(df["code"] == "10000") & (df["year"] == 2024)]
    check(name, "群馬県 2024: total, foreign, August (PROVENANCE)", [9_751_220, 432_480, 1_139_770],
          [int(g["guest_nights_total"].sum()), int(g["guest_nights_foreign"].sum()),
           int(g.loc[g["month"] == 8, "guest_nights_total"].iloc[0])])
    return df


def build_opendata(raw: RawInputs, check, census: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """島原市「観光施設一覧」 (values as published, all text) and the 16 templates' column lists."""
    tourism, templates = "opendata_shimabara_tourism", "opendata_templates"
    cols = _read_csv(raw, "geo2/opendata_standard_columns.csv", check, templates)
    cols = cols.rename(columns={"dataset": "template"})[["template", "position", "column", "template_file"]]
    cols = cols.sort_values(["template", "position"], kind="mergesort").reset_index(drop=True)
    check(templates, "templates and columns (CHECKS.log: 16 templates, 415 columns)", [16, 415],
          [cols["template_file"].nunique(), len(cols)])
    check(templates, "positions run 1 … n in every template", True,
          bool(cols.groupby("template")["position"].apply(lambda p: list(p) == list(range(1, len(p) + 1))).all()))

    path = raw.file("geo2/opendata_shimabara_tourism.csv")
    check(tourism, "raw file exists", True, path.is_file())
    df = pd.read_csv(path, dtype=str, keep_default_na=False)  # as published: every value text, empty = ""
    standard = cols.loc[cols["template"] == "tourism", "column"].tolist()
    df["code"] = df["code5"]
    df = df[["code", *standard]]
    check(tourism, "columns after code = the 観光施設一覧 template, in order (30)", standard, list(df.columns[1:]))
    check(tourism, "rows (28 facilities), names unique", [28, 0], [len(df), int(df["名称"].duplicated().sum())])
    check(tourism, "都道府県コード又は市区町村コード = 422037 (島原市, check digit valid) in every row", ["422037"],
          sorted(df["都道府県コード又は市区町村コード"].unique()))
    shimabara = census.set_index("code").loc["42203"]
    check(tourism, "422037 = census 2020's code6 of 島原市", ["422037", "島原市"], [shimabara["code6"], shimabara["name"]])
    lat, lon = pd.to_numeric(df["緯度"]), pd.to_numeric(df["経度"])
    check(tourism, "every row has 緯度/経度 inside 島原半島 (lat 32.6–32.9, lon 130.2–130.45)", True,
          bool(lat.between(32.6, 32.9).all() and lon.between(130.2, 130.45).all()))
    return {tourism: df, templates: cols}


def build_all(raw: RawInputs, check, census: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Build every geo2 dataset (their catalog texts are in datasets/metadata/NAME.toml)."""
    frames = {
        "census2020_mesh250m": build_census2020_mesh250m(raw, check, census),
        "shelters_gunma": build_shelters_gunma(raw, check, census),
        "gtfs_kanetsu_stops": build_gtfs_kanetsu_stops(raw, check, census),
        "gtfs_kanetsu_routes": build_gtfs_kanetsu_routes(raw, check),
        "lodging_guest_nights": build_lodging(raw, check),
    }
    frames.update(build_jinryu(raw, check, census))
    frames.update(build_opendata(raw, check, census))
    return frames
