"""chiiki_lab.access against distances computed independently (pyproj's ellipsoidal geodesic, brute force)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from chiiki_lab import access
from chiiki_lab.errors import ChiikiLabValueError, MissingColumnError

GEOD = Geod(ellps="GRS80")


def _points(n, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lat": rng.uniform(36.3, 36.7, n), "lon": rng.uniform(138.4, 138.9, n)})


@pytest.mark.slow
def test_nearest_matches_brute_force_geodesic():
    homes, sites = _points(40, 1), _points(30, 2)
    sites["site_name"] = [f"s{i}" for i in range(len(sites))]
    got = access.nearest(homes, sites, name="site_name")
    for i, home in homes.iterrows():
        _, _, dist = GEOD.inv(np.full(len(sites), home.lon), np.full(len(sites), home.lat), sites.lon, sites.lat)
        chosen = int(got.loc[i, "nearest"][1:])
        # the sphere and the ellipsoid may order two nearly equidistant sites differently
        assert dist[chosen] == pytest.approx(dist.min(), rel=0.005)
        assert got.loc[i, "distance_m"] == pytest.approx(dist.min(), rel=0.005)


def test_mesh_codes_use_cell_centres():
    # 250 m cell 5438000041 = 1 km cell 54380000 (SW corner 36° N, 138° E; 30″ × 45″), half-cell 4 (north-east),
    cells = pd.DataFrame({"mesh_code": ["5438000041"]})
    site = pd.DataFrame({"lat": [36.0], "lon": [138.0]})
    # quarter 1 (its south-west): centre = corner + ½ + ⅛ of the 1 km cell in each direction
    lat_c = 36.0 + (30 / 3600) / 2 + (30 / 3600) / 4 / 2
    lon_c = 138.0 + (45 / 3600) / 2 + (45 / 3600) / 4 / 2
    _, _, expected = GEOD.inv(138.0, 36.0, lon_c, lat_c)
    assert access.nearest(cells, site)["distance_m"].iloc[0] == pytest.approx(expected, rel=0.005)


def test_distance_bands_sum_by_band_right_closed():
    df = pd.DataFrame({"distance_m": [100, 500, 501, 1500, 9000], "population": [1, 2, 3, 4, 10]})
    table = access.distance_bands(df, bands=(500, 1000, 2000))
    assert table["band"].tolist() == ["〜500 m", "500 m〜1 km", "1 km〜2 km", "2 km超"]
    assert table["population"].tolist() == [3, 3, 4, 10]
    assert table["cumulative_pct"].iloc[-1] == pytest.approx(100)
    assert table["share_pct"].iloc[0] == pytest.approx(15)


def test_errors_say_what_to_do():
    with pytest.raises(MissingColumnError, match="mesh_code"):
        access.nearest(pd.DataFrame({"x": [1]}), _points(2, 0))
    with pytest.raises(ChiikiLabValueError, match="0行"):
        access.nearest(_points(2, 0), _points(0, 0))
    with pytest.raises(ChiikiLabValueError, match="小さい順"):
        access.distance_bands(pd.DataFrame({"distance_m": [1], "population": [1]}), bands=(1000, 500))
