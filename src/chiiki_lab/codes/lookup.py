"""One place → one municipality: :func:`resolve`, :func:`code_of`, :func:`pref_code_of`."""

from __future__ import annotations

import dataclasses
import numbers
import re

from ..errors import (
    ChiikiLabTypeError,
    ChiikiLabValueError,
    MunicipalityNotFoundError,
    did_you_mean,
)
from .digits import check_digit, normalize_code
from .master import CodeIndex, Municipality, code_index
from .messages import (
    ambiguous_error,
    history_note,
    later_note,
    newer_error,
    not_found_error,
    prefecture_error,
    unique_label,
)
from .names import KANA, ROMAJI, fold_key, hiragana, name_key, romaji_key


def resolve(query, pref=None) -> Municipality:
    """Find the municipality that ``query`` (a name or code in any usual form) refers to.

    ``pref`` narrows the search to one prefecture: a name ("群馬県", "群馬"), a 2-digit code or an
    int. Old names and codes are followed to today's municipality and explained in ``.history``.

    >>> resolve("嬬恋村")
    Municipality(10425 群馬県嬬恋村 village)
    >>> resolve("府中市", pref="広島県").code
    '34208'
    >>> resolve("11204").name       # 浦和市 (merged in 2001)
    'さいたま市'

    Raises ``AmbiguousMunicipalityError`` (``.candidates``) when several match,
    ``MunicipalityNotFoundError`` (``.suggestions``) when none does.
    """
    idx = code_index()
    pref_code = pref_code_of(pref)
    if isinstance(query, str):
        key = name_key(query)
        if not key:
            raise ChiikiLabValueError(
                "市区町村の名前かコードが空です。\"嬬恋村\" や \"10425\" のように指定してください。",
                "The municipality name or code is empty. Give a name such as \"嬬恋村\" or a code such as \"10425\".",
            )
        if key.isascii() and key.isdigit():
            return _resolve_code(idx, normalize_code(key), pref_code)
        return _resolve_name(idx, query, key, pref_code)
    if isinstance(query, bool) or not isinstance(query, (numbers.Integral, float)):
        raise ChiikiLabTypeError(
            f"市区町村は名前（文字列）かコードで指定してください（受け取った値: {query!r}、型 {type(query).__name__}）。"
            "例: resolve(\"嬬恋村\")、resolve(\"10425\")。列をまとめて変換するなら to_codes() を使います。",
            f"Give a municipality as a name (string) or a code (got {query!r} of type {type(query).__name__}). "
            "Example: resolve(\"嬬恋村\"), resolve(\"10425\"). To convert a whole column use to_codes().",
        )
    return _resolve_code(idx, normalize_code(query), pref_code)


def code_of(place, pref=None) -> str:
    """The 5-digit code of one municipality or ward, from anything a person may write for it.

    ``place`` is what :func:`resolve` accepts — a name with or without its prefecture or 郡, kana,
    romaji, an old name, a 5- or 6-digit code as text or int — or a :class:`Municipality`.
    ``pref`` narrows names to one prefecture (and must agree with a code or a ``Municipality``).
    Every function of the library that takes a municipality goes through here, so they all accept
    the same inputs and raise the same errors (with もしかして suggestions, or naming ``pref=``).

    >>> code_of("つまごいむら"), code_of(104256), code_of("府中市", pref="東京都")
    ('10425', '10425', '13206')
    """
    if isinstance(place, Municipality):
        if pref is not None:
            resolve(place.code, pref=pref)  # raises when the prefecture disagrees
        return place.code
    return resolve(place, pref=pref).code


def pref_code_of(pref) -> str | None:
    """The 2-digit code of a prefecture given as a name ("群馬県", "群馬", "Gunma") or a code (10, "10").

    ``None`` (no prefecture given) stays ``None``, so ``pref=`` arguments can be passed straight through.

    >>> pref_code_of("群馬"), pref_code_of(1), pref_code_of(None)
    ('10', '01', None)
    """
    if pref is None:
        return None
    if isinstance(pref, bool) or not isinstance(pref, (str, numbers.Integral)):
        raise ChiikiLabTypeError(
            f"pref には都道府県名か都道府県コードを指定してください（受け取った値: {pref!r}、型 {type(pref).__name__}）。"
            "例: pref=\"群馬県\"、pref=10。",
            f"pref takes a prefecture name or code (got {pref!r} of type {type(pref).__name__}). "
            "Example: pref=\"群馬県\", pref=10.",
        )
    idx = code_index()
    key = name_key(str(pref)).lower()
    key = key.zfill(2) if key.isdigit() else key
    if key in idx.pref_keys:
        return idx.pref_keys[key]
    names = [name for name, _ in idx.prefs.values()]
    _, hint_ja, hint_en = did_you_mean(key, names, cutoff=0.4)
    raise ChiikiLabValueError(
        f"pref={pref!r} という都道府県はありません。{hint_ja}"
        "\"群馬県\"、\"群馬\"、10、\"10\" のように指定してください。",
        f"There is no prefecture {pref!r}. {hint_en}"
        "Use a form such as \"群馬県\", \"群馬\", 10 or \"10\".",
    )


def _resolve_code(idx: CodeIndex, code: str, pref_code: str | None) -> Municipality:
    if code in idx.by_code:
        m = idx.by_code[code]
        if pref_code and m.pref_code != pref_code:
            pname = idx.prefs[pref_code][0]
            raise MunicipalityNotFoundError(
                f"コード {code} は{m.pref_name}{m.name}で、指定された{pname}の市区町村ではありません。"
                "コードか pref= のどちらかを直してください。",
                f"The code {code} is {m.pref_name}{m.name}, not a municipality of {pname}. "
                "Correct either the code or pref=.",
                suggestions=[unique_label(idx, m)],
            )
        return _current(idx, code)
    if code in idx.succ:
        return _pick(idx, _follow(idx, code, "", ()), code, pref_code, query_is_code=True)
    if code in idx.newer:
        raise newer_error(idx, code, code)
    if code == "00000" or code[2:] == "000" and code[:2] in idx.prefs:
        what = "全国" if code == "00000" else idx.prefs[code[:2]][0]
        raise MunicipalityNotFoundError(
            f"コード {code} は{what}を表す集計用のコードで、市区町村のコードではありません。"
            "都道府県の市区町村は chiiki_lab.load(\"municipalities\") の pref_code 列で絞り込めます。",
            f"The code {code} stands for {what} as a whole (a total), not a municipality. To list a "
            "prefecture's municipalities, filter chiiki_lab.load(\"municipalities\") by pref_code.",
        )
    if code in idx.other_codes:
        name, level = idx.other_codes[code]
        raise MunicipalityNotFoundError(
            f"コード {code} は{level}（{name}）のコードで、市区町村のコードではありません。",
            f"The code {code} is that of a district ({level}: {name}), not of a municipality.",
        )
    six = "0" + code  # an int such as 11002 may be the 6-digit "011002" without its leading zero
    fits = check_digit(six[:5]) == six[5] and six[:5] in idx.by_code
    hint = [unique_label(idx, idx.by_code[six[:5]])] if fits else []
    raise MunicipalityNotFoundError(
        f"コード {code} の市区町村はありません（1970 年以降の廃置分合の記録にもありません）。"
        + (f"先頭の 0 が落ちた 6 桁コード {six} なら {hint[0]} です。" if hint else "")
        + "コードは \"10425\" のように文字列で指定すると先頭の 0 が消えません。",
        f"No municipality has the code {code} (nor did one in the code history since 1970). "
        + (f"If it is the 6-digit code {six} without its leading zero, it is {hint[0]}. " if hint else "")
        + "Give codes as strings such as \"10425\" so that leading zeros are kept.",
        suggestions=hint,
    )


def _current(idx: CodeIndex, code: str) -> Municipality:
    """A bundled municipality, with a note when it changed after the bundled data (浜松市's wards)."""
    m = idx.by_code[code]
    later = idx.succ.get(code)
    return dataclasses.replace(m, history=later_note(idx, m, later)) if later else m


def strip_pref(idx: CodeIndex, key: str, pref_code: str | None) -> tuple[str, str | None]:
    """Split a leading prefecture name off ``key`` (「群馬県嬬恋村」 → 「嬬恋村」, "10")."""
    for pc, (pname, _) in idx.prefs.items():
        if key.startswith(pname) and len(key) > len(pname):
            if pref_code and pref_code != pc:
                raise ChiikiLabValueError(
                    f"名前には {pname} とありますが、pref= には {idx.prefs[pref_code][0]} が指定されています。"
                    "どちらかに揃えてください。",
                    f"The name says {pname} but pref= says {idx.prefs[pref_code][0]}. Make them agree.",
                )
            return key[len(pname):], pc
    return key, pref_code


def _resolve_name(idx: CodeIndex, query: str, key: str, pref_code: str | None) -> Municipality:
    if key in idx.pref_keys and key not in idx.names:
        raise prefecture_error(idx, query, idx.pref_keys[key])
    key, pref_code = strip_pref(idx, key, pref_code)
    lookups = [idx.names.get(key), idx.folded.get(fold_key(key))]
    if KANA.fullmatch(key):
        lookups.append(idx.kana.get(hiragana(key)))
    elif ROMAJI.fullmatch(key):
        lookups += _romaji_lookups(idx, romaji_key(key), pref_code)
    unfiltered = []
    for codes in lookups:
        if not codes:
            continue
        found = [idx.by_code[c] for c in codes if not pref_code or idx.by_code[c].pref_code == pref_code]
        if len(found) == 1:
            return _current(idx, found[0].code)
        if found:
            raise ambiguous_error(idx, query, found)
        unfiltered = unfiltered or [idx.by_code[c] for c in codes]
    old = _old_name_paths(idx, key, pref_code)
    if old:
        return _pick(idx, old, query, pref_code, query_is_code=False)
    if key in idx.newer_names:
        raise newer_error(idx, idx.newer_names[key], query)
    raise not_found_error(idx, query, key, pref_code, unfiltered)


def _romaji_lookups(idx: CodeIndex, rkey: str, pref_code: str | None) -> list:
    """Romaji: the name as given, then with a leading prefecture name ("Gunma Tsumagoi") split off."""
    out = [idx.romaji.get(rkey)]
    for pk, pc in idx.pref_romaji.items():
        if rkey.startswith(pk) and (not pref_code or pref_code == pc):
            rest = rkey[len(pk):]
            for cand in (rest, re.sub(r"^(ken|to|fu)", "", rest)):
                out.append([c for c in idx.romaji.get(cand, ()) if c[:2] == pc])
    return out


def _follow(idx: CodeIndex, code: str, since: str, steps: tuple) -> list[tuple[str, tuple]]:
    """All (today's code, steps) reached from ``code`` through the non-surviving changes after ``since``."""
    if code in idx.by_code and steps:
        return [(code, steps)]
    nexts = [s for s in idx.succ.get(code, ()) if s.date >= since]
    if not nexts:
        return [(code, steps)]
    out = []
    for s in nexts:
        if all(s.new_code != t.old_code for t in steps):
            out += _follow(idx, s.new_code, s.date, steps + (s,))
    return out


def _old_name_paths(idx: CodeIndex, key: str, pref_code: str | None) -> list[tuple[str, tuple]]:
    steps = idx.old_names.get(key) or idx.old_names.get(fold_key(key)) or []
    if not steps and KANA.fullmatch(key):
        steps = idx.old_names.get(hiragana(key), [])
    pname = idx.prefs[pref_code][0] if pref_code else None
    out = []
    for s in steps:
        if pname is None or s.old_pref == pname:
            out += _follow(idx, s.new_code, s.date, (s,))
    return out


def _pick(idx: CodeIndex, paths, query, pref_code, query_is_code: bool) -> Municipality:
    """One municipality from the followed paths, or an ambiguity error listing each end."""
    ends: dict[str, tuple] = {}
    for code, steps in paths:
        if code in idx.by_code and (not pref_code or code[:2] == pref_code):
            ends.setdefault(code, steps)
    if not ends:
        if query_is_code and paths:
            return _resolve_code(idx, paths[0][0], pref_code)
        raise not_found_error(idx, str(query), name_key(str(query)), pref_code, [])
    found = [dataclasses.replace(idx.by_code[c], history=history_note(idx, steps)) for c, steps in ends.items()]
    if len(found) == 1:
        return found[0]
    raise ambiguous_error(idx, str(query), found, old=True)
