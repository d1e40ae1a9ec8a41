"""Instant checks for learners: ``check``, ``hint`` and ``progress``.

An answer is first turned into plain data (:func:`encode_answer`: numbers, text, lists, Series as
index + values), then compared with the expected value computed from the bundled data
(:mod:`.questions`). The grader uses the very same path, outside the learner's kernel.

Answers right in another form are accepted: a list, Series, set or Index where order does not
matter; names or codes of municipalities; 全角 or 半角; a one-element Series for a number; a
share or a percentage when the question allows both; rounding within the question's tolerance.
Wrong answers get a hint saying what kind of mistake they look like.

>>> r = judge("4-2", 200)
>>> r.ok, r.mistake
(False, True)
>>> judge("4-2", "+100%").ok
True
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ..errors import ChiikiLabValueError
from ..i18n import tr
from .questions import QUESTIONS, Question

MAX_ITEMS = 5000  # larger answers are not decoded (a whole table is never an answer here)

_results: dict[str, bool] = {}  # question id -> last check result in this session
_hints_shown: dict[str, int] = {}


# --------------------------------------------------------------------------- answer encoding


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


def _nfkc(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _number_from_text(text: str) -> float | None:
    t = _nfkc(text).replace(",", "").replace("−", "-").replace("−", "-")
    t = re.sub(r"(%|％|倍|円|人|件|ポイント|pt)$", "", t)
    try:
        return float(t)
    except ValueError:
        return None


def _as_number(enc: dict) -> float | None:
    t = enc["t"]
    if t == "num":
        return None if enc["v"] is None else float(enc["v"])
    if t == "str":
        return _number_from_text(enc["v"])
    if t in ("list", "series", "set") and len(enc["v"]) == 1:  # e.g. df.loc[mask, "col"] gives one row
        return _as_number(encode_answer(enc["v"][0]))
    if t == "frame" and len(enc["columns"]) == 1 and len(enc["index"]) == 1:
        return _as_number(encode_answer(enc["data"][enc["columns"][0]][0]))
    return None


def _items(enc: dict) -> list | None:
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
    return None


@lru_cache(maxsize=1)
def _place_tokens() -> dict[str, list[str]]:
    """Every accepted spelling of a municipality or prefecture -> codes (names can be shared)."""
    from ..datasets import load

    tokens: dict[str, list[str]] = {}

    def add(token, code):
        key = _nfkc(token)
        if key and code not in tokens.setdefault(key, []):
            tokens[key].append(code)

    for row in load("municipalities").itertuples():
        for token in (row.code, row.code6, row.name, f"{row.pref_name}{row.name}"):
            add(token, row.code)
        if isinstance(row.gun_name, str) and row.gun_name:
            add(f"{row.pref_name}{row.gun_name}{row.name}", row.code)
    census = load("census2020")
    for row in census[census["level"] == "prefecture"].itertuples():
        short = re.sub(r"(都|府|県)$", "", row.pref_name) if row.pref_name != "北海道" else row.pref_name
        for token in (row.code, row.code6, row.pref_code, row.pref_name, short):
            add(token, row.code)
    return tokens


def _place_codes(items: list, preferred: list[str]) -> tuple[list[str], list[str]]:
    """(codes, unknown tokens); a shared name (南牧村, 金山町) resolves to a preferred place if one fits."""
    tokens = _place_tokens()
    codes, unknown = [], []
    for item in items:
        if isinstance(item, int):
            item = f"{item:05d}" if item >= 1000 else f"{item:02d}"
        key = _nfkc(item)
        found = tokens.get(key) or tokens.get(key.zfill(5) if key.isdigit() else key)
        if not found:
            unknown.append(str(item))
            continue
        match = [c for c in preferred if c in found]
        codes.append(match[0] if match else found[0])
    return codes, unknown


def _age_group(enc: dict) -> tuple[int, int | None] | None:
    if enc["t"] in ("list", "set") and len(enc["v"]) == 2:
        lo, hi = enc["v"]
        return (int(lo), int(hi)) if all(isinstance(x, (int, float)) for x in (lo, hi)) else None
    if enc["t"] != "str":
        return None
    numbers = [int(n) for n in re.findall(r"\d+", _nfkc(enc["v"]))]
    if len(numbers) == 2:
        return numbers[0], numbers[1]
    if len(numbers) == 1 and re.search(r"(p|以上|\+)$", _nfkc(enc["v"])):
        return numbers[0], None
    return None


def _parse_group(text: str) -> tuple[int, int | None]:
    found = _age_group({"t": "str", "v": text})
    assert found is not None
    return found


def _choice(enc: dict) -> str | None:
    if enc["t"] != "str":
        return None
    text = re.sub(r"[().]", "", _nfkc(enc["v"]).lower())  # "(b)", "b)", "b." → "b"
    return text if len(text) == 1 and text.isalpha() else None


# --------------------------------------------------------------------------- judging


@dataclass(frozen=True)
class Verdict:
    """Result of judging one answer: ``ok``, the message (ja/en), whether a known mistake matched."""

    question: str
    ok: bool
    ja: str
    en: str
    mistake: bool = False
    value: Any = None  # the answer normalised (number, list of codes, letter…), for hidden tests

    @property
    def message(self) -> str:
        return tr(self.ja, self.en)

    def __str__(self) -> str:
        mark = "✓" if self.ok else "✗"
        return f"{mark} {self.question}: {self.message}"


@cache
def expected_value(qid: str, town: str | None = None):
    """The expected answer of question ``qid`` (for ``town``, a 5-digit code, if the question is per town).

    Computed from the bundled data once per session.

    >>> expected_value("4-1")
    2.0
    """
    return QUESTIONS[qid].expected(town) if QUESTIONS[qid].town_var else QUESTIONS[qid].expected()


@cache
def _mistakes(qid: str, town: str | None = None) -> tuple:
    return tuple(QUESTIONS[qid].mistakes(town) if QUESTIONS[qid].town_var else QUESTIONS[qid].mistakes())


def town_code(q: Question, town) -> tuple[str | None, Verdict | None]:
    """(5-digit code of the learner's chosen ``town``, or a ✗ verdict saying what is wrong with it)."""
    from ..codes import resolve
    from ..errors import ChiikiLabError

    var = q.town_var
    if town is None or town is Ellipsis or (isinstance(town, str) and not town.strip()):
        return None, _wrong(q, f"市町村が指定されていません。check(\"{q.id}\", 答え, town={var}) のように、"
                               f"{var} に選んだ市町村の名前かコードを入れて渡してください。",
                            f"No municipality given. Put your municipality's name or code in {var} and call "
                            f"check(\"{q.id}\", answer, town={var}).")
    try:
        place = resolve(str(town))
    except ChiikiLabError as error:
        return None, _wrong(q, error.ja, error.en)
    basic = _basic_codes()
    if place.code not in basic:
        return None, _wrong(q, f"{place} は市区町村ではありません（政令市の区・都道府県など）。市区町村（政令市は市全体）を選んでください。",
                            f"{place} is not a municipality (a ward or a prefecture?). Choose a municipality "
                            "(a designated city as a whole).")
    return place.code, None


@lru_cache(maxsize=1)
def _basic_codes() -> frozenset[str]:
    from ..datasets import load

    c = load("census2020")
    return frozenset(c.loc[c["is_basic_municipality"], "code"])


def _question(qid: str) -> Question:
    key = _nfkc(qid).replace("ー", "-").replace("−", "-")
    if key not in QUESTIONS:
        raise ChiikiLabValueError(
            f"問題番号 {qid!r} はありません。ノートブックに書かれた番号（例: \"1-1\"）を指定してください。",
            f"There is no question {qid!r}. Use the number written in the notebook (e.g. \"1-1\").",
        )
    return QUESTIONS[key]


def _wrong(q, ja, en, mistake=False, value=None) -> Verdict:
    return Verdict(q.id, False, ja, en, mistake, value)


def _type_message(q: Question, enc: dict) -> Verdict:
    what = {"number": ("数値", "a number"), "count": ("整数", "a whole number"),
            "places": ("名前かコードのリスト", "a list of names or codes"),
            "age_group": ("\"65-69\" のような文字列", "a string like \"65-69\""),
            "choice": ("記号1文字（例: \"a\"）", "one letter (e.g. \"a\")")}[q.kind]
    if enc["t"] == "none":
        return _wrong(q, f"まだ答えが入っていません（... のまま）。{what[0]}を入れてください。",
                      f"No answer yet (still ...). Put {what[1]} here.")
    got = enc.get("type") or {"num": "数値", "str": "文字列", "list": "リスト", "set": "集合", "series": "Series",
                              "frame": "DataFrame", "bool": "True/False"}.get(enc["t"], enc["t"])
    return _wrong(q, f"答えの形が違います（{got}）。{what[0]}で答えてください。",
                  f"The answer has the wrong form ({got}). Answer with {what[1]}.")


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9 * max(1.0, abs(b))


def _judge_number(q: Question, enc: dict, town: str | None = None) -> Verdict:
    a = _as_number(enc)
    if a is None:
        return _type_message(q, enc)
    e = float(expected_value(q.id, town))
    if q.kind == "count":
        if a != int(a):
            return _wrong(q, "整数で答えてください（人数・件数に小数はありません）。", "Answer with a whole number.", value=a)
        if a == e:
            return Verdict(q.id, True, "正解です。", "Correct.", value=int(a))
    else:
        if _close(a, e, q.tol):
            return Verdict(q.id, True, "正解です。", "Correct.", value=a)
        if q.share_or_percent and _close(a * 100, e, q.tol):
            return Verdict(q.id, True, "正解です（0〜1の比として受け付けました）。", "Correct (taken as a share, 0–1).", value=a * 100)
    for m in _mistakes(q.id, town):
        if _close(a, float(m.value), max(q.tol, 1e-9)) or (q.share_or_percent and _close(a * 100, float(m.value), q.tol)):
            return _wrong(q, m.ja, m.en, True, a)
    return _wrong(q, *_number_diagnosis(q, a, e), value=a)


def _number_diagnosis(q: Question, a: float, e: float) -> tuple[str, str, bool] | tuple[str, str]:
    tol = max(q.tol, 0.5 if q.kind == "count" else 0.0)
    if e != 0 and _close(a * 100, e, tol):
        return ("0〜1の比になっています。この問いは % で答えます（100を掛けます）。",
                "That is a share (0–1). This question asks for % (multiply by 100).", True)
    if e != 0 and _close(a / 100, e, tol):
        return ("% の値になっています。この問いは0〜1の比（または倍率）で答えます（100で割ります）。",
                "That is a percentage. This question asks for a share or ratio (divide by 100).", True)
    if e != 0 and _close(-a, e, tol):
        return ("符号が逆です。増えたならプラス、減ったならマイナスです。",
                "The sign is reversed: positive if it grew, negative if it fell.", True)
    if e != 0 and (_close(a * 1000, e, max(tol, 1000)) or _close(a / 1000, e, tol)):
        return ("単位が違うようです（千円と円など）。問いの単位で答えてください。",
                "The unit looks different (thousands of yen vs yen?). Answer in the question's unit.", True)
    if q.kind == "number" and a == round(a) and a == round(e):
        return ("整数に丸めすぎています。小数のまま（または問いの桁まで）答えてください。",
                "Rounded to a whole number: too coarse. Keep the decimals the question asks for.", True)
    if q.kind == "number" and e != 0 and abs(a - e) <= max(10 * q.tol, 0.01 * abs(e)):
        return ("惜しい！ 近いですが許容範囲の外です。丸めすぎ・年齢不詳の扱い・使った年を確かめてください。",
                "Close, but outside the tolerance. Check rounding, unknown ages and the year you used.", True)
    if q.kind == "count" and e != 0 and abs(a - e) <= max(3, 0.02 * abs(e)):
        return ("惜しい！ 少しだけずれています。数える対象（年齢不詳・都道府県の行・政令市の区）を確かめてください。",
                "Close: a few off. Check what you count (unknown ages, prefecture rows, wards).", True)
    return ("値が違います。", "The value is not right.")


def _judge_places(q: Question, enc: dict) -> Verdict:
    expected = list(expected_value(q.id))
    items = _items(enc)
    if items is None:
        return _type_message(q, enc)
    mistakes = _mistakes(q.id)
    codes, unknown = _place_codes(items, expected + [c for m in mistakes for c in m.value])
    if unknown:
        shown = "、".join(unknown[:3])
        return _wrong(q, f"「{shown}」が市区町村名・都道府県名・コードとして見つかりません。書き方を確かめてください。",
                      f"'{', '.join(unknown[:3])}' is not a known municipality, prefecture or code. Check the spelling.",
                      value=codes)
    if len(set(codes)) == len(codes) == len(expected) and set(codes) == set(expected):
        return Verdict(q.id, True, "正解です。", "Correct.", value=codes)
    for m in mistakes:
        if set(codes) == set(m.value):
            return _wrong(q, m.ja, m.en, True, codes)
    if len(codes) != len(expected):
        return _wrong(q, f"{len(expected)}つ答えてください（いまは {len(codes)} つ）。",
                      f"Give {len(expected)} items (you gave {len(codes)}).", True, codes)
    right = len(set(codes) & set(expected))
    return _wrong(q, f"{len(expected)}つのうち {right} つが合っています。絞り込みと並べ替えを確かめてください。",
                  f"{right} of {len(expected)} are right. Check the filter and the sort.", right > 0, codes)


def _judge_age_group(q: Question, enc: dict) -> Verdict:
    group = _age_group(enc)
    if group is None:
        return _type_message(q, enc)
    if group == _parse_group(expected_value(q.id)):
        return Verdict(q.id, True, "正解です。", "Correct.", value=expected_value(q.id))
    for m in _mistakes(q.id):
        if group == _parse_group(m.value):
            return _wrong(q, m.ja, m.en, True, group)
    return _wrong(q, "その階級ではありません。棒の長さを比べ直してください。", "Not that group. Compare the bars again.", value=group)


def _judge_choice(q: Question, enc: dict) -> Verdict:
    letter = _choice(enc)
    if letter is None or letter not in q.choices:
        if enc["t"] == "str":
            return _wrong(q, f"記号（{'・'.join(q.choices)} のどれか1つ）で答えてください。",
                          f"Answer with one letter ({', '.join(q.choices)}).")
        return _type_message(q, enc)
    if letter == expected_value(q.id):
        return Verdict(q.id, True, "正解です。", "Correct.", value=letter)
    for m in _mistakes(q.id):
        if m.value == letter:
            return _wrong(q, m.ja, m.en, True, letter)
    return _wrong(q, "違います。", "Not this one.", value=letter)


def judge(qid: str, answer, *, encoded: bool = False, town=None) -> Verdict:
    """Judge ``answer`` to question ``qid`` without printing (``encoded=True``: already plain data).

    ``town``: the learner's chosen municipality (name or code), for questions about it (chapter 9).

    >>> judge("4-1", 2).ok
    True
    >>> print(judge("4-1", 0.5).ja)
    割り算が逆です。変化後 ÷ 変化前 です。
    """
    q = _question(qid)
    enc = answer if encoded else encode_answer(answer)
    if q.kind == "manual":
        return Verdict(q.id, False, "この課題は教員が読んで評価します（自動チェックはありません）。",
                       "Your instructor reads this task (no automatic check).")
    code = None
    if q.town_var:
        code, problem = town_code(q, town)
        if problem is not None:
            return problem
    if enc["t"] == "other":
        return _type_message(q, enc)
    if q.kind in ("number", "count"):
        return _judge_number(q, enc, code)
    if q.kind == "places":
        return _judge_places(q, enc)
    if q.kind == "age_group":
        return _judge_age_group(q, enc)
    return _judge_choice(q, enc)


# --------------------------------------------------------------------------- learner functions


def check(qid: str, answer, *, town=None) -> None:
    """Check an answer now and print ✓, or ✗ with a hint about the kind of mistake.

    ``town``: your chosen municipality, for questions about it (chapter 9: ``town=LEARNER_TOWN``).

    >>> check("4-1", 2.0)
    ✓ 4-1: 正解です。
    """
    if os.environ.get("CHIIKI_LAB_GRADING") == "1":  # the grader judges the answers itself, outside the kernel
        print(tr(f"（採点中のため check(\"{qid}\") は省略）", f"(grading: check(\"{qid}\") skipped)"))
        return
    verdict = judge(qid, answer, town=town)
    if QUESTIONS[verdict.question].kind != "manual":
        _results[verdict.question] = verdict.ok
    text = str(verdict)
    if not verdict.ok and QUESTIONS[verdict.question].kind != "manual":
        text += tr(f"\n  ヒント: hint(\"{verdict.question}\")", f"\n  Hint: hint(\"{verdict.question}\")")
    print(text)


def hint(qid: str) -> None:
    """Print the next hint of question ``qid`` (one more each call).

    >>> hint("4-1")
    ヒント 1/1（4-1）: 倍率 = 変化後 ÷ 変化前。
    """
    q = _question(qid)
    if not q.hints:
        print(tr(f"{q.id} にはヒントがありません。", f"{q.id} has no hints."))
        return
    shown = _hints_shown.get(q.id, 0)
    if shown >= len(q.hints):
        print(tr(f"{q.id} のヒントはこれで全部です（{len(q.hints)} 個）。もう一度: 最初から表示します。",
                 f"That was every hint of {q.id} ({len(q.hints)}). Starting again from the first."))
        shown = 0
    ja, en = q.hints[shown]
    _hints_shown[q.id] = shown + 1
    print(tr(f"ヒント {shown + 1}/{len(q.hints)}（{q.id}）: {ja}", f"Hint {shown + 1}/{len(q.hints)} ({q.id}): {en}"))


def progress(chapter: int | None = None) -> None:
    """Print which questions of a chapter are already ✓ (default: the chapters you have checked).

    >>> progress(4)   # doctest: +ELLIPSIS
    第4章: .../5 ✓
    ...
    """
    chapters = [chapter] if chapter is not None else sorted({QUESTIONS[q].chapter for q in _results})
    if not chapters:
        print(tr("まだ check(...) をしていません。", "No check(...) yet."))
        return
    for ch in chapters:
        qs = [q for q in QUESTIONS.values() if q.chapter == ch and q.kind != "manual"]
        done = sum(_results.get(q.id, False) for q in qs)
        print(tr(f"第{ch}章: {done}/{len(qs)} ✓", f"Chapter {ch}: {done}/{len(qs)} ✓"))
        for q in qs:
            mark = {True: "✓", False: "✗"}.get(_results.get(q.id), "・")
            print(f"  {mark} {q.id} {tr(q.title_ja, q.title_en)}")
