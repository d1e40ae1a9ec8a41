"""The one judge: ``check()`` in the learner's notebook and the grader both call :func:`judge`.

Input: a question id, the learner's answer as plain data (:func:`encode_answer`) and a
:class:`Context` (which town, which data). Output: a :class:`Verdict` with the status
``full``/``partial``/``zero``, the points, the learner's message (ja/en) and whether a known
mistake matched. Tolerance, order rule, units and accepted variants come from the question data
(:mod:`.bank`); expected values and mistake values from the answers modules
(:mod:`chiiki_lab.exercises.answers`), the only oracle. Where those modules are absent (inside
the grading sandbox) :func:`judge` raises :class:`AnswersUnavailable`.

>>> v = judge("4-1", encode_answer(2))
>>> v.status, v.points
('full', 2.0)
>>> print(judge("4-1", encode_answer(0.5)).ja)
割り算が逆です。変化後 ÷ 変化前 です。
>>> judge("4-1", encode_answer("2倍")).status
'full'
"""

from __future__ import annotations

import importlib
import importlib.util
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import ChiikiLabError, ChiikiLabValueError
from ..i18n import tr
from .bank import Question, question
from .forms import (
    age_group_of,
    as_number,
    bundled,
    choice_of,
    encode_answer,
    items_of,
    parse_group,
    place_codes,
    text_key,
)

__all__ = ["ANSWERS_PACKAGE", "AnswersUnavailable", "Context", "Verdict", "answers_available", "encode_answer",
           "judge", "prepare", "town_code"]

ANSWERS_PACKAGE = "chiiki_lab.exercises.answers"


class AnswersUnavailable(ChiikiLabError, LookupError):
    """The answers modules are not importable here (the grading sandbox hides them)."""


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    """What an answer is judged against: the learner's town and the data the answer was computed from.

    ``town``: 5-digit code (set by the grader for variant grading; otherwise from ``town=``).
    ``variant``: a label of a perturbed data set (part of the cache key); ``loader`` loads it.
    """

    town: str | None = None
    variant: str = ""
    loader: Callable[[str], Any] | None = field(default=None, compare=False, hash=False)

    def load(self, name: str):
        """Dataset ``name``: the bundled one, or the grader's perturbed copy."""
        if self.loader is not None:
            return self.loader(name)
        return bundled(name)



# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Verdict:
    """The judgement of one answer: status ``full``/``partial``/``zero`` (``manual``: open task)."""

    question: str
    status: str
    points: float | None
    max_points: float
    ja: str
    en: str
    mistake: bool = False
    value: Any = None  # the answer normalised (number, list of codes, letter…)

    @property
    def ok(self) -> bool:
        return self.status == "full"

    @property
    def mark(self) -> str:
        return {"full": "✓", "partial": "△", "zero": "✗"}.get(self.status, "✍")

    @property
    def message(self) -> str:
        return tr(self.ja, self.en)

    def __str__(self) -> str:
        tail = ""
        if self.status == "partial":
            tail = tr(f"（部分点 {self.points:g}/{self.max_points:g}）", f" (partial credit {self.points:g}/{self.max_points:g})")
        return f"{self.mark} {self.question}: {self.message}{tail}"


def _full(q: Question, value) -> Verdict:
    return Verdict(q.id, "full", q.points, q.points, "正解です。", "Correct.", value=value)


def _wrong(q: Question, ja: str, en: str, mistake: bool = False, value=None, points: float = 0.0) -> Verdict:
    status = "partial" if points > 0 else "zero"
    return Verdict(q.id, status, points, q.points, ja, en, mistake, value)


# --------------------------------------------------------------------------- the oracle


def answers_available() -> bool:
    """True when the answers package (the oracle) can be imported here; False in the grading sandbox.

    The sandbox hides the package (an empty folder over it leaves a namespace package with no
    ``__init__.py``, which counts as hidden).
    """
    try:
        spec = importlib.util.find_spec(ANSWERS_PACKAGE)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin not in (None, "namespace")


def _function(q: Question, name: str) -> Callable:
    if not answers_available():
        raise AnswersUnavailable(
            f"問題 {q.id} の答え（{ANSWERS_PACKAGE}）がここにはありません（採点用の環境では答えを隠しています）。",
            f"The answers of {q.id} ({ANSWERS_PACKAGE}) are not available here (hidden while grading).",
        )
    try:
        module = importlib.import_module(f"{ANSWERS_PACKAGE}.{q.module}")
    except ModuleNotFoundError as error:
        raise ChiikiLabValueError(
            f"{q.file}: 問題 {q.id} の答えのモジュール {ANSWERS_PACKAGE}.{q.module} がありません"
            f"（src/chiiki_lab/exercises/answers/{q.module}.py を作ってください）。",
            f"{q.file}: the answers module {ANSWERS_PACKAGE}.{q.module} of {q.id} is missing "
            f"(create src/chiiki_lab/exercises/answers/{q.module}.py).",
        ) from error
    found = getattr(module, name, None)
    if not callable(found):
        raise ChiikiLabValueError(f"{q.file}: 問題 {q.id} の関数 {name} が {module.__name__} にありません。",
                                  f"{q.file}: function {name} of {q.id} is not in {module.__name__}.")
    return found


@lru_cache(maxsize=4096)
def _oracle(qid: str, ctx: Context) -> tuple[tuple, dict]:
    """(expected values, {mistake key: value}) of question ``qid`` in context ``ctx``, computed once."""
    q = question(qid)
    expected = tuple(_function(q, name)(ctx) for name in q.expected)
    mistakes = dict(_function(q, q.mistakes)(ctx)) if q.mistakes else {}
    unknown = sorted(set(mistakes) - set(q.mistake))
    if unknown:
        raise ChiikiLabValueError(f"{q.file}: 問題 {q.id} の間違い {unknown} に文（[mistake.KEY]）がありません。",
                                  f"{q.file}: mistakes {unknown} of {q.id} have no text ([mistake.KEY]).")
    return expected, mistakes


def prepare(qid: str, ctx: Context | None = None) -> None:
    """Compute the expected and mistake values of ``qid`` in ``ctx`` now (cached for :func:`judge`).

    The grader calls it while its sandboxes start, so the first submissions are not judged slower."""
    if question(qid).kind != "manual":
        _oracle(qid, ctx or Context())


def _mistake_verdict(q: Question, key: str, value) -> Verdict:
    m = q.mistake[key]
    return _wrong(q, m.ja, m.en, True, value, m.points)


# --------------------------------------------------------------------------- judging by kind


def _what(q: Question) -> tuple[str, str]:
    unit = f"（単位: {q.unit}）" if q.unit else ""
    return {"number": (f"数値{unit}", "a number"), "count": (f"整数{unit}", "a whole number"),
            "places": ("名前かコード（複数ならリスト）", "a name or code (a list for several)"),
            "age_group": ("「下限-上限」の形の文字列（例えば0〜4歳なら \"0-4\"）", "a string \"lower-upper\" (e.g. \"0-4\" for 0–4)"),
            "choice": (f"記号1文字（{'・'.join(q.choices)} のどれか）", f"one letter ({', '.join(q.choices)})"),
            "text": ("文字列", "text")}[q.kind]


def _type_message(q: Question, enc: dict) -> Verdict:
    what = _what(q)
    if enc["t"] == "none":
        return _wrong(q, f"まだ答えが入っていません（... のまま）。{what[0]}を入れてください。",
                      f"No answer yet (still ...). Put {what[1]} here.")
    if q.kind in ("number", "count") and enc["t"] == "series" and len(enc["v"]) > 1:
        # the usual slip: a row filter that kept several rows (e.g. all three sexes)
        n = len(enc["v"])
        return _wrong(q, f"答えの Series に値が{n}個あります。条件で1行に絞ってから、.iloc[0] で1つの数を取り出してください。",
                      f"The answer is a Series of {n} values. Filter it down to one row, then take the number with .iloc[0].")
    got = enc.get("type") or {"num": "数値", "str": "文字列", "list": "リスト", "set": "集合", "series": "Series",
                              "frame": "DataFrame", "bool": "True/False"}.get(enc["t"], enc["t"])
    return _wrong(q, f"答えの形が違います（{got}）。{what[0]}で答えてください。",
                  f"The answer has the wrong form ({got}). Answer with {what[1]}.")


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9 * max(1.0, abs(b))


def _power_of_ten_off(a: float, e: float) -> bool:
    """True when a and e differ by a factor near 10, 1000 or 10000 (100 is share vs %, said apart)."""
    if a == 0 or e == 0 or (a > 0) != (e > 0):
        return False
    exponent = math.log10(abs(a / e))
    k = round(exponent)
    return k in (-4, -3, -1, 1, 3, 4) and abs(exponent - k) <= math.log10(1.02)


def _rounded_version(a: float, e: float) -> bool:
    """True when a is e rounded to 0–3 decimals (or to tens, hundreds)."""
    return any(a == round(e, d) for d in (-2, -1, 0, 1, 2, 3))


def _judge_number(q: Question, enc: dict, ctx: Context) -> Verdict:
    a = as_number(enc, q.unit)
    if a is None:
        return _type_message(q, enc)
    expected, mistakes = _oracle(q.id, ctx)
    values = [float(e) for e in expected]
    tol = q.tolerance
    if q.kind == "count":
        if a != int(a):
            return _wrong(q, "整数で答えてください（人数・件数・順位に小数はありません）。", "Answer with a whole number.", value=a)
        a = int(a)
    for e in values:
        if _close(a, e, tol):
            return _full(q, a)
        if q.share_or_percent and _close(a * 100, e, tol):
            return _full(q, a * 100)
    for e in values:  # rounded more coarsely than asked: said before the mistakes, which it may equal by chance
        if q.kind == "number" and _rounded_version(a, e) and not _close(a, e, tol):
            return _wrong(q, "丸めすぎています。問題文の桁まで（または丸めずに）答えてください。",
                          "Rounded too much. Give the digits the question asks for (or do not round).", True, a)
    for key, m in mistakes.items():
        m = float(m)
        if _close(a, m, max(tol, 1e-9)) or (q.share_or_percent and _close(a * 100, m, tol)):
            return _mistake_verdict(q, key, a)
    return _number_diagnosis(q, a, values)


def _number_diagnosis(q: Question, a: float, values: list[float]) -> Verdict:
    tol = max(q.tolerance, 0.5 if q.kind == "count" else 0.0)
    for e in values:
        if e != 0 and _close(a * 100, e, tol):
            return _wrong(q, "0〜1の比になっています。この問いは % で答えます（100を掛けます）。",
                          "That is a share (0–1). This question asks for % (multiply by 100).", True, a)
        if e != 0 and _close(a / 100, e, tol):
            return _wrong(q, "% の値になっています。この問いは0〜1の比（または倍率）で答えます（100で割ります）。",
                          "That is a percentage. This question asks for a share or ratio (divide by 100).", True, a)
        if e != 0 and _close(-a, e, tol):
            return _wrong(q, "符号が逆です。増えたならプラス、減ったならマイナスです。",
                          "The sign is reversed: positive if it grew, negative if it fell.", True, a)
        if _power_of_ten_off(a, e):
            return _wrong(q, "桁が違うようです（千円と円、万人と人など）。問題文の単位で答えてください。",
                          "The magnitude is off by a power of ten (thousand yen vs yen?). Use the question's unit.", True, a)
    for e in values:
        near = abs(a - e) <= (max(10 * q.tolerance, 0.01 * abs(e)) if q.kind == "number" else max(3, 0.02 * abs(e)))
        if e != 0 and near:
            if q.near_miss:
                return _wrong(q, q.near_miss.ja, q.near_miss.en, True, a)
            return _wrong(q, "惜しい！ 近いですが、問題文の求める精度の外です。計算の途中を確かめてください。",
                          "Close, but outside the precision the question asks for. Check your steps.", True, a)
    return _wrong(q, "値が違います。", "The value is not right.", value=a)


def _judge_places(q: Question, enc: dict, ctx: Context) -> Verdict:
    items = items_of(enc)
    if items is None:
        return _type_message(q, enc)
    expected_sets, mistakes = _oracle(q.id, ctx)
    expected_sets = [list(e) if isinstance(e, (list, tuple)) else [e] for e in expected_sets]
    preferred = [c for e in expected_sets for c in e] + [c for m in mistakes.values()
                                                          for c in (m if isinstance(m, (list, tuple)) else [m])]
    codes, unknown, suggestions = place_codes(items, preferred)
    if unknown:
        shown = "、".join(unknown[:3])
        maybe = f"もしかして: {'、'.join(suggestions[:3])}。" if suggestions else ""
        return _wrong(q, f"「{shown}」が市区町村名・都道府県名・コードとして見つかりません。書き方を確かめてください。{maybe}",
                      f"'{', '.join(unknown[:3])}' is not a known municipality, prefecture or code. Check the spelling."
                      + (f" Did you mean: {', '.join(suggestions[:3])}?" if suggestions else ""), value=codes)
    for expected in expected_sets:
        if len(set(codes)) == len(codes) == len(expected) and set(codes) == set(expected):
            if q.order == "any" or codes == expected:
                return _full(q, codes)
            return _wrong(q, f"{len(expected)}つとも合っていますが、並び順が問題文の指定と違います。",
                          f"All {len(expected)} are right, but not in the order the question asks for.",
                          True, codes, q.wrong_order_points)
    for key, m in mistakes.items():
        m = list(m) if isinstance(m, (list, tuple)) else [m]
        if set(codes) == set(m):
            return _mistake_verdict(q, key, codes)
    expected = expected_sets[0]
    if len(codes) != len(expected):
        return _wrong(q, f"{len(expected)}つ答えてください（いまは {len(codes)} つ）。",
                      f"Give {len(expected)} item(s) (you gave {len(codes)}).", True, codes)
    if len(expected) == 1:
        return _wrong(q, "違います。絞り込みと並べ替えを確かめてください。", "Not this one. Check the filter and the sort.",
                      value=codes)
    right = len(set(codes) & set(expected))
    return _wrong(q, f"{len(expected)}つのうち {right} つが合っています。絞り込みと並べ替えを確かめてください。",
                  f"{right} of {len(expected)} are right. Check the filter and the sort.", right > 0, codes)


def _judge_age_group(q: Question, enc: dict, ctx: Context) -> Verdict:
    group = age_group_of(enc)
    if group is None:
        return _type_message(q, enc)
    expected, mistakes = _oracle(q.id, ctx)
    if any(group == parse_group(e) for e in expected):
        return _full(q, group)
    for key, m in mistakes.items():
        if group == parse_group(m):
            return _mistake_verdict(q, key, group)
    return _wrong(q, "その階級ではありません。棒の長さを比べ直してください。", "Not that group. Compare the bars again.", value=group)


def _judge_choice(q: Question, enc: dict, ctx: Context) -> Verdict:
    letter = choice_of(enc)
    if letter is None or letter not in q.choices:
        if enc["t"] == "str":
            what = _what(q)
            return _wrong(q, f"{what[0]}で答えてください。", f"Answer with {what[1]}.")
        return _type_message(q, enc)
    expected, mistakes = _oracle(q.id, ctx)
    if letter in expected:
        return _full(q, letter)
    for key, m in mistakes.items():
        if m == letter:
            return _mistake_verdict(q, key, letter)
    return _wrong(q, "違います。", "Not this one.", value=letter)


def _judge_text(q: Question, enc: dict, ctx: Context) -> Verdict:
    if enc["t"] not in ("str", "num"):
        return _type_message(q, enc)
    given = text_key(enc["v"])
    expected, mistakes = _oracle(q.id, ctx)
    accepted = {text_key(x) for e in expected for x in (e if isinstance(e, (list, tuple)) else [e])}
    if given in accepted:
        return _full(q, given)
    for key, m in mistakes.items():
        if given in {text_key(x) for x in (m if isinstance(m, (list, tuple)) else [m])}:
            return _mistake_verdict(q, key, given)
    return _wrong(q, "違います。", "Not this one.", value=given)


_BY_KIND = {"number": _judge_number, "count": _judge_number, "places": _judge_places,
            "age_group": _judge_age_group, "choice": _judge_choice, "text": _judge_text}


# --------------------------------------------------------------------------- the learner's town


@lru_cache(maxsize=1)
def _basic_codes() -> frozenset[str]:
    c = bundled("census2020")
    return frozenset(c.loc[c["is_basic_municipality"], "code"])


def town_code(q: Question, town) -> tuple[str | None, Verdict | None]:
    """(5-digit code of the learner's chosen ``town``, or a ✗ verdict saying what is wrong with it)."""
    from ..codes import resolve

    var = q.town
    if town is None or town is Ellipsis or (isinstance(town, str) and not town.strip()):
        return None, _wrong(q, f"市町村が指定されていません。check(\"{q.id}\", 答え, town={var}) のように、"
                               f"{var} に選んだ市町村の名前かコードを入れて渡してください。",
                            f"No municipality given. Put your municipality's name or code in {var} and call "
                            f"check(\"{q.id}\", answer, town={var}).")
    try:
        place = resolve(str(town))
    except ChiikiLabError as error:
        return None, _wrong(q, error.ja, error.en)
    if place.code not in _basic_codes():
        return None, _wrong(q, f"{place} は市区町村ではありません（政令市の区・都道府県など）。市区町村（政令市は市全体）を選んでください。",
                            f"{place} is not a municipality (a ward or a prefecture?). Choose a municipality "
                            "(a designated city as a whole).")
    return place.code, None


# --------------------------------------------------------------------------- the judge


def judge(qid: str, answer: dict, ctx: Context | None = None, *, town=None) -> Verdict:
    """Judge ``answer`` (plain data from :func:`encode_answer`) to question ``qid``.

    ``ctx``: the context (default: bundled data). ``town``: the learner's chosen municipality as
    they wrote it (name or code), for questions with a ``town`` variable; ``ctx.town``, when set
    (variant grading), wins.

    >>> judge("4-1", encode_answer(27500 / 55000)).mistake
    True
    """
    q = question(qid)
    if not isinstance(answer, dict) or "t" not in answer:
        raise ChiikiLabValueError("judge() には encode_answer(...) の結果を渡してください。",
                                  "Pass the result of encode_answer(...) to judge().")
    if q.kind == "manual":
        return Verdict(q.id, "manual", None, q.points, "この課題は教員が読んで評価します（自動チェックはありません）。",
                       "Your instructor reads this task (no automatic check).")
    ctx = ctx or Context()
    if q.town and ctx.town is None:
        code, problem = town_code(q, town)
        if problem is not None:
            return problem
        ctx = Context(code, ctx.variant, ctx.loader)
    if answer["t"] == "other":
        return _type_message(q, answer)
    return _BY_KIND[q.kind](q, answer, ctx)
