"""The area-code column of a table read from a file: found, normalised to 5 digits, checked against the code list."""

from __future__ import annotations

import re
import unicodedata

from ..codes import check_codes, check_digit
from ..errors import ChiikiLabValueError, InvalidCodeError
from .cells import MARKERS, nfkc

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
    clean = {v: nfkc(v).upper() for v in set(values)}
    clean = {v: "" if d in MARKERS or d in _EMPTY_WORDS else d for v, d in clean.items()}  # 「-」 on 合計
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


def find_codes(values: dict[str, list[str]], lines: list[int], code_column):
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
        parts = [_COMBINED.match(nfkc(c)) if c else None for c in cells]
        combined = any(parts) and all(p or not c or nfkc(c) in MARKERS for p, c in zip(parts, cells))
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
        parts = [_COMBINED.match(nfkc(c)) if c else None for c in cells]
        if any(parts) and all(p or not c for p, c in zip(parts, cells)):
            codes = _normalise_codes([p[1] if p else "" for p in parts], lines, name)
            if codes:
                return name, codes, [p[2] if p else None for p in parts]
    if error is not None:
        raise error
    return None, None, None


def pref_code_column(values: dict) -> str | None:
    """A code column of 1–2 digit numbers: prefecture codes, maybe with table-local ones (50–70)."""
    for name, cells in values.items():
        filled = [nfkc(c) for c in cells if c]
        if _code_score(name) and filled and all(re.fullmatch(r"\d{1,2}", c) for c in filled):
            return name
    return None


def check_code_column(codes: list) -> dict:
    """The code list's verdict on the codes read (:func:`chiiki_lab.codes.check_codes`).

    e-Stat's codes of former municipalities ("0120B" = 旧函館市) are no municipality codes and are left out.
    """
    return check_codes([c for c in codes if isinstance(c, str) and not _ESTAT_AREA.fullmatch(c)])
