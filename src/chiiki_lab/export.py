"""Hand results to colleagues: an Excel workbook whose every sheet carries its title and 出典.

Tables for 議会 or residents often leave the notebook as Excel files. :func:`to_excel` writes one
sheet per table with a title line, a bold header, thousands separators, column widths that fit,
frozen header rows, and the 出典 and notes under the table — so the source travels with the numbers.

>>> import pandas as pd, tempfile, pathlib
>>> from chiiki_lab import export
>>> table = pd.DataFrame({"年": [2020, 2050], "人口": [8850, 4968]})
>>> path = export.to_excel({"人口": table}, pathlib.Path(tempfile.mkdtemp()) / "tsumagoi.xlsx",
...                        title="嬬恋村の人口", source="出典：総務省統計局『令和2年国勢調査』ほか")
>>> path.name
'tsumagoi.xlsx'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ChiikiLabTypeError, ChiikiLabValueError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

HEADER_FILL = "DDEBF7"  # light blue: readable in greyscale print and for every colour vision
FIRST_ROW = 3  # title on row 1, a blank row, then the header


def _source_of(df) -> str | None:
    meta = getattr(df, "attrs", {}).get("chiiki_lab", {})
    return meta.get("attribution_ja")


def _number_format(series) -> str | None:
    import pandas as pd

    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    values = series.dropna()
    if pd.api.types.is_integer_dtype(series) or (len(values) and (values % 1 == 0).all()):
        return "#,##0"
    return "#,##0.0"


def to_excel(tables, path, *, title: str | None = None, source: str | None = None, notes=()) -> Path:
    """Write ``tables`` (a DataFrame, or ``{sheet name: DataFrame}``) to the Excel file ``path``.

    ``title`` goes on the first row of every sheet (default: the sheet name). ``source`` is the 出典
    line under each table; by default each table's own (``df.attrs`` of bundled data, as
    ``chiiki_lab.load`` sets it). ``notes`` are extra lines under the 出典 (definitions, caveats).
    The index is written only when it is named. Returns the path.
    """
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if isinstance(tables, pd.DataFrame):
        tables = {"表": tables}
    if not isinstance(tables, dict) or not tables or not all(isinstance(t, pd.DataFrame) for t in tables.values()):
        raise ChiikiLabTypeError(
            "tables には DataFrame か、{シート名: DataFrame} の辞書を渡してください。",
            "Pass a DataFrame or a dict {sheet name: DataFrame} as tables.",
        )
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ChiikiLabValueError(f"ファイル名は .xlsx で終えてください（受け取った名前: {path.name}）。",
                                  f"The file name must end in .xlsx (got {path.name}).")
    book = Workbook()
    book.remove(book.active)
    for name, df in tables.items():
        sheet_name = str(name)[:31]  # Excel's limit
        sheet = book.create_sheet(sheet_name)
        data = df.reset_index() if any(n is not None for n in df.index.names) else df
        sheet.cell(row=1, column=1, value=title or sheet_name).font = Font(bold=True, size=14)
        for j, col in enumerate(data.columns, start=1):
            cell = sheet.cell(row=FIRST_ROW, column=j, value=str(col))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            fmt = _number_format(data[col])
            for i, value in enumerate(data[col].tolist(), start=FIRST_ROW + 1):
                target = sheet.cell(row=i, column=j, value=None if pd.isna(value) else value)
                if fmt:
                    target.number_format = fmt
            texts = [str(col)] + [f"{v:,}" if isinstance(v, (int, float)) else str(v) for v in data[col].tolist()]
            width = max(len(t) + sum(ord(ch) > 0x2E7F for ch in t) for t in texts)  # wide characters count twice
            sheet.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = sheet.cell(row=FIRST_ROW + 1, column=1)
        row = FIRST_ROW + len(data) + 2
        for line in [source or _source_of(df) or "", *notes]:
            if line:
                sheet.cell(row=row, column=1, value=line).font = Font(size=9)
                row += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
