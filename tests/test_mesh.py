"""地域メッシュ: codes against the JIS X 0410 formula worked by hand, cells, coverage, aggregation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab import mesh
from chiiki_lab.errors import ChiikiLabValueError, MissingColumnError


def third_mesh_by_hand(lat: float, lon: float) -> str:
    """JIS X 0410 基準地域メッシュ, written out from the standard's definition."""
    p = math.floor(lat * 1.5)  # 1st: 40-minute bands of latitude
    a = lat * 60 - p * 40  # minutes left inside the 1st cell
    q = math.floor(a / 5)  # 2nd: 5-minute bands
    r = math.floor((a - q * 5) * 60 / 30)  # 3rd: 30-second bands
    u = math.floor(lon - 100)  # 1st: 1-degree bands of longitude
    f = (lon - 100 - u) * 60  # minutes
    v = math.floor(f / 7.5)  # 2nd: 7.5-minute bands
    w = math.floor((f - v * 7.5) * 60 / 45)  # 3rd: 45-second bands
    return f"{p}{u:02d}{q}{v}{r}{w}"


def test_tsumagoi_office_third_mesh():
    master = chiiki_lab.load("municipalities")
    office = master[master["code"] == "10425"].iloc[0]
    expected = third_mesh_by_hand(office["office_lat"], office["office_lon"])
    assert expected.startswith("5438")
    assert mesh.mesh_code(office["office_lat"], office["office_lon"], 3) == expected
    assert mesh.mesh_code(office["office_lat"], office["office_lon"], 1) == expected[:4]
    assert mesh.mesh_code(office["office_lat"], office["office_lon"], 2) == expected[:6]


def test_vectorised_codes_match_the_formula():
    rng = np.random.default_rng(0)
    lat = pd.Series(rng.uniform(24, 45.5, 200), index=range(100, 300))
    lon = pd.Series(rng.uniform(123, 145.5, 200), index=range(100, 300))
    codes = mesh.mesh_code(lat, lon, 3)
    assert codes.index.equals(lat.index)
    assert codes.tolist() == [third_mesh_by_hand(a, o) for a, o in zip(lat, lon)]
    assert mesh.mesh_code([35.0], [139.0], 1).tolist() == ["5239"]  # one-element arrays work too


def test_500m_mesh_adds_the_quadrant_digit():
    # 4th digit after the 1 km code: 1 = SW, 2 = SE, 3 = NW, 4 = NE quarter
    south, west, north, east = mesh.mesh_bounds("54386422")
    eps = 1e-6
    assert mesh.mesh_code(south + eps, west + eps, 4) == "543864221"
    assert mesh.mesh_code(south + eps, east - eps, 4) == "543864222"
    assert mesh.mesh_code(north - eps, west + eps, 4) == "543864223"
    assert mesh.mesh_code(north - eps, east - eps, 4) == "543864224"


def test_bounds_round_trip():
    for code, height, width in [("5438", 2 / 3, 1.0), ("543864", 5 / 60, 7.5 / 60), ("54386422", 30 / 3600, 45 / 3600),
                                ("543864224", 15 / 3600, 22.5 / 3600)]:
        b = mesh.mesh_bounds(code)
        assert b.north - b.south == pytest.approx(height) and b.east - b.west == pytest.approx(width)
        lat, lon = mesh.mesh_center(code)
        assert (lat, lon) == pytest.approx(((b.south + b.north) / 2, (b.west + b.east) / 2))
        assert mesh.mesh_code(lat, lon, {4: 1, 6: 2, 8: 3, 9: 4}[len(code)]) == code
    many = mesh.mesh_bounds(["5438", "54386422"])
    assert list(many.columns) == ["south", "west", "north", "east"] and len(many) == 2
    assert mesh.mesh_bounds("5438") == (36.0, 138.0, pytest.approx(36 + 2 / 3), 139.0)


def test_bad_inputs_get_clear_messages():
    with pytest.raises(ChiikiLabValueError, match="緯度と経度を取り違えていませんか"):
        mesh.mesh_code(138.53, 36.52, 3)
    with pytest.raises(ChiikiLabValueError, match="メッシュの次数 level=7 は使えません"):
        mesh.mesh_code(36.5, 138.5, 7)
    with pytest.raises(ChiikiLabValueError, match="メッシュコード '54386' は正しくありません"):
        mesh.mesh_bounds("54386")
    with pytest.raises(ChiikiLabValueError, match="欠けている値が 1 個"):
        mesh.mesh_code([36.5, np.nan], [138.5, 138.6], 3)


def test_aggregate_points_counts_and_sums():
    pts = pd.DataFrame(
        {
            "y": [36.5001, 36.5002, 36.5003, 35.6812, 36.5001],
            "x": [138.5001, 138.5002, 138.5003, 139.7671, 138.9],
            "people": [1, 2, 3, 10, 4],
        }
    )
    out = mesh.aggregate_points(pts, lat="y", lon="x", level=3, value="people")
    expected_codes = sorted({third_mesh_by_hand(a, o) for a, o in zip(pts["y"], pts["x"])})
    assert out["mesh_code"].tolist() == expected_codes
    counts = dict(zip(out["mesh_code"], out["count"]))
    assert counts[third_mesh_by_hand(36.5001, 138.5001)] == 3
    assert out["count"].sum() == 5 and out["people"].sum() == 20
    assert dict(zip(out["mesh_code"], out["people"]))[third_mesh_by_hand(36.5001, 138.5001)] == 6
    geo = mesh.aggregate_points(pts, lat="y", lon="x", level=1, geometry=True)
    assert geo.crs.to_epsg() == 4326 and geo["count"].tolist() == [1, 4]  # 5339 (東京), 5438
    with pytest.raises(MissingColumnError, match="列 'lat' がありません。緯度・経度の列名は lat=、lon="):
        mesh.aggregate_points(pts)


def test_meshes_for_tsumagoi():
    level1 = mesh.meshes_for("10425", 1)
    assert "5438" in set(level1["mesh_code"])
    cells = mesh.meshes_for("10425", 3)
    assert cells.crs.to_epsg() == 4326
    assert cells["mesh_code"].str.len().eq(8).all() and cells["mesh_code"].is_unique
    assert cells["share_inside"].between(0, 1, inclusive="right").all()
    assert (cells["share_inside"] == 1).sum() > 100  # interior cells are wholly inside
    office = chiiki_lab.load("municipalities").set_index("code").loc["10425"]
    assert third_mesh_by_hand(office["office_lat"], office["office_lon"]) in set(cells["mesh_code"])
    # covered area = Σ share × cell area ≈ the village's area (338.43 km² in the master list)
    covered = (cells.to_crs("EPSG:6933").area / 1e6 * cells["share_inside"]).sum()
    assert covered == pytest.approx(office["area_km2"], rel=0.01)


def test_meshes_for_by_name():
    assert mesh.meshes_for("嬬恋村", 2)["mesh_code"].tolist() == mesh.meshes_for("10425", 2)["mesh_code"].tolist()
