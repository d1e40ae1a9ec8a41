"""read_estat and read_estat_sheets: a statistics file → a tidy DataFrame with what was guessed in ``df.attrs``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import ChiikiLabValueError
from .areacodes import check_code_column, find_codes, pref_code_column
from .cells import MARKERS, NIL, Marker, Markers, nfkc, parse_number, read_legend, squash_spaces, unit_in
from .layout import (
    body_below,
    check_widths,
    dedupe_names,
    estat_code_row,
    find_tables,
    header_from_arg,
    header_layers,
    join_split_labels,
    n_filled,
    row_extent,
    row_kind,
)
from .sources import Book, csv_rows, decode_text, read_source, sniff, utf16_guess, zip_text
from .views import summary, summary_text, to_long, with_multiindex
from .years import ERA_WORD, years_down

if TYPE_CHECKING:  # pragma: no cover
    import pandas


class _Source(NamedTuple):
    name: str
    kind: str
    encoding: str | None
    sheet: str | None
    sheets: list
    rows: list
    lines: list
    member: str | None


def _open(path, encoding, sep, sheet, book_out=None) -> _Source:
    source, data = read_source(path)
    name = Path(source).name
    kind = sniff(data, name)
    member = None
    if kind == "zip-text":
        member, data = zip_text(data)
        kind = "zip-text"
    if kind in ("xls", "xlsx", "ods"):
        book = Book(data, name)
        if book_out is not None:
            book_out.append(book)
        if sheet is None:  # the first sheet that holds a table (skips 目次 / 注記 sheets)
            chosen = None
            for s in book.sheet_names:
                rows = book.rows(s)
                if any(k == "data" for k in map(row_kind, rows)):
                    chosen = s
                    break
            chosen = chosen or book.sheet_names[0]
        else:
            chosen = book.sheet_name(sheet)
        rows = book.rows(chosen)
        return _Source(source, kind, None, chosen, book.sheet_names, rows, list(range(1, len(rows) + 1)), None)
    if encoding is None and utf16_guess(data[:4096]):
        encoding = utf16_guess(data[:4096])
    text, enc = decode_text(data, encoding)
    rows, lines = csv_rows(text, sep)
    return _Source(source, kind, enc, None, [], rows, lines, member)


def read_estat(path, *, header_row=None, encoding: str | None = None, sep: str | None = None,
               sheet=None, code_column=None, table: int = 0, long: bool = False,
               multiindex: bool = False, markers: str = "na", show: bool | None = None) -> "pandas.DataFrame":
    """Read a statistics file downloaded from e-Stat, a ministry or a municipal open-data portal.

    ``path`` is a CSV/TSV/TXT file (UTF-8 with or without BOM, CP932/Shift_JIS or UTF-16, detected),
    an Excel file (``.xlsx`` or the old ``.xls``), an OpenDocument ``.ods`` file, a ZIP holding one
    CSV/TXT (e-Stat's 地域メッシュ downloads), or the bytes of any of these (e.g. from an upload widget).
    The kind of file is told from its content, not its name.

    Title and note lines, e-Stat's 注釈/メタ情報 and code/label header rows, multi-row headers with merged
    cells and unit lines are understood; the table's own layout is kept in ``df.attrs["chiiki_lab"]``
    and summarised in Japanese by :func:`summary` (printed automatically inside Jupyter; ``show=``
    turns that on or off). When a guess is wrong, one argument fixes it:

    * ``header_row`` — the header's line number as a text editor or Excel shows it (1 = first line),
      or several numbers for a header of several rows;
    * ``code_column`` — the area-code column's name, or ``False`` to leave codes as they are;
    * ``sheet`` — sheet name or 0-based number (default: the first sheet with a table);
    * ``table`` — which table of a sheet holding several (0 = the first; see :func:`read_estat_sheets`).

    Other options: ``encoding`` and ``sep`` to skip detection; ``long=True`` for tidy long form
    (:func:`to_long`); ``multiindex=True`` for the header rows as a column ``MultiIndex``;
    ``markers="zero"`` reads the nil marker (``-``, 「当該数値がないもの」) as 0 instead of missing.

    Returns a DataFrame with numbers as numbers, the area code as ``code`` (5-digit string; ``code6``
    too for 6-digit codes), 和暦 years as Western years (also 「昭和23年, 24, 25 …」 carried down a column,
    and years past an era's end such as 平成52年 = 2040 in older projections), labels with layout
    spaces removed (「東　灘　区」→「東灘区」) and symbols (``-`` ``…`` ``x`` ``***`` ``*``) as missing values,
    each listed with its reason by :func:`marker_table`.

    >>> from chiiki_lab.io import read_estat, marker_table
    >>> text = "年度,受入件数,前年度比\\n平成30年度,993,－\\n令和元年度,\\"1,840\\",847\\n2年度,\\"1,491\\",△349\\n"
    >>> df = read_estat(text.encode("utf-8-sig"))
    >>> df
         年度  受入件数  前年度比
    0  2018   993  <NA>
    1  2019  1840   847
    2  2020  1491  -349
    >>> marker_table(df)[["line", "column", "marker", "reason"]]
       line column marker  reason
    0     2   前年度比      －  該当数値なし

    A typical call on an e-Stat download: ``df = read_estat("FEH_00200521_240101120000.csv")``.
    """
    import pandas as pd

    if markers not in ("na", "zero"):
        raise ChiikiLabValueError(
            f"markers={markers!r} は使えません。'na'（欠損値にする）か 'zero'（「-」を 0 にする）を指定してください。",
            f"markers={markers!r} is not an option; use 'na' (missing) or 'zero' (nil marker as 0).",
        )
    src = _open(path, encoding, sep, sheet)
    rows, lines = src.rows, src.lines
    kinds = [row_kind(r) for r in rows]

    if header_row is None:
        tables = find_tables(rows, kinds)
        labels = [i for i, k in enumerate(kinds) if k == "label" and n_filled(rows[i]) >= 2]
        if not tables and labels:
            raise ChiikiLabValueError(
                f"{lines[labels[0]]} 行目は見出しのようですが、その下にデータの行がありません。"
                "ファイルが途中で切れていないか確かめるか、header_row= で見出しの行番号を指定してください。",
                f"Line {lines[labels[0]]} looks like a header, but no data rows follow it. Check that the "
                "file is complete, or give the header's line number with header_row=.",
            )
        if not tables:
            raise ChiikiLabValueError(
                "数値の表が見つかりません（ファイルが空か、数値の表ではないようです）。"
                + ("sheet= で別のシートを選ぶか、" if src.sheets else "")
                + "header_row= で見出しの行番号を指定してください。",
                "No table of numbers found (the file is empty or holds no numbers). "
                + ("Choose another sheet with sheet=, or " if src.sheets else "")
                + "give the header's line number with header_row=.",
            )
        if not isinstance(table, int) or not 0 <= table < len(tables):
            raise ChiikiLabValueError(
                f"table={table!r}: このシートには表が {len(tables)} つあります（0〜{len(tables) - 1} で指定）。",
                f"table={table!r}: this sheet holds {len(tables)} table(s) (give 0–{len(tables) - 1}).",
            )
        found = tables[table]
        n_tables = len(tables)
    else:
        header = header_from_arg(header_row, lines)
        d = header[-1] + 1
        while d < len(rows) and kinds[d] != "data":
            d += 1
        if d >= len(rows):
            raise ChiikiLabValueError(
                f"{lines[header[-1]]} 行目を見出しとして読みましたが、その下にデータの行がありません。"
                "header_row= で見出しの行番号を指定してください。",
                f"Read line {lines[header[-1]]} as the header, but no data rows follow it. "
                "Give the header's line number with header_row=.",
            )
        found = body_below(rows, kinds, d, header, None)
        found = found._replace(header=header, top=header[0])
        n_tables = 1
    header, body = found.header, found.body
    if src.kind in ("text", "zip-text") and header:
        width = len(rows[header[-1]])
        check_widths(rows, lines, header, body, width)
    else:
        width = max(row_extent(rows[i]) for i in header + body)

    parts, units, dims = header_layers(rows, header, width)
    meta_rows = [rows[i] for i in range(0, found.top) if kinds[i] != "blank"]
    metadata = [" ".join(c for c in r if c) for r in meta_rows if not estat_code_row(r)]
    table_unit = next((u for u in map(unit_in, metadata) if u), None)
    legend = read_legend(meta_rows)
    notes = [" ".join(c for c in rows[i] if c) for i in found.notes]

    body_lines = [lines[i] for i in body]
    padded = [r if len(r) == width else (r[:width] if len(r) > width else r + [""] * (width - len(r)))
              for r in map(rows.__getitem__, body)]
    columns = dict(enumerate(map(list, zip(*padded)))) if padded else {j: [] for j in range(width)}
    keep = [j for j in range(width) if parts[j] or any(columns[j])]
    raw_names = ["_".join(parts[j]) or f"Unnamed: {j}" for j in keep]
    names = dedupe_names(raw_names)
    renamed = {n: "_".join(p for p in (rows[i][j] if j < len(rows[i]) else "" for i in header) if p)
               for n, j in zip(names, keep) if n != "_".join(p for p in (rows[i][j] if j < len(rows[i]) else "" for i in header) if p)}
    values = {name: columns[j] for name, j in zip(names, keep)}
    join_split_labels(values)
    code_name, codes, combined = find_codes(values, body_lines, code_column)
    pref_column = None if code_name or code_column is not None else pref_code_column(values)

    out: dict[str, list] = {}
    found_markers: list[Marker] = []
    year_columns: list[str] = []
    if found.sections:
        out[_free_name("区分", values)] = [found.sections.get(i) for i in body]
    for name, cells in values.items():
        if name == code_name:
            code5, code6 = codes
            out["code"] = code5
            renamed["code"] = name
            if code6 is not None:
                out["code6"] = code6
            if combined is not None:
                out["name" if "name" not in values else name] = combined
            elif any(c and k is None and nfkc(c) not in MARKERS for c, k in zip(cells, code5)):
                out[name] = [c or None for c in cells]  # 「全国市町村平均」 rows keep their label
            continue
        if name == pref_column:  # 「01」…「47」, and table-local codes such as 50–70 (特別区部・指定都市)
            out[name] = [nfkc(c).zfill(2) if c else None for c in cells]
            continue
        converted, is_year = _convert_column(name, cells, body_lines, legend, found_markers, markers)
        out[name] = converted
        if is_year:
            year_columns.append(name)

    order = {name: k for k, name in enumerate(out)}
    found_markers.sort(key=lambda m: (m[0], order[m[2]]))
    frame = pd.DataFrame({name: _as_series(pd, col) for name, col in out.items()})
    name_parts = {n: parts[j] for n, j in zip(names, keep) if n in frame.columns}
    code_check = check_code_column(frame["code"].tolist()) if "code" in frame.columns else None
    if pref_column is not None:
        code_check = {"merged": {}, "table_local": sorted({v for v in out[pref_column] if v and int(v) > 47})}
    frame.attrs["chiiki_lab"] = {
        "name": Path(src.name).name,
        "source": src.name,
        "kind": src.kind,
        "member": src.member,
        "encoding": src.encoding,
        "sheet": src.sheet,
        "sheets": list(src.sheets),
        "tables_in_sheet": n_tables,
        "table": table if header_row is None else 0,
        "header_line": lines[header[-1]] if header else None,
        "header_lines": [lines[i] for i in header],
        "data_lines": (body_lines[0], body_lines[-1]),
        "metadata": metadata,
        "notes": notes,
        "renamed_columns": renamed,
        "column_parts": name_parts,
        "dimensions": dims,
        "units": {n: units[j] for n, j in zip(names, keep) if j in units and n in frame.columns},
        "unit": table_unit,
        "year_columns": year_columns,
        "code_column": code_name,
        "pref_code_column": pref_column,
        "code_check": code_check,
        "markers_as": markers,
    }
    frame.attrs["markers"] = Markers(found_markers)
    frame.attrs["chiiki_lab"]["summary"] = summary_text(frame)
    if show if show is not None else _in_notebook():
        print(summary(frame))
    if multiindex:
        frame = with_multiindex(frame)
    return to_long(frame) if long else frame


def _free_name(name: str, taken) -> str:
    k = 1
    out = name
    while out in taken:
        out = f"{name}.{k}"
        k += 1
    return out


def _in_notebook() -> bool:
    import sys

    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


_LEADING_ZERO = re.compile(r"0\d+")


def _convert_column(name: str, cells: list[str], lines: list[int], legend: dict, markers: list,
                    markers_as: str = "na"):
    """Turn one column's cells into years, numbers (recording markers) or text; (values, is_year)."""
    filled = set(cells)
    filled.discard("")
    normed = [nfkc(c) for c in filled]
    identifier = ("コード" in name or "code" in name.lower() or "番号" in name
                  or any(_LEADING_ZERO.fullmatch(c) for c in normed))
    # years: "令和2年", "2020年", "R2"; 「昭和23年, 24, 25 …」 carries the era down the column
    yearish = re.search(r"年|year|時点|時間軸", name, re.IGNORECASE) or all(ERA_WORD.search(c) for c in normed)
    if filled and not identifier and yearish and any(not re.fullmatch(r"[-+]?[\d,.]+", c) for c in normed):
        years = years_down(cells)
        if years is not None:
            return years, True
    if filled and not identifier:
        known = {**MARKERS, **legend}
        parsed = {c: parse_number(c) for c in filled}
        if all(parsed[c] is not None or nfkc(c) in known for c in filled):
            parsed[""] = None
            numbers = [parsed[c] for c in cells]
            symbols = {c for c in filled if parsed[c] is None}
            for row in ([k for k, c in enumerate(cells) if c in symbols] if symbols else ()):
                c = cells[row]
                ja, en = known[nfkc(c)]
                markers.append((row, lines[row], name, c, ja, en))  # a Marker's fields; plain tuples are cheap
                if markers_as == "zero" and en == NIL[1]:
                    numbers[row] = 0
            return numbers, False
    return [squash_spaces(c) or None if c else None for c in cells], False


def _as_series(pd, values: list):
    kinds = {type(v) for v in set(values) if v is not None}
    if kinds and kinds <= {int, float}:
        if float in kinds:
            return pd.Series(values, dtype="float64")
        return pd.Series(values, dtype="Int64" if None in values else "int64")
    if not kinds and values:  # a column with only markers or empty cells
        return pd.Series(values, dtype="Int64")
    return pd.Series(values)


def read_estat_sheets(path) -> "pandas.DataFrame":
    """The sheets of a workbook (or the one table of a CSV) and the tables found in each.

    One row per table: ``sheet`` (name), ``sheet_number`` (for ``sheet=``), ``table`` (for
    ``table=``), ``title`` (the first line above it), ``header_lines``, ``first_line``,
    ``last_line``, ``rows``. A sheet without a table of numbers gets one row with ``table`` empty.
    """
    import pandas as pd

    books: list = []
    src = _open(path, None, None, 0, books)
    records = []
    if books:
        book = books[0]
        items = [(k, s, book.rows(s)) for k, s in enumerate(book.sheet_names)]
    else:
        items = [(None, None, src.rows)]
    for number, name, rows in items:
        kinds = [row_kind(r) for r in rows]
        lines = src.lines if number is None else list(range(1, len(rows) + 1))
        tables = find_tables(rows, kinds)
        if not tables:
            records.append({"sheet": name, "sheet_number": number, "table": None, "title": None,
                            "header_lines": [], "first_line": None, "last_line": None, "rows": 0})
        for t, found in enumerate(tables):
            above = [r for r in rows[: found.top] if any(r)]
            title = " ".join(squash_spaces(c) for c in above[0] if c) if above else None
            records.append({"sheet": name, "sheet_number": number, "table": t, "title": title,
                            "header_lines": [lines[i] for i in found.header],
                            "first_line": lines[found.body[0]], "last_line": lines[found.body[-1]],
                            "rows": len(found.body)})
    out = pd.DataFrame(records)
    out["table"] = out["table"].astype("Int64")
    out["sheet_number"] = out["sheet_number"].astype("Int64")
    out["first_line"] = out["first_line"].astype("Int64")
    out["last_line"] = out["last_line"].astype("Int64")
    return out
