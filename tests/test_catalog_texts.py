"""The catalog texts as data files (datasets/metadata/*.toml, read by datasets/catalog_texts.py).

The committed catalog.json was written by the build from these files; reading them again must give exactly the
catalog's texts and column docs, so an edit to a TOML file that was not followed by a rebuild is caught here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

DATASETS_DIR = Path(__file__).resolve().parents[1] / "datasets"
sys.path.insert(0, str(DATASETS_DIR))
import catalog_texts  # datasets/ is not a package

CATALOG = json.loads((DATASETS_DIR / "catalog.json").read_text(encoding="utf-8"))["datasets"]
TEXT_FIELDS = ["title_ja", "title_en", "description_ja", "description_en", "publisher", "source_table", "source_url",
               "mirror", "vintage", "licence", "attribution_ja", "attribution_en", "caveats_ja", "caveats_en"]


def test_one_metadata_file_per_dataset():
    files = {p.stem for p in catalog_texts.FOLDER.glob("*.toml")} - {catalog_texts.COMMON}
    assert files == {entry["name"] for entry in CATALOG}


@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: e["name"])
def test_metadata_files_give_the_catalog_texts(entry):
    assert catalog_texts.DATASETS[entry["name"]] == {field: entry[field] for field in TEXT_FIELDS}
    for column in entry["columns"]:
        doc = catalog_texts.column_doc(entry["name"], column["name"])
        assert doc == {k: v for k, v in column.items() if k not in ("name", "dtype")}, column["name"]


def test_every_shared_text_and_column_set_is_used():
    common = tomllib.loads((catalog_texts.FOLDER / "_common.toml").read_text(encoding="utf-8"))
    paths = [p for p in catalog_texts.FOLDER.glob("*.toml") if p.stem != catalog_texts.COMMON]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    for key in common["texts"]:
        assert any(f'{{ common = "{key}" }}' in text for text in texts), key
    sets_used = {name for text in texts for name in tomllib.loads(text).get("column_sets", [])}
    assert sets_used == set(common["column_sets"])
    used = {c["name"] for e in CATALOG for c in e["columns"]}
    assert set(common["columns"]) <= used


def test_an_undocumented_column_stops_the_build():
    with pytest.raises(KeyError, match="not documented"):
        catalog_texts.column_doc("census2020", "no_such_column")
