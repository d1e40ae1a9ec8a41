"""Rubrics for open tasks: the file format, a blank scoring sheet, and merging the instructor's points.

A rubric is a CSV file ``exercises/_instructor/rubrics/<exercise>.csv`` (instructors only; it goes
into the grading bundle that ``chiiki-lab exercises build`` writes). One row per **level** of a
criterion::

    question,criterion,title,points,description
    9-4,issue,要件1 共感される本物の課題,0,課題が書かれていない
    9-4,issue,要件1 共感される本物の課題,2,課題はあるが、データの根拠がない
    9-4,issue,要件1 共感される本物の課題,4,課題がデータで示され、誰が困っているかが具体的

``question`` is the open task the criterion belongs to, ``criterion`` a short id (it becomes the
``question`` of the grade-book row), ``points`` the points of that level; the highest level is the
criterion's maximum. The instructor fills a sheet (learner × criterion, :func:`blank_sheet`) and
passes it to ``chiiki-lab exercises grade … --rubric-scores FILLED.csv``; each score becomes a
grade-book row whose feedback is the description of the level reached.

>>> r = parse_rubric("question,criterion,title,points,description\\n9-4,data,データ,0,なし\\n9-4,data,データ,2,あり\\n")
>>> r.criteria[0].max_points, r.criteria[0].level(1.5)
(2.0, 'なし')
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ChiikiLabValueError
from .layout import rubric_dir

HEADER = ["question", "criterion", "title", "points", "description"]
MAX_ROW = "# 満点 / max"


@dataclass
class Criterion:
    """One criterion of a rubric: its levels as (points, description), lowest first."""

    id: str
    question: str
    title: str
    levels: list[tuple[float, str]] = field(default_factory=list)

    @property
    def max_points(self) -> float:
        return max(p for p, _ in self.levels)

    def level(self, points: float) -> str:
        """Description of the highest level whose points are at most ``points``."""
        reached = [d for p, d in self.levels if p <= points + 1e-9]
        return reached[-1] if reached else self.levels[0][1]


@dataclass
class Rubric:
    """A parsed rubric: its criteria in file order."""

    name: str
    criteria: list[Criterion]

    def rows(self) -> list[dict]:
        """The rubric as plain rows (for the grading bundle)."""
        return [{"question": c.question, "criterion": c.id, "title": c.title, "points": p, "description": d}
                for c in self.criteria for p, d in c.levels]

    def get(self, criterion: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion), None)


def _error(where: str, ja: str, en: str) -> ChiikiLabValueError:
    return ChiikiLabValueError(f"{where}: {ja}", f"{where}: {en}")


def _number(text: str) -> float | None:
    try:
        value = float(str(text).strip().replace("点", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _read_text(path: str | Path) -> str:
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp932")  # Excel's "CSV" on Japanese Windows


def rubric_from_rows(rows: list[dict], name: str = "rubric", lines: list[int] | None = None) -> Rubric:
    """Validate rubric rows (dicts with the :data:`HEADER` keys) and group them into criteria.

    ``lines``: the line number of each row in its CSV file, for messages (default: 2, 3, …).
    """
    from .bank import bank

    questions = bank()
    criteria: dict[str, Criterion] = {}
    for number, row in zip(lines or range(2, len(rows) + 2), rows, strict=True):
        where = f"{name} {number}行目"
        question, criterion, title, description = (str(row.get(k, "")).strip() for k in ("question", "criterion", "title", "description"))
        points = row.get("points", "")
        value = points if isinstance(points, (int, float)) and not isinstance(points, bool) else _number(points)
        if value is None or value < 0:
            raise _error(where, f"points「{points}」は0以上の数にしてください。", f"points '{points}' must be a number ≥ 0.")
        if question not in questions or questions[question].kind != "manual":
            raise _error(where, f"question「{question}」は自由課題の問題番号ではありません。",
                         f"question '{question}' is not an open task.")
        if not criterion or not title or not description:
            raise _error(where, "criterion・title・description を空にしないでください。",
                         "criterion, title and description must not be empty.")
        if criterion in questions:
            raise _error(where, f"criterion「{criterion}」は問題番号と同じです。別の名前にしてください。",
                         f"criterion '{criterion}' is a question id; use another name.")
        c = criteria.setdefault(criterion, Criterion(criterion, question, title))
        if (c.question, c.title) != (question, title):
            raise _error(where, f"criterion「{criterion}」の question・title が前の行と違います。",
                         f"criterion '{criterion}' has another question or title than before.")
        if any(p == value for p, _ in c.levels):
            raise _error(where, f"criterion「{criterion}」に {value:g} 点の段階が2つあります。",
                         f"criterion '{criterion}' has two levels of {value:g} points.")
        c.levels.append((float(value), description))
    if not criteria:
        raise _error(name, "評価の観点が1つもありません。", "no criteria.")
    for c in criteria.values():
        c.levels.sort()
    return Rubric(name, list(criteria.values()))


def parse_rubric(text: str, name: str = "rubric") -> Rubric:
    """Parse rubric CSV text (columns ``question,criterion,title,points,description``)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [h.strip() for h in rows[0]] != HEADER:
        raise _error(name, f"1行目（見出し）は {','.join(HEADER)} にしてください。", f"the header must be {','.join(HEADER)}.")
    found, lines = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise _error(f"{name} {number}行目", f"列の数が {len(row)} です（{len(HEADER)} 列にしてください）。",
                         f"{len(row)} columns (there must be {len(HEADER)}).")
        found.append(dict(zip(HEADER, row, strict=True)))
        lines.append(number)
    return rubric_from_rows(found, name, lines)


def load_rubric(exercise: str, source: str | Path | None = None, bundle: dict | None = None) -> Rubric:
    """The rubric of ``exercise``: from a loaded grading bundle (``bundle``, its rows) or the rubric folder."""
    if bundle is not None:
        rows = bundle.get("rubric")
        if rows:
            return rubric_from_rows(rows, f"{exercise}（採点バンドル）")
        where = f"{exercise}.grading.json"
    else:
        path = rubric_dir(source) / f"{exercise}.csv"
        if path.is_file():
            return parse_rubric(_read_text(path), path.name)
        where = str(path)
    raise ChiikiLabValueError(
        f"演習 {exercise} のルーブリックがありません（{where}）。",
        f"There is no rubric for {exercise} ({where}).",
    )


def blank_sheet(rubric: Rubric, learners: list[str] = ()) -> str:
    """A blank scoring sheet (CSV text): one column per criterion, a row of maxima, one row per learner.

    >>> r = parse_rubric("question,criterion,title,points,description\\n9-4,data,データ,2,あり\\n")
    >>> print(blank_sheet(r, ["s01"]).strip())
    learner,data
    # 満点 / max,2
    s01,
    """
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["learner", *(c.id for c in rubric.criteria)])
    w.writerow([MAX_ROW, *(f"{c.max_points:g}" for c in rubric.criteria)])
    for learner in learners:
        w.writerow([learner, *([""] * len(rubric.criteria))])
    return out.getvalue()


def submission_learners(submissions: str | Path) -> list[str]:
    """Learner ids of a folder or zip of submissions, as the grade book will name them (from the layout)."""
    import tempfile

    from .submissions import collect

    with tempfile.TemporaryDirectory(prefix="chiiki_rubric_") as tmp:
        return sorted(s.learner for s in collect(submissions, Path(tmp)).submissions)


def read_scores_file(path: str | Path, rubric: Rubric, learners: list[str] | None = None) -> dict[str, dict[str, float]]:
    """:func:`read_scores` on a file (UTF-8, with or without BOM, or Excel's cp932)."""
    return read_scores(_read_text(path), rubric, learners, Path(path).name)


def read_scores(text: str, rubric: Rubric, learners: list[str] | None = None,
                name: str = "scores") -> dict[str, dict[str, float]]:
    """Read a filled scoring sheet → ``{learner: {criterion: points}}`` (empty cells: not scored yet).

    Raises a Japanese error naming the row for an unknown criterion or learner (when ``learners``
    is given), a value that is not a number, below 0 or above the criterion's maximum.

    >>> r = parse_rubric("question,criterion,title,points,description\\n9-4,data,データ,2,あり\\n")
    >>> read_scores("learner,data\\ns01,2\\ns02,\\n", r)
    {'s01': {'data': 2.0}, 's02': {}}
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or not rows[0] or rows[0][0].strip() != "learner":
        raise _error(name, "1行目は learner,観点1,観点2,… の見出しにしてください"
                     "（chiiki-lab exercises rubric NAME で白紙の表を作れます）。",
                     "the first row must be learner,criterion1,criterion2,… (chiiki-lab exercises rubric NAME "
                     "prints a blank sheet).")
    columns = [c.strip() for c in rows[0][1:]]
    for column in columns:
        if rubric.get(column) is None:
            raise _error(f"{name} 1行目", f"観点「{column}」はルーブリック {rubric.name} にありません"
                         f"（あるもの: {', '.join(c.id for c in rubric.criteria)}）。",
                         f"criterion '{column}' is not in rubric {rubric.name} "
                         f"(known: {', '.join(c.id for c in rubric.criteria)}).")
    scores: dict[str, dict[str, float]] = {}
    for number, row in enumerate(rows[1:], start=2):
        learner = row[0].strip() if row else ""
        if not learner or learner.startswith("#"):
            continue
        where = f"{name} {number}行目（{learner}）"
        if learners is not None and learner not in learners:
            raise _error(where, "この学習者の提出物がありません。成績表の learner と同じ名前にしてください。",
                         "no submission of this learner. Use the learner names of the grade book.")
        if learner in scores:
            raise _error(where, "同じ学習者が2回出てきます。", "this learner appears twice.")
        scores[learner] = {}
        for column, cell in zip(columns, row[1:], strict=False):
            if not cell.strip():
                continue
            value = _number(cell)
            criterion = rubric.get(column)
            if value is None or value < 0:
                raise _error(where, f"観点「{column}」の点「{cell}」は0以上の数にしてください。",
                             f"points '{cell}' for '{column}' must be a number ≥ 0.")
            if value > criterion.max_points + 1e-9:
                raise _error(where, f"観点「{column}」の点 {value:g} が満点 {criterion.max_points:g} を超えています。",
                             f"points {value:g} for '{column}' exceed the maximum {criterion.max_points:g}.")
            scores[learner][column] = value
    return scores


def merge_scores(results: list, rubric: Rubric, scores: dict[str, dict[str, float]], row) -> None:
    """Add one grade-book row per criterion to every result (points empty where not scored yet).

    ``row``: the grade book's row class, called as ``row(criterion, points, max, feedback, title=…)``
    (passed in, so that rubrics do not depend on the grader).
    """
    for result in results:
        mine = scores.get(result.learner, {})
        for c in rubric.criteria:
            points = mine.get(c.id)
            feedback = c.level(points) if points is not None else "未採点（ルーブリック）"
            result.questions.append(row(c.id, points, c.max_points, feedback, title=c.title))

