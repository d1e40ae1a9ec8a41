"""Straight-line access: how far each place (a mesh cell, a home) is from the nearest site or stop.

Distances are great-circle distances on a sphere of the Earth's mean radius (error under 0.5 % against
the ellipsoid at these scales). They are **straight lines**, not routes: a river, a ridge or a road
network can make the real way much longer, so use them as a first screen, not as walking times.

Places are DataFrames with ``lat``/``lon`` columns, or with a mesh-code column (``mesh_code``,
``mesh1km_code``) whose cell centres are used.

>>> import pandas as pd
>>> from chiiki_lab import access
>>> homes = pd.DataFrame({"lat": [36.0, 36.0], "lon": [138.0, 138.1]})
>>> sites = pd.DataFrame({"site_name": ["A"], "lat": [36.0], "lon": [138.0]})
>>> access.nearest(homes, sites, name="site_name")[["distance_m", "nearest"]].round(0)
   distance_m nearest
0         0.0       A
1      8996.0       A
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ChiikiLabValueError, MissingColumnError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
MESH_COLUMNS = ("mesh_code", "mesh1km_code")
DEFAULT_BANDS = (500, 1000, 2000, 5000)


def _lat_lon(df, what: str):
    """(lat, lon) arrays of ``df``: its lat/lon columns, or the centres of its mesh cells."""
    import numpy as np

    from .mesh import mesh_center

    if {"lat", "lon"} <= set(df.columns):
        lat, lon = (np.asarray(df[c], dtype=float) for c in ("lat", "lon"))
    else:
        column = next((c for c in MESH_COLUMNS if c in df.columns), None)
        if column is None:
            raise MissingColumnError(
                f"{what}に位置の列がありません。緯度・経度の列 lat と lon、またはメッシュコードの列 mesh_code を用意してください"
                f"（今ある列: {', '.join(map(str, df.columns[:8]))}）。",
                f"The {what} have no location columns. Provide lat and lon, or a mesh_code column "
                f"(columns now: {', '.join(map(str, df.columns[:8]))}).",
            )
        centres = mesh_center(df[column].astype(str).to_numpy()) if len(df) else None
        lat = centres["lat"].to_numpy() if len(df) else np.array([])
        lon = centres["lon"].to_numpy() if len(df) else np.array([])
    if np.isnan(lat).any() or np.isnan(lon).any():
        raise ChiikiLabValueError(
            f"{what}に緯度・経度が欠けている行が {int((np.isnan(lat) | np.isnan(lon)).sum())} 行あります。dropna() で除いてください。",
            f"{int((np.isnan(lat) | np.isnan(lon)).sum())} rows of the {what} lack latitude/longitude; drop them first.",
        )
    return lat, lon


def _unit_vectors(lat, lon):
    import numpy as np

    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def nearest(origins: "pandas.DataFrame", targets: "pandas.DataFrame", name: str | None = None) -> "pandas.DataFrame":
    """Distance (m, straight line) from each row of ``origins`` to the nearest row of ``targets``.

    Returns a copy of ``origins`` with ``distance_m`` and ``nearest`` (the target's ``name`` column,
    or its index label when ``name`` is None). Ties go to the first target in ``targets``' order.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    targets_ja, origins_ja = "行き先（targets）", "出発地（origins）"
    if len(targets) == 0:
        raise ChiikiLabValueError(f"{targets_ja}が0行です。施設や停留所の表を渡してください。",
                                  "targets is empty; pass the table of sites or stops.")
    if name is not None and name not in targets.columns:
        raise MissingColumnError(
            f"行き先の表に列 {name!r} がありません（今ある列: {', '.join(map(str, targets.columns[:8]))}）。",
            f"targets has no column {name!r} (columns now: {', '.join(map(str, targets.columns[:8]))}).",
        )
    # nearest on the unit sphere by chord length, which orders points exactly like the great-circle distance
    tree = cKDTree(_unit_vectors(*_lat_lon(targets, targets_ja)))
    chord, index = tree.query(_unit_vectors(*_lat_lon(origins, origins_ja))) if len(origins) else ([], [])
    out = origins.copy()
    out["distance_m"] = 2 * EARTH_RADIUS_M * np.arcsin(np.clip(np.asarray(chord, dtype=float) / 2, 0, 1))
    labels = targets[name] if name is not None else targets.index.to_series()
    out["nearest"] = labels.to_numpy()[np.asarray(index, dtype=int)] if len(origins) else []
    return out


def distance_bands(df: "pandas.DataFrame", weight: str = "population", bands=DEFAULT_BANDS,
                   distance: str = "distance_m") -> "pandas.DataFrame":
    """Sum ``weight`` (e.g. population) by distance band: 〜500 m, 500 m〜1 km, … and beyond the last.

    Returns one row per band with the sum, its share (%) and the cumulative share (%). Bands are
    right-closed: a place exactly 500 m away is in 〜500 m.
    """
    import numpy as np
    import pandas as pd

    for column in (weight, distance):
        if column not in df.columns:
            raise MissingColumnError(
                f"列 {column!r} がありません。先に access.nearest(...) で distance_m を付け、重みの列名を weight= で指定してください。",
                f"Column {column!r} is missing. Add distance_m with access.nearest(...) and name the weight with weight=.",
            )
    edges = [float(b) for b in bands]
    if not edges or sorted(set(edges)) != edges or edges[0] <= 0:
        raise ChiikiLabValueError("bands は 500, 1000, 2000 のように小さい順の正の距離（m）で指定してください。",
                                  "Give bands as increasing positive distances in metres, e.g. 500, 1000, 2000.")

    def label(m: float) -> str:
        return f"{m / 1000:g} km" if m >= 1000 else f"{m:g} m"

    names = [f"〜{label(edges[0])}"] + [f"{label(a)}〜{label(b)}" for a, b in zip(edges, edges[1:])]
    names.append(f"{label(edges[-1])}超")
    which = np.searchsorted(edges, df[distance].to_numpy(dtype=float), side="left")
    sums = pd.Series(df[weight].to_numpy(dtype=float)).groupby(which).sum().reindex(range(len(names)), fill_value=0)
    total = sums.sum()
    table = pd.DataFrame({"band": names, weight: sums.to_numpy()})
    table["share_pct"] = table[weight] / total * 100 if total else np.nan
    table["cumulative_pct"] = table["share_pct"].cumsum()
    return table
