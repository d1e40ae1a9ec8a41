"""Catalog texts of the bundled datasets, read from ``datasets/metadata/*.toml`` (data, not code).

One file per dataset (``metadata/NAME.toml``): title, description, publisher, source table and URL, mirror,
vintage, licence, attribution, caveats and the docs of its own columns. ``metadata/_common.toml`` holds what
several datasets share: texts referenced as ``{ common = "KEY" }``, the columns documented once for every
dataset (``code``, ``level``, ``population`` …) and column sets named by a dataset's ``column_sets``. The texts
come from the raw data's PROVENANCE.md files. ``build.py`` stops if a column has no doc here.
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

FOLDER = Path(__file__).resolve().with_name("metadata")
COMMON = "_common"


def _read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _resolve(value, texts: dict):
    """Replace ``{ common = KEY }`` (a whole value or a list item) by the shared text."""
    if isinstance(value, dict):
        return texts[value["common"]]
    if isinstance(value, list):
        return [_resolve(item, texts) for item in value]
    return value


def load(folder: Path = FOLDER) -> tuple[dict[str, dict], dict[str, dict[str, dict]], dict[str, dict]]:
    """``(datasets, columns, common_columns)``: each dataset's catalog fields, its own column docs, the shared docs."""
    common = _read(folder / f"{COMMON}.toml")
    datasets, columns = {}, {}
    for path in sorted(folder.glob("*.toml")):
        if path.stem == COMMON:
            continue
        data = _read(path)
        own = data.pop("columns", {})
        merged = {}
        for name in data.pop("column_sets", []):
            merged |= common["column_sets"][name]
        columns[path.stem] = merged | own
        datasets[path.stem] = {key: _resolve(value, common["texts"]) for key, value in data.items()}
    return datasets, columns, common["columns"]


DATASETS, DATASET_COLUMNS, COLUMNS = load()


def column_doc(dataset: str, column: str) -> dict:
    """``{"unit", "description_ja", "description_en"}`` of ``column`` in ``dataset``; KeyError if undocumented."""
    entry = DATASET_COLUMNS[dataset].get(column) or COLUMNS.get(column)
    if entry is None:
        raise KeyError(f"column {column!r} of dataset {dataset!r} is not documented in datasets/metadata/")
    return dict(entry)
