"""Distances for the answers of chapters 16–17, computed here without chiiki_lab.access or chiiki_lab.mesh.

Cell centres come from ``jismesh`` and distances from the haversine formula, brute force over all
pairs, so the oracle does not share code with the library functions the learners call.
"""

from __future__ import annotations

EARTH_RADIUS_M = 6_371_008.8


def cell_centres(codes):
    """(lat, lon) arrays of the centres of mesh cells (any level)."""
    import jismesh.utils as ju
    import numpy as np

    lat, lon = ju.to_meshpoint(np.asarray([int(c) for c in codes], dtype=np.int64), 0.5, 0.5)
    return np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)


def nearest_m(lat, lon, site_lat, site_lon):
    """Distance (m) from each point to the nearest site, great circle on the mean-radius sphere."""
    import numpy as np

    p1, p2 = np.radians(lat)[:, None], np.radians(np.asarray(site_lat, dtype=float))[None, :]
    dl = np.radians(np.asarray(site_lon, dtype=float))[None, :] - np.radians(lon)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return (2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))).min(axis=1)


def population_beyond(ctx, code: str, sites, metres: float, weight: str = "population") -> int:
    """Sum of ``weight`` over the 250 m cells of ``code`` farther than ``metres`` from every site."""
    mesh = ctx.load("census2020_mesh250m")
    cells = mesh[mesh["code"] == code]
    distance = nearest_m(*cell_centres(cells["mesh_code"]), sites["lat"], sites["lon"])
    return int(cells.loc[distance > metres, weight].sum())


def volcano_sites(ctx):
    sites = ctx.load("shelters_gunma")
    return sites[(sites["kind"] == "emergency_site") & sites["hz_volcano"].fillna(False).astype(bool)]
