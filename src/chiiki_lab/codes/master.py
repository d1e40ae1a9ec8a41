"""The bundled master list and code history, indexed once: :class:`Municipality` and :func:`code_index`."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .names import ROMAJI_SUFFIXES, fold_key, hiragana, kana_stem, name_key, romaji_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas

MUNICIPAL_LEVELS = {"市町村", "行政区", "特別区"}


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


class Step(NamedTuple):
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


_MASTER_COLUMNS = ("code", "code6", "name", "pref_code", "pref_name", "pref_romaji", "kind", "kind_ja",
                   "name_kana", "name_romaji", "gun_name", "parent_code", "northern_territories")
_CHANGE_COLUMNS = ("event_id", "date", "kind", "old_code", "old_pref", "old_district", "old_name",
                   "old_name_kana", "old_level", "new_code", "new_pref", "new_district", "new_name",
                   "new_level", "old_code_survives", "area_note", "event_text")


def _text(df, columns) -> dict[str, list[str]]:
    """The cells of ``columns`` as plain strings ("" where empty), column by column."""
    import pandas as pd

    return {c: ["" if v is None or v is pd.NA or v != v else str(v) for v in df[c].tolist()] for c in columns}


def _tables() -> tuple[dict[str, list[str]], dict[str, list[str]], dict]:
    """The master list and the code history as text columns (no DataFrames: the index is built from
    plain lists, and the 地域カルテ from the command line waits for it), and the history's attrs."""
    import pandas as pd

    from ..datasets import load

    master = load("municipalities", columns=list(_MASTER_COLUMNS))
    changes = load("code_history", columns=list(_CHANGE_COLUMNS))
    changes = changes.assign(date=pd.to_datetime(changes["date"]).dt.strftime("%Y-%m-%d"))
    return _text(master, _MASTER_COLUMNS), _text(changes, _CHANGE_COLUMNS), dict(changes.attrs)


class CodeIndex:
    """Dict lookups built once from the master list and the code history."""

    def __init__(self):
        master, changes, self._changes_attrs = _tables()
        self._changes_text = changes
        self.by_code: dict[str, Municipality] = {}
        self.northern = {c for c, flag in zip(master["code"], master["northern_territories"]) if flag.lower() == "true"}
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
            names[name_key(r.name)].append(r.code)
            if r.gun_name:
                names[name_key(r.gun_name + r.name)].append(r.code)
            kana[r.name_kana].append(r.code)
            kana[kana_stem(r.name_kana)].append(r.code)
            if parent:
                names[name_key(r.name[len(m.parent_name):])].append(r.code)
                kana[r.name_kana[len(city_kana[parent]):]].append(r.code)
            words = r.name_romaji.split()
            romaji[romaji_key(r.name_romaji)].append(r.code)
            if len(words) > 1 and words[-1].lower() in ROMAJI_SUFFIXES:
                romaji[romaji_key(" ".join(words[:-1]))].append(r.code)
        folded = defaultdict(list)
        for k, v in names.items():
            folded[fold_key(k)].extend(v)
        self.names, self.folded = _dedup(names), _dedup(folded)
        self.kana = _dedup(kana)
        self.romaji = _dedup(romaji)
        self.unique = {k: v[0] for k, v in self.names.items() if len(v) == 1}
        self.pref_keys = {}
        for pc, (pname, proman) in self.prefs.items():
            for k in {pname, pname if pname == "北海道" else pname[:-1], proman.lower(), pc, str(int(pc))}:
                self.pref_keys[k] = pc
        self.pref_romaji = {romaji_key(proman): pc for pc, (_, proman) in self.prefs.items()}
        # code history: successor links, old names, and units newer than the bundled data
        self.succ: dict[str, list[Step]] = defaultdict(list)
        self.pred: dict[str, list[Step]] = defaultdict(list)
        self.old_names: dict[str, list[Step]] = defaultdict(list)
        self.other_codes: dict[str, tuple[str, str]] = {}  # 郡/支庁 and other non-municipal codes
        history_names: dict[str, str] = {}
        for r in _rows(changes):
            old_name = unit_name(r.old_level, r.old_district, r.old_name)
            new_name = unit_name(r.new_level, r.new_district, r.new_name)
            step = Step(r.date, r.kind, r.old_code, old_name, r.old_pref, r.new_code, new_name,
                         r.area_note, r.old_code_survives.lower() == "true")
            for code, level, name, pref in ((r.old_code, r.old_level, old_name, r.old_pref),
                                            (r.new_code, r.new_level, new_name, r.new_pref)):
                if code and level not in MUNICIPAL_LEVELS:
                    self.other_codes[code] = (pref + name, level)
                elif code:
                    history_names.setdefault(code, name)
            if r.old_level not in MUNICIPAL_LEVELS or not r.new_code:
                continue
            self.pred[r.new_code].append(step)
            if r.old_code != r.new_code and step.old_survives:
                continue  # 区の分離: the old ward goes on under its name and code
            if r.old_code != r.new_code:
                self.succ[r.old_code].append(step)
            keys = {name_key(old_name), name_key(r.old_district + r.old_name)}
            if r.old_level != "行政区":  # a ward's kana alone (きたく) would match dozens of wards
                keys.add(hiragana(r.old_name_kana))
            for k in {*keys, *map(fold_key, keys)} - {""}:
                self.old_names[k].append(step)
        self.history_names = history_names
        # codes and names in the history that the bundled 2022 data does not have yet (浜松市 2024)
        self.newer = {c: n for c, n in history_names.items()
                      if c not in self.by_code and c not in self.succ}
        self.newer_names = {name_key(n): c for c, n in self.newer.items()}
        self.chars: dict[str, set[str]] = defaultdict(set)
        for k in self.names:
            for ch in set(k):
                self.chars[ch].add(k)

    @cached_property
    def changes(self) -> pandas.DataFrame:
        """The code history as a text DataFrame (for lineage tables), with the dataset's attrs."""
        import pandas as pd

        table = pd.DataFrame(self._changes_text)
        table.attrs = dict(self._changes_attrs)
        return table


def _rows(columns: dict[str, list[str]]) -> list:
    """The rows of text columns as namedtuples."""
    row = NamedTuple("Row", [(c, str) for c in columns])
    return [row(*values) for values in zip(*columns.values())]


def _dedup(d):
    return {k: list(dict.fromkeys(v)) for k, v in d.items() if k}


def unit_name(level: str, district: str, name: str) -> str:
    """Name as written today: wards carry their city (浜松市北区), towns not their 郡."""
    return district + name if level == "行政区" else name


@lru_cache(maxsize=1)
def code_index() -> CodeIndex:
    """The index of the bundled master list and code history, built once per process."""
    return CodeIndex()
