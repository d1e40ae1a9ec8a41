"""The learner's ✓ is the grade: every case of the shared answer set, sent the way a grading kernel sends it
(``encode_answer`` → JSON text in a user-expression reply), is graded full / partial / zero exactly as the
judge's status — and ``tests/test_exercises.py`` asserts ``check()`` shows that same status to the learner.

Statuses come from ``tests/answer_set.py`` (expected values computed there with pandas, independently of
``chiiki_lab.exercises.answers``).
"""

from __future__ import annotations

import json
import re

import pytest
from answer_set import answer_set

from chiiki_lab.exercises import execution, grade
from chiiki_lab.exercises.bank import bank
from chiiki_lab.exercises.forms import encode_answer

GRADED = [qid for qid, spec in bank().items() if spec.kind != "manual" and re.fullmatch(r"\d+-\d+", qid)]


def _as_the_kernel_sends_it(value) -> dict:
    reply = {"status": "ok", "data": {"text/plain": repr(json.dumps(encode_answer(value), ensure_ascii=False))}}
    return execution._answer_from(reply)


@pytest.mark.parametrize("qid", GRADED)
def test_the_grader_gives_every_answer_the_status_check_shows(qid):
    spec = bank()[qid]
    cases = [c for c in answer_set() if c.question == qid]
    assert cases, qid
    for case in cases:
        answers = {"answer": _as_the_kernel_sends_it(case.answer)}
        if spec.town:
            answers[spec.town] = _as_the_kernel_sends_it(case.town)
        result = grade._judge_question({"id": qid, "answer": "answer", "points": spec.points}, answers, [], {qid})
        expected = {"full": result.max_points, "zero": 0.0}.get(case.status)
        if expected is None:  # partial
            assert 0 < result.points < result.max_points, (qid, case.answer, result.feedback)
        else:
            assert result.points == expected, (qid, case.answer, case.status, result.feedback)
