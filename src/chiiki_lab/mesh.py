"""地域メッシュ (JIS X 0410 standard grid squares): codes, cells, municipal coverage, point counts.

Built on the ``jismesh`` package. Levels: 1 = 第1次地域区画 (about 80 km; 40′ × 1°), 2 = 第2次地域区画
(about 10 km; 5′ × 7.5′), 3 = 基準地域メッシュ / 第3次地域区画 (about 1 km; 30″ × 45″), 4 = 2分の1地域メッシュ
(about 500 m), 5 = 4分の1 (250 m), 6 = 8分の1 (125 m). Codes are returned as strings (identifiers, like
municipality codes). Latitude/longitude are JGD2011 / WGS84 degrees.

>>> from chiiki_lab import mesh
>>> mesh.mesh_code(35.6812, 139.7671, 3)          # 東京駅
'53394611'
>>> mesh.mesh_bounds("5339")
MeshBounds(south=35.333333333333, west=139.0, north=36.0, east=140.0)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .errors import ChiikiLabValueError, MissingColumnError, MunicipalityNotFoundError, check_choice

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

LEVELS = {1: "80km", 2: "10km", 3: "1km", 4: "500m", 5: "250m", 6: "125m"}
_DIGITS = {4: 1, 6: 2, 8: 3, 9: 4, 10: 5, 11: 6}  # code length -> level
_EQUAL_AREA = "EPSG:6933"  # cylindrical equal-area: mesh cells stay rectangles, areas are true


class MeshBounds(NamedTuple):
    """Edges of a mesh cell in degrees."""

    south: float
    west: float
    north: float
    east: float


def _check_level(level) -> int:
    return int(check_choice(
        level, LEVELS,
        f"メッシュの次数 level={level!r} は使えません。1（約80km）、2（約10km）、3（約1km）、4（約500m）、"
        "5（約250m）、6（約125m）のどれかを指定してください。",
        f"Mesh level {level!r} is not supported. Use 1 (80 km), 2 (10 km), 3 (1 km), 4 (500 m), 5 (250 m) or 6 (125 m).",
    ))


def _check_coordinates(lat, lon) -> None:
    import numpy as np

    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    missing = int((np.isnan(lat) | np.isnan(lon)).sum())
    if missing:
        raise ChiikiLabValueError(
            f"緯度・経度が欠けている値が {missing} 個あります。dropna() で除いてから計算してください。",
            f"{missing} latitude/longitude values are missing. Remove them with dropna() first.",
        )
    bad = ~((lat >= 0) & (lat < 66.66) & (lon >= 100) & (lon < 180))
    if bad.any():
        swapped = ((lon[bad] >= 0) & (lon[bad] < 66.66) & (lat[bad] >= 100) & (lat[bad] < 180)).all()
        hint_ja = "緯度と経度を取り違えていませんか（緯度は 20〜46、経度は 122〜154 くらいです）。" if swapped else ""
        hint_en = "Are latitude and longitude swapped (latitude is about 20–46, longitude 122–154)? " if swapped else ""
        raise ChiikiLabValueError(
            f"地域メッシュの範囲外の座標が {int(bad.sum())} 個あります（例: 緯度 {lat[bad][0]}, 経度 {lon[bad][0]}）。{hint_ja}",
            f"{int(bad.sum())} points lie outside the Japanese mesh grid (e.g. lat {lat[bad][0]}, lon {lon[bad][0]}). {hint_en}",
        )


def mesh_code(lat, lon, level: int = 3):
    """Mesh code of the cell containing each point (``level`` 1, 2, 3, 4 = 500 m, 5, 6).

    Scalars give a string; arrays, lists or Series give a Series of strings (indexed like ``lat``
    when it is a Series). The standard formula for level 1 is ``floor(lat × 1.5)`` followed by
    ``floor(lon − 100)``; each next level splits the cell into 8 × 8 (level 2), 10 × 10 (level 3)
    or 2 × 2 (levels 4–6).

    >>> mesh_code(36.5, 138.5, 1)
    '5438'
    >>> mesh_code([36.5, 35.68], [138.5, 139.77], 2).tolist()
    ['543864', '533946']
    """
    import jismesh.utils as ju
    import numpy as np
    import pandas as pd

    level = _check_level(level)
    _check_coordinates(lat, lon)
    if np.isscalar(lat) and np.isscalar(lon):
        return str(ju.to_meshcode(float(lat), float(lon), level))
    index = lat.index if isinstance(lat, pd.Series) else None
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if lat.size == 1:  # jismesh's vector code fails on one-element arrays with numpy 2
        codes = [ju.to_meshcode(float(lat[0]), float(lon[0]), level)]
    else:
        codes = ju.to_meshcode(lat, lon, level)
    return pd.Series(np.asarray(codes).astype(str), index=index, name="mesh_code")


def _codes_and_levels(code):
    """(numpy int array of codes, numpy int array of levels, scalar?) with validation."""
    import numpy as np

    scalar = np.isscalar(code)
    texts = np.atleast_1d(np.asarray(code).astype(str))
    bad = [str(t) for t in texts if not (t.isdigit() and len(t) in _DIGITS)]
    if bad:
        raise ChiikiLabValueError(
            f"メッシュコード {bad[0]!r} は正しくありません。4桁（1次）、6桁（2次）、8桁（3次）、9桁（500m）などの数字で指定してください。",
            f"{bad[0]!r} is not a valid mesh code. Use 4 (level 1), 6 (level 2), 8 (level 3) or 9 (500 m) digits.",
        )
    levels = np.array([_DIGITS[len(t)] for t in texts])
    return texts.astype(np.int64), levels, scalar


def _corners(code):
    """South-west and north-east corners (lat, lon arrays) of mesh cells."""
    import jismesh.utils as ju
    import numpy as np

    codes, _, scalar = _codes_and_levels(code)
    sw = np.array([ju.to_meshpoint(int(c), 0, 0) for c in codes]) if codes.size == 1 else np.array(ju.to_meshpoint(codes, 0, 0)).T
    ne = np.array([ju.to_meshpoint(int(c), 1, 1) for c in codes]) if codes.size == 1 else np.array(ju.to_meshpoint(codes, 1, 1)).T
    return sw.round(12), ne.round(12), scalar  # drop floating-point noise (36.0, not 35.99999999999999)


def mesh_bounds(code):
    """Edges (south, west, north, east, in degrees) of mesh cell ``code`` (string or int).

    One code gives a :class:`MeshBounds`; several give a DataFrame with those columns.

    >>> b = mesh_bounds("54386422")
    >>> round(b.south, 6), round(b.west, 4), round(b.north - b.south, 6), round(b.east - b.west, 6)
    (36.516667, 138.525, 0.008333, 0.0125)
    """
    import pandas as pd

    sw, ne, scalar = _corners(code)
    if scalar:
        return MeshBounds(float(sw[0, 0]), float(sw[0, 1]), float(ne[0, 0]), float(ne[0, 1]))
    return pd.DataFrame({"south": sw[:, 0], "west": sw[:, 1], "north": ne[:, 0], "east": ne[:, 1]})


def mesh_center(code):
    """Centre (lat, lon) of mesh cell ``code``; several codes give a DataFrame ``lat``, ``lon``.

    >>> lat, lon = mesh_center("5438")
    >>> round(lat, 4), lon
    (36.3333, 138.5)
    """
    import pandas as pd

    sw, ne, scalar = _corners(code)
    mid = (sw + ne) / 2
    if scalar:
        return float(mid[0, 0]), float(mid[0, 1])
    return pd.DataFrame({"lat": mid[:, 0], "lon": mid[:, 1]})


def mesh_polygons(codes) -> geopandas.GeoDataFrame:
    """Cells as polygons: GeoDataFrame with ``mesh_code``, ``level`` and ``geometry`` (EPSG:4326).

    >>> gdf = mesh_polygons(["5438", "5439"])
    >>> gdf["mesh_code"].tolist(), gdf.total_bounds.round(4).tolist()
    (['5438', '5439'], [138.0, 36.0, 140.0, 36.6667])
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    texts = [str(c) for c in np.atleast_1d(np.asarray(codes))]
    _, levels, _ = _codes_and_levels(texts)
    sw, ne, _ = _corners(texts)
    boxes = shapely.box(sw[:, 1], sw[:, 0], ne[:, 1], ne[:, 0])
    return gpd.GeoDataFrame({"mesh_code": texts, "level": levels}, geometry=boxes, crs="EPSG:4326")


def _boundary_of(municipality, pref=None):
    """(code, name, geometry, attrs) of a municipality from the ward-level boundaries."""
    from .datasets import load_boundaries
    from .codes import code_of

    code = code_of(municipality, pref=pref)
    for level in ("ward", "municipality"):  # 政令市 as a whole are only in the municipality layer
        gdf = load_boundaries(level)
        rows = gdf[gdf["code"] == code]
        if not rows.empty:
            return code, rows["name"].iloc[0], rows.geometry.union_all(), gdf.attrs
    raise MunicipalityNotFoundError(
        f"コード {code} の境界データがありません。chiiki_lab.load_boundaries('ward') の code 列で確かめてください。",
        f"There is no boundary for code {code}. Check the code column of chiiki_lab.load_boundaries('ward').",
    )


def meshes_for(municipality, level: int = 3, *, pref=None) -> geopandas.GeoDataFrame:
    """Mesh cells covering a municipality, with the share of each cell inside it.

    ``municipality`` is anything :func:`chiiki_lab.codes.code_of` accepts (``"嬬恋村"``, ``"10425"``,
    ``"府中市"`` with ``pref="東京都"``); wards of 政令指定都市 are their own
    areas. Cells are those whose area overlaps the boundary in ``load_boundaries("ward")``;
    ``share_inside`` = area of (cell ∩ municipality) / area of cell, 0…1 (areas in an equal-area
    projection). The boundaries are simplified (about 100 m), so shares of cells along the border
    are approximate. Columns: ``mesh_code``, ``level``, ``share_inside``, ``code``, ``name``, ``geometry``.

    >>> cells = meshes_for("10425", level=1)           # 嬬恋村
    >>> "5438" in set(cells["mesh_code"])
    True
    """
    import numpy as np
    import shapely

    level = _check_level(level)
    code, name, area, attrs = _boundary_of(municipality, pref)
    west, south, east, north = area.bounds
    step_lat, step_lon = _cell_size(level)
    lats = (np.arange(np.floor(south / step_lat), np.ceil(north / step_lat)) + 0.5) * step_lat
    lons = (np.arange(np.floor(west / step_lon), np.ceil(east / step_lon)) + 0.5) * step_lon
    grid_lat, grid_lon = (a.ravel() for a in np.meshgrid(lats, lons, indexing="ij"))
    shapely.prepare(area)
    cells = mesh_polygons(mesh_code(grid_lat, grid_lon, level).to_numpy())
    cells = cells[shapely.intersects(area, cells.geometry.values)].reset_index(drop=True)
    inside = cells.geometry.intersection(area).to_crs(_EQUAL_AREA).area
    cells["share_inside"] = (inside / cells.geometry.to_crs(_EQUAL_AREA).area).clip(upper=1.0)
    cells = cells[cells["share_inside"] > 0].reset_index(drop=True)
    cells["code"], cells["name"] = code, name
    cells = cells[["mesh_code", "level", "share_inside", "code", "name", "geometry"]]
    cells.attrs = dict(attrs)
    return cells


def _cell_size(level: int) -> tuple[float, float]:
    """(height, width) of a cell in degrees."""
    import jismesh.utils as ju

    return float(ju.unit_lat(level)), float(ju.unit_lon(level))


def aggregate_points(df, lat: str = "lat", lon: str = "lon", level: int = 3, value: str | None = None, geometry: bool = False):
    """Count points (and sum ``value``) per mesh cell.

    Returns one row per occupied cell, sorted by code: ``mesh_code``, ``count`` and, if ``value``
    is given, the sum of that column (same name). ``geometry=True`` returns a GeoDataFrame with the
    cell polygons, ready for a map.

    >>> import pandas as pd
    >>> pts = pd.DataFrame({"lat": [36.52, 36.521, 35.68], "lon": [138.53, 138.531, 139.77], "n": [1, 2, 5]})
    >>> aggregate_points(pts, value="n").values.tolist()
    [['53394611', 1, 5], ['54386422', 2, 3]]
    """
    for column in (lat, lon) + ((value,) if value else ()):
        if column not in df.columns:
            raise MissingColumnError(
                f"列 '{column}' がありません。緯度・経度の列名は lat=、lon=、集計する列は value= で指定してください"
                f"（この表の列: {', '.join(map(str, df.columns))}）。",
                f"Column '{column}' is missing. Name the latitude/longitude columns with lat=, lon= and the summed "
                f"column with value= (columns here: {', '.join(map(str, df.columns))}).",
                column=column,
            )
    codes = mesh_code(df[lat], df[lon], level)
    grouped = df.assign(mesh_code=codes.to_numpy()).groupby("mesh_code", sort=True)
    out = grouped.size().rename("count").to_frame()
    if value:
        out[value] = grouped[value].sum()
    out = out.reset_index()
    if geometry:
        cells = mesh_polygons(out["mesh_code"].to_numpy())
        return cells.merge(out, on="mesh_code")[["mesh_code", "level", *out.columns[1:], "geometry"]]
    return out
