"""Expected values of the chapter 12–15 questions, checked against hand computations from the raw CSVs.

The answers modules compute from the bundled tables through ``ctx.load``; here the same quantities are
computed with the csv module from shared/data/raw/stats2 (or written out from PROVENANCE.md), so a wrong
filter, column or denominator in an answers function fails.
"""

from __future__ import annotations

import csv
import importlib
import statistics
from pathlib import Path

import pytest

import chiiki_lab

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw" / "stats2"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data folder {RAW} is not present")


class Ctx:
    town = None

    @staticmethod
    def load(name):
        return chiiki_lab.load(name)


def answer(module: str, function: str):
    return getattr(importlib.import_module(f"chiiki_lab.exercises.answers.{module}"), function)(Ctx())


def _rows(file: str) -> list[dict]:
    with (RAW / file).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
@needs_raw
def test_migration_answers():
    rows = _rows("juki_migration_japanese_2016_2024.csv")
    tsumagoi = [int(r["net_migration"]) for r in rows if r["code5"] == "10425"]
    assert answer("lesson12", "net_9y") == sum(tsumagoi) == -269  # PROVENANCE.md §3 lists the nine values
    gunma: dict[str, int] = {}
    for r in rows:
        if r["pref_code"] == "10":
            gunma[r["code5"]] = gunma.get(r["code5"], 0) + int(r["net_migration"])
    top = sorted(gunma, key=lambda c: (-gunma[c], c))[:3]
    assert answer("ch12", "top3_net") == top
    gains = sum(1 for r in rows if r["year"] == "2024" and int(r["net_migration"]) > 0)
    assert answer("ch12", "gain_count_2024") == gains
    # 嬬恋村 2024: net −19 (PROVENANCE.md §3) per 1,000 of the 2020 census population 8,850
    assert answer("ch12", "rate_2024") == pytest.approx(-19 / 8850 * 1000)


def test_lesson12_natural_and_social_change():
    # juki2022 嬬恋村 2021: natural change −77, social change −54 (checked in datasets/build.py)
    assert answer("lesson12", "natural_vs_social") == "a"


@needs_raw
def test_care_answers():
    rows = {r["code5"]: r for r in _rows("kaigo_insurers_fy2023.csv") if r["code5"]}
    z = rows["10425"]
    assert answer("lesson14", "rate_tsumagoi") == pytest.approx(int(z["certified_first"]) / int(z["first_insured_total"]) * 100)
    japan = rows["00000"]
    rate_85 = (int(japan["certified_first_age85_89"]) + int(japan["certified_first_age90p"])) / int(japan["first_insured_85p"])
    assert answer("lesson14", "rate_85p") == pytest.approx(rate_85 * 100)
    rate_75 = (int(japan["certified_first_age75_79"]) + int(japan["certified_first_age80_84"])) / int(japan["first_insured_75_84"])
    assert answer("ch14", "rate_75_84") == pytest.approx(rate_75 * 100)
    # 嬬恋村: 2050 population 65+ 2,521 (PROVENANCE.md §1) × 523 / 3,543
    assert answer("lesson14", "scenario_2050") == pytest.approx(2521 * 523 / 3543)
    ages = {r["code5"]: r for r in _rows("ipss2023_projection_age3_2050.csv")}
    m = rows["10201"]
    expected = int(ages["10201"]["pop_2050_age65p"]) * int(m["certified_first"]) / int(m["first_insured_total"])
    assert answer("ch14", "maebashi_2050") == pytest.approx(expected)
    gunma = [r for r in rows.values() if r["pref_code"] == "10"]
    assert answer("ch14", "highest_gunma") == [max(gunma, key=lambda r: float(r["certification_rate_first_pct"]))["code5"]]


@pytest.mark.slow
@needs_raw
def test_economy_answers():
    rows = _rows("economic_census_establishments_employees.csv")
    letters = [r["jsic_letter"] for r in _rows("economic_census_industries.csv")]
    y2021 = [r for r in rows if r["survey_year"] == "2021"]
    japan = {k: sum(int(r[f"emp_{k}"]) for r in y2021) for k in letters}
    japan_total = sum(japan.values())
    z = next(r for r in y2021 if r["code5"] == "10425")
    z_total = sum(int(z[f"emp_{k}"]) for k in letters)
    assert answer("lesson15", "share_m") == pytest.approx(int(z["emp_M"]) / z_total * 100)
    lq = int(z["emp_M"]) / z_total / (japan["M"] / japan_total)
    assert answer("lesson15", "lq_m") == pytest.approx(lq)
    assert round(lq, 2) == 3.43
    assert answer("ch15", "welfare_share") == pytest.approx(japan["P"] / japan_total * 100)
    assert answer("ch15", "welfare_share_with_total") == pytest.approx(
        japan["P"] / sum(int(r["emp_total"]) for r in y2021) * 100)
    gunma = [r for r in y2021 if r["pref_code"] == "10"]
    lqs = {r["code5"]: int(r["emp_M"]) / sum(int(r[f"emp_{k}"]) for k in letters) / (japan["M"] / japan_total)
           for r in gunma}
    assert answer("ch15", "top3_lq") == sorted(lqs, key=lambda c: (-lqs[c], c))[:3]
    # PROVENANCE.md §3 / raw: 嬬恋村 accommodation and food 1,171 (2016) → 959 (2021)
    z16 = next(r for r in rows if r["code5"] == "10425" and r["survey_year"] == "2016")
    assert answer("ch15", "m_change_pct") == pytest.approx((959 - int(z16["emp_M"])) / int(z16["emp_M"]) * 100)


def test_finance_answers():
    zaisei = chiiki_lab.load("zaisei")
    fy = zaisei[(zaisei["fiscal_year"] == 2021) & zaisei["is_basic_municipality"]]
    values = fy["current_balance_ratio_pct"].tolist()
    assert answer("lesson13", "median_cbr") == pytest.approx(statistics.median(values))
    assert answer("lesson13", "strong_count") == sum(v >= 1 for v in fy["fiscal_strength_index"])
    assert answer("ch13", "rigid_count") == sum(v >= 90 for v in values)
    census = chiiki_lab.load("census2020").set_index("code")
    base = census.loc["10425", "population"]
    peers = [fsi for code, level, fsi in zip(fy["code"], fy["level"], fy["fiscal_strength_index"])
             if level in ("town", "village") and code != "10425"
             and 0.8 * base <= census.loc[code, "population"] <= 1.2 * base
             and census.loc[code, "share_primary_pct"] >= 20]
    assert len(peers) == 39
    assert answer("ch13", "peer_median") == pytest.approx(statistics.median(peers))
