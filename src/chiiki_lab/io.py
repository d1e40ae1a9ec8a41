"""Read statistics files that users download themselves: e-Stat, 統計局 tables, municipal open data.

:func:`read_estat` turns such a file into a tidy pandas DataFrame:

* the encoding is detected (UTF-8 with or without BOM, else CP932 — the Windows form of Shift_JIS);
* title and note lines above the table are skipped (the header row is found automatically, or give
  ``header_row=``), two-row headers are joined (``人口_総数``) and notes below the table are set aside;
* numbers are parsed: ``"1,234"``, full-width ``"１，２３４"``, ``"△1,234"`` / ``"▲1,234"`` (minus);
* symbols such as ``-`` ``…`` ``x`` ``***`` become missing values, **with the reason kept**
  (see :func:`marker_table`);
* 和暦 years (``令和2年``, ``平成27年度``, ``R2``, ``令和元年`` …) become Western years, in values and in
  column names;
* the area-code column becomes ``code``, a 5-digit string (6-digit codes are checked and reduced and
  kept as ``code6``; codes that lost their leading zero in Excel, such as ``1100``, get it back).

>>> from chiiki_lab.io import read_estat, to_western_year
>>> to_western_year("令和2年"), to_western_year("平成27年度"), to_western_year("S55")
(2020, 2015, 1980)
>>> text = ("市区町村コード,市区町村,人口,増減\\n"
...         "1100,札幌市,\\"1,973,395\\",\\"21,039\\"\\n"
...         "10425,嬬恋村,\\"8,850\\",△930\\n")
>>> df = read_estat(text.encode("cp932"))
>>> df
    code 市区町村       人口     増減
0  01100  札幌市  1973395  21039
1  10425  嬬恋村     8850   -930
>>> df.attrs["chiiki_lab"]["encoding"]
'cp932'
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from itertools import pairwise
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .codes import check_digit
from .errors import (
    ChiikiLabEnvironmentError,
    ChiikiLabTypeError,
    ChiikiLabValueError,
    InvalidCodeError,
    SourceFileNotFoundError,
)
from .i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Marker", "marker_table", "read_estat", "to_western_year"]


# --------------------------------------------------------------------------------------------
# 和暦 → Western years
# --------------------------------------------------------------------------------------------

# era -> (first Western year, last year number of the era or None while it lasts)
_ERAS = {"明治": (1868, 45), "大正": (1912, 15), "昭和": (1926, 64), "平成": (1989, 31), "令和": (2019, None)}
_ERA_ALIASES = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和",
                "明": "明治", "大": "大正", "昭": "昭和", "平": "平成", "令": "令和"}
_YEAR = re.compile(
    r"^(?:(?P<era>明治|大正|昭和|平成|令和|[MTSHR明大昭平令])\.?(?P<num>元|\d{1,3})"
    r"|(?P<west>\d{4})|(?P<bare>元|\d{1,2})(?=年))(?P<suffix>年度|年)?$"
)
_PAREN = re.compile(r"^(?P<main>[^()]+)\((?P<inner>[^()]+)\)(?P<tail>年度|年)?$")
_ERA_WORD = re.compile(r"年|明治|大正|昭和|平成|令和")
_ERA_IN_TEXT = re.compile(r"(明治|大正|昭和|平成|令和)\s*([元0-9０-９]{1,2})\s*年")
_SAME_YEAR_TWICE = re.compile(r"(\d{4})年[（(]\1年[）)]")  # "2015年（平成27年）" once turned Western
_WESTERN_RANGE = (1800, 2200)


def _year_error(text, ja: str, en: str) -> ChiikiLabValueError:
    return ChiikiLabValueError(
        f"{text!r} を年として読めません: {ja}。『令和2年』『平成27年度』『R2』『2020年』のように書いてください。",
        f"Cannot read {text!r} as a year: {en}. Write it like 令和2年, 平成27年度, R2 or 2020年.",
    )


def _parse_year(text: str, era: str | None = None) -> tuple[int, str | None, bool]:
    """Parse one year expression; return (Western year, era used, is fiscal year)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    paren = _PAREN.match(s)
    if paren:  # "2020年(令和2年)" or "令和2年(2020年)": both halves must agree
        main = paren["main"] + (paren["tail"] or "")
        year, used, fiscal = _parse_year(main, era)
        inner, _, inner_fiscal = _parse_year(paren["inner"], used)
        if inner != year:
            raise _year_error(text, f"括弧の外（{year}年）と中（{inner}年）が合いません",
                              f"the years outside ({year}) and inside the brackets ({inner}) differ")
        return year, used, fiscal or inner_fiscal
    m = _YEAR.match(s)
    if not m:
        raise _year_error(text, "年の書き方ではありません", "this is not a way of writing a year")
    fiscal = m["suffix"] == "年度"
    if m["west"]:
        year = int(m["west"])
        if not _WESTERN_RANGE[0] <= year <= _WESTERN_RANGE[1]:
            raise _year_error(text, f"{year}年は範囲外です（{_WESTERN_RANGE[0]}〜{_WESTERN_RANGE[1]}年）",
                              f"{year} is out of range ({_WESTERN_RANGE[0]}–{_WESTERN_RANGE[1]})")
        return year, None, fiscal
    if m["bare"]:
        if era is None:
            raise _year_error(text, "元号（令和・平成など）が書かれていません",
                              "the era (令和, 平成, …) is missing")
        name, num = era, m["bare"]
    else:
        name, num = _ERA_ALIASES.get(m["era"], m["era"]), m["num"]
    number = 1 if num == "元" else int(num)
    first, last = _ERAS[name]
    if number == 0 or (last is not None and number > last):
        span = f"{last}年（{first + last - 1}年）まで" if last else "1年から"
        span_en = f"ran to year {last} ({first + last - 1})" if last else "starts at year 1"
        raise _year_error(text, f"{name}は{span}です", f"{name} {span_en}")
    return first + number - 1, name, fiscal


def to_western_year(text, era: str | None = None) -> int:
    """Convert a Japanese-era (和暦) or Western year to a Western year (an ``int``).

    Understands 令和・平成・昭和・大正・明治 (also the letters R/H/S/T/M and 令/平/昭/大/明), 元年,
    full-width digits, ``年`` and ``年度`` (a fiscal year is named by the year it starts in), and
    forms like ``2020年（令和2年）``. A year without its era (``"2年度"``) needs ``era=``.
    Anything else raises :class:`~chiiki_lab.errors.ChiikiLabValueError`.

    >>> to_western_year("令和元年"), to_western_year("Ｈ２７"), to_western_year("2年度", era="令和")
    (2019, 2015, 2020)
    >>> to_western_year("平成32年")
    Traceback (most recent call last):
    ...
    chiiki_lab.errors.ChiikiLabValueError: '平成32年' を年として読めません: 平成は31年（2019年）までです。...
    """
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise ChiikiLabTypeError(
            f"年は文字列か整数で渡してください（受け取った値: {text!r}、型 {type(text).__name__}）。",
            f"Give the year as a string or an integer (got {text!r} of type {type(text).__name__}).",
        )
    if era is not None and _ERA_ALIASES.get(era, era) not in _ERAS:
        raise ChiikiLabValueError(
            f"era={era!r} は元号ではありません。'令和'、'平成'、'昭和'、'大正'、'明治' のどれかにしてください。",
            f"era={era!r} is not an era. Use '令和', '平成', '昭和', '大正' or '明治'.",
        )
    return _parse_year(text, _ERA_ALIASES.get(era, era))[0]


def _westernize_label(label: str, era: str | None) -> tuple[str, str | None, bool]:
    """A column name with its 和暦 turned Western: a bare year becomes "2020"; "令和2年人口" → "2020年人口"."""
    if not re.fullmatch(r"\d+", label):
        try:
            year, used, fiscal = _parse_year(label, era)
            return str(year), used or era, fiscal
        except ChiikiLabValueError:
            pass

    def western(m: re.Match) -> str:
        return f"{_parse_year(m[1] + m[2] + '年')[0]}年"

    try:
        text = _ERA_IN_TEXT.sub(western, label)
    except ChiikiLabValueError:  # e.g. 平成40年 in a free-text header: leave it as written
        return label, era, False
    return _SAME_YEAR_TWICE.sub(r"\1年", text), era, False


# --------------------------------------------------------------------------------------------
# numbers and markers
# --------------------------------------------------------------------------------------------

_SIGN_SPACE = re.compile(r"^([-+△▲−])\s+")
_NUMBER = re.compile(r"^(?P<sign>[-+△▲−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?$")

_NONE = ("該当数値なし", "no applicable figure (none, or zero)")
_SECRET = ("秘匿", "suppressed (confidential)")
_UNKNOWN = ("不詳", "unknown / not available")
# keys are NFKC forms: "－"→"-", "…"→"...", "Ｘ"→"X", "･･･"→"・・・"
_DEFAULT_MARKERS = {
    "-": _NONE, "‐": _NONE, "−": _NONE, "―": _NONE, "—": _NONE, "ー": _NONE, "該当なし": _NONE,
    "***": _NONE,
    "x": _SECRET, "X": _SECRET, "秘匿": _SECRET,
    "...": _UNKNOWN, "..": _UNKNOWN, "・・・": _UNKNOWN, "不詳": _UNKNOWN,
    "*": ("記号 *（ファイルの凡例を参照）", "marked * (see the file's legend)"),
}


class Marker(NamedTuple):
    """One cell that held a symbol instead of a number (see :func:`marker_table`)."""

    row: int
    line: int
    column: str
    marker: str
    reason_ja: str
    reason_en: str


class _Markers(tuple):
    """Marker records kept in ``df.attrs``. Immutable, so pandas' deep copies can share it."""

    def __deepcopy__(self, memo):
        return self


def _norm(cell: str) -> str:
    return unicodedata.normalize("NFKC", cell).strip()


def _number(cell: str):
    """The number in a cell ("1,234", "１，２３４", "△5", "-0.5"), or None."""
    m = _NUMBER.match(_SIGN_SPACE.sub(r"\1", _norm(cell)))
    if not m:
        return None
    digits = m["int"].replace(",", "")
    value = float(digits + m["frac"]) if m["frac"] else int(digits)
    return -value if m["sign"] in ("-", "△", "▲", "−") else value


def _reason_en(ja: str) -> str:
    if "秘匿" in ja:
        return _SECRET[1]
    if "当該数値がない" in ja or "該当数値" in ja or "該当なし" in ja:
        return _NONE[1]
    if "不詳" in ja or "得られない" in ja:
        return _UNKNOWN[1]
    return f"see the file's legend: {ja}"


def _legend(meta_rows: list[list[str]]) -> dict[str, tuple[str, str]]:
    """Symbols explained above the table, e.g. e-Stat's ``"***","当該数値がないもの"``."""
    found = {}
    for row in meta_rows:
        cells = [c for c in row if c]
        if len(cells) == 2:
            key = _norm(cells[0])
            if key in _DEFAULT_MARKERS or re.fullmatch(r"[*#†※]{1,3}", key):
                for k in ("x", "X") if key in ("x", "X") else (key,):
                    found[k] = (cells[1], _reason_en(cells[1]))
    return found


# --------------------------------------------------------------------------------------------
# area codes
# --------------------------------------------------------------------------------------------


_ESTAT_AREA = re.compile(r"\d{4}[A-Z]")
_AREA_WORDS = ("市区町村", "市町村", "団体", "自治体", "地域", "地方公共", "area", "city", "municipal")


def _code_score(name: str) -> int:
    """How clearly a column name says 'area code' (0 = not at all)."""
    n = re.sub(r"[\s_]", "", unicodedata.normalize("NFKC", name)).lower()
    if n in ("code", "code5", "code6", "lgcode", "areacode", "団体コード"):
        return 3
    if "メッシュ" in n or "mesh" in n or not ("コード" in n or "code" in n):
        return 0
    if any(w in n for w in _AREA_WORDS):
        return 2
    return 1 if ("都道府県" in n or "pref" in n or n in ("コード", "cd")) else 0


def _normalise_codes(values: list[str], lines: list[int], column: str):
    """5-digit codes (and the 6-digit ones if given); None when the values are no area codes at all.

    Raises InvalidCodeError (naming the line) for values that cannot be municipality codes.
    """
    digits = [_norm(v).upper() for v in values]
    filled = [(d, ln) for d, ln in zip(digits, lines) if d]
    if not filled:
        return None
    # e-Stat names former municipalities with a letter at the end ("0120B" = 旧函館市): keep those
    bad = next(((d, ln) for d, ln in filled if not d.isdigit() and not _ESTAT_AREA.fullmatch(d)), None)
    longest = max(len(d) for d, _ in filled)
    if bad is None and longest not in (4, 5, 6):  # e.g. 2-digit prefecture codes, 8-digit mesh codes
        return None
    if bad is None:
        six = longest == 6
        code5, code6 = [], []
        for d, ln in zip(digits, lines):
            if not d or _ESTAT_AREA.fullmatch(d):
                code5.append(d or None)
                code6.append(None)
                continue
            width = 6 if six else 5
            if len(d) < width - 1 and d != "0":
                raise InvalidCodeError(
                    f"{ln} 行目: 列「{column}」の {d!r} は団体コードとして短すぎます（{width}桁のはずです）。"
                    "ファイルを確かめるか、code_column=False でコードの変換をやめてください。",
                    f"Line {ln}: {d!r} in column {column!r} is too short for a municipality code "
                    f"({width} digits expected). Check the file, or pass code_column=False.",
                    line=ln,
                )
            d = d.zfill(width)
            if six:
                expected = check_digit(d[:5])
                if d[5] != expected:
                    raise InvalidCodeError(
                        f"{ln} 行目: 団体コード {d} の検査数字（6桁目）が合いません。"
                        f"{d[:5]} の6桁コードは {d[:5]}{expected} です。ファイルの値を確かめてください。",
                        f"Line {ln}: the check digit (6th digit) of municipality code {d} is wrong; "
                        f"the 6-digit code of {d[:5]} is {d[:5]}{expected}. Check the value in the file.",
                        line=ln,
                    )
            code5.append(d[:5])
            code6.append(d if six else None)
        return code5, (code6 if six else None)
    d, ln = bad
    raise InvalidCodeError(
        f"{ln} 行目: 列「{column}」の {d!r} は団体コード（5桁か6桁の数字）として読めません。"
        "ファイルを確かめるか、code_column=False でコードの変換をやめてください。",
        f"Line {ln}: {d!r} in column {column!r} is not a municipality code (5 or 6 digits). "
        "Check the file, or pass code_column=False.",
        line=ln,
    )


_COMBINED = re.compile(r"^(\d{5,6})(?:[_:]\s*|\s+)(\S.*)$")


# --------------------------------------------------------------------------------------------
# reading the raw rows
# --------------------------------------------------------------------------------------------


def _read_source(path) -> tuple[str, bytes]:
    if isinstance(path, (bytes, bytearray, memoryview)):
        return "<bytes>", bytes(path)
    if hasattr(path, "read"):
        data = path.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        return str(getattr(path, "name", "<file>")), bytes(data)
    if not isinstance(path, (str, PathLike)):
        raise ChiikiLabTypeError(
            f"ファイルの場所（文字列か Path）を渡してください（受け取った値の型: {type(path).__name__}）。",
            f"Give the file's path as a string or Path (got a {type(path).__name__}).",
        )
    p = Path(path)
    if not p.is_file():
        raise SourceFileNotFoundError(
            f"ファイル {str(p)!r} が見つかりません。今いるフォルダは {str(Path.cwd())!r} です。"
            "ファイル名とフォルダを確かめてください。",
            f"File {str(p)!r} not found. The current folder is {str(Path.cwd())!r}; "
            "check the file name and folder.",
        )
    return str(p), p.read_bytes()


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """Decode with the given encoding, else UTF-8 (BOM → "utf-8-sig"), UTF-16 by BOM, else CP932."""
    if encoding:
        tries = [encoding]
    elif data.startswith(codecs.BOM_UTF8):
        tries = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        tries = ["utf-16"]
    else:
        tries = ["utf-8", "cp932"]
    error = None
    for enc in tries:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as e:
            error = e
        except LookupError:
            raise ChiikiLabValueError(
                f"encoding={encoding!r} という文字コードはありません。'cp932' や 'utf-8' を指定してください。",
                f"There is no encoding {encoding!r}. Use e.g. 'cp932' or 'utf-8'.",
            ) from None
    line = data[: error.start].count(b"\n") + 1
    names = " / ".join(tries)
    raise ChiikiLabValueError(
        f"{line} 行目: 文字コードを読み取れません（{names} のどれでもありません）。"
        "Excel で開いて「CSV UTF-8」で保存し直すか、encoding= で文字コードを指定してください。",
        f"Line {line}: cannot decode the text (it is none of {names}). "
        "Save it again from Excel as 'CSV UTF-8', or give the encoding with encoding=.",
        line=line,
    ) from None


def _csv_rows(text: str, sep: str | None) -> tuple[list[list[str]], list[int]]:
    """Rows of stripped cells and the line each row starts on."""
    if sep is None:
        head = [ln for ln in text.splitlines()[:30] if ln.strip()]
        sep = "\t" if sum(ln.count("\t") for ln in head) > sum(ln.count(",") for ln in head) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows, lines = [], []
    start = 1
    try:
        for row in reader:
            rows.append([c.strip() for c in row])
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as e:
        raise ChiikiLabValueError(
            f"{start} 行目: CSV として読めません（{e}）。引用符（\"）が閉じられているか確かめてください。",
            f"Line {start}: not valid CSV ({e}). Check that every quote (\") is closed.",
            line=start,
        ) from None
    return rows, lines


def _xlsx_rows(data: bytes, sheet) -> tuple[list[list[str]], list[int]]:
    try:
        import openpyxl
    except ImportError:
        raise ChiikiLabEnvironmentError(
            "Excel ファイル（.xlsx）を読むには openpyxl が必要です（pip install openpyxl）。"
            "または Excel で開いて「CSV UTF-8」で保存してから読んでください。",
            "Reading Excel files (.xlsx) needs openpyxl (pip install openpyxl); "
            "or save the sheet as 'CSV UTF-8' from Excel and read that.",
        ) from None
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = book.sheetnames
        if sheet is None:
            sheet = names[0]
        elif isinstance(sheet, int) and 0 <= sheet < len(names):
            sheet = names[sheet]
        if sheet not in names:
            raise ChiikiLabValueError(
                f"シート {sheet!r} はありません。あるシート: {'、'.join(names)}。",
                f"There is no sheet {sheet!r}. Sheets: {', '.join(names)}.",
            )
        rows = [[_cell_text(v) for v in row] for row in book[sheet].iter_rows(min_row=1, values_only=True)]
    finally:
        book.close()
    return rows, list(range(1, len(rows) + 1))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


# --------------------------------------------------------------------------------------------
# finding the table
# --------------------------------------------------------------------------------------------


def _extent(row: list[str]) -> int:
    """Number of cells up to the last non-empty one."""
    n = len(row)
    while n and not row[n - 1]:
        n -= 1
    return n


def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c)


def _is_value(cell: str) -> bool:
    return _number(cell) is not None or _norm(cell) in _DEFAULT_MARKERS


def _is_label(cell: str) -> bool:
    return bool(cell) and (_number(cell) is None or re.fullmatch(r"\d{4}", cell) is not None) \
        and _norm(cell) not in _DEFAULT_MARKERS


def _estat_code_row(row: list[str]) -> bool:
    return any(c.startswith("/") and c.endswith("コード") for c in row)


def _find_header(rows: list[list[str]]) -> int | None:
    """Index of the first row with enough labels that is followed by a row of values under them."""
    filled = [i for i, r in enumerate(rows) if any(r)]
    if not filled:
        return None
    widths = Counter(_extent(rows[i]) for i in filled)
    width = max(widths, key=lambda w: (widths[w], w))
    need = max(2, -(-width // 3))
    for i, nxt in pairwise(filled):
        row, after = rows[i], rows[nxt]
        if _filled(row) < need or _filled(after) < need or _estat_code_row(row):
            continue
        if any(_is_label(c) and j < len(after) and _is_value(after[j]) for j, c in enumerate(row)):
            return i
    return next((i for i in filled if _filled(rows[i]) >= need), None)


def _super_rows(rows: list[list[str]], h: int) -> list[int]:
    """Header rows above the main one: e-Stat "/…" label rows, or the upper rows of a merged header.

    An upper row is taken when the main header has gaps or repeated names, the row has two or more
    labels, no numbers, and a label above a column of numbers. Blank rows in between are skipped.
    """
    header = rows[h][: _extent(rows[h])]
    labels = [c for c in header if c]
    needs_more = len(labels) < len(header) or len(set(labels)) < len(labels)
    first_data = next((r for r in rows[h + 1:] if any(r)), [])
    value_columns = [j for j, c in enumerate(first_data) if c and _is_value(c)]
    found: list[int] = []
    i = h - 1
    while i >= 0 and len(found) < 3:
        row = rows[i]
        if not any(row) or _estat_code_row(row):
            i -= 1
            continue
        upper = (needs_more and _filled(row) >= 2 and not any(_number(c) is not None for c in row)
                 and any(j < len(row) and row[j] for j in value_columns))
        if upper or any(c.startswith("/") for c in row):
            found.insert(0, i)
            i -= 1
            continue
        break
    return found


def _column_names(rows: list[list[str]], header_rows: list[int], width: int) -> list[str]:
    layers = []
    for k, i in enumerate(header_rows):
        row = [re.sub(r"\s*\n\s*", "", c) for c in (rows[i] + [""] * width)[:width]]
        if k < len(header_rows) - 1:  # cells merged across columns: carry the label to the right
            last = ""
            for j, c in enumerate(row):
                row[j] = last = c or last
        layers.append(row)
    names = []
    for j in range(width):
        parts: list[str] = []
        for layer in layers:
            p = layer[j]
            if p and not p.startswith("/") and p not in parts:
                parts.append(p)
        names.append("_".join(parts))
    return names


def _dedupe(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for n in names:
        out.append(n if not seen[n] else f"{n}.{seen[n]}")
        seen[n] += 1
    return out


def _header_from_arg(header_row, lines: list[int]) -> list[int]:
    wanted = [header_row] if isinstance(header_row, int) else list(header_row)
    out = []
    for line in wanted:
        if not isinstance(line, int) or isinstance(line, bool) or line not in lines:
            raise ChiikiLabValueError(
                f"header_row={header_row!r}: {line!r} 行目はファイルにありません"
                f"（1〜{lines[-1] if lines else 0} 行目。テキストエディタで見える行番号で指定します）。",
                f"header_row={header_row!r}: the file has no line {line!r} "
                f"(lines 1–{lines[-1] if lines else 0}, counted as a text editor shows them).",
            )
        out.append(lines.index(line))
    return sorted(out)


def _body(rows: list[list[str]], lines: list[int], h: int, width: int):
    """The data rows below header row ``h`` as (line, cells), and the notes below the table."""
    body = [(lines[i], rows[i]) for i in range(h + 1, len(rows)) if any(rows[i])]
    notes: list[str] = []
    while body and width >= 3 and _filled(body[-1][1]) == 1 and body[-1][1][0] and not _is_value(body[-1][1][0]):
        notes.insert(0, body.pop()[1][0])
    if not body:
        raise ChiikiLabValueError(
            f"{lines[h]} 行目を見出しとして読みましたが、その下にデータの行がありません。"
            "header_row= で見出しの行番号を指定してください。",
            f"Read line {lines[h]} as the header, but no data rows follow it. "
            "Give the header's line number with header_row=.",
        )
    for line, row in body:
        if len(row) < width:
            n = len(row)
        elif _extent(row) > width:  # empty cells beyond the header are fine (Excel padding)
            n = _extent(row)
        else:
            continue
        raise ChiikiLabValueError(
            f"{line} 行目: 列の数が {width} つのはずが {n} つあります"
            f"（見出しは {lines[h]} 行目として読みました）。数値の桁区切りのカンマ（1,234）が"
            "引用符（\"）で囲まれていないか、区切りの「,」が多すぎたり足りなかったりしないか確かめてください。",
            f"Line {line}: expected {width} columns but found {n} (the header was read from line "
            f"{lines[h]}). Check for thousands separators (1,234) without quotes (\") and for "
            "extra or missing commas.",
            line=line,
        )
    return body, notes


def _westernize_names(names: list[str]) -> tuple[list[str], dict[str, str]]:
    """Column names with 和暦 turned Western (the era carries over: 平成30年度, 令和元年度, 2年度)."""
    renamed: dict[str, str] = {}
    era = None
    new_names: list[str] = []
    for name in names:
        new, era, fiscal = _westernize_label(name, era)
        if new != name:
            if new in new_names or new in names:
                new = f"{new}年度" if fiscal else f"{new}年"
            renamed[new] = name
        new_names.append(new)
    return _dedupe(new_names), renamed


def _find_codes(values: dict[str, list[str]], lines: list[int], code_column):
    """(column name, (code5, code6 or None), names split from "10425_嬬恋村" cells or None)."""
    if code_column is False:
        return None, None, None
    if code_column is not None:
        if code_column not in values:
            raise ChiikiLabValueError(
                f"code_column={code_column!r} という列はありません。列: {'、'.join(values)}。",
                f"There is no column {code_column!r}. Columns: {', '.join(values)}.",
            )
        codes = _normalise_codes(values[code_column], lines, code_column)
        if codes is None:
            raise InvalidCodeError(
                f"列「{code_column}」は団体コード（5桁か6桁の数字）の列に見えません。",
                f"Column {code_column!r} does not hold municipality codes (5 or 6 digits).",
            )
        return code_column, codes, None
    error = None
    scored = sorted((-_code_score(n), k, n) for k, n in enumerate(values) if _code_score(n))
    for _, _, name in scored:
        try:
            codes = _normalise_codes(values[name], lines, name)
        except InvalidCodeError as e:
            error = error or (e if _code_score(name) >= 2 else None)
            continue
        if codes:
            return name, codes, None
    for name, cells in values.items():
        parts = [_COMBINED.match(_norm(c)) if c else None for c in cells]
        if any(parts) and all(p or not c for p, c in zip(parts, cells)):
            codes = _normalise_codes([p[1] if p else "" for p in parts], lines, name)
            if codes:
                return name, codes, [p[2] if p else None for p in parts]
    if error is not None:
        raise error
    return None, None, None


# --------------------------------------------------------------------------------------------
# the public reader
# --------------------------------------------------------------------------------------------


def read_estat(path, *, header_row=None, encoding: str | None = None, sep: str | None = None,
               sheet=None, code_column=None) -> "pandas.DataFrame":
    """Read a statistics file downloaded from e-Stat, 統計局 or a municipal open-data portal.

    ``path`` is a CSV/TSV file (UTF-8, UTF-8 with BOM or CP932/Shift_JIS, detected) or an ``.xlsx``
    file (needs openpyxl); the bytes of such a file (e.g. from a Jupyter upload widget) work too.

    Options: ``header_row`` — line number of the header as a text editor or Excel shows it (1 = first
    line), or several numbers for a header of several rows; found automatically when not given.
    ``encoding`` — e.g. ``"cp932"`` to skip detection. ``sep`` — the separator (default: comma, or tab
    when the file uses tabs). ``sheet`` — sheet name or 0-based number in an ``.xlsx`` file.
    ``code_column`` — the area-code column's name (default: found by its name, such as 地域 コード,
    団体コード, 市区町村コード, area_code), or ``False`` to leave codes as they are.

    Returns a DataFrame with numeric columns as numbers, the area code as ``code`` (5-digit string;
    ``code6`` too when the file had 6-digit codes) and 和暦 turned into Western years. Symbols in
    number columns (``-``, ``…``, ``x``, ``***`` …) become missing values; :func:`marker_table` lists
    them with their reasons. ``df.attrs["chiiki_lab"]`` records the source, encoding, header line,
    the lines above the table (``metadata``), notes below it (``notes``) and renamed columns.
    A file that cannot be read raises :class:`~chiiki_lab.errors.ChiikiLabValueError` naming the line.

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

    source, data = _read_source(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ChiikiLabValueError(
            "古い Excel 形式（.xls）は読めません。Excel で開いて .xlsx か「CSV UTF-8」で保存し直してください。",
            "Old Excel files (.xls) cannot be read. Open it in Excel and save it as .xlsx or 'CSV UTF-8'.",
        )
    if data.startswith(b"PK\x03\x04"):
        rows, lines = _xlsx_rows(data, sheet)
        enc = None
    else:
        text, enc = _decode(data, encoding)
        rows, lines = _csv_rows(text, sep)

    if header_row is None:
        h = _find_header(rows)
        if h is None:
            raise ChiikiLabValueError(
                "表の見出し行が見つかりません（ファイルが空か、数値の表ではないようです）。"
                "header_row= で見出しの行番号を指定してください。",
                "No header row found (the file is empty or holds no table of numbers). "
                "Give the header's line number with header_row=.",
            )
        header_rows = _super_rows(rows, h) + [h]
    else:
        header_rows = _header_from_arg(header_row, lines)
        h = header_rows[-1]
    width = len(rows[h])
    names = _column_names(rows, header_rows, width)
    metadata = [" ".join(c for c in r if c) for r in rows[: header_rows[0]] if any(r) and not _estat_code_row(r)]
    legend = _legend(rows[: header_rows[0]])

    body, notes = _body(rows, lines, h, width)
    body_lines = [ln for ln, _ in body]
    columns = {j: [row[j] if j < len(row) else "" for _, row in body] for j in range(width)}

    # drop empty unnamed columns (Excel padding, e-Stat's "/年齢" column)
    keep = [j for j in range(width) if names[j] or any(columns[j])]
    names, renamed = _westernize_names([names[j] or f"Unnamed: {j}" for j in keep])
    values = {name: columns[j] for name, j in zip(names, keep)}
    code_name, codes, combined = _find_codes(values, body_lines, code_column)

    out: dict[str, list] = {}
    markers: list[Marker] = []
    for name, cells in values.items():
        if name == code_name:
            code5, code6 = codes
            out["code"] = code5
            renamed["code"] = name
            if code6 is not None:
                out["code6"] = code6
            if combined is not None:
                label = "name" if "name" not in values else name
                out[label] = combined
            continue
        out[name] = _convert_column(name, cells, body_lines, legend, markers)

    order = {name: k for k, name in enumerate(out)}
    markers.sort(key=lambda m: (m.row, order[m.column]))
    frame = pd.DataFrame({name: _as_series(pd, col) for name, col in out.items()})
    frame.attrs["chiiki_lab"] = {
        "name": Path(source).name,
        "source": source,
        "encoding": enc,
        "header_line": lines[h],
        "metadata": metadata,
        "notes": notes,
        "renamed_columns": renamed,
    }
    frame.attrs["markers"] = _Markers(markers)
    return frame


def _convert_column(name: str, cells: list[str], lines: list[int], legend: dict, markers: list):
    """Turn one column's cells into years, numbers (recording markers) or text."""
    filled = {c for c in cells if c}
    normed = [_norm(c) for c in filled]
    identifier = ("コード" in name or "code" in name.lower()
                  or any(re.fullmatch(r"0\d+", c) for c in normed))
    # years: "令和2年", "2020年", "R2" (letters only under a header that speaks of years)
    yearish = re.search(r"年|year|時点|時間軸", name, re.IGNORECASE) or all(_ERA_WORD.search(c) for c in normed)
    if filled and not identifier and yearish and any(not re.fullmatch(r"[-+]?[\d,.]+", c) for c in normed):
        years, era = [], None
        try:
            for c in cells:
                if c:
                    year, era, _ = _parse_year(c, era)
                    years.append(year)
                else:
                    years.append(None)
            return years
        except ChiikiLabValueError:
            pass
    if filled and not identifier:
        known = {**_DEFAULT_MARKERS, **legend}
        parsed = {c: _number(c) for c in filled}
        if all(parsed[c] is not None or _norm(c) in known for c in filled):
            numbers = [parsed[c] if c else None for c in cells]
            for row, (c, line) in enumerate(zip(cells, lines)):
                if c and numbers[row] is None:
                    ja, en = known[_norm(c)]
                    markers.append(Marker(row, line, name, c, ja, en))
            return numbers
    return [c or None for c in cells]


def _as_series(pd, values: list):
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {int, float}:
        if float in kinds:
            return pd.Series(values, dtype="float64")
        return pd.Series(values, dtype="Int64" if None in values else "int64")
    if not kinds and values:  # a column with only markers or empty cells
        return pd.Series(values, dtype="Int64")
    return pd.Series(values)


def marker_table(df: "pandas.DataFrame") -> "pandas.DataFrame":
    """The cells of ``df`` that held a symbol instead of a number, with the reason.

    One row per cell: ``row`` (index label in ``df``), ``line`` (line in the file), ``column``,
    ``marker`` (as written), ``reason`` (in the current language), ``reason_ja``, ``reason_en``, and
    ``code`` when ``df`` has one. Rows or columns dropped from ``df`` since reading are left out.
    Reasons come from the file's own legend when it has one (e-Stat's ``"***","当該数値がないもの"``),
    else: x/X 秘匿, -/－ 該当数値なし, …/.../・・・ 不詳, *** 該当数値なし.

    >>> from chiiki_lab.io import read_estat, marker_table
    >>> df = read_estat("地区,事業所数\\nA地区,x\\nB地区,12\\n".encode())
    >>> marker_table(df)[["row", "column", "marker", "reason_ja", "reason_en"]]
       row column marker reason_ja                  reason_en
    0    0   事業所数      x        秘匿  suppressed (confidential)
    """
    import pandas as pd

    table = pd.DataFrame(list(df.attrs.get("markers", ())), columns=list(Marker._fields))
    table = table[table["row"].isin(df.index) & table["column"].isin(df.columns)].reset_index(drop=True)
    table.insert(4, "reason", table["reason_en"] if tr("ja", "en") == "en" else table["reason_ja"])
    if "code" in df.columns:
        table.insert(0, "code", df.loc[table["row"], "code"].to_numpy() if len(table) else [])
    return table
