"""Tests of the bundled datasets and of datasets/build.py that makes them.

(a) the catalog matches the files, (b) key published totals hold on the loaded data,
(c) slow: rebuilding from the raw data twice gives identical files whose content equals the committed ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import chiiki_lab
from chiiki_lab.datasets import data_dir, sha256_of

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "datasets" / "build.py"
sys.path.insert(0, str(BUILD.parent))
import fetch_raw  # datasets/fetch_raw.py: where the raw folder is

RAW = fetch_raw.default_root()

EXPECTED_NAMES = {
    "municipalities", "boundaries_municipality", "boundaries_ward", "boundaries_prefecture", "census2020",
    "census2020_age", "census_timeseries", "census1980_age", "juki2022", "juki2022_age", "furusato_receipts",
    "furusato_fy2020", "furusato_deductions2021", "zaisei", "mynumbercard", "ipss2018_projection", "code_history",
    "topology_municipality", "topology_ward", "topology_prefecture",
    "ipss2023_projection", "juki_migration", "kaigo_insurers_fy2023", "economic_census",
}
EXPECTED_NAMES |= {  # datasets/build_geo2.py (chapters 16–19)
    "census2020_mesh250m", "shelters_gunma", "gtfs_kanetsu_stops", "gtfs_kanetsu_routes", "jinryu_nagano_municipal",
    "jinryu_karuizawa_mesh", "lodging_guest_nights", "opendata_shimabara_tourism", "opendata_templates",
}
ENTRY_KEYS = {
    "name", "file", "kind", "title_ja", "title_en", "description_ja", "description_en", "publisher", "source_table",
    "source_url", "mirror", "vintage", "licence", "attribution_ja", "attribution_en", "caveats_ja", "caveats_en",
    "columns", "rows", "bytes", "sha256", "checks",
}
CENSUS2020_TOTAL = 126_146_099  # 令和2年国勢調査 人口速報・確定値 (published national total)


def _catalog() -> list[dict]:
    with (data_dir() / "catalog.json").open(encoding="utf-8") as f:
        catalog = json.load(f)
    assert catalog["schema"] == 1
    return catalog["datasets"]


ENTRIES = _catalog()


def test_catalog_lists_every_contract_dataset_once():
    names = [e["name"] for e in ENTRIES]
    assert sorted(names) == sorted(EXPECTED_NAMES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["name"])
def test_catalog_entry_matches_its_file(entry):
    import pyarrow.parquet as pq

    assert set(entry) == ENTRY_KEYS
    path = data_dir() / entry["file"]
    assert path.is_file()
    assert path.stat().st_size == entry["bytes"]
    assert sha256_of(path) == entry["sha256"]
    if entry["kind"] == "topology":
        topo = json.loads(path.read_text(encoding="utf-8"))
        assert len(topo["objects"]["features"]["geometries"]) == entry["rows"]
        assert entry["columns"] == []
    else:
        parquet = pq.ParquetFile(path)
        assert parquet.metadata.num_rows == entry["rows"]
        assert parquet.schema_arrow.names == [c["name"] for c in entry["columns"]]
    for col in entry["columns"]:
        assert {"name", "dtype", "unit", "description_ja", "description_en"} <= set(col)
        # optional short label (both languages) and English unit of a labelled column
        assert set(col) - {"name", "dtype", "unit", "description_ja", "description_en"} <= {"label_ja", "label_en", "unit_en"}
        assert ("label_ja" in col) == ("label_en" in col) and ("unit_en" not in col or "label_ja" in col)
        assert col["description_ja"] and col["description_en"], col["name"]
    prefixes = {"boundaries_": "boundaries", "topology_": "topology"}
    assert entry["kind"] == next((k for p, k in prefixes.items() if entry["name"].startswith(p)), "table")
    assert entry["attribution_ja"].startswith("出典")
    assert entry["caveats_ja"] and len(entry["caveats_ja"]) == len(entry["caveats_en"])
    assert entry["checks"], "every dataset records the checks run on it"


def test_boundaries_are_geoparquet_in_epsg4326():
    for level, rows in [("municipality", 1747), ("ward", 1902), ("prefecture", 47)]:
        gdf = chiiki_lab.load_boundaries(level)
        assert len(gdf) == rows
        assert gdf.crs.to_epsg() == 4326
        assert gdf["code"].is_unique
        assert gdf.geometry.is_valid.all()
    pref = chiiki_lab.load_boundaries("prefecture")
    assert pref.loc[pref["name"] == "群馬県", "code"].tolist() == ["10000"]


def test_census2020_totals_on_loaded_data():
    df = chiiki_lab.load("census2020")
    assert df["code"].str.fullmatch(r"\d{5}").all()
    national = df.loc[df["code"] == "00000", "population"]
    assert national.tolist() == [CENSUS2020_TOTAL]
    basic = df[df["is_basic_municipality"]]
    assert len(basic) == 1741
    assert basic["population"].sum() == CENSUS2020_TOTAL
    prefectures = df[df["level"] == "prefecture"]
    assert len(prefectures) == 47
    assert prefectures["population"].sum() == CENSUS2020_TOTAL
    assert df.attrs["chiiki_lab"]["name"] == "census2020"


def test_other_tables_agree_with_census2020():
    census = chiiki_lab.load("census2020").set_index("code")
    age = chiiki_lab.load("census2020_age")
    totals = age[age["sex"] == "total"].set_index("code")["population"]
    assert (totals.reindex(census.index) == census["population"]).all()
    series = chiiki_lab.load("census_timeseries")
    assert series.loc[series["year"] == 2020, "population"].sum() == CENSUS2020_TOTAL
    master = chiiki_lab.load("municipalities")
    assert len(master) == 1922 and master["is_basic_municipality"].sum() == 1741
    wards = chiiki_lab.load_boundaries("ward")
    assert set(wards["code"]) <= set(master["code"])


def test_code6_check_digits_in_municipalities():
    master = chiiki_lab.load("municipalities")

    def check_digit(code5: str) -> str:
        return str((11 - sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2))) % 11) % 10)

    assert (master["code"] + master["code"].map(check_digit) == master["code6"]).all()
    assert master.loc[master["code"] == "10425", "code6"].tolist() == ["104256"]  # 嬬恋村


def _frames_equal(a: Path, b: Path, kind: str) -> None:
    import pandas as pd

    if kind == "topology":  # plain JSON written by our own code: the content must be identical
        assert json.loads(a.read_text(encoding="utf-8")) == json.loads(b.read_text(encoding="utf-8"))
        return
    if kind == "boundaries":
        import geopandas as gpd
        import shapely

        ga, gb = gpd.read_parquet(a), gpd.read_parquet(b)
        assert (shapely.to_wkb(ga.geometry.values) == shapely.to_wkb(gb.geometry.values)).all()
        assert ga.crs == gb.crs
        fa, fb = pd.DataFrame(ga.drop(columns="geometry")), pd.DataFrame(gb.drop(columns="geometry"))
    else:
        fa, fb = pd.read_parquet(a), pd.read_parquet(b)
    pd.testing.assert_frame_equal(fa, fb)


@pytest.mark.slow
def test_rebuild_is_deterministic_and_matches_committed_files(tmp_path):
    if not (RAW / "README.md").is_file():
        pytest.skip(f"raw data folder {RAW} is not present beside the repository; cannot rebuild")
    outs = [tmp_path / "a", tmp_path / "b"]
    runs = [subprocess.Popen([sys.executable, str(BUILD), "--raw", str(RAW), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for out in outs]
    for run in runs:
        output, _ = run.communicate(timeout=300)
        assert run.returncode == 0, output[-3000:]
        assert "[FAIL]" not in output
    cat_a, cat_b = (json.loads((out / "catalog.json").read_text(encoding="utf-8")) for out in outs)
    assert (outs[0] / "catalog.json").read_bytes() == (outs[1] / "catalog.json").read_bytes()
    committed = {e["name"]: e for e in ENTRIES}
    for entry in cat_a["datasets"]:
        assert sha256_of(outs[0] / entry["file"]) == sha256_of(outs[1] / entry["file"]) == entry["sha256"]
        # library versions may change the bytes, so compare the committed files by content
        _frames_equal(outs[0] / entry["file"], data_dir() / entry["file"], entry["kind"])
        strip = {"sha256", "bytes"}
        assert {k: v for k, v in entry.items() if k not in strip} == \
            {k: v for k, v in committed[entry["name"]].items() if k not in strip}
    assert cat_a == cat_b
