"""Instant checks for learners: ``check``, ``hint`` and ``progress``.

``check`` turns the answer into plain data and asks the one judge (:func:`.judge.judge`), the same
call the grader makes outside the kernel, so the ✓ a learner sees is the grade: ✓ full points,
△ partial credit, ✗ none, each with a message about the kind of mistake.

Inside the grading sandbox the answers (the oracle) are hidden: ``check`` then only records the
answer and says so (the grader judges it itself).

>>> check("4-1", 2.0)
✓ 4-1: 正解です。
"""

from __future__ import annotations

import os

from ..i18n import tr
from .bank import bank, question
from .judge import Context, answers_available, encode_answer, judge

_results: dict[str, str] = {}  # question id -> status of the last check in this session
_recorded: dict[str, dict] = {}  # question id -> answer as plain data (grading mode)
_hints_shown: dict[str, int] = {}


def recording_only() -> bool:
    """True inside the grading sandbox: the answers are hidden, so check() only records."""
    return os.environ.get("CHIIKI_LAB_GRADING") == "1" or not answers_available()


def check(qid: str, answer, *, town=None) -> None:
    """Check an answer now: print ✓ (full points), △ (partial credit) or ✗, with a message.

    ``town``: your chosen municipality, for questions about it (chapter 9: ``town=LEARNER_TOWN``).

    >>> check("4-1", 0.5)
    ✗ 4-1: 割り算が逆です。変化後 ÷ 変化前 です。
      ヒント: hint("4-1")
    """
    q = question(qid)
    encoded = encode_answer(answer)
    if q.kind != "manual" and recording_only():
        _recorded[q.id] = encoded
        print(tr(f"採点中: 答えを記録しました（{q.id}）", f"Grading: answer recorded ({q.id})"))
        return
    verdict = judge(q.id, encoded, Context(), town=town)
    text = str(verdict)
    if q.kind != "manual":
        _results[q.id] = verdict.status
        if not verdict.ok and q.hints:
            text += tr(f"\n  ヒント: hint(\"{q.id}\")", f"\n  Hint: hint(\"{q.id}\")")
    print(text)


def hint(qid: str) -> None:
    """Print the next hint of question ``qid`` (one more each call).

    >>> hint("4-1")
    ヒント 1/1（4-1）: 倍率 = 変化後 ÷ 変化前。
    """
    q = question(qid)
    if not q.hints:
        print(tr(f"{q.id} にはヒントがありません。", f"{q.id} has no hints."))
        return
    shown = _hints_shown.get(q.id, 0)
    if shown >= len(q.hints):
        print(tr(f"{q.id} のヒントはこれで全部です（{len(q.hints)} 個）。もう一度: 最初から表示します。",
                 f"That was every hint of {q.id} ({len(q.hints)}). Starting again from the first."))
        shown = 0
    h = q.hints[shown]
    _hints_shown[q.id] = shown + 1
    print(tr(f"ヒント {shown + 1}/{len(q.hints)}（{q.id}）: {h.ja}", f"Hint {shown + 1}/{len(q.hints)} ({q.id}): {h.en}"))


def progress(chapter: int | None = None) -> None:
    """Print which questions of a chapter are ✓, △ or not yet (default: the chapters you have checked).

    >>> progress(4)   # doctest: +ELLIPSIS
    第4章: .../... ✓
    ...
    """
    questions = bank()
    chapters = [chapter] if chapter is not None else sorted({questions[q].chapter for q in _results})
    if not chapters:
        print(tr("まだ check(...) をしていません。", "No check(...) yet."))
        return
    for ch in chapters:
        qs = [q for q in questions.values() if q.chapter == ch and q.kind != "manual"]
        done = sum(_results.get(q.id) == "full" for q in qs)
        print(tr(f"第{ch}章: {done}/{len(qs)} ✓", f"Chapter {ch}: {done}/{len(qs)} ✓"))
        for q in qs:
            mark = {"full": "✓", "partial": "△", "zero": "✗"}.get(_results.get(q.id), "・")
            print(f"  {mark} {q.id} {q.title}")


def _plain_numbers_in_notebooks() -> None:
    """Show numpy scalars as plain numbers (37.15, not np.float64(37.15)) in the learner's notebook."""
    import sys

    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if shell is None:  # not in a notebook: nothing is displayed
        return
    import numpy  # the answers to display come from pandas, which needs it anyway

    plain = shell.display_formatter.formatters["text/plain"]
    # each concrete type: IPython prefers a class's own __repr__ to a printer registered for a base class
    for kind in {t for t in numpy.sctypeDict.values() if issubclass(t, (numpy.integer, numpy.floating, numpy.bool_))}:
        plain.for_type(kind, lambda value, printer, cycle: printer.text(repr(value.item())))


_plain_numbers_in_notebooks()
