"""Notes and errors about places, in Japanese and English: history notes, ambiguity, not found (with もしかして)."""

from __future__ import annotations

import difflib

from ..errors import AmbiguousMunicipalityError, MunicipalityNotFoundError, did_you_mean
from ..i18n import tr
from .master import CodeIndex, Municipality, code_index
from .names import KANA, fold_key, hiragana, name_key

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

_BUNDLED_VINTAGE_JA = "同梱データ（2022年の区割り）"
_BUNDLED_VINTAGE_EN = "the bundled data (2022 boundaries)"


def not_in_table(code: str, df, present: set) -> MunicipalityNotFoundError:
    """A municipality that exists but is not in ``df``: say which dataset, and what it has instead."""
    idx = code_index()
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


def unique_label(idx: CodeIndex, m: Municipality) -> str:
    """A name that resolves to exactly ``m`` (prefecture added when the name is shared)."""
    return m.name if len(idx.names.get(name_key(m.name), ())) == 1 else m.pref_name + m.name


def history_note(idx: CodeIndex, steps: tuple) -> str:
    """The note of an old name or code: the changes it went through, oldest first."""
    first = steps[0]
    parts_ja, parts_en = [], []
    for s in steps:
        area_ja = f"（{s.area_note}）" if s.area_note else ""
        area_en = f"; area: {s.area_note}" if s.area_note else ""
        parts_ja.append(f"{s.date} の{s.kind}{area_ja}で{s.new_name}（{s.new_code}）")
        parts_en.append(f"{s.new_name} ({s.new_code}) on {s.date} ({_EVENT_EN.get(s.kind, s.kind)}{area_en})")
    m = idx.by_code[steps[-1].new_code]
    later = idx.succ.get(m.code)
    tail = (" " + later_note(idx, m, later)) if later else ""
    return tr(
        f"{first.old_name}（{first.old_code}）は " + "に、".join(parts_ja) + "になりました。" + tail,
        f"{first.old_name} ({first.old_code}) became " + ", then ".join(parts_en) + "." + tail,
    )


def later_note(idx: CodeIndex, m: Municipality, later: list) -> str:
    """Note for a bundled unit that changed after the bundled data (浜松市's wards, 2024-01-01)."""
    ja = "、".join(f"{s.new_name}（{s.new_code}{'、一部: ' + s.area_note if s.area_note else ''}）" for s in later)
    en = ", ".join(f"{s.new_name} ({s.new_code}{'; part: ' + s.area_note if s.area_note else ''})" for s in later)
    s = later[0]
    return tr(
        f"{m.name}（{m.code}）は{_BUNDLED_VINTAGE_JA}の単位です。{s.date} の{s.kind}で{ja}になりました。",
        f"{m.name} ({m.code}) is a unit of {_BUNDLED_VINTAGE_EN}. On {s.date} it became {en} "
        f"({_EVENT_EN.get(s.kind, s.kind)}).",
    )


def newer_error(idx: CodeIndex, code: str, query) -> MunicipalityNotFoundError:
    """A unit newer than the bundled data (浜松市's 2024 wards): which older units to use."""
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
        suggestions=[unique_label(idx, idx.by_code[c]) for c in olds + parents],
    )


def ambiguous_error(idx: CodeIndex, query: str, found: list[Municipality], old: bool = False):
    """Several municipalities match: list them and say how to choose one."""
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


def prefecture_error(idx: CodeIndex, query: str, pref_code: str) -> MunicipalityNotFoundError:
    """A prefecture was given where a municipality is expected."""
    pname = idx.prefs[pref_code][0]
    near = [unique_label(idx, idx.by_code[c]) for s in "市町村" for c in idx.names.get(name_key(query) + s, ())]
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


def _suggest(idx: CodeIndex, key: str, pref_code: str | None) -> list[str]:
    """Near real names: wrong 市/町/村/区 suffix, missing suffix, then close spellings."""
    keys: list[str] = []
    stem = key[:-1] if key[-1:] in "市町村区" else key
    for s in "市町村区":
        for k in (stem + s, fold_key(stem + s)):
            if k in idx.names or k in idx.folded:
                keys.append(k)
    if KANA.fullmatch(key):
        pool = {m.name_kana: m.name for m in idx.by_code.values()}
        keys += [pool[k] for k in difflib.get_close_matches(hiragana(key), list(pool), n=5, cutoff=0.6)]
    else:
        pool = set().union(*(idx.chars.get(ch, set()) for ch in set(key))) if key else set()
        keys += difflib.get_close_matches(key, sorted(pool), n=5, cutoff=0.6)
    out = []
    for k in keys:
        for c in idx.names.get(k) or idx.folded.get(fold_key(k), ()):
            m = idx.by_code[c]
            if not pref_code or m.pref_code == pref_code:
                out.append(unique_label(idx, m))
    old = [s.old_name for s in idx.old_names.get(stem + "市", []) + idx.old_names.get(stem + "町", [])]
    return list(dict.fromkeys(out + old))[:6]


def not_found_error(idx, query, key, pref_code, elsewhere) -> MunicipalityNotFoundError:
    """Nothing matches: もしかして suggestions, and the forms that work."""
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
