"""Source-notebook format and ``build``: learner notebooks + an instructor-only grading bundle.

A source notebook (instructor only, in ``exercises/_instructor/source/``) is an ordinary notebook
with otter-grader-style markers in **raw** cells::

    # ASSIGNMENT CONFIG          (first raw cell)  name: ch01_population / title: …
    # BEGIN QUESTION             name: 1-1 / answer: rate_tsumagoi
      …code cells of the question (solution, check cell)…
    # END QUESTION

Everything else about a question — title, text, points, tolerance, hints — is data in
``exercises/questions/*.toml`` (:mod:`.bank`, ``docs/exercises-authoring.md``): ``build`` writes the
question's heading and text into the learner notebook from there, so they exist in one place.
There are no hidden tests: the grader judges the answers with the same judge as ``check``
(:mod:`.judge`), plus variant grading where the question data allows it.

Inside code cells, solutions are marked as in otter: lines between ``# BEGIN SOLUTION`` and
``# END SOLUTION`` become ``...``, and ``x = 42  # SOLUTION`` becomes ``x = ...``. A cell whose
first line is ``# SOLUTION CELL`` (or ``<!-- SOLUTION CELL -->`` in markdown) is emptied.

>>> from chiiki_lab.exercises.author import strip_solutions
>>> print(strip_solutions("x = 42  # SOLUTION"))
x = ...
"""

from __future__ import annotations

import copy
import json
import platform
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .._paths import bundle_dir
from ..errors import ChiikiLabValueError
from .bank import bank
from .layout import rubric_dir, source_dir

BUNDLE_FORMAT = 1
LEARNER_ZIP = "chiiki_lab_exercises.zip"
GRADING_ZIP = "chiiki_lab_grading.zip"
ANSWER_PLACEHOLDER = "# ここに答えを書いてください / write your answer here"
# What the kernel reports when JupyterLab opens the notebook; stored in full (with the Python version
# of the machine that builds), or JupyterLab rewrites it and marks a just-opened notebook as modified
LANGUAGE_INFO = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                 "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                 "pygments_lexer": "ipython3", "version": platform.python_version()}
_SOLUTION_LINE = re.compile(r"^(\s*)([^=#\s][^=#]*?=)\s*(?!=).*?#\s*SOLUTION\s*$")


@dataclass
class SourceQuestion:
    """One question of a source notebook, as the grader needs it."""

    id: str
    answer: str = ""
    points: float = 2.0
    manual: bool = False
    solution: str = ""


@dataclass
class Exercise:
    """A parsed source notebook: name, title, questions, and the learner notebook built from it."""

    name: str
    title: str
    questions: list[SourceQuestion]
    learner: dict
    source: Path | None = None
    rubric: list[dict] = field(default_factory=list)  # rows of the rubric of the open tasks, if there is one

    def bundle(self) -> dict:
        """The instructor-only grading bundle (hidden tests, answer key, rubric) as plain data."""
        return {"format": BUNDLE_FORMAT, "exercise": self.name, "title": self.title,
                "questions": [asdict(q) for q in self.questions], "rubric": self.rubric}


def _error(path, ja: str, en: str) -> ChiikiLabValueError:
    return ChiikiLabValueError(f"{path}: {ja}", f"{path}: {en}")


def _config(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines()[1:]:
        if ":" in line and not line.lstrip().startswith("#"):
            key, value = line.split(":", 1)
            out[key.strip()] = value.strip()
    return out


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _marker(cell) -> str | None:
    if cell.get("cell_type") != "raw":
        return None
    first = _source(cell).strip().splitlines()[:1]
    return first[0].strip().upper() if first else None


def strip_solutions(code: str) -> str:
    """Replace otter-style solution regions of ``code`` by ``...``.

    >>> print(strip_solutions("a = 1\\n# BEGIN SOLUTION\\nb = a + 1\\n# END SOLUTION"))
    a = 1
    ...
    """
    out, inside = [], False
    for line in code.splitlines():
        mark = line.strip().upper()
        if mark == "# BEGIN SOLUTION":
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}...")
            continue
        if mark == "# END SOLUTION":
            inside = False
            continue
        if inside:
            continue
        m = _SOLUTION_LINE.match(line)
        out.append(f"{m.group(1)}{m.group(2)} ..." if m else line)
    return "\n".join(out)


def _solution_text(code: str) -> str:
    """The solution lines of ``code`` (what :func:`strip_solutions` removes)."""
    kept, inside = [], False
    for line in code.splitlines():
        mark = line.strip().upper()
        if mark in ("# BEGIN SOLUTION", "# END SOLUTION"):
            inside = mark == "# BEGIN SOLUTION"
            continue
        if inside or _SOLUTION_LINE.match(line):
            kept.append(line)
    return "\n".join(kept)


def _is_solution_cell(cell) -> bool:
    first = _source(cell).strip().splitlines()[:1]
    return bool(first) and first[0].strip().upper() in ("# SOLUTION CELL", "<!-- SOLUTION CELL -->")


def parse_source(path: str | Path) -> Exercise:
    """Parse a source notebook into an :class:`Exercise` (questions, solutions, learner notebook)."""
    import nbformat

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    questions_data = bank()
    config: dict[str, str] = {}
    questions: list[SourceQuestion] = []
    learner_cells = []
    current: SourceQuestion | None = None
    for cell in nb.cells:
        marker = _marker(cell)
        if marker == "# ASSIGNMENT CONFIG":
            config = _config(_source(cell))
            continue
        if marker == "# BEGIN QUESTION":
            conf = _config(_source(cell))
            qid = conf.get("name", "")
            if qid not in questions_data:
                raise _error(path, f"問題 {qid!r} は exercises/questions/*.toml にありません。",
                             f"question {qid!r} is not in exercises/questions/*.toml.")
            spec = questions_data[qid]
            if set(conf) - {"name", "answer"}:
                raise _error(path, f"{qid}: BEGIN QUESTION に書けるのは name と answer だけです"
                             "（points・題・問題文は exercises/questions/*.toml に書きます）。",
                             f"{qid}: BEGIN QUESTION takes name and answer only (points, title and text live in "
                             "exercises/questions/*.toml).")
            manual = spec.kind == "manual"
            if not manual and not conf.get("answer", "").isidentifier():
                raise _error(path, f"{qid}: answer（答えの変数名）がありません。", f"{qid}: 'answer' (the variable name) is missing.")
            current = SourceQuestion(qid, conf.get("answer", ""), spec.points, manual)
            questions.append(current)
            learner_cells.append(_question_cell(spec))
            continue
        if marker == "# END QUESTION":
            current = None
            continue
        if marker is not None and marker.startswith("# BEGIN TESTS"):
            raise _error(path, "隠しテスト（BEGIN TESTS）は使いません。採点の条件は exercises/questions/*.toml に書きます。",
                         "hidden tests (BEGIN TESTS) are gone: grading rules live in exercises/questions/*.toml.")
        if current is not None and cell.get("cell_type") == "markdown" and \
                _source(cell).lstrip().startswith(f"## {current.id} "):
            raise _error(path, f"{current.id}: 問題の見出しと問題文は TOML から作ります。ソースの見出しセルを消してください。",
                         f"{current.id}: the question's heading and text come from the TOML; delete the heading cell.")
        if current is not None:
            code = _source(cell)
            secret = code if _is_solution_cell(cell) else _solution_text(code)
            current.solution = f"{current.solution}\n\n{secret}".strip() if secret.strip() else current.solution
        learner_cells.append(_learner_cell(cell, current))
    if not config.get("name"):
        raise _error(path, "ASSIGNMENT CONFIG に name がありません。", "ASSIGNMENT CONFIG has no name.")
    learner = nbformat.v4.new_notebook()
    learner.cells = learner_cells
    learner.metadata = {
        "chiiki_lab": {"exercise": config["name"], "format": BUNDLE_FORMAT},
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": dict(LANGUAGE_INFO),
    }
    exercise = Exercise(config["name"], config.get("title", config["name"]), questions, learner, path)
    _check_no_leak(exercise)
    return exercise


def _question_cell(spec) -> dict:
    """The learner's heading and text of a question, written from the question data."""
    import nbformat

    cell = nbformat.v4.new_markdown_cell(f"## {spec.id} {spec.title.ja}\n\n{spec.text.ja}")
    cell["metadata"] = {"chiiki_lab": {"question": spec.id, "role": "text"}}
    cell["id"] = f"q{spec.id}-text"
    return cell


def _learner_cell(cell, question: SourceQuestion | None):
    new = copy.deepcopy(cell)
    code = _source(cell)
    meta = {k: v for k, v in new.get("metadata", {}).items() if k != "chiiki_lab"}
    info = {"question": question.id} if question is not None else {}
    if _is_solution_cell(cell):
        new["source"] = "" if cell["cell_type"] == "code" else "（ここに書いてください / write here）"
        info["role"] = "answer"
    elif cell["cell_type"] == "code" and _solution_text(code):
        new["source"] = f"{ANSWER_PLACEHOLDER}\n{strip_solutions(code)}"
        info["role"] = "answer"
    elif cell["cell_type"] == "code" and "check(" in code:
        info["role"] = "check"
    if info:
        meta["chiiki_lab"] = info
        if info.get("role") == "answer":
            meta["tags"] = sorted(set(meta.get("tags", [])) | {"answer"})
    new["metadata"] = meta
    if new["cell_type"] == "code":
        new["outputs"] = []
        new["execution_count"] = None
    return new


def _secret_lines(exercise: Exercise) -> list[str]:
    """Lines of solutions that must never appear in a learner notebook."""
    lines = []
    for q in exercise.questions:
        for text in [q.solution]:
            for line in text.splitlines():
                line = line.strip()
                if len(line) >= 8 and line.upper() not in ("# SOLUTION CELL", "<!-- SOLUTION CELL -->"):
                    lines.append(line)
    return lines


def find_leaks(exercise: Exercise, text: str) -> list[str]:
    """Solution or hidden-test lines of ``exercise`` found in ``text`` (empty list: no leak)."""
    markers = ["# BEGIN SOLUTION", "# END SOLUTION", "# SOLUTION CELL"]
    return [s for s in _secret_lines(exercise) + markers if s in text]


def _check_no_leak(exercise: Exercise) -> None:
    sources = "\n".join(_source(c) for c in exercise.learner["cells"])
    leaks = find_leaks(exercise, sources + json.dumps(exercise.learner, ensure_ascii=False))
    if leaks:
        raise _error(exercise.source, f"学習者用ノートブックに解答・隠しテストが残っています: {leaks[:3]}",
                     f"solutions or hidden tests left in the learner notebook: {leaks[:3]}")


def load_exercises(source: str | Path | None = None) -> dict[str, Exercise]:
    """Parse every source notebook in ``source`` (default :func:`source_dir`) → ``{name: Exercise}``."""
    folder = Path(source) if source else source_dir()
    paths = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if not paths:
        raise ChiikiLabValueError(
            f"教員用のソースノートブックが {folder} にありません。リポジトリのチェックアウトで実行するか、"
            "--source でソースのフォルダを指定してください。",
            f"No instructor source notebooks in {folder}. Run from a checkout of the repository, or give "
            "the folder with --source.",
        )
    exercises = [_with_rubric(parse_source(p), folder) for p in paths]
    return {e.name: e for e in exercises}


def _with_rubric(exercise: Exercise, folder: Path) -> Exercise:
    from .rubric import load_rubric

    if (rubric_dir(folder) / f"{exercise.name}.csv").is_file():
        exercise.rubric = load_rubric(exercise.name, source=folder).rows()
    return exercise


def load_bundle(name: str, bundle: str | Path | None = None, source: str | Path | None = None) -> dict:
    """The grading bundle of exercise ``name``: from a bundle (json, folder or zip) or the sources."""
    if bundle:
        bundle = Path(bundle)
        if bundle.suffix == ".zip":
            with zipfile.ZipFile(bundle) as z:
                return json.loads(z.read(f"{name}.grading.json").decode("utf-8"))
        path = bundle / f"{name}.grading.json" if bundle.is_dir() else bundle
        return json.loads(path.read_text(encoding="utf-8"))
    folder = Path(source) if source else source_dir()
    if (folder / f"{name}.ipynb").is_file():  # sources are named by exercise: parse only that one (grading waits)
        exercise = parse_source(folder / f"{name}.ipynb")
        if exercise.name == name:
            return _with_rubric(exercise, folder).bundle()
    exercises = load_exercises(source)
    if name not in exercises:
        raise ChiikiLabValueError(
            f"演習 {name!r} はありません。あるもの: {', '.join(exercises)}",
            f"There is no exercise {name!r}. Available: {', '.join(exercises)}",
        )
    return exercises[name].bundle()


def _write_notebook(nb: dict, path: Path) -> None:
    """Write a learner notebook exactly as JupyterLab would save it, so opening it changes nothing."""
    import nbformat

    notebook = nbformat.from_dict(copy.deepcopy(nb))
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    for index, cell in enumerate(notebook.cells):
        cell.setdefault("id", f"cell-{index}")
        if cell.cell_type == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
    nbformat.validate(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(path))


def build(out: str | Path, source: str | Path | None = None) -> dict[str, Path]:
    """Build learner notebooks, a hand-out zip and the instructor-only grading bundle.

    Writes ``out/learner/NAME.ipynb``, ``out/chiiki_lab_exercises.zip`` (hand out),
    ``out/instructor/NAME.grading.json`` and ``out/chiiki_lab_grading.zip`` (keep). Returns the paths.

    >>> paths = build("/tmp/chiiki_build")        # doctest: +SKIP
    """
    out = Path(out)
    exercises = load_exercises(source)
    learner_dir, instructor_dir = out / "learner", out / "instructor"
    for name, ex in exercises.items():
        _write_notebook(ex.learner, learner_dir / f"{name}.ipynb")
        instructor_dir.mkdir(parents=True, exist_ok=True)
        (instructor_dir / f"{name}.grading.json").write_text(
            json.dumps(ex.bundle(), ensure_ascii=False, indent=1), encoding="utf-8")
    readme = bundle_dir("exercises") / "README.md"
    paths = {"learner": learner_dir, "instructor": instructor_dir,
             "learner_zip": out / LEARNER_ZIP, "grading_zip": out / GRADING_ZIP}
    with zipfile.ZipFile(paths["learner_zip"], "w", zipfile.ZIP_DEFLATED) as z:
        for name in exercises:
            z.write(learner_dir / f"{name}.ipynb", f"exercises/{name}.ipynb")
        if readme.is_file():
            z.write(readme, "exercises/README.md")
    with zipfile.ZipFile(paths["grading_zip"], "w", zipfile.ZIP_DEFLATED) as z:
        for name in exercises:
            z.write(instructor_dir / f"{name}.grading.json", f"{name}.grading.json")
    return paths


def _expected_for_key(spec) -> list:
    """Expected values of a question straight from its answers module (instructors only)."""
    import importlib

    from .judge import ANSWERS_PACKAGE, Context

    module = importlib.import_module(f"{ANSWERS_PACKAGE}.{spec.module}")
    ctx = Context(town=EXAMPLE_TOWN if spec.town else None)
    return [getattr(module, name)(ctx) for name in spec.expected]


EXAMPLE_TOWN = "10425"  # 嬬恋村: the town the key shows for questions about the learner's own town


def answer_key(name: str, source: str | Path | None = None, bundle: str | Path | None = None) -> str:
    """The answer key of exercise ``name`` as text: solution code and expected value(s) per question."""
    from ..i18n import tr

    data = load_bundle(name, bundle=bundle, source=source)
    specs = bank()
    lines = [f"# {data['title']} ({data['exercise']}) — " + tr("解答（教員用）", "answer key (instructors only)")]
    for q in data["questions"]:
        spec = specs[q["id"]]
        lines.append("")
        lines.append(f"## {q['id']} {spec.title}  [{q['points']:g} " + tr("点", "pt") + "]")
        if q["manual"]:
            lines.append(tr("（自由課題・手動採点）", "(open task, graded by hand)"))
        else:
            lines.append(tr("答えの変数: ", "answer variable: ") + q["answer"])
            shown = " / ".join(repr(v) for v in _expected_for_key(spec))
            if spec.town:
                lines.append(tr(f"期待値: {spec.town} の市町村ごと（例 嬬恋村: ", f"expected: per {spec.town} (e.g. 嬬恋村: ")
                             + shown + ")")
            else:
                lines.append(tr("期待値: ", "expected: ") + shown)
        if q["solution"]:
            lines.append(re.sub(r"\s*#\s*SOLUTION\s*$", "", q["solution"], flags=re.MULTILINE))
    for row in data.get("rubric", []):
        lines.append(f"- [{row['question']} {row['criterion']}] {row['title']} {row['points']:g}: {row['description']}")
    return "\n".join(lines)
