"""模擬データ for 嬬恋村: calibrated to the published figures, seeded, labelled, plausible in shape."""

from __future__ import annotations

import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab.errors import ChiikiLabValueError, MissingColumnError
from chiiki_lab.synthetic import tourism

# Figures published by 富士通Japan (seed article 001): annual visitors before COVID about 2 million,
# FY2020 810,000; Golden Week 2021 27,500 and 2022 55,000.
PUBLISHED = [
    ("2019-04-01", "2020-03-31", 2_000_000),
    ("2020-04-01", "2021-03-31", 810_000),
    ("2021-04-29", "2021-05-05", 27_500),
    ("2022-04-29", "2022-05-05", 55_000),
]


@pytest.fixture(scope="module")
def daily():
    return tourism.daily_visitors(seed=0)


@pytest.fixture(scope="module")
def mesh():
    return tourism.mesh_daily_visitors(seed=0)


def _total(df, start, end):
    return int(df.loc[(df["date"] >= start) & (df["date"] <= end), "visitors"].sum())


@pytest.mark.parametrize("seed", [0, 7])
def test_totals_match_the_published_figures(seed):
    df = tourism.daily_visitors(seed=seed)
    assert [_total(df, s, e) for s, e, _ in PUBLISHED] == [v for _, _, v in PUBLISHED]
    assert (df["visitors"] >= 0).all()


def test_same_seed_same_data_other_seed_other_data(daily):
    assert tourism.daily_visitors(seed=0).equals(daily)
    assert not tourism.daily_visitors(seed=1)["visitors"].equals(daily["visitors"])


@pytest.mark.slow
def test_every_frame_is_labelled_synthetic(daily, mesh):
    for df in (daily, mesh, tourism.model_meshes()):
        meta = df.attrs["chiiki_lab"]
        assert meta["synthetic"] is True
        assert "模擬データ" in meta["note"] and "模擬データ" in meta["attribution_ja"]


def test_shape_seasons_weekends_and_covid(daily):
    d = daily.set_index("date")["visitors"]
    assert d["2019-08"].mean() > 2 * d["2019-11"].mean()  # summer highlands
    weekend = d["2019-04":"2020-02"][d["2019-04":"2020-02"].index.day_of_week >= 5].mean()
    weekday = d["2019-04":"2020-02"][d["2019-04":"2020-02"].index.day_of_week < 5].mean()
    assert weekend > 1.3 * weekday
    assert d["2020-04"].sum() < 0.5 * d["2019-04"].sum()  # the COVID drop
    assert d["2022-04-29":"2022-05-05"].mean() > d["2022-04-01":"2022-04-28"].mean()  # GW peak


@pytest.mark.slow
def test_meshes_add_up_to_the_daily_totals(daily, mesh):
    by_day = mesh.groupby("date")["visitors"].sum()
    assert (by_day.to_numpy() == daily["visitors"].to_numpy()).all()
    cells = set(chiiki_lab.mesh.meshes_for("嬬恋村", 3)["mesh_code"])
    assert set(mesh["mesh_code"]) == cells
    assert mesh["mesh_code"].str.len().eq(8).all()


def test_summer_spots_draw_more_in_summer(mesh):
    spots = tourism.model_meshes()
    summer_cells = set(spots.loc[spots["spot"] == "summer", "mesh_code"])
    share = {}
    for month, (start, end) in {"august": ("2019-08-01", "2019-08-31"), "february": ("2020-02-01", "2020-02-29")}.items():
        part = mesh[mesh["date"].between(start, end)]
        share[month] = part.loc[part["mesh_code"].isin(summer_cells), "visitors"].sum() / part["visitors"].sum()
    assert share["august"] > 1.5 * share["february"]


def test_calibration_table_reports_differences(daily):
    table = tourism.calibration_table(daily)
    assert table["published"].tolist() == [v for _, _, v in PUBLISHED]
    assert table["difference"].eq(0).all()
    shifted = daily.assign(visitors=daily["visitors"] + 1)
    # one more visitor every day: FY2019 has 366 days (29 Feb 2020), FY2020 365, each GW 7
    assert tourism.calibration_table(shifted)["difference"].tolist() == [366, 365, 7, 7]


def test_errors_say_what_to_do():
    with pytest.raises(ChiikiLabValueError) as err:
        tourism.daily_visitors(seed=-1)
    assert str(err.value) == "seed=-1 は使えません。0 以上の整数を指定してください（同じ seed なら同じ模擬データになります）。"
    with pytest.raises(MissingColumnError) as err:
        tourism.calibration_table(pd.DataFrame({"date": []}))
    assert str(err.value).startswith("列 'visitors' がありません。")
