"""The dataset API: listing, loading, describing, attribution, and refusing bad files or names."""

from __future__ import annotations

import shutil
import socket

import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab import datasets
from chiiki_lab.errors import ChiikiLabError, ChiikiLabValueError, DataIntegrityError, DatasetNotFoundError
from chiiki_lab.meta import TableMeta

EXPECTED = {
    "municipalities", "boundaries_municipality", "boundaries_ward", "boundaries_prefecture", "census2020",
    "census2020_age", "census_timeseries", "census1980_age", "juki2022", "juki2022_age", "furusato_receipts",
    "furusato_fy2020", "furusato_deductions2021", "zaisei", "mynumbercard", "ipss2018_projection", "code_history",
}


def test_every_raw_dataset_is_in_the_catalog():
    assert EXPECTED <= set(chiiki_lab.list_datasets()["name"])


def test_list_datasets_columns():
    table = chiiki_lab.list_datasets()
    assert list(table.columns) == ["name", "title", "source", "vintage", "licence", "rows"]
    assert (table["rows"] > 0).all()


@pytest.mark.parametrize("name", sorted(EXPECTED - {n for n in EXPECTED if n.startswith("boundaries")}))
def test_tables_are_keyed_by_a_five_digit_string_code(name):
    df = chiiki_lab.load(name)
    code_col = "old_code" if name == "code_history" else "code"
    codes = df[code_col].dropna()
    assert codes.map(type).eq(str).all()
    assert codes.str.fullmatch(r"\d{5}").all()
    assert df.attrs["chiiki_lab"]["name"] == name


def test_census_population_and_levels_do_not_double_count():
    df = chiiki_lab.load("census2020")
    national = df.loc[df["level"] == "national", "population"].iloc[0]
    assert national == 126_146_099
    assert df.loc[df["is_basic_municipality"], "population"].sum() == national
    assert df.loc[df["level"] == "prefecture", "population"].sum() == national
    # wards and their designated city cover the same people
    wards = df.loc[df["level"] == "designated_city_ward"]
    sapporo = df.loc[df["code"] == "01100", "population"].iloc[0]
    assert wards.loc[wards["code"].str.startswith("011"), "population"].sum() == sapporo


@pytest.mark.parametrize("level,count", [("municipality", 1747), ("ward", 1902), ("prefecture", 47)])
def test_boundaries(level, count):
    gdf = chiiki_lab.load_boundaries(level)
    assert len(gdf) == count
    assert gdf.crs.to_epsg() == 4326
    assert gdf["code"].is_unique
    assert not gdf.geometry.is_empty.any()


def test_describe_names_source_licence_columns_and_units():
    text = chiiki_lab.describe("census2020")
    for needle in ("総務省統計局", "政府標準利用規約", "population", "[人]", "出典"):
        assert needle in text


def test_describe_in_english(english):
    assert "Source:" in chiiki_lab.describe("census2020")
    assert "Columns:" in chiiki_lab.describe("census2020")


def test_attribution_for_boundaries_names_mlit():
    assert "国土数値情報（行政区域データ）" in chiiki_lab.attribution("boundaries_municipality")


def test_unknown_dataset_suggests_the_nearest_name():
    with pytest.raises(DatasetNotFoundError) as info:
        chiiki_lab.load("census")
    message = str(info.value)
    assert "'census'" in message and "census2020" in message and "list_datasets" in message
    assert isinstance(info.value, LookupError)


def test_unknown_dataset_in_english(english):
    with pytest.raises(DatasetNotFoundError, match="There is no dataset 'nothing_like_it'"):
        chiiki_lab.load("nothing_like_it")


@pytest.mark.parametrize("bad", [None, 3, ["census2020"]])
def test_dataset_name_of_wrong_type(bad):
    with pytest.raises(TypeError, match="データセット名は文字列で"):
        chiiki_lab.load(bad)


def test_load_reads_only_the_columns_asked():
    import pyarrow.parquet as pq

    columns = ["code", "fiscal_year", "fiscal_strength_index"]
    df = chiiki_lab.load("zaisei", columns=columns)
    expected = pq.read_table(datasets.data_dir() / "zaisei.parquet", columns=columns).to_pandas()
    assert list(df.columns) == columns
    pd.testing.assert_frame_equal(df, expected)
    assert TableMeta.of(df).attribution_ja == datasets.info("zaisei")["attribution_ja"]  # charts still cite it


def _table_datasets() -> list[str]:
    return sorted(n for n in chiiki_lab.list_datasets()["name"] if datasets.info(n)["kind"] not in ("boundaries", "topology"))


@pytest.mark.parametrize("name", _table_datasets())
def test_load_gives_what_pandas_read_parquet_gives(name):
    """load() reads with a plain pyarrow ParquetFile (quicker); the frame must be pandas' own, dtypes included."""
    path = datasets.data_dir() / f"{name}.parquet"
    some = [column["name"] for column in datasets.info(name)["columns"]][::2]
    for columns in (None, some):
        df = chiiki_lab.load(name, columns=columns)
        expected = pd.read_parquet(path, columns=columns)
        assert df.attrs.pop("chiiki_lab")["name"] == name
        pd.testing.assert_frame_equal(df, expected, check_dtype=True, check_index_type=True, check_column_type=True)
        assert df.attrs == expected.attrs


def test_load_names_a_column_that_is_not_there():
    with pytest.raises(ChiikiLabValueError, match="'fiscal_strength'.*describe"):
        chiiki_lab.load("zaisei", columns=["code", "fiscal_strength"])


@pytest.mark.parametrize("level", ["prefecture", "ward"])
def test_boundary_shapes_are_the_boundaries_without_geopandas(level):
    import geopandas
    import shapely

    shapes = datasets.boundary_shapes(level, columns=("code", "name"))
    expected = geopandas.read_parquet(datasets.data_dir() / f"boundaries_{level}.parquet")  # geopandas' own reader
    assert list(shapes.columns) == ["code", "name", "geometry"]
    assert shapes["code"].tolist() == expected["code"].tolist()
    assert shapely.equals_exact(shapes["geometry"].to_numpy(), expected.geometry.to_numpy(), tolerance=0).all()


def test_unknown_boundary_level():
    with pytest.raises(ValueError, match="'city'.*'municipality'"):
        chiiki_lab.load_boundaries("city")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the bundled data that a test may damage."""
    copy = tmp_path / "datasets"
    shutil.copytree(datasets.data_dir(), copy)
    monkeypatch.setattr(datasets, "data_dir", lambda: copy)
    monkeypatch.setattr(datasets, "_verified", set())
    return copy


def test_corrupted_file_is_refused(data_copy):
    path = data_copy / datasets.info("census2020")["file"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DataIntegrityError) as info:
        chiiki_lab.load("census2020")
    assert "チェックサム" in str(info.value) and "force-reinstall" in str(info.value)


def test_missing_file_is_refused(data_copy):
    (data_copy / datasets.info("zaisei")["file"]).unlink()
    with pytest.raises(DataIntegrityError, match="ありません"):
        chiiki_lab.load("zaisei")


def test_every_dataset_checksum_matches():
    for name, entry in datasets.catalog().items():
        assert datasets.sha256_of(datasets.data_dir() / entry["file"]) == entry["sha256"], name


def test_errors_share_one_base_class():
    for cls in (DataIntegrityError, DatasetNotFoundError):
        assert issubclass(cls, ChiikiLabError)


def test_network_is_blocked_during_tests():
    with pytest.raises(ConnectionRefusedError, match="blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_loading_needs_no_network():
    # every load in this suite runs with outside connections refused (tests/conftest.py)
    assert len(chiiki_lab.load("municipalities")) == 1922


def test_cite_gives_japanese_english_and_bibtex():
    citation = chiiki_lab.cite("census2020")
    assert citation.ja.startswith("出典：総務省統計局")
    assert "Statistics Bureau" in citation.en
    assert citation.bibtex.startswith("@misc{chiikilab_census2020,")
    assert "year = {2020}" in citation.bibtex and citation.bibtex.rstrip().endswith("}")


def test_every_dataset_can_be_cited():
    for name in datasets.catalog():
        bib = chiiki_lab.cite(name).bibtex
        assert bib.count("{") == bib.count("}"), name
