"""Read statistics files that users download themselves: e-Stat, ministries, municipal open data.

:func:`read_estat` turns such a file into a tidy pandas DataFrame:

* the kind of file is told from its bytes: CSV/TSV/TXT (UTF-8 with or without BOM, CP932 — the
  Windows form of Shift_JIS — or UTF-16), Excel ``.xlsx`` and the old ``.xls``, OpenDocument ``.ods``,
  a ZIP holding one CSV/TXT (e-Stat's 地域メッシュ downloads); HTML saved as ``.xls``, PDFs, images,
  password-protected, truncated and empty files get a Japanese error that says what the file is;
* the table is found: title, key/value (統計名：…), legend and unit lines above it go to
  ``df.attrs``, header rows are joined into names (``人口_総数``, e-Stat's code/label header blocks,
  merged cells carried to the right within their span, line breaks and layout spaces removed),
  one-cell section lines (「(1)平成27(2015)年」) become a ``区分`` column, notes below are set aside,
  and a second table in the same sheet is found too (``table=``, :func:`read_estat_sheets`);
* numbers are parsed: ``"1,234"``, full-width ``"１，２３４"``, ``"△1,234"`` / ``"▲1,234"`` (minus);
* symbols such as ``-`` ``…`` ``x`` ``***`` ``*`` become missing values, **with the reason kept**
  (see :func:`marker_table`; ``markers="zero"`` reads the nil marker as 0);
* 和暦 years (``令和2年``, ``平成27年度``, ``R2``, ``令和元年`` …) become Western years, in values and in
  column names; an era written only on a column's first row is carried down, also past the era's end;
* the area-code column becomes ``code``, a 5-digit string (6-digit codes are checked and reduced and
  kept as ``code6``; codes that lost their leading zero in Excel, such as ``1100`` or ``11002``, get
  it back; SSDSE's ``R01100`` and 「01100_札幌市」 cells are understood), and every code is checked
  against the bundled code list and its history: merged-away codes get a note, codes that name no
  municipality (市部・郡部, 特別区部 …) are left as they are and reported;
* :func:`summary` says in a few Japanese lines what was guessed (printed by itself in Jupyter),
  and one argument fixes a wrong guess: ``header_row=``, ``code_column=``, ``sheet=`` or ``table=``.

Excel engine: python-calamine (Rust) reads .xlsx, .xls and .ods with one API. On the 5 MB .xls and
its 4.5 MB .xlsx twin of ``benchmarks/bench_read.py`` (a shared 2-core machine at load ≈ 10, so absolute
times are inflated), loading every cell took 1.1 s with calamine against 7.4 s with xlrd for the
.xls, and 4.9 s with calamine against 78 s with openpyxl (read-only mode) for the .xlsx; xlrd
reads no .xlsx and openpyxl no .xls, and neither reads .ods. So one engine, several times faster,
covers every format learners bring; openpyxl and xlrd remain only as independent readers in tests.

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
import zipfile
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .codes import check_digit
from .errors import (
    ChiikiLabTypeError,
    ChiikiLabValueError,
    InvalidCodeError,
    SourceFileNotFoundError,
)
from .i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Marker", "Summary", "marker_table", "read_estat", "read_estat_sheets", "summary", "to_long",
           "to_western_year"]


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


@lru_cache(maxsize=4096)
def _parse_year(text: str, era: str | None = None, lenient: bool = False) -> tuple[int, str | None, bool]:
    """Parse one year expression; return (Western year, era used, is fiscal year).

    ``lenient`` lets a year run past its era's end, as older projections write it (平成52年 = 2040).
    """
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    paren = _PAREN.match(s)
    if paren:  # "2020年(令和2年)" or "令和2年(2020年)": both halves must agree
        main = paren["main"] + (paren["tail"] or "")
        year, used, fiscal = _parse_year(main, era, lenient)
        inner, _, inner_fiscal = _parse_year(paren["inner"], used, lenient)
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
    if number == 0 or (last is not None and number > last and not lenient):
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
_NUMBER = re.compile(r"^(?P<sign>[-+△▲−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<exp>[eE][-+]?\d+)?$")

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


@lru_cache(maxsize=1 << 16)
def _norm(cell: str) -> str:
    return unicodedata.normalize("NFKC", cell).strip()


@lru_cache(maxsize=1 << 17)  # cells repeat a lot; tables have up to millions of them
def _number(cell: str):
    """The number in a cell ("1,234", "１，２３４", "△5", "-0.5"), or None."""
    if cell.isascii() and cell.isdigit():
        return int(cell)
    text = _norm(cell)
    if text[:1] in "-+△▲−":
        text = _SIGN_SPACE.sub(r"\1", text)
    m = _NUMBER.match(text)
    if not m:
        return None
    digits = m["int"].replace(",", "")
    value = float(digits + (m["frac"] or "") + (m["exp"] or "")) if m["frac"] or m["exp"] else int(digits)
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
    clean = {v: _norm(v).upper() for v in set(values)}
    clean = {v: "" if d in _DEFAULT_MARKERS or d in _EMPTY_WORDS else d for v, d in clean.items()}  # 「-」 on 合計
    distinct = {d for d in clean.values() if d}
    if not distinct:
        return None
    prefixes = {d[0] for d in distinct if _LETTER_CODE.fullmatch(d)}
    if len(prefixes) == 1 and all(_LETTER_CODE.fullmatch(d) or _DIGIT_CODE.fullmatch(d) for d in distinct):
        clean = {v: d[1:] if d[:1].isalpha() else d for v, d in clean.items()}  # SSDSE writes "R01100"
    digits = [clean[v] for v in values]
    filled = [(d, ln) for d, ln in zip(digits, lines) if d]
    # e-Stat names former municipalities with a letter at the end ("0120B" = 旧函館市): keep those
    words = [d for d, _ in filled if not d.isdigit() and not re.search(r"\d", d)]
    trailing = len(words) <= 3 and all(not re.search(r"\d", d) for d, _ in filled[-len(words):]) if words else False
    if trailing and len(filled) >= 20:  # 「全国市町村平均」 rows below the codes
        digits = ["" if d in words else d for d in digits]
        filled = [(d, ln) for d, ln in filled if d not in words]
        if not filled:
            return None
    odd = {d for d, _ in filled if not d.isdigit() and not _ESTAT_AREA.fullmatch(d)}
    bad = next(((d, ln) for d, ln in filled if d in odd), None) if odd else None
    longest = max(len(d) for d in {d for d, _ in filled})
    if bad is None and longest not in (4, 5, 6):  # e.g. 2-digit prefecture codes, 8-digit mesh codes
        return None
    if bad is None:
        six = longest == 6 or _six_without_zero(sorted({d for d, _ in filled}))
        code5, code6 = [], []
        done: dict = {}  # codes repeat (one row per sex, year …): convert each once
        for d, ln in zip(digits, lines):
            if d in done:
                code5.append(done[d][0])
                code6.append(done[d][1])
                continue
            raw = d
            if not d or _ESTAT_AREA.fullmatch(d):
                done[d] = (d or None, None)
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
            done[raw] = (d[:5], d if six else None)
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


_EMPTY_WORDS = {"<NA>", "NA", "NAN", "NULL", "NONE"}
_LETTER_CODE = re.compile(r"[A-Z]\d{5,6}")
_DIGIT_CODE = re.compile(r"\d{5,6}")


def _six_without_zero(codes: list[str]) -> bool:
    """6-digit codes whose leading zero Excel dropped ("11002" = 札幌市 011002): every check digit fits."""
    if len(codes) < 5 or not any(len(c) == 5 and c[0] != "0" for c in codes):
        return False
    return all(c.isdigit() and len(c) in (5, 6) and c.zfill(6)[5] == check_digit(c.zfill(6)[:5]) for c in codes)


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
            rows.append(list(map(str.strip, row)))
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as e:
        raise ChiikiLabValueError(
            f"{start} 行目: CSV として読めません（{e}）。引用符（\"）が閉じられているか確かめてください。",
            f"Line {start}: not valid CSV ({e}). Check that every quote (\") is closed.",
            line=start,
        ) from None
    return rows, lines


# File kinds recognised from their first bytes, whatever the file name says.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and also password-protected .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OTHER_BINARIES = {
    b"%PDF": ("PDF", "PDF の表は読めません。同じ統計の Excel か CSV を探してダウンロードしてください",
              "tables in a PDF cannot be read; download the same statistics as Excel or CSV"),
    b"PAR1": ("Parquet", "pandas.read_parquet で読んでください", "read it with pandas.read_parquet"),
    b"\x89PNG": ("PNG 画像", "表の画像は読めません", "an image of a table cannot be read"),
    b"\xff\xd8\xff": ("JPEG 画像", "表の画像は読めません", "an image of a table cannot be read"),
    b"\x1f\x8b": ("gzip 圧縮ファイル", "展開してから読んでください", "decompress it first"),
}


def _bad_file(name: str, what_ja: str, what_en: str, do_ja: str, do_en: str) -> ChiikiLabValueError:
    return ChiikiLabValueError(f"{name} は{what_ja}。{do_ja}。", f"{name} is {what_en}. {do_en}.")


def _sniff(data: bytes, name: str) -> str:
    """"xls", "xlsx", "ods", "zip-text" or "text"; a Japanese error for files no reader can take."""
    head = data[:4096]
    if not data.strip():
        raise _bad_file(name, "空のファイルです（中身がありません）", "an empty file",
                        "ダウンロードが途中で止まったかもしれません。もう一度ダウンロードしてください",
                        "The download may have stopped early; download it again")
    if head.startswith(_OLE2):
        if _ENCRYPTED in data[:65536] or _ENCRYPTED in data[-65536:]:
            raise _bad_file(name, "パスワードで保護された Excel ファイルです", "a password-protected Excel file",
                            "Excel でパスワードを外して保存し直すか、配布元にパスワードなしの版を頼んでください",
                            "Remove the password in Excel and save it again, or ask for an unprotected copy")
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
                mimetype = z.read("mimetype") if "mimetype" in names else b""
        except (zipfile.BadZipFile, EOFError, KeyError, ValueError):
            raise _bad_file(name, "途中で切れているか壊れた Excel（ZIP 形式）ファイルです",
                            "a truncated or damaged Excel (ZIP) file",
                            "もう一度ダウンロードしてください", "Download it again") from None
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return "ods"
        tables = [n for n in names if n.lower().endswith((".csv", ".txt", ".tsv"))]
        if len(tables) == 1:
            return "zip-text"
        listing = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
        raise _bad_file(name, f"ZIP 圧縮ファイルです（中身: {listing}）", f"a ZIP archive (holding {listing})",
                        "展開して、中の CSV か Excel ファイルを読んでください", "Unpack it and read the CSV or Excel file inside")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in stripped[:512]:
        raise _bad_file(name, "Excel や CSV ではなく Web ページ（HTML）です", "a web page (HTML), not Excel or CSV",
                        "ダウンロードのリンクではなくページを保存したようです。ダウンロード用のボタンから保存し直してください",
                        "The page was saved instead of the file; save it again from the download button")
    for magic, (kind, do_ja, do_en) in _OTHER_BINARIES.items():
        if head.startswith(magic):
            raise _bad_file(name, f"{kind}のファイルです（表のテキストでも Excel でもありません）",
                            f"a {kind} file, neither text nor Excel", do_ja, do_en)
    if b"\x00" in head and not _utf16_guess(head):
        raise _bad_file(name, "テキストでも Excel でもないファイル（バイナリ）です", "a binary file, neither text nor Excel",
                        "ダウンロードした形式を確かめて、CSV か Excel（.xlsx/.xls）を選び直してください",
                        "Check the format you downloaded and choose CSV or Excel (.xlsx/.xls)")
    return "text"


def _utf16_guess(head: bytes) -> str | None:
    """"utf-16" (BOM), "utf-16-le"/"utf-16-be" for UTF-16 text without a byte-order mark, else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[: min(len(head), 2000) // 2 * 2]
    if b"\x00" not in sample:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if re.search(r"[\n,\t]", text) and not re.search(r"[\x00-\x08\x0e-\x1f]", text):
            return encoding
    return None


def _zip_text(data: bytes) -> tuple[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        member = next(n for n in z.namelist() if n.lower().endswith((".csv", ".txt", ".tsv")))
        return member, z.read(member)


class _Book:
    """An Excel/ODS workbook read with python-calamine: sheet names and each sheet's rows as text."""

    def __init__(self, data: bytes, name: str):
        from python_calamine import CalamineWorkbook

        self.name = name
        self._rows: dict = {}
        try:
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            self.sheet_names = list(self._book.sheet_names)
        except Exception as e:  # calamine raises its own types (PasswordError, XmlError, ZipError …)
            raise self._damaged(e) from None

    def _damaged(self, e: Exception) -> ChiikiLabValueError:
        if "password" in type(e).__name__.lower() or "encrypt" in str(e).lower():
            return _bad_file(self.name, "パスワードで保護された Excel ファイルです", "a password-protected Excel file",
                             "Excel でパスワードを外して保存し直してください", "Remove the password in Excel and save it again")
        return _bad_file(self.name, f"Excel ファイルとして読めません（壊れているか途中で切れています: {type(e).__name__}）",
                         f"not readable as an Excel file (damaged or truncated: {type(e).__name__})",
                         "もう一度ダウンロードするか、Excel で開いて保存し直してください",
                         "Download it again, or open it in Excel and save it again")

    def sheet_name(self, sheet) -> str:
        names = self.sheet_names
        if isinstance(sheet, int) and not isinstance(sheet, bool) and -len(names) <= sheet < len(names):
            return names[sheet]
        if sheet in names:
            return sheet
        raise ChiikiLabValueError(
            f"シート {sheet!r} はありません。あるシート: {'、'.join(names)}（番号は 0 から）。",
            f"There is no sheet {sheet!r}. Sheets: {', '.join(names)} (numbered from 0).",
        )

    def rows(self, sheet: str) -> list[list[str]]:
        if sheet not in self._rows:
            try:
                values = self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            except Exception as e:
                raise self._damaged(e) from None
            self._rows[sheet] = [list(map(_cell_text, row)) for row in values]
        return self._rows[sheet]


def _cell_text(value) -> str:
    kind = type(value)  # exact types first: this runs for every cell of a workbook
    if kind is str:
        return value.strip()
    if kind is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if kind is bool:
        return str(value)
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


@lru_cache(maxsize=1 << 17)
def _is_value(cell: str) -> bool:
    return _number(cell) is not None or _norm(cell) in _DEFAULT_MARKERS


def _estat_code_row(row: list[str]) -> bool:
    joined = "\x00".join(row)
    return "/" in joined and "コード" in joined and any(c.startswith("/") and c.endswith("コード") for c in row)


# CJK characters, kana and digits: a space between two of them is layout ("東　灘　区", "平 成 16 年")
_TIGHT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヶ0-9０-９]")


@lru_cache(maxsize=1 << 16)
def _squash(text: str) -> str:
    """Drop layout spaces inside short Japanese labels (「全　国」→「全国」), keep real word breaks.

    A space is dropped when it sits between two Japanese characters or digits and the piece before
    it is a single character (「人　口（1,000人）」) or both pieces are short (「16 年」), so
    「石川県 金沢市」 and 「人口総数　男」 keep their space.
    """
    text = re.sub(r"\s*\n\s*", "", text).strip()
    tokens = text.split()
    if len(tokens) < 2:
        return text
    out = tokens[0]
    for prev, tok in pairwise(tokens):
        tight = _TIGHT.match(prev[-1]) and _TIGHT.match(tok[0]) and (
            len(prev) == 1 or len(prev) + len(tok) <= 3 or (prev[-1].isdigit() and tok[0] in "年月日度歳"))
        out += tok if tight else " " + tok
    return out


_UNIT_WORD = r"(?:[0-9,]*\s*(?:千|万|百万|億|十億)?\s*(?:人|世帯|円|件|台|戸|トン|t|kg|%|‰|k㎡|㎢|km2|ha|人泊|事業所|所|校|床|人/k㎡))"
_UNIT_ONLY = re.compile(rf"^(?:\(\s*(?:単位\s*[:;]?\s*)?(?P<a>{_UNIT_WORD}(?:\s*,\s*{_UNIT_WORD})*)\s*\)|単位\s*[:;]\s*(?P<b>.+)|(?P<c>{_UNIT_WORD}))$")
_UNIT_IN_TEXT = re.compile(rf"\(\s*(?:単位\s*[:;]\s*)?({_UNIT_WORD})\s*\)|単位\s*[:;]\s*({_UNIT_WORD})|【({_UNIT_WORD})】")


def _unit_only(cell: str) -> str | None:
    """The unit when a cell holds nothing but a unit: 「（単位：人）」「（1,000人）」「（人）」「人」."""
    m = _UNIT_ONLY.match(re.sub(r"\s+", "", _norm(cell)))
    return (m["a"] or m["b"] or m["c"]) if m else None


def _unit_in(text: str) -> str | None:
    m = _UNIT_IN_TEXT.search(_norm(text))
    return next(g for g in m.groups() if g) if m else None


def _year_header(row: list[str]) -> bool:
    """A header of years written as numbers (「男性, 1965, 1970, …」「年度, 2020, 2020, …」)."""
    last = next((_number(c) for c in reversed(row) if c), None)
    if not (isinstance(last, int) and 1900 <= last <= 2100):  # most rows stop here
        return False
    numbers = [_number(c) for c in row if c and _number(c) is not None]
    if len(numbers) < 3 or not all(isinstance(v, int) and 1900 <= v <= 2100 for v in numbers):
        return False
    steps = [b - a for a, b in pairwise(numbers)]
    labels = [c for c in row if c and _number(c) is None]
    return all(s > 0 for s in steps) or all(s < 0 for s in steps) or any(
        re.search(r"年|year", c, re.IGNORECASE) for c in labels)


def _is_meta(row: list[str]) -> bool:
    """Title, key/value, legend and unit lines above a table."""
    cells = [c for c in row if c]
    if not cells:
        return False
    if re.search(r"[:：]$", cells[0]):  # e-Stat 「統計名：」「表番号：」
        return True
    if len(cells) == 2 and (_norm(cells[0]) in _DEFAULT_MARKERS or re.fullmatch(r"[*#†※]{1,3}", _norm(cells[0]))):
        return not _is_value(cells[1])  # a legend line: "***","当該数値がないもの"
    if len(cells) <= 3:
        squashed = [_squash(c) for c in cells]
        return (max(len(c) for c in squashed) >= 12 or "単位" in squashed[0]
                or (len(cells) == 1 and _unit_only(cells[0]) is not None)
                or bool(re.match(r"[☆★○●◆◇■□◎※]|第\s*\S{1,4}\s*表|表\s*\d", squashed[0])))
    return False


def _row_kind(row: list[str]) -> str:
    """"blank", "code" (e-Stat "/… コード" rows), "meta", "data" or "label"."""
    cells = list(filter(None, row))
    if not cells:
        return "blank"
    if len(cells) >= 4 and _is_value(cells[-1]) and _is_value(cells[-2]) and _is_value(cells[-3]) \
            and not _year_header(cells) and not _estat_code_row(cells):
        return "data"  # the bulk of a table: numbers at the end of the row
    values = sum(map(_is_value, cells))
    if _estat_code_row(row):
        return "code"
    if len(cells) <= 3 and _is_meta(row) and not sum(1 for c in cells if _number(c) is not None) >= 2:
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


def _find_tables(rows: list[list[str]], kinds: list[str], start: int = 0) -> list[_Table]:
    """Every table in a sheet: header rows above a run of data rows, title lines above them."""
    tables = []
    i = start
    n = len(rows)
    while i < n:
        d = next((k for k in range(i, n) if kinds[k] == "data"), None)
        if d is None:
            break
        header = _header_above(rows, kinds, d, floor=i)
        table = _body_below(rows, kinds, d, header, tables and tables[-1])
        tables.append(table)
        i = (max(table.body + table.notes) + 1) if table.body else d + 1
    return [t for t in tables if t.body]


def _header_above(rows, kinds, d: int, floor: int) -> list[int]:
    header: list[int] = []
    i = d - 1
    while i >= floor and kinds[i] == "blank":
        i -= 1
    if i >= floor and _filled(rows[i]) == 1 and _more_sections(rows, kinds, d, _first_filled(rows[i])):
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
        if kinds[k] in ("label", "meta") and _filled(rows[k]) == 1 and _first_filled(rows[k]) == column:
            nxt = next((m for m in range(k + 1, n) if kinds[m] != "blank"), None)
            if nxt is not None and kinds[nxt] == "data" and not _is_note(next(c for c in rows[k] if c)):
                return True
    return False


def _body_below(rows, kinds, d: int, header: list[int], previous) -> _Table:
    n = len(rows)
    body: list[int] = []
    sections: dict = {}
    notes: list[int] = []
    section = None
    section_column = None
    value_columns = {j for j, c in enumerate(rows[d]) if c and _is_value(c)}
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
                section = _squash(cells[0][1])
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
    if sections and header and _filled(rows[header[-1]]) == 1 and _first_filled(rows[header[-1]]) == section_column:
        first = _squash(next(c for c in rows[header[-1]] if c))
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
        wide += kinds[k] in ("label", "code") and _filled(rows[k]) >= 2
        k += 1
    return k < len(rows) and kinds[k] == "data" and wide >= 1 and k > i + 1


def _is_note(cell: str) -> bool:
    return bool(re.match(r"\s*(?:[（(]?注|資料|出典|出所|備考|※|\*|[0-9０-９]{1,2}[)）]|[a-zａ-ｚ][)）])", cell))


# item codes written above the Japanese labels (KEY_CODE, T001100001, A1101, SSDSE-A-2026)
_ITEM_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")


def _layers(rows: list[list[str]], header: list[int], width: int):
    """Column names from the header rows, and each column's unit and name parts.

    Labels of upper rows carry to the right over empty cells (merged cells); e-Stat "/…" cells and
    code rows are left out of the names; a cell holding only a unit becomes the column's unit.
    """
    label_rows = [i for i in header if not _estat_code_row(rows[i])]
    units: dict[int, str] = {}
    layers = []
    for k, i in enumerate(label_rows):
        row = [_squash(c) for c in (rows[i] + [""] * width)[:width]]
        for j, c in enumerate(row):
            unit = _unit_only(c) if c else None
            if unit:
                units[j] = unit
                row[j] = ""
            elif c:
                unit = _unit_in(c)
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
                layer[j], era, _ = _westernize_label(p, era)
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
                f"（1〜{lines[-1] if lines else 0} 行目。テキストエディタや Excel で見える行番号で指定します）。",
                f"header_row={header_row!r}: the file has no line {line!r} "
                f"(lines 1–{lines[-1] if lines else 0}, counted as a text editor or Excel shows them).",
            )
        out.append(lines.index(line))
    return sorted(out)


def _check_widths(rows, lines, header: list[int], body: list[int], width: int) -> None:
    """CSV only: a data line with more or fewer fields than the header means a quoting mistake."""
    h = header[-1]
    for i in body:
        row = rows[i]
        if len(row) < width:
            n = len(row)
        elif _extent(row) > width:  # empty cells beyond the header are fine (Excel padding)
            n = _extent(row)
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
        cells = values[code_column]
        parts = [_COMBINED.match(_norm(c)) if c else None for c in cells]
        combined = any(parts) and all(p or not c or _norm(c) in _DEFAULT_MARKERS for p, c in zip(parts, cells))
        codes = _normalise_codes([p[1] if p else c for p, c in zip(parts, cells)], lines, code_column)
        if codes is None:
            raise InvalidCodeError(
                f"列「{code_column}」は団体コード（5桁か6桁の数字）の列に見えません。",
                f"Column {code_column!r} does not hold municipality codes (5 or 6 digits).",
            )
        return code_column, codes, ([p[2] if p else None for p in parts] if combined else None)
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


def _join_split_labels(values: dict) -> None:
    """「合」「計」 written one character per cell across two label columns become 「合計」 in the first."""
    names = list(values)[:4]  # row labels sit at the left
    for left, right in pairwise(names):
        if left not in values:
            continue
        a, b = values[left], values[right]
        split = [k for k, (x, y) in enumerate(zip(a, b)) if len(x) == 1 and len(y) == 1
                 and _TIGHT.match(x) and _TIGHT.match(y) and not x.isdigit() and not y.isdigit()]
        if not split or any(_number(y) is not None for y in b if y):
            continue
        for k in split:
            a[k], b[k] = a[k] + b[k], ""
        if right.startswith("Unnamed") and not any(b):
            del values[right]


def _pref_code_column(values: dict) -> str | None:
    """A code column of 1–2 digit numbers: prefecture codes, maybe with table-local ones (50–70)."""
    for name, cells in values.items():
        filled = [_norm(c) for c in cells if c]
        if _code_score(name) and filled and all(re.fullmatch(r"\d{1,2}", c) for c in filled):
            return name
    return None


def _check_codes(codes: list) -> dict:
    """Codes of merged-away municipalities (with a note) and codes that name no municipality."""
    from .codes import resolve  # the code list and its history; imported late, it loads data

    merged, local = {}, []
    for code in sorted({c for c in codes if isinstance(c, str) and c}):
        if code == "00000" or code.endswith("000") or _ESTAT_AREA.fullmatch(code):
            continue  # 全国, prefectures, e-Stat's former municipalities ("0120B")
        try:
            m = resolve(code)
        except (LookupError, ChiikiLabValueError):
            local.append(code)
            continue
        if m.history:
            merged[code] = m.history
    return {"merged": merged, "table_local": local}


# --------------------------------------------------------------------------------------------
# the public reader
# --------------------------------------------------------------------------------------------

_KIND_JA = {"xls": "Excel（.xls）", "xlsx": "Excel（.xlsx）", "ods": "OpenDocument（.ods）",
            "text": "テキスト（CSV）", "zip-text": "ZIP の中のテキスト"}


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
    source, data = _read_source(path)
    name = Path(source).name
    kind = _sniff(data, name)
    member = None
    if kind == "zip-text":
        member, data = _zip_text(data)
        kind = "zip-text"
    if kind in ("xls", "xlsx", "ods"):
        book = _Book(data, name)
        if book_out is not None:
            book_out.append(book)
        if sheet is None:  # the first sheet that holds a table (skips 目次 / 注記 sheets)
            chosen = None
            for s in book.sheet_names:
                rows = book.rows(s)
                if any(k == "data" for k in map(_row_kind, rows)):
                    chosen = s
                    break
            chosen = chosen or book.sheet_names[0]
        else:
            chosen = book.sheet_name(sheet)
        rows = book.rows(chosen)
        return _Source(source, kind, None, chosen, book.sheet_names, rows, list(range(1, len(rows) + 1)), None)
    if encoding is None and _utf16_guess(data[:4096]):
        encoding = _utf16_guess(data[:4096])
    text, enc = _decode(data, encoding)
    rows, lines = _csv_rows(text, sep)
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
    kinds = [_row_kind(r) for r in rows]

    if header_row is None:
        tables = _find_tables(rows, kinds)
        labels = [i for i, k in enumerate(kinds) if k == "label" and _filled(rows[i]) >= 2]
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
        header = _header_from_arg(header_row, lines)
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
        found = _body_below(rows, kinds, d, header, None)
        found = found._replace(header=header, top=header[0])
        n_tables = 1
    header, body = found.header, found.body
    if src.kind in ("text", "zip-text") and header:
        width = len(rows[header[-1]])
        _check_widths(rows, lines, header, body, width)
    else:
        width = max(_extent(rows[i]) for i in header + body)

    parts, units, dims = _layers(rows, header, width)
    meta_rows = [rows[i] for i in range(0, found.top) if kinds[i] != "blank"]
    metadata = [" ".join(c for c in r if c) for r in meta_rows if not _estat_code_row(r)]
    table_unit = next((u for u in map(_unit_in, metadata) if u), None)
    legend = _legend(meta_rows)
    notes = [" ".join(c for c in rows[i] if c) for i in found.notes]

    body_lines = [lines[i] for i in body]
    padded = [r if len(r) == width else (r[:width] if len(r) > width else r + [""] * (width - len(r)))
              for r in map(rows.__getitem__, body)]
    columns = dict(enumerate(map(list, zip(*padded)))) if padded else {j: [] for j in range(width)}
    keep = [j for j in range(width) if parts[j] or any(columns[j])]
    raw_names = ["_".join(parts[j]) or f"Unnamed: {j}" for j in keep]
    names = _dedupe(raw_names)
    renamed = {n: "_".join(p for p in (rows[i][j] if j < len(rows[i]) else "" for i in header) if p)
               for n, j in zip(names, keep) if n != "_".join(p for p in (rows[i][j] if j < len(rows[i]) else "" for i in header) if p)}
    values = {name: columns[j] for name, j in zip(names, keep)}
    _join_split_labels(values)
    code_name, codes, combined = _find_codes(values, body_lines, code_column)
    pref_column = None if code_name or code_column is not None else _pref_code_column(values)

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
            elif any(c and k is None and _norm(c) not in _DEFAULT_MARKERS for c, k in zip(cells, code5)):
                out[name] = [c or None for c in cells]  # 「全国市町村平均」 rows keep their label
            continue
        if name == pref_column:  # 「01」…「47」, and table-local codes such as 50–70 (特別区部・指定都市)
            out[name] = [_norm(c).zfill(2) if c else None for c in cells]
            continue
        converted, is_year = _convert_column(name, cells, body_lines, legend, found_markers, markers)
        out[name] = converted
        if is_year:
            year_columns.append(name)

    order = {name: k for k, name in enumerate(out)}
    found_markers.sort(key=lambda m: (m[0], order[m[2]]))
    frame = pd.DataFrame({name: _as_series(pd, col) for name, col in out.items()})
    name_parts = {n: parts[j] for n, j in zip(names, keep) if n in frame.columns}
    code_check = _check_codes(frame["code"].tolist()) if "code" in frame.columns else None
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
    frame.attrs["markers"] = _Markers(found_markers)
    frame.attrs["chiiki_lab"]["summary"] = _summary_text(frame)
    if show if show is not None else _in_notebook():
        print(summary(frame))
    if multiindex:
        frame = _with_multiindex(frame)
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
    normed = [_norm(c) for c in filled]
    identifier = ("コード" in name or "code" in name.lower() or "番号" in name
                  or any(_LEADING_ZERO.fullmatch(c) for c in normed))
    # years: "令和2年", "2020年", "R2"; 「昭和23年, 24, 25 …」 carries the era down the column
    yearish = re.search(r"年|year|時点|時間軸", name, re.IGNORECASE) or all(_ERA_WORD.search(c) for c in normed)
    if filled and not identifier and yearish and any(not re.fullmatch(r"[-+]?[\d,.]+", c) for c in normed):
        years = _years_down(cells)
        if years is not None:
            return years, True
    if filled and not identifier:
        known = {**_DEFAULT_MARKERS, **legend}
        parsed = {c: _number(c) for c in filled}
        if all(parsed[c] is not None or _norm(c) in known for c in filled):
            parsed[""] = None
            numbers = [parsed[c] for c in cells]
            symbols = {c for c in filled if parsed[c] is None}
            for row in ([k for k, c in enumerate(cells) if c in symbols] if symbols else ()):
                c = cells[row]
                ja, en = known[_norm(c)]
                markers.append((row, lines[row], name, c, ja, en))  # a Marker's fields; plain tuples are cheap
                if markers_as == "zero" and en == _NONE[1]:
                    numbers[row] = 0
            return numbers, False
    return [_squash(c) or None if c else None for c in cells], False


def _years_down(cells: list[str]) -> list | None:
    """Years of a column, the era carried down to bare numbers and past the era's end; None if not years."""
    years: list = []
    era = None
    for c in cells:
        if not c:
            years.append(None)
            continue
        text = _squash(c)
        bare = re.fullmatch(r"(元|\d{1,2})(年度|年)?", _norm(text).replace(" ", ""))
        try:
            if bare and era is not None:
                number = 1 if bare[1] == "元" else int(bare[1])
                years.append(_ERAS[era][0] + number - 1)
                continue
            year, used, _ = _parse_year(text, era, lenient=True)
        except ChiikiLabValueError:
            return None
        era = used or era
        years.append(year)
    return years


def _as_series(pd, values: list):
    kinds = {type(v) for v in set(values) if v is not None}
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


# --------------------------------------------------------------------------------------------
# what was guessed, other shapes, and the sheets of a workbook
# --------------------------------------------------------------------------------------------


class Summary(str):
    """The Japanese summary of what :func:`read_estat` guessed; shows as plain lines in Jupyter."""

    def __repr__(self) -> str:
        return str(self)


def _summary_text(df) -> str:
    meta = df.attrs["chiiki_lab"]
    where = _KIND_JA[meta["kind"]]
    if meta["sheet"] is not None:
        others = len(meta["sheets"]) - 1
        where += f"・シート「{meta['sheet']}」" + (f"（ほかに {others} シート）" if others else "")
    if meta["member"]:
        where += f"「{meta['member']}」"
    if meta["encoding"]:
        where += f"・文字コード {meta['encoding']}"
    lines = [f"読み取り: {meta['name']}（{where}）"]
    header = meta["header_lines"]
    span = f"{header[0]}–{header[-1]} 行目" if len(header) > 1 else (f"{header[0]} 行目" if header else "なし")
    first, last = meta["data_lines"]
    lines.append(f"見出し: {span}／データ: {first}–{last} 行目（{len(df):,} 行 × {df.shape[1]} 列）"
                 + (f"／このシートの表 {meta['tables_in_sheet']} つのうち {meta['table'] + 1} 番目（table=）"
                    if meta["tables_in_sheet"] > 1 else ""))
    if meta["metadata"]:
        title = meta["metadata"][0]
        lines.append(f"表の上の説明 {len(meta['metadata'])} 行: {title[:40]}{'…' if len(title) > 40 else ''}")
    if meta["unit"] or meta["units"]:
        units = sorted(set(meta["units"].values()) | ({meta["unit"]} if meta["unit"] else set()))
        lines.append(f"単位: {'、'.join(units)}（列ごとの単位は df.attrs['chiiki_lab']['units']）")
    if meta["code_column"]:
        check = meta["code_check"] or {}
        note = ""
        if check.get("merged"):
            note += f"、合併などで今はないコード {len(check['merged'])} 個（code_check に説明）"
        if check.get("table_local"):
            shown = "、".join(check["table_local"][:3])
            note += f"、市区町村ではない表独自のコード {len(check['table_local'])} 個（{shown}…）はそのまま"
        lines.append(f"地域コード: 列「{meta['code_column']}」→ code{note}")
    elif meta["pref_code_column"]:
        local = meta["code_check"]["table_local"]
        lines.append(f"都道府県コード: 列「{meta['pref_code_column']}」（01〜47）"
                     + (f"、48 以上の表独自のコード {len(local)} 個（{'、'.join(local[:3])}…: 特別区部・指定都市など）"
                        "は市区町村に結び付けずそのまま" if local else ""))
    else:
        lines.append("⚠ 地域コードの列が見つかりません。地図や他の表と結ぶには、名前からコードを付けるか"
                     "（chiiki_lab.resolve）、code_column= で列を指定してください。")
    counts = Counter((m[3], m[4]) for m in df.attrs.get("markers", ()))
    if counts:
        shown = "、".join(f"「{m}」{r} {n}" for (m, r), n in counts.most_common(4))
        lines.append(f"記号（欠損値にしました{'・「-」は 0' if meta['markers_as'] == 'zero' else ''}）: {shown}"
                     "（marker_table(df)）")
    if meta["notes"]:
        lines.append(f"表の下の注 {len(meta['notes'])} 行（df.attrs['chiiki_lab']['notes']）")
    lines.append("違っていたら: header_row=（見出しの行番号）、code_column=、sheet=、table= のどれか 1 つで直せます。")
    return Summary("\n".join(lines))


def summary(df: "pandas.DataFrame") -> Summary:
    """What :func:`read_estat` guessed about the file behind ``df``, in a few Japanese lines.

    >>> from chiiki_lab.io import read_estat, summary
    >>> print(summary(read_estat("地区,人口\\nA地区,12\\n".encode())))  # doctest: +ELLIPSIS
    読み取り: <bytes>（テキスト（CSV）・文字コード utf-8）
    見出し: 1 行目／データ: 2–2 行目（1 行 × 2 列）
    ⚠ 地域コードの列が見つかりません。...
    違っていたら: ...
    """
    meta = df.attrs.get("chiiki_lab", {})
    if "summary" not in meta:
        raise ChiikiLabValueError(
            "この表は read_estat で読んだものではないので、読み取りの説明がありません。",
            "This table was not read with read_estat, so there is no summary of how it was read.",
        )
    return Summary(meta["summary"])


def to_long(df: "pandas.DataFrame") -> "pandas.DataFrame":
    """A table read by :func:`read_estat` in tidy long form: one row per number.

    Columns: the row labels (``code``, ``name``, text and year columns), one column per header
    dimension (e-Stat's own names such as 男女・年齢 when the file has them, else 項目1, 項目2 …),
    ``value`` and ``unit``.

    >>> from chiiki_lab.io import read_estat, to_long
    >>> text = "地域 コード,地域,人口_男,人口_女\\n10425,嬬恋村,4522,4328\\n"
    >>> to_long(read_estat(text.encode()))[["code", "項目1", "value"]]
        code   項目1  value
    0  10425  人口_男   4522
    1  10425  人口_女   4328
    """
    import pandas as pd

    meta = df.attrs.get("chiiki_lab", {})
    parts = meta.get("column_parts", {})
    years = set(meta.get("year_columns", []))
    ids = [c for c in df.columns if c in ("code", "code6", "name") or c in years
           or not pd.api.types.is_numeric_dtype(df[c])]
    measured = [c for c in df.columns if c not in ids]
    depth = max((len(parts.get(c, [c])) for c in measured), default=1)
    dims = list(meta.get("dimensions") or [])
    if len(dims) != depth or depth == 1 and not dims:
        dims = [f"項目{k + 1}" for k in range(depth)] if depth > 1 else ["項目1"]
    if depth == 1:
        labels = {c: [c] for c in measured}
    else:
        labels = {c: (parts.get(c, [c]) + [""] * depth)[:depth] for c in measured}
    units = meta.get("units", {})
    frames = []
    for c in measured:
        part = df[ids].copy()
        for dim, label in zip(dims, labels[c]):
            part[dim] = label
        part["value"] = df[c]
        part["unit"] = units.get(c, meta.get("unit"))
        part["_order"] = range(len(df))
        frames.append(part)
    out = pd.concat(frames, ignore_index=True).sort_values("_order", kind="stable")
    out = out.drop(columns="_order").reset_index(drop=True)
    out.attrs = {"chiiki_lab": {**meta, "long": True}}
    return out


def _with_multiindex(df):
    import pandas as pd

    parts = df.attrs["chiiki_lab"]["column_parts"]
    depth = max((len(parts.get(c, [c])) for c in df.columns), default=1)
    tuples = [tuple((parts.get(c) or [c]) + [""] * depth)[:depth] for c in df.columns]
    out = df.copy()
    out.columns = pd.MultiIndex.from_tuples(tuples)
    return out


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
        kinds = [_row_kind(r) for r in rows]
        lines = src.lines if number is None else list(range(1, len(rows) + 1))
        tables = _find_tables(rows, kinds)
        if not tables:
            records.append({"sheet": name, "sheet_number": number, "table": None, "title": None,
                            "header_lines": [], "first_line": None, "last_line": None, "rows": 0})
        for t, found in enumerate(tables):
            above = [r for r in rows[: found.top] if any(r)]
            title = " ".join(_squash(c) for c in above[0] if c) if above else None
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
