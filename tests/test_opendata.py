"""chiiki_lab.opendata.check_template on hand-made files whose problems are known in advance."""

from __future__ import annotations

import pandas as pd
import pytest

from chiiki_lab import opendata
from chiiki_lab.errors import ChiikiLabValueError

AED = opendata.template_columns("aed")


def _aed(rows):
    """A file with the AED template's columns; rows give 都道府県コード又は市区町村コード, 名称, 緯度, 経度."""
    df = pd.DataFrame("", index=range(len(rows)), columns=AED)
    for i, (code, name, lat, lon) in enumerate(rows):
        df.loc[i, ["都道府県コード又は市区町村コード", "名称", "緯度", "経度"]] = [code, name, lat, lon]
    return df


def test_a_clean_file_has_no_findings():
    # 嬬恋村 104256: 1·6+0·5+4·4+2·3+5·2 = 38, 11 − 38 mod 11 = 6
    assert opendata.check_template(_aed([("104256", "役場", "36.516", "138.530")]), "aed").empty


def test_each_known_problem_is_reported_with_its_row():
    df = _aed([("104256", "役場", "36.516", "138.530"),
               ("104250", "公民館", "36.5", "138.5"),      # wrong check digit
               ("104256", "", "１３８．５", "36.5"),         # empty name, full-width latitude, longitude swapped
               ])
    df = df.rename(columns={"住所": "所在地"})
    found = opendata.check_template(df, "aed")
    by = {(r.check, r.column): r.rows for r in found.itertuples()}
    assert by[("missing_column", "住所")] == []
    assert by[("extra_column", "所在地")] == []
    assert by[("code", "都道府県コード又は市区町村コード")] == [2]
    assert by[("coordinate", "緯度")] == [3]
    assert by[("coordinate", "経度")] == [3]
    assert by[("empty_name", "名称")] == [3]
    assert ("column_order", "") not in by


def test_column_order_is_checked():
    df = _aed([("104256", "役場", "36.516", "138.530")])
    assert opendata.check_template(df[AED[::-1]], "aed")["check"].tolist() == ["column_order"]


def test_unknown_template_lists_the_available_ones():
    with pytest.raises(ChiikiLabValueError, match="tourism"):
        opendata.template_columns("tourist")
