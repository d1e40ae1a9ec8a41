"""chiiki_lab.export: the workbook read back with openpyxl."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

import chiiki_lab
from chiiki_lab import export
from chiiki_lab.errors import ChiikiLabTypeError, ChiikiLabValueError


def test_workbook_has_title_header_numbers_and_source(tmp_path):
    table = pd.DataFrame({"年": [2020, 2050], "人口": [8850, 4968], "65歳以上の割合": [37.2, 50.7]})
    path = export.to_excel({"人口": table}, tmp_path / "out.xlsx", title="嬬恋村の人口", source="出典：テスト",
                           notes=["注：2050年は推計"])
    sheet = load_workbook(path)["人口"]
    assert sheet["A1"].value == "嬬恋村の人口" and sheet["A1"].font.bold
    assert [c.value for c in sheet[3]] == ["年", "人口", "65歳以上の割合"]
    assert [c.value for c in sheet[5]] == [2050, 4968, 50.7]
    assert sheet["B4"].number_format == "#,##0" and sheet["C4"].number_format == "#,##0.0"
    assert sheet["A7"].value == "出典：テスト" and sheet["A8"].value == "注：2050年は推計"
    assert sheet.freeze_panes == "A4"


def test_source_defaults_to_the_bundled_attribution(tmp_path):
    df = chiiki_lab.load("lodging_guest_nights").head(3)
    sheet = load_workbook(export.to_excel(df, tmp_path / "x.xlsx"))["表"]
    assert sheet.cell(row=3 + 3 + 2, column=1).value == chiiki_lab.attribution("lodging_guest_nights")


def test_bad_arguments_say_what_to_pass(tmp_path):
    with pytest.raises(ChiikiLabTypeError):
        export.to_excel([1, 2], tmp_path / "x.xlsx")
    with pytest.raises(ChiikiLabValueError, match=".xlsx"):
        export.to_excel(pd.DataFrame({"a": [1]}), tmp_path / "x.csv")
