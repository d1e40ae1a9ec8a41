"""The bundled datasets: catalog, loaders, checksums and attribution.

Every dataset is a compact Parquet (tables) or GeoParquet (boundaries) file shipped inside the
package, described by one entry of ``catalog.json`` (title, publisher and source table, vintage,
licence, attribution, columns with units, row count, sha256). Nothing here touches the network.

>>> import chiiki_lab
>>> df = chiiki_lab.load("census2020")
>>> int(df.loc[df["code"] == "10425", "population"].iloc[0])   # 群馬県嬬恋村
8850
>>> print(chiiki_lab.attribution("census2020"))                       # doctest: +ELLIPSIS
出典：総務省統計局...
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ._paths import bundle_dir
from .errors import (
    ChiikiLabTypeError,
    ChiikiLabValueError,
    DataIntegrityError,
    DatasetNotFoundError,
    check_choice,
    did_you_mean,
)
from .i18n import language, tr
from .meta import TableMeta

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    import geopandas
    import pandas

BOUNDARY_LEVELS = {
    "municipality": "boundaries_municipality",
    "ward": "boundaries_ward",
    "prefecture": "boundaries_prefecture",
}

_verified: set[str] = set()


def data_dir() -> Path:
    """Folder holding the bundled data files and ``catalog.json``."""
    return bundle_dir("datasets")


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict]:
    """Return the catalog as ``{name: entry}`` (entries are plain dicts, see ``catalog.json``)."""
    path = data_dir() / "catalog.json"
    if not path.is_file():
        raise DataIntegrityError(
            f"データの目録 {path} が見つかりません。chiiki_lab を入れ直してください（pip install --force-reinstall chiiki-lab）。",
            f"The data catalog {path} is missing. Reinstall chiiki_lab (pip install --force-reinstall chiiki-lab).",
        )
    with path.open(encoding="utf-8") as f:
        entries = json.load(f)["datasets"]
    return {entry["name"]: entry for entry in entries}


def info(name: str) -> dict:
    """Return the catalog entry of dataset ``name``; unknown names get suggestions."""
    if not isinstance(name, str):
        raise ChiikiLabTypeError(
            f"データセット名は文字列で指定してください（受け取った値: {name!r}、型 {type(name).__name__}）。"
            "一覧は chiiki_lab.list_datasets() で見られます。",
            f"Give the dataset name as a string (got {name!r} of type {type(name).__name__}). "
            "See chiiki_lab.list_datasets() for the names.",
        )
    entries = catalog()
    if name in entries:
        return entries[name]
    near, hint_ja, hint_en = did_you_mean(name, entries)
    raise DatasetNotFoundError(
        f"データセット {name!r} はありません。{hint_ja}一覧は chiiki_lab.list_datasets() で見られます。",
        f"There is no dataset {name!r}. {hint_en}See chiiki_lab.list_datasets() for the names.",
        suggestions=near,
    )


def list_datasets() -> "pandas.DataFrame":
    """List the bundled datasets: name, title, source, vintage, licence and row count.

    >>> import chiiki_lab
    >>> "census2020" in set(chiiki_lab.list_datasets()["name"])
    True
    """
    import pandas as pd

    rows = [
        {
            "name": e["name"],
            "title": tr(e["title_ja"], e["title_en"]),
            "source": e["publisher"] + " " + e["source_table"],
            "vintage": e["vintage"],
            "licence": e["licence"],
            "rows": e["rows"],
        }
        for e in catalog().values()
    ]
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def _labelled_columns() -> dict[str, dict]:
    """``{column: entry}`` of the first catalog entry (datasets by name) giving the column a short label."""
    found: dict[str, dict] = {}
    for name in sorted(catalog()):
        for col in catalog()[name]["columns"]:
            if "label_ja" in col:
                found.setdefault(col["name"], col)
    return found


def _column_entry(column: str, dataset: str | None) -> dict | None:
    """The catalog doc of ``column``: the dataset's own if it has a label, else the first labelled one."""
    if dataset is not None:
        own = next((c for c in info(dataset)["columns"] if c["name"] == column), None)
        if own is not None and "label_ja" in own:
            return own
    return _labelled_columns().get(column)


def column_label(column: str, dataset: str | None = None, lang: str | None = None) -> str | None:
    """Short name of ``column`` for titles and axes, from the catalog (``label_ja`` / ``label_en``).

    ``dataset`` picks that dataset's doc when it has a label; ``lang`` ("ja"/"en") defaults to the current
    language. None when no dataset gives the column a short label.

    >>> column_label("share_age65p_pct"), column_label("population", "juki2022", lang="en")
    ('65歳以上人口の割合', 'Population')
    >>> column_label("no_such_column") is None
    True
    """
    entry = _column_entry(column, dataset)
    if entry is None:
        return None
    with language(lang):
        return tr(entry["label_ja"], entry["label_en"])


def column_unit(column: str, dataset: str | None = None, lang: str | None = None) -> str | None:
    """Unit of a labelled ``column`` from the catalog ("%", "人/km²"; in English ``unit_en`` where given).

    "" for a labelled column without a unit, None when no dataset gives the column a short label.

    >>> column_unit("pop_density_per_km2"), column_unit("pop_density_per_km2", lang="en")
    ('人/km²', 'persons/km²')
    """
    entry = _column_entry(column, dataset)
    if entry is None:
        return None
    with language(lang):
        return tr(entry["unit"], entry.get("unit_en", entry["unit"]))


def attribution(name: str) -> str:
    """The 出典 sentence to show with dataset ``name`` (Japanese, or English after ``set_language('en')``)."""
    e = info(name)
    return tr(e["attribution_ja"], e["attribution_en"])


@dataclass(frozen=True)
class Citation:
    """How to cite one dataset: the 出典 sentence in Japanese and English, and a BibTeX entry."""

    ja: str
    en: str
    bibtex: str

    def __str__(self) -> str:
        return tr(self.ja, self.en)


def cite(name: str) -> Citation:
    """Return the citation of dataset ``name`` (出典 ja/en and BibTeX), built from the catalog.

    >>> import chiiki_lab
    >>> print(chiiki_lab.cite("census2020").bibtex.splitlines()[0])
    @misc{chiikilab_census2020,
    """
    e = info(name)
    key = "chiikilab_" + re.sub(r"[^A-Za-z0-9_]", "_", e["name"])
    years = re.findall(r"(?:19|20)\d\d", e["vintage"])
    fields = {
        "title": f"{e['title_ja']} ({e['title_en']})",
        "author": "{" + e["publisher"] + "}",
        "year": years[-1] if years else "",
        "howpublished": e["source_table"],
        "url": e.get("source_url", ""),
        "note": f"{e['attribution_ja']} / {e['attribution_en']}. Bundled in chiiki_lab as '{e['name']}'; "
        f"licence: {e['licence']}",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return Citation(ja=e["attribution_ja"], en=e["attribution_en"], bibtex=f"@misc{{{key},\n{body}\n}}")


def describe(name: str) -> str:
    """Describe dataset ``name``: source (出典), licence, vintage, columns with units, and caveats.

    >>> import chiiki_lab
    >>> print(chiiki_lab.describe("census2020"))   # doctest: +ELLIPSIS
    令和2年国勢調査 ...
    """
    e = info(name)
    lines = [
        f"{tr(e['title_ja'], e['title_en'])}  [{e['name']}]",
        "",
        tr(e["description_ja"], e["description_en"]),
        "",
        tr("出典: ", "Source: ") + f"{e['publisher']}『{e['source_table']}』",
        tr("URL: ", "URL: ") + e.get("source_url", ""),
        tr("時点: ", "Vintage: ") + e["vintage"],
        tr("利用条件: ", "Licence: ") + e["licence"],
        tr("表示する出典: ", "Attribution: ") + tr(e["attribution_ja"], e["attribution_en"]),
        tr("行数: ", "Rows: ") + f"{e['rows']:,}",
        "",
        tr("列:", "Columns:"),
    ]
    for col in e["columns"]:
        unit = f" [{col['unit']}]" if col.get("unit") else ""
        lines.append(f"  {col['name']}{unit}: {tr(col['description_ja'], col['description_en'])}")
    caveats = e.get("caveats_en" if tr("ja", "en") == "en" else "caveats_ja", [])
    if caveats:
        lines += ["", tr("注意:", "Caveats:")] + [f"  - {c}" for c in caveats]
    return "\n".join(lines)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(name: str) -> Path:
    """Check that dataset ``name``'s file exists and matches its catalog checksum; return its path."""
    e = info(name)
    path = data_dir() / e["file"]
    if name in _verified:
        return path
    if not path.is_file():
        raise DataIntegrityError(
            f"データファイル {path} がありません。chiiki_lab を入れ直してください（pip install --force-reinstall chiiki-lab）。",
            f"The data file {path} is missing. Reinstall chiiki_lab (pip install --force-reinstall chiiki-lab).",
        )
    actual = sha256_of(path)
    if actual != e["sha256"]:
        raise DataIntegrityError(
            f"データファイル {path.name} が壊れているか書き換えられています（チェックサムが目録と一致しません: "
            f"期待値 {e['sha256'][:12]}…、実際 {actual[:12]}…）。安全のため読み込みません。"
            "chiiki_lab を入れ直すか（pip install --force-reinstall chiiki-lab）、"
            "開発中なら python datasets/build.py で作り直してください。",
            f"The data file {path.name} is corrupted or was modified (its checksum does not match the catalog: "
            f"expected {e['sha256'][:12]}…, got {actual[:12]}…), so it was not loaded. Reinstall chiiki_lab "
            "(pip install --force-reinstall chiiki-lab) or, when developing, rebuild with python datasets/build.py.",
        )
    _verified.add(name)
    return path


def load(name: str, columns: Sequence[str] | None = None) -> "pandas.DataFrame":
    """Load bundled dataset ``name`` as a DataFrame keyed by the 5-digit string column ``code``.

    The catalog entry is kept in ``df.attrs["chiiki_lab"]`` (name, attribution) so that charts and
    maps made from the table can show its source. ``columns`` reads only those columns (faster on
    wide tables; see :func:`describe` for the names).

    >>> import chiiki_lab
    >>> df = chiiki_lab.load("census2020")
    >>> bool(df["code"].str.len().eq(5).all())
    True
    >>> list(chiiki_lab.load("census2020", columns=["code", "population"]).columns)
    ['code', 'population']
    """
    e = info(name)
    if e["kind"] == "boundaries":
        return _read_geo(name)
    if e["kind"] == "topology":
        raise ChiikiLabValueError(
            f"{name} は地図（chiiki_lab.choropleth）が内部で使う表示用の境界で、表としては読み込めません。"
            "境界を GeoDataFrame で使うには chiiki_lab.load_boundaries() を使ってください。",
            f"{name} holds the display boundaries that maps (chiiki_lab.choropleth) use internally; it is not a "
            "table. Use chiiki_lab.load_boundaries() for boundaries as a GeoDataFrame.",
        )
    if columns is not None:
        known = [column["name"] for column in e["columns"]]
        unknown = [column for column in columns if column not in known]
        if unknown:
            raise ChiikiLabValueError(
                f"{name} に列 {', '.join(map(repr, unknown))} はありません。"
                f"chiiki_lab.describe({name!r}) で列の名前を確かめてください。",
                f"{name} has no column {', '.join(map(repr, unknown))}. "
                f"See chiiki_lab.describe({name!r}) for the column names.",
            )
        columns = tuple(columns)
    # a copy: the caller may change it, the next load must not see that
    df = _read_table(verify(name), columns).copy()
    _tag(df, e)
    return df


@lru_cache(maxsize=None)
def _read_table(path: Path, columns: tuple[str, ...] | None = None) -> "pandas.DataFrame":
    """A verified parquet file (or some of its columns), read once per process.

    The frame is the one ``pandas.read_parquet`` gives (``Table.to_pandas()``, as pandas calls it with
    pyarrow ≥ 19; tests/test_datasets.py compares the two on every bundled table), read with a plain
    ``ParquetFile``: pandas goes through pyarrow's dataset layer, whose import and per-file set-up
    (~0.05 s over a 地域カルテ's twelve reads) the card from the command line would wait for.
    """
    import pyarrow.parquet as pq

    # the bundled files are small (< 2 MB): one thread reads them with less CPU than a thread pool
    table = pq.ParquetFile(path).read(columns=list(columns) if columns is not None else None, use_threads=False)
    return table.to_pandas()


def load_boundaries(level: str = "municipality") -> "geopandas.GeoDataFrame":
    """Load boundaries at ``level`` "municipality" (市区町村, 政令市は市単位), "ward" (政令市は区単位) or "prefecture".

    Returns a GeoDataFrame (EPSG:4326) with ``code``, ``name``, ``pref_code``, ``pref_name``, ``kind``.
    For prefectures ``code`` is the 5-digit prefecture code (``"10000"`` for 群馬県).

    >>> import chiiki_lab
    >>> gdf = chiiki_lab.load_boundaries("prefecture")
    >>> len(gdf), gdf.crs.to_epsg()
    (47, 4326)
    """
    check_boundary_level(level)
    return _read_geo(BOUNDARY_LEVELS[level])


def check_boundary_level(level) -> str:
    """``level`` when boundaries exist at it ("municipality", "ward", "prefecture"); otherwise a clear error."""
    return check_choice(
        level, BOUNDARY_LEVELS,
        f"level={level!r} はありません。境界の単位は 'municipality'（市区町村）、'ward'（政令市を区に分けたもの）、"
        "'prefecture'（都道府県）のどれかを指定してください。",
        f"There is no level {level!r}. Use 'municipality', 'ward' or 'prefecture'.",
    )


def _read_geo(name: str) -> "geopandas.GeoDataFrame":
    gdf = _read_geo_file(verify(name)).copy()  # read once per process; the caller may change its copy
    _tag(gdf, info(name))
    return gdf


def boundary_shapes(level: str = "municipality", columns: Sequence[str] = ("code", "name", "pref_code")
                    ) -> "pandas.DataFrame":
    """Boundaries at ``level`` as a plain DataFrame: ``columns`` and ``geometry`` (shapely, EPSG:4326).

    The same shapes as :func:`load_boundaries` without geopandas (quicker to import and build),
    for code that draws or measures a few polygons, such as the 地域カルテ's map.

    >>> from chiiki_lab.datasets import boundary_shapes
    >>> prefs = boundary_shapes("prefecture")
    >>> len(prefs), prefs["geometry"].iloc[0].geom_type in ("Polygon", "MultiPolygon")
    (47, True)
    """
    check_boundary_level(level)
    shapes, _ = _read_shapes(verify(BOUNDARY_LEVELS[level]), tuple(columns))
    return shapes.copy()


@lru_cache(maxsize=None)
def _read_shapes(path: Path, columns: tuple[str, ...] | None = None) -> tuple["pandas.DataFrame", str]:
    """(the GeoParquet file's columns with its geometry as shapely objects, its CRS), read once per process.

    Read directly with pyarrow + shapely: about twice as fast as geopandas.read_parquet, which
    spends most of its time rebuilding the CRS from PROJJSON.
    """
    import pyarrow.parquet as pq
    import shapely

    file = pq.ParquetFile(path)  # a plain file read; read_table adds the dataset machinery
    geo = json.loads(file.schema_arrow.metadata[b"geo"])
    column = geo["primary_column"]
    df = file.read(columns=None if columns is None else [*columns, column], use_threads=False).to_pandas()
    df["geometry"] = shapely.from_wkb(df.pop(column).to_numpy())
    crs_id = geo["columns"][column].get("crs", {}).get("id", {"authority": "EPSG", "code": 4326})
    return df, f"{crs_id['authority']}:{crs_id['code']}"


@lru_cache(maxsize=None)
def _read_geo_file(path: Path) -> "geopandas.GeoDataFrame":
    import geopandas as gpd

    shapes, crs = _read_shapes(path)
    df = shapes.copy()
    geometry = df.pop("geometry")
    return gpd.GeoDataFrame(df, geometry=geometry.to_numpy(), crs=crs)


def _tag(df, entry: dict) -> None:
    TableMeta(entry["name"], entry["attribution_ja"], entry["attribution_en"]).attach(df)
