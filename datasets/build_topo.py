"""Build the compact map topologies ``datasets/topo_{municipality,ward,prefecture}.json``.

The interactive maps of :mod:`chiiki_lab.maps` embed one of these files in every saved HTML page,
so they must be small (a national municipal map stays under 1 MB) while every feature is still
drawn and neighbouring features still share exactly the same border.

Source: ``jp_admin_2022.topojson`` (国土数値情報 行政区域 N03-2022, already simplified to ~100 m
with shared arcs, see ``PROVENANCE.md`` of the raw boundaries). Steps, all deterministic:

1. Decode the shared arcs of the wanted object (``municipalities``, ``municipalities_wards`` or
   ``prefectures``).
2. Drop small islets and lakes: a polygon part (or hole) smaller than the level's minimum area whose
   arcs belong to no other ring; the largest part of every feature is always kept ("keep shapes").
3. Simplify every arc with Douglas–Peucker. Arc end points are topology nodes and stay, so shared
   borders still meet. The tolerance is the level's (300 m for municipalities) but at most
   ``SMALL_FACTOR`` × √area of the smallest feature using the arc, so small villages keep their shape.
4. Quantise to a ``QUANTIZATION`` grid (~50 m), delta-encode, drop repeated points. A feature with
   a collapsed ring (fewer than 3 distinct points or no area) or that is no longer a valid
   (Multi)Polygon gets its arcs re-simplified with half the tolerance, repeatedly (unsimplified
   below 20 m); a ring still smaller than the grid is dropped unless it is a feature's largest part.
5. Keep per feature only ``id`` (5-digit code; ``PP000`` for prefectures), no properties. A
   foreign member ``chiiki_lab`` holds the build parameters, the names (in feature order) and per
   code the bounding box of the feature's largest part (to fit a map to its data); the maps strip
   it before embedding the topology.

``datasets/build.py`` runs this as part of the build and lists the files in the catalog
(``topology_<level>``, checksummed like every bundled file).
"""

from __future__ import annotations

import math

import numpy as np
import shapely

SOURCE_FILE = "jp_admin_2022.topojson"
LEVELS = {  # level -> (object in the source topology, tolerance in metres, smallest part kept in km²)
    "municipality": ("municipalities", 300.0, 1.0),
    "ward": ("municipalities_wards", 300.0, 1.0),
    "prefecture": ("prefectures", 800.0, 5.0),
}
SMALL_FACTOR = 0.08  # tolerance ≤ 8 % of √area of the smallest feature on the arc
QUANTIZATION = 50_000  # grid cells across the extent (~50 m)
M_PER_DEG = 111_320.0


def decode_arcs(topo: dict) -> list[np.ndarray]:
    """Absolute lon/lat coordinates of every arc of a quantised TopoJSON."""
    scale = np.array(topo["transform"]["scale"])
    translate = np.array(topo["transform"]["translate"])
    return [np.cumsum(np.array(arc, dtype=np.int64), axis=0) * scale + translate for arc in topo["arcs"]]


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """The polygons of a TopoJSON (Multi)Polygon as lists of rings (lists of arc indexes)."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_coords(ring: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Coordinates of a ring made of arc indexes (``~i`` means arc ``i`` reversed)."""
    parts = []
    for i in ring:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(a if not parts else a[1:])
    return np.concatenate(parts)


def ring_area_km2(coords: np.ndarray) -> float:
    """Approximate planar area of a lon/lat ring in km² (equirectangular at the ring's latitude)."""
    if len(coords) < 4:
        return 0.0
    x = coords[:, 0] * math.cos(math.radians(coords[:, 1].mean()))
    y = coords[:, 1]
    return abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2 * (M_PER_DEG / 1000) ** 2


def simplify_arc(coords: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Douglas–Peucker on a locally equirectangular projection; both end points always stay."""
    if len(coords) <= 2:
        return coords
    k = math.cos(math.radians(coords[:, 1].mean()))
    projected = np.column_stack([coords[:, 0] * k, coords[:, 1]])
    simplified = shapely.get_coordinates(
        shapely.simplify(shapely.linestrings(projected), tolerance_m / M_PER_DEG, preserve_topology=False)
    )
    return np.column_stack([simplified[:, 0] / k, simplified[:, 1]])


def build(topo: dict, level: str) -> dict:
    """Return the compact TopoJSON for ``level`` built from the full source topology."""
    object_name, tolerance_m, min_part_km2 = LEVELS[level]
    geometries = topo["objects"][object_name]["geometries"]
    arcs = decode_arcs(topo)

    def key(g):
        props = g["properties"]
        return props.get("code") or props["pref_code"] + "000"

    # 1-2. rings kept per feature; count how many rings use each arc
    use_count: dict[int, int] = {}
    for g in geometries:
        for polygon in polygons_of(g):
            for ring in polygon:
                for i in ring:
                    use_count[i if i >= 0 else ~i] = use_count.get(i if i >= 0 else ~i, 0) + 1

    def exclusive(ring):
        return all(use_count[i if i >= 0 else ~i] == 1 for i in ring)

    kept: dict[str, list[list[list[int]]]] = {}  # code -> polygons (lists of rings), largest first
    bboxes: dict[str, list[float]] = {}
    for g in geometries:
        polygons = polygons_of(g)
        areas = [ring_area_km2(ring_coords(p[0], arcs)) for p in polygons]
        order = sorted(range(len(polygons)), key=lambda j: -areas[j])
        out = []
        for j in order:
            polygon = polygons[j]
            if out and areas[j] < min_part_km2 and exclusive(polygon[0]):
                continue
            holes = [
                r for r in polygon[1:] if not (ring_area_km2(ring_coords(r, arcs)) < min_part_km2 and exclusive(r))
            ]
            out.append([polygon[0], *holes])
        kept[key(g)] = out
        main = ring_coords(out[0][0], arcs)
        bboxes[key(g)] = [round(float(v), 3) for v in (*main.min(axis=0), *main.max(axis=0))]

    # 3. per-arc tolerance, capped for small features
    arc_tolerance: dict[int, float] = {}
    for g in geometries:
        t = min(tolerance_m, SMALL_FACTOR * math.sqrt(g["properties"]["area_km2"]) * 1000)
        for polygon in kept[key(g)]:
            for ring in polygon:
                for i in ring:
                    i = i if i >= 0 else ~i
                    arc_tolerance[i] = min(arc_tolerance.get(i, t), t)

    # 4. quantise on a grid over the extent of the used arcs
    everything = np.concatenate([arcs[i] for i in arc_tolerance])
    lo, hi = everything.min(axis=0), everything.max(axis=0)
    scale = (hi - lo) / (QUANTIZATION - 1)

    def quantise(coords):
        q = np.round((coords - lo) / scale).astype(np.int64)
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = np.any(q[1:] != q[:-1], axis=1)
        q = q[keep]
        return q if len(q) >= 2 else np.vstack([q, q])

    simple = {i: quantise(simplify_arc(arcs[i], t)) for i, t in arc_tolerance.items()}

    def collapsed(ring):
        q = ring_coords(ring, simple).astype(float)
        return len(np.unique(q, axis=0)) < 3 or ring_area_km2(q * scale + lo) == 0.0

    def invalid(polygons):
        if any(collapsed(ring) for p in polygons for ring in p):
            return True
        shapes = [shapely.Polygon((rings := [ring_coords(r, simple) for r in p])[0], rings[1:]) for p in polygons]
        return not shapely.is_valid(shapely.MultiPolygon(shapes))

    users: dict[int, set[str]] = {}  # arc -> codes of the features using it
    for code, polygons in kept.items():
        for i in {i if i >= 0 else ~i for p in polygons for r in p for i in r}:
            users.setdefault(i, set()).add(code)
    dirty = set(kept)
    for _ in range(8):  # features that collapsed or cross themselves get back detail step by step
        restored = {
            i if i >= 0 else ~i for c in sorted(dirty) if invalid(kept[c]) for p in kept[c] for r in p for i in r
        }
        for i in restored:  # halve the tolerance (no simplification below 20 m)
            arc_tolerance[i] = arc_tolerance[i] / 2 if arc_tolerance[i] >= 40 else 0.0
            simple[i] = quantise(simplify_arc(arcs[i], arc_tolerance[i]))
        dirty = set().union(*(users[i] for i in restored))
    for code, polygons in kept.items():  # rings smaller than the grid vanish, never a largest part
        polygons = [[r for r in p if not collapsed(r)] for k, p in enumerate(polygons) if k == 0 or not collapsed(p[0])]
        assert polygons[0] and polygons[0][0] == kept[code][0][0], f"{code}: its largest part collapsed"
        kept[code] = polygons
    used = sorted({i if i >= 0 else ~i for ps in kept.values() for p in ps for r in p for i in r})

    # 5. renumber arcs, delta-encode, write minimal properties
    new_index = {old: new for new, old in enumerate(used)}

    def remap(ring):
        return [new_index[i] if i >= 0 else ~new_index[~i] for i in ring]

    out_geometries = []
    for g in geometries:
        polygons = [[remap(r) for r in p] for p in kept[key(g)]]
        geometry = (
            {"type": "Polygon", "arcs": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "arcs": polygons}
        )
        out_geometries.append({**geometry, "id": key(g)})
    out_arcs = []
    for i in used:
        q = simple[i]
        out_arcs.append(np.vstack([q[:1], np.diff(q, axis=0)]).tolist())
    return {
        "type": "Topology",
        "transform": {"scale": [float(s) for s in scale], "translate": [float(t) for t in lo]},
        "objects": {"features": {"type": "GeometryCollection", "geometries": out_geometries}},
        "arcs": out_arcs,
        "chiiki_lab": {
            "level": level,
            "source": f"{SOURCE_FILE} object {object_name}",
            "tolerance_m": tolerance_m,
            "small_factor": SMALL_FACTOR,
            "min_part_km2": min_part_km2,
            "quantization": QUANTIZATION,
            "names": [g["properties"].get("name") or g["properties"]["pref_name"] for g in geometries],
            "main_bbox": bboxes,
        },
    }
