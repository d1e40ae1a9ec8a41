"""The code-change events (合併, 編入, 名称変更 …) behind a name or code: :func:`history`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import AmbiguousMunicipalityError
from .digits import normalize_code
from .lookup import pref_code_of, resolve, strip_pref
from .master import MUNICIPAL_LEVELS, code_index, unit_name
from .names import name_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas


def history(query, pref=None) -> "pandas.DataFrame":
    """The code-change events (合併, 編入, 名称変更, 市制施行 …) behind a name or code, oldest first.

    For today's municipality: the events that formed it. For an old name or code: also what it
    became. Columns: date, kind, old_code, old_name, new_code, new_name, area_note, event_text.

    >>> h = history("さいたま市")
    >>> sorted(set(h["old_name"]) & {"浦和市", "大宮市", "与野市", "岩槻市"})
    ['与野市', '大宮市', '岩槻市', '浦和市']
    """
    idx = code_index()
    try:
        found = [resolve(query, pref=pref)]
    except AmbiguousMunicipalityError as e:
        if not all(m.history for m in e.candidates):
            raise
        found = e.candidates
    focus = {m.code for m in found}
    if any(m.history for m in found):  # an old unit: start from the old code itself
        key = name_key(str(query))
        if key.isdigit():
            focus.add(normalize_code(key))
        else:
            focus |= {s.old_code for s in idx.old_names.get(strip_pref(idx, key, pref_code_of(pref))[0], [])}
    lineage, todo = set(focus), list(focus)
    while todo:  # every ancestor
        for s in idx.pred.get(todo.pop(), ()):
            if s.old_code and s.old_code not in lineage:
                lineage.add(s.old_code)
                todo.append(s.old_code)
    ch = idx.changes
    rows = ch[(ch["old_code"].isin(lineage) | ch["new_code"].isin(lineage))
              & (ch["old_level"].isin(MUNICIPAL_LEVELS) | ch["new_level"].isin(MUNICIPAL_LEVELS))]
    out = rows.assign(
        old_name=[unit_name(lv, d, n) for lv, d, n in zip(rows["old_level"], rows["old_district"], rows["old_name"])],
        new_name=[unit_name(lv, d, n) for lv, d, n in zip(rows["new_level"], rows["new_district"], rows["new_name"])],
    ).sort_values(["date", "event_id"])
    out = out[["date", "kind", "old_code", "old_name", "new_code", "new_name", "area_note", "event_text"]]
    out = out.reset_index(drop=True)
    out.attrs = dict(ch.attrs)
    return out
