"""Where the table is in a sheet's rows: header rows, data rows, sections, notes, and the column names."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from typing import NamedTuple

from ..errors import ChiikiLabValueError
from .cells import MARKERS, TIGHT, is_value, nfkc, parse_number, squash_spaces, unit_in, unit_only
from .years import westernize_label


def row_extent(row: list[str]) -> int:
    """Number of cells up to the last non-empty one."""
    n = len(row)
    while n and not row[n - 1]:
        n -= 1
    return n


def n_filled(row: list[str]) -> int:
    """Number of non-empty cells."""
    return sum(1 for c in row if c)


def estat_code_row(row: list[str]) -> bool:
    """Whether a row is one of e-Stat's 「/… コード」 header rows."""
    joined = "\x00".join(row)
    return "/" in joined and "コード" in joined and any(c.startswith("/") and c.endswith("コード") for c in row)


def _year_header(row: list[str]) -> bool:
    """A header of years written as numbers (「男性, 1965, 1970, …」「年度, 2020, 2020, …」)."""
    last = next((parse_number(c) for c in reversed(row) if c), None)
    if not (isinstance(last, int) and 1900 <= last <= 2100):  # most rows stop here
        return False
    numbers = [parse_number(c) for c in row if c and parse_number(c) is not None]
    if len(numbers) < 3 or not all(isinstance(v, int) and 1900 <= v <= 2100 for v in numbers):
        return False
    steps = [b - a for a, b in pairwise(numbers)]
    labels = [c for c in row if c and parse_number(c) is None]
    return all(s > 0 for s in steps) or all(s < 0 for s in steps) or any(
        re.search(r"年|year", c, re.IGNORECASE) for c in labels)


def _is_meta(row: list[str]) -> bool:
    """Title, key/value, legend and unit lines above a table."""
    cells = [c for c in row if c]
    if not cells:
        return False
    if re.search(r"[:：]$", cells[0]):  # e-Stat 「統計名：」「表番号：」
        return True
    if len(cells) == 2 and (nfkc(cells[0]) in MARKERS or re.fullmatch(r"[*#†※]{1,3}", nfkc(cells[0]))):
        return not is_value(cells[1])  # a legend line: "***","当該数値がないもの"
    if len(cells) <= 3:
        squashed = [squash_spaces(c) for c in cells]
        return (max(len(c) for c in squashed) >= 12 or "単位" in squashed[0]
                or (len(cells) == 1 and unit_only(cells[0]) is not None)
                or bool(re.match(r"[☆★○●◆◇■□◎※]|第\s*\S{1,4}\s*表|表\s*\d", squashed[0])))
    return False


def row_kind(row: list[str]) -> str:
    """"blank", "code" (e-Stat "/… コード" rows), "meta", "data" or "label"."""
    cells = list(filter(None, row))
    if not cells:
        return "blank"
    if len(cells) >= 4 and is_value(cells[-1]) and is_value(cells[-2]) and is_value(cells[-3]) \
            and not _year_header(cells) and not estat_code_row(cells):
        return "data"  # the bulk of a table: numbers at the end of the row
    values = sum(map(is_value, cells))
    if estat_code_row(row):
        return "code"
    if len(cells) <= 3 and _is_meta(row) and not sum(1 for c in cells if parse_number(c) is not None) >= 2:
        return "meta"
    if cells[0].endswith((":", "：")) and _is_meta(row):
        return "meta"
    if values and not _year_header(row) and (values >= 2 or len(cells) <= 3):
        return "data"
    return "label"


class _Table(NamedTuple):
    header: list[int]      # row indexes of the header (top to bottom), e-Stat code rows included
    body: list[int]        # data rows
    sections: dict         # row index of a data row -> the section label above it (「(1)平成27(2015)年」)
    notes: list[int]       # note rows below the table
    top: int               # first row that belongs to this table's metadata


def find_tables(rows: list[list[str]], kinds: list[str], start: int = 0) -> list[_Table]:
    """Every table in a sheet: header rows above a run of data rows, title lines above them."""
    tables = []
    i = start
    n = len(rows)
    while i < n:
        d = next((k for k in range(i, n) if kinds[k] == "data"), None)
        if d is None:
            break
        header = _header_above(rows, kinds, d, floor=i)
        table = body_below(rows, kinds, d, header, tables and tables[-1])
        tables.append(table)
        i = (max(table.body + table.notes) + 1) if table.body else d + 1
    return [t for t in tables if t.body]


def _header_above(rows, kinds, d: int, floor: int) -> list[int]:
    header: list[int] = []
    i = d - 1
    while i >= floor and kinds[i] == "blank":
        i -= 1
    if i >= floor and n_filled(rows[i]) == 1 and _more_sections(rows, kinds, d, _first_filled(rows[i])):
        header.append(i)  # 「(1)平成27(2015)年」: the first section, handed to the body below
        i -= 1
    while i >= floor and len(header) < 8:
        kind = kinds[i]
        if kind == "blank":
            i -= 1
            continue
        if kind not in ("label", "code"):
            break
        cells = [j for j, c in enumerate(rows[i]) if c]
        if header and len(cells) == 1 and cells[0] <= 1 and kinds[i] != "code":
            break  # one line of text at the left above a header is a title
        header.insert(0, i)
        i -= 1
    return header


def _first_filled(row: list[str]) -> int:
    return next(j for j, c in enumerate(row) if c)


def _more_sections(rows, kinds, d: int, column: int) -> bool:
    """Whether one-cell label lines in ``column`` followed by data occur below row ``d``."""
    n = len(rows)
    for k in range(d + 1, n):
        if kinds[k] in ("label", "meta") and n_filled(rows[k]) == 1 and _first_filled(rows[k]) == column:
            nxt = next((m for m in range(k + 1, n) if kinds[m] != "blank"), None)
            if nxt is not None and kinds[nxt] == "data" and not _is_note(next(c for c in rows[k] if c)):
                return True
    return False


def body_below(rows, kinds, d: int, header: list[int], previous) -> _Table:
    """The data rows, sections and notes of the table whose first data row is ``d``."""
    n = len(rows)
    body: list[int] = []
    sections: dict = {}
    notes: list[int] = []
    section = None
    section_column = None
    value_columns = {j for j, c in enumerate(rows[d]) if c and is_value(c)}
    i = d
    while i < n:
        kind = kinds[i]
        if kind == "data":
            if notes:  # data again after notes: a second table without a header of its own
                break
            body.append(i)
            if section is not None:
                sections[i] = section
        elif kind in ("label", "meta"):
            nxt = next((k for k in range(i + 1, n) if kinds[k] != "blank"), None)
            cells = [(j, c) for j, c in enumerate(rows[i]) if c]
            followed = nxt is not None and kinds[nxt] == "data"
            if followed and not notes and len(cells) == 1 and not _is_note(cells[0][1]):
                section = squash_spaces(cells[0][1])
                section_column = cells[0][0]
            elif followed and not notes and not any(j in value_columns for j, _ in cells):
                body.append(i)  # a row with labels only, inside the table
            elif (followed and sum(1 for j, _ in cells if j in value_columns) >= 2) or _header_block(rows, kinds, i):
                break  # the header of the next table
            else:
                notes.append(i)
        elif kind == "code":
            break
        i += 1
    # a one-cell header line right above the data is the first section when the table has sections
    if sections and header and n_filled(rows[header[-1]]) == 1 and _first_filled(rows[header[-1]]) == section_column:
        first = squash_spaces(next(c for c in rows[header[-1]] if c))
        for k in body:
            if k in sections:
                break
            sections[k] = first
        header = header[:-1]
    top = header[0] if header else d
    return _Table(header, body, sections, notes, top)


def _header_block(rows, kinds, i: int) -> bool:
    """Whether rows from ``i`` are a header of several rows followed by data (a second table)."""
    k, wide = i, 0
    while k < len(rows) and k < i + 8 and kinds[k] in ("label", "meta", "blank", "code"):
        wide += kinds[k] in ("label", "code") and n_filled(rows[k]) >= 2
        k += 1
    return k < len(rows) and kinds[k] == "data" and wide >= 1 and k > i + 1


def _is_note(cell: str) -> bool:
    return bool(re.match(r"\s*(?:[（(]?注|資料|出典|出所|備考|※|\*|[0-9０-９]{1,2}[)）]|[a-zａ-ｚ][)）])", cell))


# item codes written above the Japanese labels (KEY_CODE, T001100001, A1101, SSDSE-A-2026)
_ITEM_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")


def header_layers(rows: list[list[str]], header: list[int], width: int):
    """Column names from the header rows, and each column's unit and name parts.

    Labels of upper rows carry to the right over empty cells (merged cells); e-Stat "/…" cells and
    code rows are left out of the names; a cell holding only a unit becomes the column's unit.
    """
    label_rows = [i for i in header if not estat_code_row(rows[i])]
    units: dict[int, str] = {}
    layers = []
    for k, i in enumerate(label_rows):
        row = [squash_spaces(c) for c in (rows[i] + [""] * width)[:width]]
        for j, c in enumerate(row):
            unit = unit_only(c) if c else None
            if unit:
                units[j] = unit
                row[j] = ""
            elif c:
                unit = unit_in(c)
                if unit:
                    units.setdefault(j, unit)
        if k < len(label_rows) - 1:  # merged cells: carry right, but not past the span of the row above
            for j in range(1, width):
                if not row[j] and all(layer[j] == layer[j - 1] for layer in layers):
                    row[j] = row[j - 1]
        layers.append(row)
    for layer in layers:  # 和暦 → Western, the era carried along the row (平成30年度, 令和元年度, 2年度)
        era = None
        for j, p in enumerate(layer):
            if p and not p.startswith("/"):
                layer[j], era, _ = westernize_label(p, era)
    parts = []
    for j in range(width):
        col: list[str] = []
        for layer in layers:
            p = layer[j]
            if p and not p.startswith("/") and p not in col:
                col.append(p)
        words = [p for p in col if not _ITEM_CODE.fullmatch(p)]
        parts.append(words if words and len(words) < len(col) and not _ITEM_CODE.fullmatch(words[-1]) else col)
    dims = [c[1:] for i in label_rows for c in rows[i] if c.startswith("/")]
    return parts, units, dims


def dedupe_names(names: list[str]) -> list[str]:
    """Column names made unique the pandas way (「人口」, 「人口.1」 …)."""
    seen: Counter = Counter()
    out = []
    for n in names:
        out.append(n if not seen[n] else f"{n}.{seen[n]}")
        seen[n] += 1
    return out


def header_from_arg(header_row, lines: list[int]) -> list[int]:
    """Row indexes of the header lines given as ``header_row=`` (line numbers from 1)."""
    wanted = [header_row] if isinstance(header_row, int) else list(header_row)
    out = []
    for line in wanted:
        if not isinstance(line, int) or isinstance(line, bool) or line not in lines:
            raise ChiikiLabValueError(
                f"header_row={header_row!r}: {line!r} 行目はファイルにありません"
                f"（1〜{lines[-1] if lines else 0} 行目。テキストエディタや Excel で見える行番号で指定します）。",
                f"header_row={header_row!r}: the file has no line {line!r} "
                f"(lines 1–{lines[-1] if lines else 0}, counted as a text editor or Excel shows them).",
            )
        out.append(lines.index(line))
    return sorted(out)


def check_widths(rows, lines, header: list[int], body: list[int], width: int) -> None:
    """CSV only: a data line with more or fewer fields than the header means a quoting mistake."""
    h = header[-1]
    for i in body:
        row = rows[i]
        if len(row) < width:
            n = len(row)
        elif row_extent(row) > width:  # empty cells beyond the header are fine (Excel padding)
            n = row_extent(row)
        else:
            continue
        raise ChiikiLabValueError(
            f"{lines[i]} 行目: 列の数が {width} つのはずが {n} つあります"
            f"（見出しは {lines[h]} 行目として読みました）。数値の桁区切りのカンマ（1,234）が"
            "引用符（\"）で囲まれていないか、区切りの「,」が多すぎたり足りなかったりしないか確かめてください。",
            f"Line {lines[i]}: expected {width} columns but found {n} (the header was read from line "
            f"{lines[h]}). Check for thousands separators (1,234) without quotes (\") and for "
            "extra or missing commas.",
            line=lines[i],
        )


def join_split_labels(values: dict) -> None:
    """「合」「計」 written one character per cell across two label columns become 「合計」 in the first."""
    names = list(values)[:4]  # row labels sit at the left
    for left, right in pairwise(names):
        if left not in values:
            continue
        a, b = values[left], values[right]
        split = [k for k, (x, y) in enumerate(zip(a, b)) if len(x) == 1 and len(y) == 1
                 and TIGHT.match(x) and TIGHT.match(y) and not x.isdigit() and not y.isdigit()]
        if not split or any(parse_number(y) is not None for y in b if y):
            continue
        for k in split:
            a[k], b[k] = a[k] + b[k], ""
        if right.startswith("Unnamed") and not any(b):
            del values[right]
