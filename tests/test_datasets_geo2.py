"""The geo2 datasets (chapters 16–19) against their original files, read here with other readers.

The expected values are recomputed from the byte-for-byte originals in ``shared/data/raw/*/orig`` (the e-Stat
text file, the GTFS zip, GSI's JSON, MLIT's monthly zips, the sqlite extract of 観光庁's workbook) or are
published figures; tests that need the raw folder skip when it is not beside the repository.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import chiiki_lab

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
ORIG = RAW / "geo2" / "orig"
needs_raw = pytest.mark.skipif(not ORIG.is_dir(), reason=f"raw data folder {RAW} is not beside the repository")


@pytest.mark.slow
@needs_raw
def test_mesh_population_equals_the_estat_file_cell_by_cell():
    text = (ORIG / "census_mesh/komoro-chiku-map/tblT001142Q5438.txt").read_text(encoding="cp932")
    rows = list(csv.reader(io.StringIO(text)))[2:]  # two header rows (codes, Japanese labels)
    published = {r[0]: int(r[4]) for r in rows}
    df = chiiki_lab.load("census2020_mesh250m")
    assert dict(zip(df["mesh_code"], df["population"].astype(int))) == published
    assert sum(published.values()) == 1_336_545


def test_tsumagoi_mesh_sum_is_close_to_the_census():
    df = chiiki_lab.load("census2020_mesh250m")
    tsumagoi = int(df.loc[df["code"] == "10425", "population"].sum())
    assert tsumagoi == 8_857  # geo2 CHECKS.log; census 2020: 8,850
    assert abs(tsumagoi / 8_850 - 1) < 0.002


@needs_raw
def test_tsumagoi_sites_equal_gsi_files():
    emergency = json.loads((ORIG / "shelters_gsi/jp-shelter-api/emergency/104256.json").read_text(encoding="utf-8"))
    shelters = json.loads((ORIG / "shelters_gsi/jp-shelter-api/evacuation/104256.json").read_text(encoding="utf-8"))
    df = chiiki_lab.load("shelters_gunma")
    z = df[(df["code"] == "10425") & (df["kind"] == "emergency_site")].set_index("common_id")
    volcano = {f["properties"]["共通ID"] for f in emergency["features"] if f["properties"]["火山現象"] == "1"}
    assert set(z.index[z["hz_volcano"].astype(bool)]) == volcano
    first = emergency["features"][0]
    lon, lat = first["geometry"]["coordinates"]
    row = z.loc[first["properties"]["共通ID"]]
    assert (row["site_name"], row["lon"], row["lat"]) == (first["properties"]["施設・場所名"], lon, lat)
    assert int(((df["code"] == "10425") & (df["kind"] == "designated_shelter")).sum()) == len(shelters["features"])


def _weekday_departures(zip_path: Path, day: date) -> Counter:
    """Departures per stop on ``day``: stop times of running trips, the last stop of each trip excluded."""
    with zipfile.ZipFile(zip_path) as z:
        def table(name):
            return list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8-sig")))
        ymd, weekday = day.strftime("%Y%m%d"), day.strftime("%A").lower()
        running = {c["service_id"] for c in table("calendar.txt")
                   if c["start_date"] <= ymd <= c["end_date"] and c[weekday] == "1"}
        for c in table("calendar_dates.txt"):
            if c["date"] == ymd:
                (running.add if c["exception_type"] == "1" else running.discard)(c["service_id"])
        trips = {t["trip_id"] for t in table("trips.txt") if t["service_id"] in running}
        by_trip: dict[str, list] = {}
        for st in table("stop_times.txt"):
            if st["trip_id"] in trips:
                by_trip.setdefault(st["trip_id"], []).append((int(st["stop_sequence"]), st["stop_id"]))
    departures = Counter()
    for stops in by_trip.values():
        departures.update(stop for _, stop in sorted(stops)[:-1])
    return departures


@pytest.mark.slow
@needs_raw
def test_weekday_departures_recomputed_from_the_gtfs_zip():
    expected = _weekday_departures(ORIG / "gtfs/gtfs-preview/gtfs.1001.kanetsu_kotu.zip", date(2019, 5, 15))
    df = chiiki_lab.load("gtfs_kanetsu_stops")
    got = {s: d for s, d in zip(df["stop_id"], df["departures_weekday"]) if d}
    assert got == dict(expected)


@pytest.mark.slow
@needs_raw
def test_karuizawa_stay_population_from_the_mlit_zip():
    with zipfile.ZipFile(ORIG / "jinryu_nagano/20/2019/08/monthly_mdp_mesh1km.csv.zip") as z:
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(z.namelist()[0]), encoding="utf-8-sig")))
    expected = {r["mesh1kmid"]: int(r["population"]) for r in rows
                if r["citycode"] == "20321" and r["dayflag"] == "2" and r["timezone"] == "0"}
    df = chiiki_lab.load("jinryu_karuizawa_mesh")
    aug = df[(df["year"] == 2019) & (df["month"] == 8) & (df["dayflag"] == 2) & (df["timezone"] == 0)]
    assert dict(zip(aug["mesh1km_code"], aug["stay_population"].astype(int))) == expected
    muni = chiiki_lab.load("jinryu_nagano_municipal")
    row = muni[(muni["code"] == "20321") & (muni["year"] == 2019) & (muni["month"] == 8)
               & (muni["day_type"] == "全日") & (muni["timezone"] == 0)]
    assert row["stay_population"].tolist() == [sum(expected.values())] == [70_823]


def test_national_guest_nights_equal_the_published_annual_figures():
    df = chiiki_lab.load("lodging_guest_nights")
    national = df[df["code"] == "00000"].groupby("year")["guest_nights_total"].sum()
    # 観光庁 press releases (確定値): 2019 5億9,592万人泊, 2023 6億1,747万人泊
    assert round(national[2019] / 1e4) == 59_592
    assert round(national[2023] / 1e4) == 61_747


@needs_raw
def test_gunma_guest_nights_equal_the_sqlite_extract():
    con = sqlite3.connect(RAW / "stats2/orig/lodging/market_stats.sqlite")
    expected = dict(con.execute("select ym, total from market_stats where pref_name = '群馬県' and ym like '2024-%'"))
    con.close()
    df = chiiki_lab.load("lodging_guest_nights")
    g = df[(df["code"] == "10000") & (df["year"] == 2024)]
    assert {f"2024-{m:02d}": int(v) for m, v in zip(g["month"], g["guest_nights_total"])} == expected


@needs_raw
def test_shimabara_file_has_the_template_header():
    template = (ORIG / "opendata_standard/tablelinker-lib/templates/xxxxxx_tourism.csv").read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(template)))
    df = chiiki_lab.load("opendata_shimabara_tourism")
    assert list(df.columns) == ["code", *header]
    templates = chiiki_lab.load("opendata_templates")
    assert templates.loc[templates["template"] == "tourism", "column"].tolist() == header
