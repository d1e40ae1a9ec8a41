"""Municipality names and codes (全国地方公共団体コード): turn what people type into a municipality.

:func:`resolve` accepts names in the forms people write them (「嬬恋村」「群馬県 嬬恋村」「吾妻郡嬬恋村」,
kana, romaji, 旧字体 and ヶ/ケ variants, wards such as 「札幌市中央区」), 5-digit codes, 6-digit codes with
their check digit, and also old names and codes from before a merger (「浦和市」, ``"11204"``), which
it follows through the e-Stat code history to today's municipality. :func:`to_codes` does the same
for a whole column, :func:`history` lists the change events behind a name or code.

The municipality list is the bundled 2022 master (1,922 rows: 1,741 市区町村, 175 行政区, 6 北方領土
villages). 浜松市 reorganised its 7 wards into 3 on 2024-01-01; the bundled data still has the 7
old wards (22131–22137), so ``resolve`` returns those with a ``history`` note about the change,
and the new codes 22138–22140 raise :class:`~chiiki_lab.errors.MunicipalityNotFoundError`
naming the old wards to use instead.

>>> import chiiki_lab
>>> chiiki_lab.resolve("群馬県 嬬恋村")
Municipality(10425 群馬県嬬恋村 village)
>>> chiiki_lab.resolve("浦和市").code
'11100'
>>> chiiki_lab.code6("10425")
'104256'
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import numbers
import re
import unicodedata
import warnings
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .errors import (
    AmbiguousMunicipalityError,
    ChiikiLabError,
    ChiikiLabTypeError,
    ChiikiLabValueError,
    InvalidCodeError,
    MissingColumnError,
    MunicipalityNotFoundError,
    did_you_mean,
)
from .i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Municipality", "code6", "code_of", "codes_in", "pref_code_of", "normalize_code", "resolve", "to_codes",
           "history"]

_KIND_EN = {
    "designated_city": "designated city",
    "ward": "ward",
    "special_ward": "special ward",
    "city": "city",
    "town": "town",
    "village": "village",
}
_EVENT_EN = {
    "新設合併": "merger into a new municipality",
    "編入合併": "absorption",
    "町制施行": "town status",
    "市制施行": "city status",
    "名称変更": "renaming",
    "政令市移行": "designated-city status",
    "区の新設": "new wards",
    "区の分離": "ward split",
    "区の再編": "ward reorganisation",
    "区の統合": "ward merger",
    "区の分割": "ward division",
}
_MUNICIPAL_LEVELS = {"市町村", "行政区", "特別区"}
_BUNDLED_VINTAGE_JA = "同梱データ（2022年の区割り）"
_BUNDLED_VINTAGE_EN = "the bundled data (2022 boundaries)"

# 旧字体 / 異体字 → the form used in official names (only for a fallback lookup)
_OLD_FORMS = str.maketrans(
    "戀龍澤邊邉濱齋齊嶋櫻廣國萬瀨當會壽藝榮黑眞豐團德鹽條淺實與來壹彌寶嶽縣驛舊髙﨑",
    "恋竜沢辺辺浜斉斉島桜広国万瀬当会寿芸栄黒真豊団徳塩条浅実与来壱弥宝岳県駅旧高崎",
)
_KE_VARIANTS = re.compile(r"(?<=[\u4e00-\u9fff々])[ヶヵケがガかカ](?=[\u4e00-\u9fff])")
_KANA = re.compile(r"[ぁ-ゖァ-ヺー]+")
_ROMAJI = re.compile(r"[A-Za-z\u00c0-\u017f' .\-]+")
_KANA_SUFFIXES = ("し", "まち", "ちょう", "むら", "そん", "く")
_ROMAJI_SUFFIXES = ("shi", "machi", "cho", "mura", "son", "ku")


@dataclasses.dataclass(frozen=True)
class Municipality:
    """One municipality (市区町村) or ward (行政区) of the bundled 2022 master list.

    ``history`` is ``None``, or a note (in the language of the moment) when the query was an old
    name or code, or when the unit changed after the bundled data (浜松市's wards in 2024).

    >>> import chiiki_lab
    >>> m = chiiki_lab.resolve("札幌市中央区")
    >>> m.code, m.kind, m.parent_name
    ('01101', 'ward', '札幌市')
    """

    code: str
    code6: str
    name: str
    pref_code: str
    pref_name: str
    kind: str
    kind_ja: str
    name_kana: str
    name_romaji: str
    parent_code: str | None = None
    parent_name: str | None = None
    history: str | None = dataclasses.field(default=None, compare=False)

    def __repr__(self) -> str:
        return f"Municipality({self.code} {self.pref_name}{self.name} {self.kind})"

    def __str__(self) -> str:
        return f"{self.pref_name}{self.name}（{self.code}）"


class _Step(NamedTuple):
    """One row of the code history, reduced to what notes need."""

    date: str
    kind: str
    old_code: str
    old_name: str
    old_pref: str
    new_code: str
    new_name: str
    area_note: str
    old_survives: bool


# --------------------------------------------------------------------------- codes


def code6(code5) -> str:
    """Return the 6-digit code: the 5-digit code plus its check digit (weights 6,5,4,3,2, mod 11).

    >>> code6("10425"), code6(13101)
    ('104256', '131016')
    """
    code = normalize_code(code5)
    return code + check_digit(code)


def check_digit(code: str) -> str:
    """The check digit (6th digit) of a 5-digit code string: weights 6,5,4,3,2; (11 − sum mod 11) mod 10.

    >>> check_digit("10425")
    '6'
    """
    total = sum(int(d) * w for d, w in zip(code, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def normalize_code(value) -> str:
    """Return a code written in any usual form as the 5-digit string.

    Accepts ints, strings (also full-width digits and spaces), 6-digit codes (the check digit is
    verified) and 4-digit codes that lost their leading zero (Excel: ``1100`` → ``"01100"``).

    >>> normalize_code("１０４２５"), normalize_code(104256), normalize_code(1100)
    ('10425', '10425', '01100')
    """
    if isinstance(value, bool) or not isinstance(value, (str, numbers.Integral, float)):
        raise ChiikiLabTypeError(
            f"コードは文字列か整数で指定してください（受け取った値: {value!r}、型 {type(value).__name__}）。",
            f"Give the code as a string or an integer (got {value!r} of type {type(value).__name__}).",
        )
    if isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            raise ChiikiLabTypeError(
                f"コード {value!r} は整数ではありません。空欄（NaN）でないか確かめ、"
                "コードは \"10425\" のように文字列で指定してください。",
                f"The code {value!r} is not a whole number. Check that it is not a blank (NaN) and give "
                "codes as strings such as \"10425\".",
            )
        value = int(value)
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(value)))
    if not text.isascii() or not text.isdigit():
        raise InvalidCodeError(
            f"{value!r} は市区町村コードの形ではありません。コードは数字 5 桁（例 \"10425\"）か、"
            "検査数字付きの 6 桁（例 \"104256\"）で指定してください。",
            f"{value!r} is not a municipality code. Codes are 5 digits (e.g. \"10425\") or 6 digits "
            "with the check digit (e.g. \"104256\").",
        )
    if len(text) == 4:
        text = "0" + text
    if len(text) == 6:
        right = text[:5] + check_digit(text[:5])
        if text != right:
            raise InvalidCodeError(
                f"6 桁のコード {text} の検査数字（6 桁目）が正しくありません。{text[:5]} の正しい 6 桁コードは "
                f"{right} です。5 桁の {text[:5]} で指定することもできます。",
                f"The check digit (6th digit) of the 6-digit code {text} is wrong. The right 6-digit code "
                f"for {text[:5]} is {right}; you can also give the 5-digit code {text[:5]}.",
                correct=right,
            )
        text = text[:5]
    if len(text) != 5:
        raise InvalidCodeError(
            f"コード {value!r} の桁数（{len(text)} 桁）が合いません。市区町村コードは 5 桁（例 \"10425\"）か、"
            "検査数字付きの 6 桁（例 \"104256\"）です。",
            f"The code {value!r} has {len(text)} digits. Municipality codes have 5 digits (e.g. \"10425\") "
            "or 6 with the check digit (e.g. \"104256\").",
        )
    return text


# --------------------------------------------------------------------------- text keys


def _key(text: str) -> str:
    """NFKC, no spaces: the form every name lookup uses."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _fold(key: str) -> str:
    """Merge 旧字体 and ヶ/ケ/が/か spellings (only for a second-chance lookup)."""
    return _KE_VARIANTS.sub("ケ", key.translate(_OLD_FORMS))


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _romaji_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"m(?=[bpm])", "n", re.sub(r"[^a-z]", "", text))
    return text.replace("ou", "o").replace("oo", "o").replace("uu", "u")


# --------------------------------------------------------------------------- data


_MASTER_COLUMNS = ("code", "code6", "name", "pref_code", "pref_name", "pref_romaji", "kind", "kind_ja",
                   "name_kana", "name_romaji", "gun_name", "parent_code", "northern_territories")
_CHANGE_COLUMNS = ("event_id", "date", "kind", "old_code", "old_pref", "old_district", "old_name",
                   "old_name_kana", "old_level", "new_code", "new_pref", "new_district", "new_name",
                   "new_level", "old_code_survives", "area_note", "event_text")


def _tables():
    """The master list and the code history, every cell a plain string ("" where empty)."""
    import pandas as pd

    from .datasets import load

    master, changes = load("municipalities"), load("code_history")
    changes = changes.assign(date=pd.to_datetime(changes["date"]).dt.strftime("%Y-%m-%d"))
    as_text = lambda df, cols: pd.DataFrame(  # noqa: E731
        {c: ["" if v is None or v is pd.NA or v != v else str(v) for v in df[c].tolist()] for c in cols}
    )
    text = as_text(changes, _CHANGE_COLUMNS)
    text.attrs = dict(changes.attrs)
    return as_text(master, _MASTER_COLUMNS), text


class _Index:
    """Dict lookups built once from the master list and the code history."""

    def __init__(self):
        master, changes = _tables()
        self.changes = changes
        self.by_code: dict[str, Municipality] = {}
        self.northern = set(master.loc[master["northern_territories"].str.lower() == "true", "code"])
        self.prefs: dict[str, tuple[str, str]] = {}  # pref_code -> (name, romaji)
        names, kana, romaji = defaultdict(list), defaultdict(list), defaultdict(list)
        city_names = dict(zip(master["code"], master["name"]))
        city_kana = dict(zip(master["code"], master["name_kana"]))
        for r in _rows(master):
            parent = r.parent_code or None
            m = Municipality(
                code=r.code, code6=r.code6, name=r.name, pref_code=r.pref_code, pref_name=r.pref_name,
                kind=r.kind, kind_ja=r.kind_ja, name_kana=r.name_kana, name_romaji=r.name_romaji,
                parent_code=parent, parent_name=city_names.get(parent) if parent else None,
            )
            self.by_code[r.code] = m
            self.prefs[r.pref_code] = (r.pref_name, r.pref_romaji)
            names[_key(r.name)].append(r.code)
            if r.gun_name:
                names[_key(r.gun_name + r.name)].append(r.code)
            kana[r.name_kana].append(r.code)
            kana[_kana_stem(r.name_kana)].append(r.code)
            if parent:
                names[_key(r.name[len(m.parent_name):])].append(r.code)
                kana[r.name_kana[len(city_kana[parent]):]].append(r.code)
            words = r.name_romaji.split()
            romaji[_romaji_key(r.name_romaji)].append(r.code)
            if len(words) > 1 and words[-1].lower() in _ROMAJI_SUFFIXES:
                romaji[_romaji_key(" ".join(words[:-1]))].append(r.code)
        folded = defaultdict(list)
        for k, v in names.items():
            folded[_fold(k)].extend(v)
        self.names, self.folded = _dedup(names), _dedup(folded)
        self.kana = _dedup(kana)
        self.romaji = _dedup(romaji)
        self.unique = {k: v[0] for k, v in self.names.items() if len(v) == 1}
        self.pref_keys = {}
        for pc, (pname, proman) in self.prefs.items():
            for k in {pname, pname if pname == "北海道" else pname[:-1], proman.lower(), pc, str(int(pc))}:
                self.pref_keys[k] = pc
        self.pref_romaji = {_romaji_key(proman): pc for pc, (_, proman) in self.prefs.items()}
        # code history: successor links, old names, and units newer than the bundled data
        self.succ: dict[str, list[_Step]] = defaultdict(list)
        self.pred: dict[str, list[_Step]] = defaultdict(list)
        self.old_names: dict[str, list[_Step]] = defaultdict(list)
        self.other_codes: dict[str, tuple[str, str]] = {}  # 郡/支庁 and other non-municipal codes
        history_names: dict[str, str] = {}
        for r in _rows(changes):
            old_name = _unit_name(r.old_level, r.old_district, r.old_name)
            new_name = _unit_name(r.new_level, r.new_district, r.new_name)
            step = _Step(r.date, r.kind, r.old_code, old_name, r.old_pref, r.new_code, new_name,
                         r.area_note, r.old_code_survives.lower() == "true")
            for code, level, name, pref in ((r.old_code, r.old_level, old_name, r.old_pref),
                                            (r.new_code, r.new_level, new_name, r.new_pref)):
                if code and level not in _MUNICIPAL_LEVELS:
                    self.other_codes[code] = (pref + name, level)
                elif code:
                    history_names.setdefault(code, name)
            if r.old_level not in _MUNICIPAL_LEVELS or not r.new_code:
                continue
            self.pred[r.new_code].append(step)
            if r.old_code != r.new_code and step.old_survives:
                continue  # 区の分離: the old ward goes on under its name and code
            if r.old_code != r.new_code:
                self.succ[r.old_code].append(step)
            keys = {_key(old_name), _key(r.old_district + r.old_name)}
            if r.old_level != "行政区":  # a ward's kana alone (きたく) would match dozens of wards
                keys.add(_hiragana(r.old_name_kana))
            for k in {*keys, *map(_fold, keys)} - {""}:
                self.old_names[k].append(step)
        self.history_names = history_names
        # codes and names in the history that the bundled 2022 data does not have yet (浜松市 2024)
        self.newer = {c: n for c, n in history_names.items()
                      if c not in self.by_code and c not in self.succ}
        self.newer_names = {_key(n): c for c, n in self.newer.items()}
        self.chars: dict[str, set[str]] = defaultdict(set)
        for k in self.names:
            for ch in set(k):
                self.chars[ch].add(k)


def _rows(df):
    """The rows of a text DataFrame as namedtuples, fast (plain lists, no pandas per row)."""
    row = NamedTuple("Row", [(c, str) for c in df.columns])
    return [row(*values) for values in zip(*(df[c].tolist() for c in df.columns))]


def _dedup(d):
    return {k: list(dict.fromkeys(v)) for k, v in d.items() if k}


def _kana_stem(kana: str) -> str:
    for suffix in _KANA_SUFFIXES:
        if kana.endswith(suffix) and len(kana) > len(suffix) + 1:
            return kana[: -len(suffix)]
    return ""


def _unit_name(level: str, district: str, name: str) -> str:
    """Name as written today: wards carry their city (浜松市北区), towns not their 郡."""
    return district + name if level == "行政区" else name


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


# --------------------------------------------------------------------------- resolve


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
    idx = _index()
    pref_code = _pref_code(pref)
    if isinstance(query, str):
        key = _key(query)
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


def codes_in(df, place, pref=None) -> list[str]:
    """The values of ``df["code"]`` that stand for ``place`` (a list of one code, in practice).

    ``place`` is anything :func:`code_of` accepts. Codes that are in the table but are not
    municipalities are taken as they stand ("00000" 全国, "10000" 群馬県, a user's own area codes),
    and so are the labels of a table without codes (its ``name`` column) or names that are no
    municipality but are in the table's ``name`` column (a user's own areas). A municipality
    missing from the table raises :class:`~chiiki_lab.errors.MunicipalityNotFoundError` naming the
    dataset and, for a ward or a designated city, the unit the table has instead.

    >>> import chiiki_lab
    >>> census = chiiki_lab.load("census2020")
    >>> codes_in(census, "群馬県 嬬恋村"), codes_in(census, "10000")
    (['10425'], ['10000'])
    """
    if "code" not in df.columns:
        return _names_in(df, place, pref)
    present = set(df["code"].dropna().astype(str))
    raw = _as_code(place)
    if raw is not None and raw in present and raw not in _index().by_code:
        return [raw]  # 全国, a prefecture, or the table's own area code
    try:
        code = code_of(place, pref=pref)
    except MunicipalityNotFoundError:
        own = _own_labels(df, place)
        if own is not None:
            return sorted(set(df.loc[own, "code"].astype(str)))
        raise
    if code in present:
        return [code]
    raise _not_in_table(code, df, present)


def pref_code_of(pref) -> str:
    """The 2-digit code of a prefecture given as a name ("群馬県", "群馬", "Gunma") or a code (10, "10").

    >>> pref_code_of("群馬"), pref_code_of(1)
    ('10', '01')
    """
    return _pref_code(pref)


def _as_code(place) -> str | None:
    """``place`` as a 5-digit code when it is written like one (else None, never an error)."""
    if isinstance(place, bool) or not isinstance(place, (str, numbers.Integral)):
        return None
    try:
        return normalize_code(place)
    except ChiikiLabError:
        return None


def _own_labels(df, place):
    """Mask of rows whose ``name`` is ``place`` exactly (a user's own areas), or None."""
    if not isinstance(place, str) or "name" not in df.columns:
        return None
    mask = df["name"].astype(str) == place
    return mask if mask.any() else None


def _names_in(df, place, pref) -> list[str]:
    """A table without codes: the ``name`` labels standing for ``place`` (its own label, or the
    municipality's name when that is unambiguous in the table)."""
    if "name" not in df.columns:
        raise MissingColumnError(
            "表に code 列（5 桁の市区町村コード）も name 列もないので、市区町村を探せません。",
            "The table has neither a code column (5-digit municipality code) nor a name column, so no "
            "municipality can be found in it.",
        )
    own = _own_labels(df, place)
    if own is not None:
        return [place]
    m = resolve(place.code if isinstance(place, Municipality) else place, pref=pref)
    names = set(df["name"].astype(str))
    for label in (m.pref_name + m.name, m.name):
        if label in names:
            return [label]
    raise _not_in_table(m.code, df, set())


def _not_in_table(code: str, df, present: set) -> MunicipalityNotFoundError:
    """A municipality that exists but is not in ``df``: say which dataset, and what it has instead."""
    idx = _index()
    m = idx.by_code[code]
    dataset = (getattr(df, "attrs", {}).get("chiiki_lab") or {}).get("name")
    wards = [w for w in idx.by_code.values() if w.parent_code == code and w.code in present]
    instead = []
    if m.parent_code and m.parent_code in present:
        instead = [idx.by_code[m.parent_code]]
    elif wards:
        instead = wards[:3]
    near, hint_ja, hint_en = did_you_mean(None, (), near=[f"{w.name}（{w.code}）" for w in instead])
    where_ja = f"chiiki_lab.load({dataset!r})" if dataset else "この表"
    where_en = f"chiiki_lab.load({dataset!r})" if dataset else "this table"
    more_ja = f"含まれる範囲は chiiki_lab.describe({dataset!r}) の「注意」で確かめてください。" if dataset else (
        "絞り込む前の表を渡してください。")
    more_en = f"See the caveats in chiiki_lab.describe({dataset!r}) for what it covers." if dataset else (
        "Pass the table before filtering it.")
    return MunicipalityNotFoundError(
        f"{m.pref_name}{m.name}（{code}）は {where_ja} に含まれていません。{hint_ja}{more_ja}",
        f"{m.pref_name}{m.name} ({code}) is not in {where_en}. {hint_en}{more_en}",
        suggestions=[w.code for w in instead],
    )


def _pref_code(pref) -> str | None:
    if pref is None:
        return None
    if isinstance(pref, bool) or not isinstance(pref, (str, numbers.Integral)):
        raise ChiikiLabTypeError(
            f"pref には都道府県名か都道府県コードを指定してください（受け取った値: {pref!r}、型 {type(pref).__name__}）。"
            "例: pref=\"群馬県\"、pref=10。",
            f"pref takes a prefecture name or code (got {pref!r} of type {type(pref).__name__}). "
            "Example: pref=\"群馬県\", pref=10.",
        )
    idx = _index()
    key = _key(str(pref)).lower()
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


def _label(idx: _Index, m: Municipality) -> str:
    """A name that resolves to exactly ``m`` (prefecture added when the name is shared)."""
    return m.name if len(idx.names.get(_key(m.name), ())) == 1 else m.pref_name + m.name


def _resolve_code(idx: _Index, code: str, pref_code: str | None) -> Municipality:
    if code in idx.by_code:
        m = idx.by_code[code]
        if pref_code and m.pref_code != pref_code:
            pname = idx.prefs[pref_code][0]
            raise MunicipalityNotFoundError(
                f"コード {code} は{m.pref_name}{m.name}で、指定された{pname}の市区町村ではありません。"
                "コードか pref= のどちらかを直してください。",
                f"The code {code} is {m.pref_name}{m.name}, not a municipality of {pname}. "
                "Correct either the code or pref=.",
                suggestions=[_label(idx, m)],
            )
        return _current(idx, code)
    if code in idx.succ:
        return _pick(idx, _follow(idx, code, "", ()), code, pref_code, query_is_code=True)
    if code in idx.newer:
        raise _newer_error(idx, code, code)
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
    hint = [_label(idx, idx.by_code[six[:5]])] if check_digit(six[:5]) == six[5] and six[:5] in idx.by_code else []
    raise MunicipalityNotFoundError(
        f"コード {code} の市区町村はありません（1970 年以降の廃置分合の記録にもありません）。"
        + (f"先頭の 0 が落ちた 6 桁コード {six} なら {hint[0]} です。" if hint else "")
        + "コードは \"10425\" のように文字列で指定すると先頭の 0 が消えません。",
        f"No municipality has the code {code} (nor did one in the code history since 1970). "
        + (f"If it is the 6-digit code {six} without its leading zero, it is {hint[0]}. " if hint else "")
        + "Give codes as strings such as \"10425\" so that leading zeros are kept.",
        suggestions=hint,
    )


def _current(idx: _Index, code: str) -> Municipality:
    """A bundled municipality, with a note when it changed after the bundled data (浜松市's wards)."""
    m = idx.by_code[code]
    later = idx.succ.get(code)
    return dataclasses.replace(m, history=_later_note(idx, m, later)) if later else m


def _strip_pref(idx: _Index, key: str, pref_code: str | None) -> tuple[str, str | None]:
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


def _resolve_name(idx: _Index, query: str, key: str, pref_code: str | None) -> Municipality:
    if key in idx.pref_keys and key not in idx.names:
        raise _prefecture_error(idx, query, idx.pref_keys[key])
    key, pref_code = _strip_pref(idx, key, pref_code)
    lookups = [idx.names.get(key), idx.folded.get(_fold(key))]
    if _KANA.fullmatch(key):
        lookups.append(idx.kana.get(_hiragana(key)))
    elif _ROMAJI.fullmatch(key):
        lookups += _romaji_lookups(idx, _romaji_key(key), pref_code)
    unfiltered = []
    for codes in lookups:
        if not codes:
            continue
        found = [idx.by_code[c] for c in codes if not pref_code or idx.by_code[c].pref_code == pref_code]
        if len(found) == 1:
            return _current(idx, found[0].code)
        if found:
            raise _ambiguous_error(idx, query, found)
        unfiltered = unfiltered or [idx.by_code[c] for c in codes]
    old = _old_name_paths(idx, key, pref_code)
    if old:
        return _pick(idx, old, query, pref_code, query_is_code=False)
    if key in idx.newer_names:
        raise _newer_error(idx, idx.newer_names[key], query)
    raise _not_found_error(idx, query, key, pref_code, unfiltered)


def _romaji_lookups(idx: _Index, rkey: str, pref_code: str | None) -> list:
    """Romaji: the name as given, then with a leading prefecture name ("Gunma Tsumagoi") split off."""
    out = [idx.romaji.get(rkey)]
    for pk, pc in idx.pref_romaji.items():
        if rkey.startswith(pk) and (not pref_code or pref_code == pc):
            rest = rkey[len(pk):]
            for cand in (rest, re.sub(r"^(ken|to|fu)", "", rest)):
                out.append([c for c in idx.romaji.get(cand, ()) if c[:2] == pc])
    return out


def _follow(idx: _Index, code: str, since: str, steps: tuple) -> list[tuple[str, tuple]]:
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


def _old_name_paths(idx: _Index, key: str, pref_code: str | None) -> list[tuple[str, tuple]]:
    steps = idx.old_names.get(key) or idx.old_names.get(_fold(key)) or []
    if not steps and _KANA.fullmatch(key):
        steps = idx.old_names.get(_hiragana(key), [])
    pname = idx.prefs[pref_code][0] if pref_code else None
    out = []
    for s in steps:
        if pname is None or s.old_pref == pname:
            out += _follow(idx, s.new_code, s.date, (s,))
    return out


def _pick(idx: _Index, paths, query, pref_code, query_is_code: bool) -> Municipality:
    """One municipality from the followed paths, or an ambiguity error listing each end."""
    ends: dict[str, tuple] = {}
    for code, steps in paths:
        if code in idx.by_code and (not pref_code or code[:2] == pref_code):
            ends.setdefault(code, steps)
    if not ends:
        if query_is_code and paths:
            return _resolve_code(idx, paths[0][0], pref_code)
        raise _not_found_error(idx, str(query), _key(str(query)), pref_code, [])
    found = [dataclasses.replace(idx.by_code[c], history=_note(idx, steps)) for c, steps in ends.items()]
    if len(found) == 1:
        return found[0]
    raise _ambiguous_error(idx, str(query), found, old=True)


# --------------------------------------------------------------------------- notes and errors


def _note(idx: _Index, steps: tuple) -> str:
    first = steps[0]
    parts_ja, parts_en = [], []
    for s in steps:
        area_ja = f"（{s.area_note}）" if s.area_note else ""
        area_en = f"; area: {s.area_note}" if s.area_note else ""
        parts_ja.append(f"{s.date} の{s.kind}{area_ja}で{s.new_name}（{s.new_code}）")
        parts_en.append(f"{s.new_name} ({s.new_code}) on {s.date} ({_EVENT_EN.get(s.kind, s.kind)}{area_en})")
    m = idx.by_code[steps[-1].new_code]
    later = idx.succ.get(m.code)
    tail = (" " + _later_note(idx, m, later)) if later else ""
    return tr(
        f"{first.old_name}（{first.old_code}）は " + "に、".join(parts_ja) + "になりました。" + tail,
        f"{first.old_name} ({first.old_code}) became " + ", then ".join(parts_en) + "." + tail,
    )


def _later_note(idx: _Index, m: Municipality, later: list) -> str:
    """Note for a bundled unit that changed after the bundled data (浜松市's wards, 2024-01-01)."""
    ja = "、".join(f"{s.new_name}（{s.new_code}{'、一部: ' + s.area_note if s.area_note else ''}）" for s in later)
    en = ", ".join(f"{s.new_name} ({s.new_code}{'; part: ' + s.area_note if s.area_note else ''})" for s in later)
    s = later[0]
    return tr(
        f"{m.name}（{m.code}）は{_BUNDLED_VINTAGE_JA}の単位です。{s.date} の{s.kind}で{ja}になりました。",
        f"{m.name} ({m.code}) is a unit of {_BUNDLED_VINTAGE_EN}. On {s.date} it became {en} "
        f"({_EVENT_EN.get(s.kind, s.kind)}).",
    )


def _newer_error(idx: _Index, code: str, query) -> MunicipalityNotFoundError:
    preds = [s for s in idx.pred.get(code, ()) if s.old_code in idx.by_code]
    olds = list(dict.fromkeys(s.old_code for s in preds))
    date = preds[0].date if preds else "?"
    what_ja = f"コード {code}（{idx.newer[code]}）" if query == code else f"「{query}」（{code}）"
    what_en = f"The code {code} ({idx.newer[code]})" if query == code else f"\"{query}\" ({code})"
    ja = "、".join(f"{idx.by_code[c].name}（{c}）" for c in olds)
    en = ", ".join(f"{idx.by_code[c].name} ({c})" for c in olds)
    parents = list(dict.fromkeys(idx.by_code[c].parent_code for c in olds if idx.by_code[c].parent_code))
    whole_ja = "".join(f"市全体なら{idx.by_code[c].name}（{c}）です。" for c in parents)
    whole_en = "".join(f" For the whole city use {idx.by_code[c].name} ({c})." for c in parents)
    return MunicipalityNotFoundError(
        f"{what_ja}は {date} にできた単位で、{_BUNDLED_VINTAGE_JA}より新しいため含まれていません。"
        f"同梱データでは変更前の{ja}を使ってください。{whole_ja}",
        f"{what_en} was created on {date}, after {_BUNDLED_VINTAGE_EN}, so it is not "
        f"included. Use the units before the change instead: {en}.{whole_en}",
        suggestions=[_label(idx, idx.by_code[c]) for c in olds + parents],
    )


def _ambiguous_error(idx: _Index, query: str, found: list[Municipality], old: bool = False):
    def line(m, lang):
        extra_ja = "、北方領土" if m.code in idx.northern else ""
        extra_en = ", Northern Territories" if m.code in idx.northern else ""
        if lang == "ja":
            return f"{m.pref_name}{m.name}（{m.code}、{m.kind_ja}{extra_ja}）" + (f" … {m.history}" if old else "")
        return f"{m.pref_name}{m.name} ({m.code}, {_KIND_EN.get(m.kind, m.kind)}{extra_en})" + (
            f" … {m.history}" if old else "")

    first = found[0]
    advice_ja, advice_en = [], []
    if len({m.pref_code for m in found}) > 1:
        advice_ja.append(f"pref=\"{first.pref_name}\" のように都道府県を指定する")
        advice_en.append(f"pass pref=\"{first.pref_name}\"")
        if not old:
            advice_ja.append(f"\"{first.pref_name}{first.name}\" のように都道府県名を付ける")
            advice_en.append(f"put the prefecture first: \"{first.pref_name}{first.name}\"")
    advice_ja.append(f"{'今の名前か' if old else ''}コード（例 \"{first.code}\"）で指定する")
    advice_en.append(f"give {'today’s name or ' if old else ''}the code (e.g. \"{first.code}\")")
    lead_ja = "（旧名・旧コードとして）" if old else ""
    lead_en = " (as an old name or code)" if old else ""
    return AmbiguousMunicipalityError(
        f"「{query}」{lead_ja}に当てはまる市区町村が {len(found)} 件あります:\n"
        + "\n".join("  - " + line(m, "ja") for m in found)
        + "\n" + "か、".join(advice_ja) + "と 1 つに決まります。",
        f"\"{query}\"{lead_en} matches {len(found)} municipalities:\n"
        + "\n".join("  - " + line(m, "en") for m in found)
        + "\nTo choose one, " + ", ".join(advice_en[:-1]) + (" or " if len(advice_en) > 1 else "") + advice_en[-1] + ".",
        candidates=found,
    )


def _prefecture_error(idx: _Index, query: str, pref_code: str) -> MunicipalityNotFoundError:
    pname = idx.prefs[pref_code][0]
    near = [_label(idx, idx.by_code[c]) for s in "市町村" for c in idx.names.get(_key(query) + s, ())]
    listing = f"chiiki_lab.load(\"municipalities\").query(\"pref_code == '{pref_code}'\")"
    return MunicipalityNotFoundError(
        f"「{query}」は都道府県（{pname}）で、市区町村ではありません。"
        + (f"市区町村なら: {'、'.join(near)}。" if near else "")
        + f"{pname}の市区町村の一覧は {listing} で見られます。",
        f"\"{query}\" is a prefecture ({pname}), not a municipality. "
        + (f"The municipality may be: {', '.join(near)}. " if near else "")
        + f"List {pname}'s municipalities with {listing}.",
        suggestions=near,
    )


def _suggest(idx: _Index, key: str, pref_code: str | None) -> list[str]:
    """Near real names: wrong 市/町/村/区 suffix, missing suffix, then close spellings."""
    keys: list[str] = []
    stem = key[:-1] if key[-1:] in "市町村区" else key
    for s in "市町村区":
        for k in (stem + s, _fold(stem + s)):
            if k in idx.names or k in idx.folded:
                keys.append(k)
    if _KANA.fullmatch(key):
        pool = {m.name_kana: m.name for m in idx.by_code.values()}
        keys += [pool[k] for k in difflib.get_close_matches(_hiragana(key), list(pool), n=5, cutoff=0.6)]
    else:
        pool = set().union(*(idx.chars.get(ch, set()) for ch in set(key))) if key else set()
        keys += difflib.get_close_matches(key, sorted(pool), n=5, cutoff=0.6)
    out = []
    for k in keys:
        for c in idx.names.get(k) or idx.folded.get(_fold(k), ()):
            m = idx.by_code[c]
            if not pref_code or m.pref_code == pref_code:
                out.append(_label(idx, m))
    old = [s.old_name for s in idx.old_names.get(stem + "市", []) + idx.old_names.get(stem + "町", [])]
    return list(dict.fromkeys(out + old))[:6]


def _not_found_error(idx, query, key, pref_code, elsewhere) -> MunicipalityNotFoundError:
    suggestions = _suggest(idx, key, pref_code)
    where_ja = where_en = ""
    if pref_code:
        pname = idx.prefs[pref_code][0]
        where_ja, where_en = f"{pname}に", f" in {pname}"
        if elsewhere:
            suggestions = [m.pref_name + m.name for m in elsewhere] + suggestions
    suggestions, hint_ja, hint_en = did_you_mean(query, (), near=suggestions)
    return MunicipalityNotFoundError(
        f"{where_ja}「{query}」という市区町村は見つかりませんでした（1970 年以降の旧名にもありません）。{hint_ja}"
        "名前は \"嬬恋村\"、\"群馬県嬬恋村\"、\"つまごいむら\" のように、コードは \"10425\" のように指定できます。",
        f"No municipality \"{query}\" was found{where_en} (nor an old name of one since 1970). {hint_en}"
        "Names can be given as \"嬬恋村\", \"群馬県嬬恋村\" or \"Tsumagoi\", codes as \"10425\".",
        suggestions=suggestions,
    )


# --------------------------------------------------------------------------- many values


def to_codes(values, pref=None) -> "pandas.Series":
    """Convert a column of names or codes (mixed forms are fine) to 5-digit codes.

    Returns a ``string`` Series with the input's index and ``<NA>`` where nothing (or several
    municipalities) matched. ``.attrs["unmatched"]`` is a DataFrame (input, reason, suggestions,
    count) of what did not match, and one ``UserWarning`` says how many. ``pref`` is one
    prefecture for all values, or a sequence of the same length (e.g. a prefecture column).

    >>> import pandas as pd
    >>> to_codes(pd.Series(["嬬恋村", "10425", "浦和市"])).tolist()
    ['10425', '10425', '11100']
    """
    import pandas as pd

    idx = _index()
    series = values if isinstance(values, pd.Series) else pd.Series(list(values))
    if pref is None or isinstance(pref, (str, numbers.Integral)):
        prefs = [pref] * len(series)
    else:
        prefs = list(pref)
        if len(prefs) != len(series):
            raise ChiikiLabValueError(
                f"pref の長さ（{len(prefs)}）が値の数（{len(series)}）と合いません。都道府県は 1 つか、値と同じ長さの列で指定してください。",
                f"pref has {len(prefs)} items but there are {len(series)} values. Give one prefecture or a "
                "column of the same length.",
            )
    done: dict = {}
    failed: dict = {}
    memos = [_memo_key(value, p) for value, p in zip(series.tolist(), prefs)]
    for memo, value, p in zip(memos, series.tolist(), prefs):
        if memo not in done:
            done[memo] = _one_code(idx, value, p, failed, memo)
    result = pd.Series([done[m] for m in memos], index=series.index, dtype="string", name="code")
    counts = defaultdict(int)
    for memo in memos:
        if memo in failed:
            counts[memo] += 1
    rows = [dict(failed[m], count=n) for m, n in counts.items()]
    result.attrs["unmatched"] = pd.DataFrame(rows, columns=["input", "reason", "suggestions", "count"])
    n_bad = sum(counts.values())
    if n_bad:
        warnings.warn(
            tr(
                f"{len(series):,} 件のうち {n_bad:,} 件（{len(rows):,} 種類）は市区町村コードに変換できず <NA> にしました。"
                "理由と候補は結果の .attrs[\"unmatched\"] で見られます。",
                f"{n_bad:,} of {len(series):,} values ({len(rows):,} distinct) did not match a municipality "
                "and became <NA>. See .attrs[\"unmatched\"] of the result for reasons and suggestions.",
            ),
            UserWarning,
            stacklevel=2,
        )
    return result


def _memo_key(value, pref):
    """A dict key for a (value, pref) pair; unhashable values are keyed by their repr."""
    key = (type(value), value, pref)
    try:
        hash(key)
    except TypeError:
        key = (type(value), repr(value), repr(pref))
    return key


def _one_code(idx: _Index, value, pref, failed: dict, memo):
    """The code of one value, or None (the reason goes to ``failed``)."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not _key(value)
    ):
        failed[memo] = {"input": value, "reason": tr("空欄", "blank"), "suggestions": ""}
        return None
    try:
        pc = _pref_code(pref)
        if isinstance(value, str):  # fast path: a plain current name or 5-digit code
            key = _key(value)
            code = key if key in idx.by_code else idx.unique.get(key)
            if code and (not pc or code[:2] == pc):
                return code
        return resolve(value, pref=pref).code
    except AmbiguousMunicipalityError as e:
        reason = tr("候補が複数", "ambiguous")
        near = [tr(f"{c}", f"{c.pref_name}{c.name} ({c.code})") for c in e.candidates]
    except MunicipalityNotFoundError as e:
        reason, near = tr("見つからない", "not found"), e.suggestions
    except InvalidCodeError as e:
        reason, near = tr("コードの誤り", "invalid code"), [e.details.get("correct", "")]
    except ChiikiLabTypeError:
        reason, near = tr("型が不正", "wrong type"), []
    except ChiikiLabError as e:
        reason, near = str(e), []
    failed[memo] = {"input": value, "reason": reason, "suggestions": tr("、", ", ").join(n for n in near if n)}
    return None


def history(query, pref=None) -> "pandas.DataFrame":
    """The code-change events (合併, 編入, 名称変更, 市制施行 …) behind a name or code, oldest first.

    For today's municipality: the events that formed it. For an old name or code: also what it
    became. Columns: date, kind, old_code, old_name, new_code, new_name, area_note, event_text.

    >>> h = history("さいたま市")
    >>> sorted(set(h["old_name"]) & {"浦和市", "大宮市", "与野市", "岩槻市"})
    ['与野市', '大宮市', '岩槻市', '浦和市']
    """
    idx = _index()
    try:
        found = [resolve(query, pref=pref)]
    except AmbiguousMunicipalityError as e:
        if not all(m.history for m in e.candidates):
            raise
        found = e.candidates
    focus = {m.code for m in found}
    if any(m.history for m in found):  # an old unit: start from the old code itself
        key = _key(str(query))
        if key.isdigit():
            focus.add(normalize_code(key))
        else:
            focus |= {s.old_code for s in idx.old_names.get(_strip_pref(idx, key, _pref_code(pref))[0], [])}
    lineage, todo = set(focus), list(focus)
    while todo:  # every ancestor
        for s in idx.pred.get(todo.pop(), ()):
            if s.old_code and s.old_code not in lineage:
                lineage.add(s.old_code)
                todo.append(s.old_code)
    ch = idx.changes
    rows = ch[(ch["old_code"].isin(lineage) | ch["new_code"].isin(lineage))
              & (ch["old_level"].isin(_MUNICIPAL_LEVELS) | ch["new_level"].isin(_MUNICIPAL_LEVELS))]
    out = rows.assign(
        old_name=[_unit_name(lv, d, n) for lv, d, n in zip(rows["old_level"], rows["old_district"], rows["old_name"])],
        new_name=[_unit_name(lv, d, n) for lv, d, n in zip(rows["new_level"], rows["new_district"], rows["new_name"])],
    ).sort_values(["date", "event_id"])
    out = out[["date", "kind", "old_code", "old_name", "new_code", "new_name", "area_note", "event_text"]]
    out = out.reset_index(drop=True)
    out.attrs = dict(ch.attrs)
    return out
