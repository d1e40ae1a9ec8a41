"""From a path, file object or bytes to rows of cell text.

The file kind is told from its bytes (not its name); text is decoded and split as CSV, workbooks read with calamine.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from os import PathLike
from pathlib import Path

from ..errors import ChiikiLabTypeError, ChiikiLabValueError, SourceFileNotFoundError


def read_source(path) -> tuple[str, bytes]:
    """(name, bytes) of a path, a file object or bytes; a Japanese error for a missing file."""
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


def decode_text(data: bytes, encoding: str | None) -> tuple[str, str]:
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


def csv_rows(text: str, sep: str | None) -> tuple[list[list[str]], list[int]]:
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


def sniff(data: bytes, name: str) -> str:
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
    if b"\x00" in head and not utf16_guess(head):
        raise _bad_file(name, "テキストでも Excel でもないファイル（バイナリ）です", "a binary file, neither text nor Excel",
                        "ダウンロードした形式を確かめて、CSV か Excel（.xlsx/.xls）を選び直してください",
                        "Check the format you downloaded and choose CSV or Excel (.xlsx/.xls)")
    return "text"


def utf16_guess(head: bytes) -> str | None:
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


def zip_text(data: bytes) -> tuple[str, bytes]:
    """(member name, bytes) of the one CSV/TXT/TSV inside a ZIP."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        member = next(n for n in z.namelist() if n.lower().endswith((".csv", ".txt", ".tsv")))
        return member, z.read(member)


class Book:
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
