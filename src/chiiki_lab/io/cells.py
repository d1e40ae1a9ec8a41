"""What one cell of a statistics table holds: a number, a marker symbol (with its reason), a unit, or a label.

Shared by the table finder (:mod:`.layout`), the code column (:mod:`.areacodes`) and the reader.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

_SIGN_SPACE = re.compile(r"^([-+△▲−])\s+")
_NUMBER = re.compile(r"^(?P<sign>[-+△▲−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<exp>[eE][-+]?\d+)?$")

NIL = ("該当数値なし", "no applicable figure (none, or zero)")
_SECRET = ("秘匿", "suppressed (confidential)")
_UNKNOWN = ("不詳", "unknown / not available")

# keys are NFKC forms: "－"→"-", "…"→"...", "Ｘ"→"X", "･･･"→"・・・"
MARKERS = {
    "-": NIL, "‐": NIL, "−": NIL, "―": NIL, "—": NIL, "ー": NIL, "該当なし": NIL,
    "***": NIL,
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


class Markers(tuple):
    """Marker records kept in ``df.attrs``. Immutable, so pandas' deep copies can share it."""

    def __deepcopy__(self, memo):
        return self


@lru_cache(maxsize=1 << 16)
def nfkc(cell: str) -> str:
    """The cell in NFKC form, stripped (「１，２３４」→「1,234」, 「－」→「-」)."""
    return unicodedata.normalize("NFKC", cell).strip()


@lru_cache(maxsize=1 << 17)  # cells repeat a lot; tables have up to millions of them
def parse_number(cell: str):
    """The number in a cell ("1,234", "１，２３４", "△5", "-0.5"), or None."""
    if cell.isascii() and cell.isdigit():
        return int(cell)
    text = nfkc(cell)
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
        return NIL[1]
    if "不詳" in ja or "得られない" in ja:
        return _UNKNOWN[1]
    return f"see the file's legend: {ja}"


def read_legend(meta_rows: list[list[str]]) -> dict[str, tuple[str, str]]:
    """Symbols explained above the table, e.g. e-Stat's ``"***","当該数値がないもの"``."""
    found = {}
    for row in meta_rows:
        cells = [c for c in row if c]
        if len(cells) == 2:
            key = nfkc(cells[0])
            if key in MARKERS or re.fullmatch(r"[*#†※]{1,3}", key):
                for k in ("x", "X") if key in ("x", "X") else (key,):
                    found[k] = (cells[1], _reason_en(cells[1]))
    return found


@lru_cache(maxsize=1 << 17)
def is_value(cell: str) -> bool:
    """Whether a cell holds a number or a marker symbol (a data cell, not a label)."""
    return parse_number(cell) is not None or nfkc(cell) in MARKERS


# CJK characters, kana and digits: a space between two of them is layout ("東　灘　区", "平 成 16 年")
TIGHT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヶ0-9０-９]")


@lru_cache(maxsize=1 << 16)
def squash_spaces(text: str) -> str:
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
        tight = TIGHT.match(prev[-1]) and TIGHT.match(tok[0]) and (
            len(prev) == 1 or len(prev) + len(tok) <= 3 or (prev[-1].isdigit() and tok[0] in "年月日度歳"))
        out += tok if tight else " " + tok
    return out


_UNIT_WORD = r"(?:[0-9,]*\s*(?:千|万|百万|億|十億)?\s*(?:人|世帯|円|件|台|戸|トン|t|kg|%|‰|k㎡|㎢|km2|ha|人泊|事業所|所|校|床|人/k㎡))"
_UNIT_ONLY = re.compile(rf"^(?:\(\s*(?:単位\s*[:;]?\s*)?(?P<a>{_UNIT_WORD}(?:\s*,\s*{_UNIT_WORD})*)\s*\)|単位\s*[:;]\s*(?P<b>.+)|(?P<c>{_UNIT_WORD}))$")
_UNIT_IN_TEXT = re.compile(rf"\(\s*(?:単位\s*[:;]\s*)?({_UNIT_WORD})\s*\)|単位\s*[:;]\s*({_UNIT_WORD})|【({_UNIT_WORD})】")


def unit_only(cell: str) -> str | None:
    """The unit when a cell holds nothing but a unit: 「（単位：人）」「（1,000人）」「（人）」「人」."""
    m = _UNIT_ONLY.match(re.sub(r"\s+", "", nfkc(cell)))
    return (m["a"] or m["b"] or m["c"]) if m else None


def unit_in(text: str) -> str | None:
    """The unit named inside a longer text (「人口（単位：人）」→「人」), or None."""
    m = _UNIT_IN_TEXT.search(nfkc(text))
    return next(g for g in m.groups() if g) if m else None
