"""The forms an answer may take: plain data from any learner value, and what it says as a number,
a list of places, an age group, a letter or a short text.

Learners answer in many right forms (a float or numpy scalar, "37.2%", "885団体", a list, Series,
set, DataFrame column, full-width digits, names with or without prefecture); the one judge
(:mod:`.judge`) reads them all through here.

>>> encode_answer({"b", "a"})
{'t': 'set', 'v': ['a', 'b']}
>>> as_number(encode_answer("8,835人"), "人")
8835.0
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Any

from ..errors import ChiikiLabError, ChiikiLabValueError

MAX_ITEMS = 5000  # larger answers are not decoded (a whole table is never an answer here)


@lru_cache(maxsize=None)
def bundled(name: str):
    """Bundled dataset ``name``, loaded once per session."""
    from ..datasets import load

    return load(name)


def _scalar(x) -> Any:
    """Plain Python scalar (for index labels and list items)."""
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):
        try:
            x = x.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(x, bool) or x is None or isinstance(x, (int, str)):
        return x
    if isinstance(x, float):
        return None if math.isnan(x) else x
    return str(x)


def encode_answer(value) -> dict:
    """Turn an answer into plain JSON-able data: ``{"t": kind, ...}``.

    >>> encode_answer(3)
    {'t': 'num', 'v': 3}
    >>> encode_answer({"b", "a"})
    {'t': 'set', 'v': ['a', 'b']}
    """
    if value is None or value is Ellipsis:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, (int, float)) or (hasattr(value, "dtype") and getattr(value, "ndim", None) == 0):
        v = _scalar(value)
        return {"t": "num", "v": v} if isinstance(v, (int, float)) or v is None else {"t": "str", "v": str(v)}
    if isinstance(value, str):
        return {"t": "str", "v": value[:MAX_ITEMS]}
    kind = type(value).__name__
    if kind == "DataFrame":
        if value.size > MAX_ITEMS:
            return {"t": "other", "type": kind, "repr": f"DataFrame {value.shape}"}
        return {"t": "frame", "columns": [str(c) for c in value.columns],
                "index": [_scalar(i) for i in value.index],
                "data": {str(c): [_scalar(x) for x in value[c].tolist()] for c in value.columns}}
    if kind == "Series":
        if len(value) > MAX_ITEMS:
            return {"t": "other", "type": kind, "repr": f"Series ({len(value)})"}
        return {"t": "series", "index": [_scalar(i) for i in value.index], "v": [_scalar(x) for x in value.tolist()]}
    if isinstance(value, (set, frozenset)):
        items = [_scalar(x) for x in value][:MAX_ITEMS]
        return {"t": "set", "v": sorted(items, key=str)}
    if isinstance(value, (list, tuple)) or kind in ("Index", "ndarray") or hasattr(value, "tolist"):
        items = list(value.tolist() if hasattr(value, "tolist") else value)
        if len(items) > MAX_ITEMS:
            return {"t": "other", "type": kind, "repr": f"{kind} ({len(items)})"}
        return {"t": "list", "v": [_scalar(x) for x in items]}
    return {"t": "other", "type": kind, "repr": repr(value)[:200]}


# --------------------------------------------------------------------------- normalising


def nfkc(text) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


# Units and counters stripped from a number written as text; "万" multiplies unless it is the unit.
_SUFFIXES = ("ポイント", "パーセント", "団体", "市町村", "万人", "万円", "千円", "億円", "か所", "箇所",
             "%", "倍", "円", "人", "件", "位", "pt", "歳", "年", "社", "店", "組", "個", "つ")
_SCALE = {"万": 1e4, "億": 1e8}


def number_from_text(text: str, unit: str = "") -> float | None:
    t = nfkc(text).replace(",", "").replace("−", "-").replace("約", "").replace("第", "")
    unit = nfkc(unit)
    if unit and t.endswith(unit):
        t = t[: -len(unit)]
    for suffix in _SUFFIXES:
        if t.endswith(suffix) and not (suffix.startswith(("万", "億")) and suffix != unit):
            t = t[: -len(suffix)]
            break
    scale = 1.0
    for mark, factor in _SCALE.items():
        if t.endswith(mark):
            t, scale = t[: -len(mark)], factor
        elif t.endswith(mark + "人") or t.endswith(mark + "円"):
            t, scale = t[: -2], factor
    try:
        value = float(t)
    except ValueError:
        return None
    return value * scale if math.isfinite(value) else None


def as_number(enc: dict, unit: str = "") -> float | None:
    t = enc["t"]
    if t == "num":
        return None if enc["v"] is None else float(enc["v"])
    if t == "str":
        return number_from_text(enc["v"], unit)
    if t in ("list", "series", "set") and len(enc["v"]) == 1:  # e.g. df.loc[mask, "col"] gives one row
        return as_number(encode_answer(enc["v"][0]), unit)
    if t == "frame" and len(enc["columns"]) == 1 and len(enc["index"]) == 1:
        return as_number(encode_answer(enc["data"][enc["columns"][0]][0]), unit)
    return None


def items_of(enc: dict) -> list | None:
    """Items of a collection answer, in the learner's order."""
    t = enc["t"]
    if t in ("list", "set"):
        return enc["v"]
    if t == "series":
        values = enc["v"]
        if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values if v is not None):
            return enc["index"]  # e.g. rates indexed by name: the names are the answer
        return values
    if t == "frame":
        for col in ("name", "code", "pref_name", "display_name"):
            if col in enc["data"]:
                return enc["data"][col]
        return enc["index"]
    if t == "str":
        return [s for s in re.split(r"[,、，\s]+", enc["v"]) if s]
    if t == "num" and isinstance(enc["v"], int):
        return [enc["v"]]
    return None


@lru_cache(maxsize=1)
def prefecture_tokens() -> dict[str, str]:
    """Names ("高知県", "高知") and codes ("39", "39000") of the prefectures -> 5-digit code."""
    census = bundled("census2020")
    tokens = {}
    for row in census[census["level"] == "prefecture"].itertuples():
        short = re.sub(r"(都|府|県)$", "", row.pref_name) if row.pref_name != "北海道" else row.pref_name
        for token in (row.code, row.code6, row.pref_code, row.pref_name, short):
            tokens[nfkc(token)] = row.code
    return tokens


def place_codes(items: list, preferred: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(codes, unknown items, suggestions) of places written any way :func:`chiiki_lab.codes.code_of` accepts.

    A prefecture is taken by name or code; a shared name (南牧村, 金山町) resolves to the place the
    question is about (``preferred``) when one of the candidates is.
    """
    from ..codes import code_of
    from ..errors import AmbiguousMunicipalityError, MunicipalityNotFoundError

    codes, unknown, suggestions = [], [], []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool) and item < 100:
            item = f"{item:02d}"
        key = nfkc(item)
        if key in prefecture_tokens():
            codes.append(prefecture_tokens()[key])
            continue
        try:
            codes.append(code_of(item))
        except AmbiguousMunicipalityError as error:
            candidates = [m.code for m in error.candidates]
            match = [c for c in preferred if c in candidates]
            codes.append(match[0] if match else candidates[0])
        except (MunicipalityNotFoundError, ChiikiLabError) as error:
            unknown.append(str(item))
            suggestions += list(getattr(error, "suggestions", []))
    return codes, unknown, suggestions


def age_group_of(enc: dict) -> tuple[int, int | None] | None:
    if enc["t"] in ("list", "set") and len(enc["v"]) == 2:
        lo, hi = enc["v"]
        return (int(lo), int(hi)) if all(isinstance(x, (int, float)) for x in (lo, hi)) else None
    if enc["t"] != "str":
        return None
    text = nfkc(enc["v"])
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) == 2:
        return numbers[0], numbers[1]
    if len(numbers) == 1 and re.search(r"(p|\+|以上)$", text):
        return numbers[0], None
    return None


def parse_group(text: str) -> tuple[int, int | None]:
    found = age_group_of({"t": "str", "v": text})
    if found is None:
        raise ChiikiLabValueError(f"年齢階級 {text!r} を読めません。", f"Cannot read the age group {text!r}.")
    return found


def choice_of(enc: dict) -> str | None:
    if enc["t"] != "str":
        return None
    text = re.sub(r"[().（）)]", "", nfkc(enc["v"]).lower()).rstrip(".")
    return text if len(text) == 1 and text.isalpha() else None


def text_key(text) -> str:
    return nfkc(text).lower().strip("「」\"'。.")
