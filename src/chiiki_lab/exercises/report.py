"""Grade book (CSV), per-learner feedback (HTML, Japanese) and the class summary.

>>> from chiiki_lab.exercises.report import summary   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import tr
from .submissions import printable, safe_filename

if TYPE_CHECKING:  # pragma: no cover
    from .grade import GradeRun, SubmissionResult


def _title(q) -> str:
    from .bank import bank

    spec = bank().get(q.question)
    return q.title or (str(spec.title) if spec else "")


def _points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _cell(value) -> str:
    """A CSV cell that a spreadsheet never runs as a formula (ids and feedback come from learners)."""
    text = printable(str(value), 5000)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def feedback_name(learner: str) -> str:
    """File name of a learner's feedback page (safe for any id: long, Japanese, with ``/`` or ``..``)."""
    return safe_filename(learner) + ".html"


def write_gradebook(run: GradeRun, out: Path) -> tuple[Path, Path]:
    """Write ``gradebook.csv`` (learner, question, points, max, feedback) and ``totals.csv``.

    Open tasks have an empty ``points`` (graded by hand). UTF-8 with BOM, so Excel shows Japanese.
    """
    book, totals = out / "gradebook.csv", out / "totals.csv"
    with book.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["learner", "question", "points", "max", "feedback"])
        for r in run.results:
            for q in r.questions:
                w.writerow([_cell(r.learner), q.question, _points(q.points), _points(q.max_points), _cell(q.feedback)])
    with totals.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["learner", "file", "points", "max", "seconds", "notes", "feedback_page"])
        for r in run.results:
            w.writerow([_cell(r.learner), _cell(r.file), "" if r.failed else _points(r.points), _points(r.max_points),
                        f"{r.seconds:.1f}", _cell(" / ".join(r.notes)), feedback_name(r.learner)])
    return book, totals


def feedback_html(result: SubmissionResult, title: str) -> str:
    """One learner's feedback page (self-contained HTML, no external files)."""
    e = html.escape
    rows = []
    for q in result.questions:
        mark = "✍" if q.points is None else ("✓" if q.points == q.max_points else ("△" if q.points else "✗"))
        answer = f"<pre>{e(q.answer_text)}</pre>" if q.answer_text else ""
        rows.append(f"<tr><td>{mark}</td><td>{e(q.question)}</td><td>{e(_title(q))}</td>"
                    f"<td class=n>{e(_points(q.points)) or '—'} / {e(_points(q.max_points))}</td>"
                    f"<td>{e(q.feedback)}{answer}</td></tr>")
    notes = "".join(f"<li>{e(n)}</li>" for n in result.notes)
    notes_block = f"<h2>{tr('実行時の記録', 'Notes from the run')}</h2><ul>{notes}</ul>" if notes else ""
    head = tr("採点結果", "Grading result")
    rubric = any(q.title for q in result.questions)
    score_label = tr("得点（自動採点＋ルーブリック）", "Score (automatic + rubric)") if rubric else tr("自動採点の得点", "Automatic score")
    return (
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
        f"<title>{e(title)} — {e(result.learner)}</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}.n{text-align:right;white-space:nowrap}"
        "pre{background:#f6f6f6;padding:.4em;white-space:pre-wrap}</style></head><body>"
        f"<h1>{e(title)}</h1><p>{head}: <b>{e(result.learner)}</b>（{e(result.file)}）</p>"
        f"<p>{score_label}: <b>{_points(result.points)} / {_points(result.max_points)}</b>"
        f"{tr('（自由課題 ✍ は教員が別に採点します）', ' (open tasks ✍ are graded by the instructor)')}</p>"
        f"<table><tr><th></th><th>{tr('問題', 'Question')}</th><th></th><th>{tr('得点', 'Points')}</th>"
        f"<th>{tr('コメント', 'Feedback')}</th></tr>{''.join(rows)}</table>{notes_block}</body></html>\n"
    )


def write_reports(run: GradeRun, out: Path) -> dict[str, Path]:
    """Write the grade book, totals and one feedback page per learner into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    book, totals = write_gradebook(run, out)
    folder = out / "feedback"
    folder.mkdir(exist_ok=True)
    for r in run.results:
        (folder / feedback_name(r.learner)).write_text(feedback_html(r, run.title), encoding="utf-8")
    return {"gradebook": book, "totals": totals, "feedback": folder}


def summary(run: GradeRun) -> str:
    """Per question: how many got full points, and the most common feedback among the others."""
    n = len(run.results)
    lines = [tr(f"{run.title}: {n} 件を {run.seconds:.1f} 秒で採点（隔離: {run.sandbox}）",
                f"{run.title}: graded {n} in {run.seconds:.1f} s (sandbox: {run.sandbox})")]
    if n == 0:
        return printable("\n".join(lines + [f"! {line}" for line in run.problems]), 10**6)
    graded = [r for r in run.results if not r.failed] or run.results
    ids = [q.question for q in graded[0].questions]
    for qid in ids:
        rows = [q for r in graded for q in r.questions if q.question == qid]
        title = _title(rows[0])
        if rows and rows[0].title:
            scored = [q.points for q in rows if q.points is not None]
            mean = f"{sum(scored) / len(scored):.1f}" if scored else "—"
            lines.append(f"  {qid} {title}: " + tr(f"ルーブリック 平均 {mean} / {rows[0].max_points:g}（{len(scored)}人採点済み）",
                                                  f"rubric, mean {mean} / {rows[0].max_points:g} ({len(scored)} scored)"))
            continue
        if rows and rows[0].points is None:
            lines.append(f"  {qid} {title}: " + tr("自由課題（手動採点）", "open task (graded by hand)"))
            continue
        full = sum(q.points == q.max_points for q in rows)
        common = Counter(q.feedback for q in rows if q.points != q.max_points).most_common(1)
        tail = tr(f" — 多い間違い: {common[0][0]}（{common[0][1]}人）", f" — most common: {common[0][0]} ({common[0][1]})") if common else ""
        lines.append(f"  {qid} {title}: {full}/{n} ✓{tail}")
    if run.results:
        mean = sum(r.points for r in run.results) / n
        lines.append(tr(f"平均 {mean:.1f} / {run.results[0].max_points:g} 点", f"mean {mean:.1f} / {run.results[0].max_points:g}"))
    lines += [f"! {line}" for line in run.problems]
    lines += [tr(f"! 採点環境の障害で採点できませんでした: {r.learner}（{r.file}）", f"! Not graded (grader failure): {r.learner} ({r.file})")
              for r in run.failed]
    return printable("\n".join(lines), 10**6)
