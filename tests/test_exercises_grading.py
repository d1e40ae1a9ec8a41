"""Grading a whole class: 40 generated submissions to chapter 1 (right, wrong, partial, malicious).

``make_class`` is also used by ``benchmarks/bench_grading.py``.
"""

from __future__ import annotations

import copy
import csv
import json
import socket
import threading
import uuid
import zipfile
from pathlib import Path

import nbformat
import pytest

EXERCISE = "ch01_population"

# Answers written independently of the source notebook's solutions.
RIGHT = {
    "1-1": 'rate_tsumagoi = float(census.loc[census["code"] == "10425", "share_age65p_pct"].iloc[0])',
    "1-2": 'oldest5 = census[(census["pref_name"] == "群馬県") & (census["level"] != "prefecture")]'
           '.nlargest(5, "share_age65p_pct")["name"]',
    "1-3": 'pyramid_total = int(age.loc[(age["code"] == "10425") & (age["sex"] == "total"), "age_00_04":"age_100p"]'
           '.sum(axis=1).iloc[0])',
    "1-4": 'largest_group = "６５〜６９"',
    "1-5": 'choice_1_5 = "Ｂ"',
}
WRONG = {
    "1-1": "rate_tsumagoi = 0.3715",
    "1-2": 'oldest5 = census[census["is_basic_municipality"]].nlargest(5, "share_age65p_pct")["name"].tolist()',
    "1-3": "pyramid_total = 8850",
    "1-4": 'largest_group = "70-74"',
    "1-5": 'choice_1_5 = "d"',
}
HALF = {  # the right five in another order, computed (typed names fail the variant): partial credit, 1 of 2 points
    "1-2": 'oldest5 = census[(census["pref_name"] == "群馬県") & (census["level"] != "prefecture")]'
           '.nlargest(5, "share_age65p_pct")["name"].tolist()[::-1]',
}
QIDS = list(RIGHT)


def _learner_notebook():
    from chiiki_lab.exercises.author import load_exercises

    return nbformat.from_dict(copy.deepcopy(load_exercises()[EXERCISE].learner))


def _answer_cell(nb, qid):
    return next(c for c in nb.cells if c.metadata.get("chiiki_lab", {}) == {"question": qid, "role": "answer"})


def _fill(nb, answers: dict[str, str]):
    for qid, code in answers.items():
        _answer_cell(nb, qid).source = code
    return nb


def _set_id(nb, learner: str):
    nb.cells[1].source = nb.cells[1].source.replace('LEARNER_ID = ""', f'LEARNER_ID = "{learner}"')
    return nb


def _insert_after(nb, qid, code):
    index = nb.cells.index(_answer_cell(nb, qid))
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
    return nb


def make_class(folder: Path, port: int, secrets: list[Path]) -> dict[str, dict]:
    """Write 40 submissions into ``folder``; return {file name: {"learner", "points": {qid: pts}, "max"}}.

    ``port``: a loopback listener one submission tries to reach. ``secrets``: files one submission
    tries to write (they must not appear).
    """
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict] = {}

    def save(name, nb, learner, points, sandboxed_points=None):
        nbformat.write(nb, str(folder / name))
        expected[name] = {"learner": learner, "points": points, "sandboxed": sandboxed_points or points}

    right_points = {q: 2.0 for q in QIDS}
    for i in range(12):  # all right
        save(f"s{i:02d}.ipynb", _fill(_learner_notebook(), RIGHT), f"s{i:02d}", right_points)
    for i in range(12, 20):  # all wrong
        save(f"s{i:02d}.ipynb", _fill(_learner_notebook(), WRONG), f"s{i:02d}", {q: 0.0 for q in QIDS})
    for i in range(20, 28):  # partial: a different mix each
        answers, points = {}, {}
        for k, qid in enumerate(QIDS):
            kind = (i + k) % 3
            if kind == 0 or (kind == 2 and qid not in HALF):
                answers[qid], points[qid] = RIGHT[qid], 2.0
            elif kind == 1:
                answers[qid], points[qid] = WRONG[qid], 0.0
            else:
                answers[qid], points[qid] = HALF[qid], 1.0
        save(f"s{i:02d}.ipynb", _fill(_learner_notebook(), answers), f"s{i:02d}", points)

    def right():
        return _fill(_learner_notebook(), RIGHT)

    nb = right()
    _answer_cell(nb, "1-2").source = "oldest5 = census[census['pref_name'] == '群馬県'.nlargest(5"
    save("s28.ipynb", nb, "s28", {**right_points, "1-2": 0.0})  # syntax error
    nb = _insert_after(right(), "1-5", "while True:\n    pass")
    save("s29.ipynb", nb, "s29", right_points)  # endless loop after the answers
    nb = right()
    nb.cells.remove(_answer_cell(nb, "1-3"))
    save("s30.ipynb", nb, "s30", {**right_points, "1-3": 0.0})  # answer cell deleted
    nb = right()
    blocks = [[c for c in nb.cells if c.metadata.get("chiiki_lab", {}).get("question") == q] for q in QIDS]
    head = [c for c in nb.cells if "question" not in c.metadata.get("chiiki_lab", {})][:2]
    nb.cells = head + [c for block in reversed(blocks) for c in block]
    save("s31.ipynb", nb, "s31", right_points)  # questions in reverse order
    save("ch01_population (1).ipynb", _set_id(right(), "s32"), "ch01_population (1)", right_points)  # id from the file, not the notebook
    nb = _insert_after(right(), "1-1", (
        "import socket\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=3).sendall(b'leak')\n"
        "except OSError as e:\n"
        "    print('blocked:', e)"))
    save("s33.ipynb", nb, "s33", right_points)  # tries the network
    nb = right()
    _answer_cell(nb, "1-4").source = (
        "import os, glob\n"
        "from chiiki_lab._paths import bundle_dir\n"
        "found = glob.glob(str(bundle_dir('exercises') / '_instructor' / '**' / '*'), recursive=True)\n"
        f"for target in {[str(s) for s in secrets]!r}:\n"
        "    try:\n"
        "        open(target, 'w').write('pwned')\n"
        "    except OSError as e:\n"
        "        print('blocked:', e)\n"
        "largest_group = '65-69' if found else '00-04'")
    save("s34.ipynb", nb, "s34", right_points, {**right_points, "1-4": 0.0})  # reads hidden tests, writes outside
    save("s35.ipynb", _learner_notebook(), "s35", {q: 0.0 for q in QIDS})  # blank
    nb = right()
    _answer_cell(nb, "1-1").source = "rate_tsumagoi = 3288 / 0"
    save("s36.ipynb", nb, "s36", {**right_points, "1-1": 0.0})  # ZeroDivisionError
    (folder / "s37.ipynb").write_text("{ this is not a notebook", encoding="utf-8")
    expected["s37.ipynb"] = {"learner": "s37", "points": {q: 0.0 for q in QIDS}, "sandboxed": {q: 0.0 for q in QIDS}}
    nb = _insert_after(right(), "1-3", "import os\nos._exit(1)")
    save("s38.ipynb", nb, "s38", {q: 0.0 for q in QIDS})  # kills its kernel: no answers can be read
    nb = right()
    nb.cells.insert(2, nbformat.v4.new_code_cell("print('こんにちは 🌸 ' * 3)"))
    save("s39.ipynb", nb, "s39", right_points)  # Japanese and emoji output
    return expected


class CountingListener:
    """Listening sockets on the host, served by one thread, that count who connected."""

    def __init__(self, sockets: list):
        self.sockets, self.connections, self.running = sockets, 0, True
        for s in sockets:
            s.listen(5)
            s.settimeout(0.5 / len(sockets))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            for s in self.sockets:
                try:
                    conn, _ = s.accept()
                    self.connections += 1
                    conn.close()
                except OSError:
                    continue

    def close(self):
        self.running = False
        self.thread.join()
        for s in self.sockets:
            s.close()


class Listener(CountingListener):
    """A loopback TCP listener that records whether anyone connected."""

    def __init__(self):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        super().__init__([sock])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from chiiki_lab.exercises.grade import grade
    from chiiki_lab.exercises.sandbox import sandbox_problem

    if sandbox_problem():
        pytest.skip(f"no grading sandbox here: {sandbox_problem()}")
    tmp = tmp_path_factory.mktemp("class")
    listener = Listener()
    secrets = [tmp / "out" / "pwned.txt", tmp / "subs" / "pwned.txt", Path("/tmp") / f"chiiki_pwned_{uuid.uuid4().hex}"]
    expected = make_class(tmp / "subs", listener.port, secrets)
    try:
        run = grade(tmp / "subs", EXERCISE, out=tmp / "out", cell_timeout=5, notebook_timeout=60, progress=False)
    finally:
        listener.close()
    yield {"run": run, "expected": expected, "listener": listener, "secrets": secrets, "out": tmp / "out"}
    secrets[2].unlink(missing_ok=True)


def _nb_file(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(text)]), str(path))
    return path


@pytest.mark.parametrize(("files", "learners"), [
    (["s001.ipynb", "s002.ipynb"], ["s001", "s002"]),  # a folder of files named by learner
    (["class1/s001.ipynb", "class1/s002.ipynb"], ["s001", "s002"]),  # …inside one class folder
    (["s001/ch01_population.ipynb", "s002/anything.ipynb"], ["s001", "s002"]),  # a folder per learner
    (["submitted/s001/ch01/ch01_population.ipynb", "submitted/s002/ch01/ch01_population.ipynb"], ["s001", "s002"]),
    (["s001+ch01+2026-12-01 10:00:00.000000 UTC+ab/ch01.ipynb", "s001+ch01+2026-12-02 09:00:00.000000 UTC+cd/ch01.ipynb",
      "s002+ch01+2026-12-01 11:00:00.000000 UTC+ef/ch01.ipynb"], ["s001", "s002"]),  # nbgrader exchange: newest kept
    (["Yamada Taro_123_assignsubmission_file_/ch01.ipynb", "Sato Hanako_456_assignsubmission_file_/x.ipynb"],
     ["Sato Hanako_456", "Yamada Taro_123"]),  # Moodle
    (["yamadataro_123_456_ch01_population.ipynb", "satohanako_LATE_789_1011_ch01.ipynb"],
     ["satohanako_LATE_789", "yamadataro_123"]),  # Canvas
])
def test_identity_comes_from_the_collection_layout(tmp_path, files, learners):
    from chiiki_lab.exercises.submissions import collect

    for name in files:
        _nb_file(tmp_path / "subs" / name, 'LEARNER_ID = "s999"')  # never read
    found = collect(tmp_path / "subs", tmp_path / "work")
    assert sorted(s.learner for s in found.submissions) == learners
    assert not found.duplicates


def test_odd_files_are_reported_and_ids_are_safe(tmp_path):
    from chiiki_lab.exercises.report import feedback_name
    from chiiki_lab.exercises.submissions import collect

    subs = tmp_path / "subs"
    long_id = "学" * 60 + "x" * 30
    for name in ("s001.ipynb", "s002.IPYNB", f"{long_id}.ipynb", "s001/second.ipynb", ".hidden.ipynb",
                 ".ipynb_checkpoints/s001-checkpoint.ipynb"):
        _nb_file(subs / name)
    (subs / "s003.ipynb.txt").write_text("{}", encoding="utf-8")
    (subs / "notes.md").write_text("x", encoding="utf-8")
    found = collect(subs, tmp_path / "work")
    assert sorted(s.learner for s in found.submissions) == sorted(["s001", "s001 (2)", "s002", long_id])
    assert [f for f, _ in found.skipped] == ["s003.ipynb.txt"]
    assert found.duplicates == {"s001": ["s001/second.ipynb", "s001.ipynb"]}
    assert any("s003.ipynb.txt" in line for line in found.problems())
    for learner in (long_id, "../../etc/passwd", "a/b", "..", "\x1b[2Jx", "con"):
        name = feedback_name(learner)
        assert "/" not in name and not name.startswith(".") and "\x1b" not in name and len(name.encode()) < 200
    assert feedback_name("a/b") != feedback_name("a_b")


def test_a_zip_never_writes_outside(tmp_path):
    from chiiki_lab.exercises.submissions import collect

    archive = tmp_path / "subs.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("class/s01.ipynb", "{}")
        z.writestr("../../evil.ipynb", "{}")
        z.writestr("/abs/s02.ipynb", "{}")
        z.writestr("__MACOSX/class/._s01.ipynb", "x")
    found = collect(archive, tmp_path / "work")
    assert sorted(s.learner for s in found.submissions) == ["abs", "class", "evil"]
    assert all(tmp_path / "work" in s.path.parents for s in found.submissions)
    assert not (tmp_path.parent / "evil.ipynb").exists()


@pytest.mark.slow
def test_every_grade_is_right(graded):
    run, expected = graded["run"], graded["expected"]
    assert len(run.results) == 40
    by_file = {r.file: r for r in run.results}
    for name, exp in expected.items():
        result = by_file[name]
        points = {q.question: q.points for q in result.questions if q.points is not None}
        assert points == exp["sandboxed"], (name, [(q.question, q.points, q.feedback) for q in result.questions], result.notes)
        assert result.learner == exp["learner"]


@pytest.mark.slow
def test_gradebook_csv(graded):
    rows = list(csv.DictReader(graded["run"].files["gradebook"].open(encoding="utf-8-sig")))
    assert list(rows[0]) == ["learner", "question", "points", "max", "feedback"]
    assert len(rows) == 40 * 6  # 5 automatic questions and one open task each
    book = {(r["learner"], r["question"]): r for r in rows}
    want = graded["expected"]["s12.ipynb"]["points"]
    assert {q: float(book[("s12", q)]["points"]) for q in QIDS} == want
    assert book[("s12", "1-1")]["feedback"] == "0〜1の比になっています。この問いは % で答えます（100を掛けます）。"
    assert book[("s12", "1-6")]["points"] == "" and book[("s12", "1-6")]["max"] == "4"
    half = [e["learner"] for e in graded["expected"].values() if e["points"].get("1-2") == 1.0]
    assert half
    for learner in half:
        assert book[(learner, "1-2")]["feedback"] == "5つとも合っていますが、並び順が問題文の指定と違います。"


@pytest.mark.slow
def test_feedback_for_bad_submissions(graded):
    by_learner = {r.learner: r for r in graded["run"].results}
    fb = {q.question: q.feedback for q in by_learner["s30"].questions}
    assert "解答セルが見つかりません" in fb["1-3"]
    assert "SyntaxError" in {q.question: q.feedback for q in by_learner["s28"].questions}["1-2"]
    assert any("制限時間" in n for n in by_learner["s29"].notes)
    assert "ZeroDivisionError" in {q.question: q.feedback for q in by_learner["s36"].questions}["1-1"]
    assert any("ノートブックとして読めません" in n for n in by_learner["s37"].notes)
    assert "まだ答えが入っていません" in by_learner["s35"].questions[0].feedback
    assert "カーネルが止まりました" in " ".join(by_learner["s38"].notes)
    html = (graded["out"] / "feedback" / "s39.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and "嬬恋村の高齢化率" in html and "10 / 10" in html


@pytest.mark.slow
def test_summary_names_the_common_mistake(graded):
    text = graded["run"].summary()
    lines = {line.split()[0]: line for line in text.splitlines()[1:] if line.startswith("  1-")}
    assert "1-3" in lines and "年齢不詳" in lines["1-3"]
    assert lines["1-6"].endswith("自由課題（手動採点）")


@pytest.mark.slow
def test_sandbox_blocks_network_and_files(graded):
    assert graded["run"].sandbox == "bubblewrap"
    assert graded["listener"].connections == 0
    assert not any(s.exists() for s in graded["secrets"])
    s34 = next(r for r in graded["run"].results if r.learner == "s34")
    assert {q.question: q.points for q in s34.questions}["1-4"] == 0.0


@pytest.mark.slow
def test_without_a_sandbox_grading_refuses_unless_unsafe(tmp_path, monkeypatch):
    from chiiki_lab.errors import ChiikiLabValueError
    from chiiki_lab.exercises import grade as grading

    monkeypatch.setattr(grading, "sandbox_problem", lambda: "bubblewrap (bwrap) is not installed")
    nbformat.write(_fill(_learner_notebook(), RIGHT), str(tmp_path / "s01.ipynb"))
    with pytest.raises(ChiikiLabValueError, match="--unsafe"):
        grading.grade(tmp_path, EXERCISE, out=tmp_path / "out", progress=False)
    run = grading.grade(tmp_path, EXERCISE, out=tmp_path / "out", progress=False, unsafe=True, workers=1)
    assert run.sandbox == "none"
    assert {q.question: q.points for q in run.results[0].questions if q.points is not None} == {q: 2.0 for q in QIDS}


@pytest.mark.slow
def test_variant_grading_passes_code_and_fails_typed_numbers(tmp_path):
    """Chapter 9 asks about the learner's own town: the grader re-runs it for another town."""
    import chiiki_lab
    from chiiki_lab.exercises.author import load_bundle, load_exercises
    from chiiki_lab.exercises.grade import grade

    bundle = load_bundle("ch09_capstone")
    auto = [q for q in bundle["questions"] if not q["manual"]]
    census, series = chiiki_lab.load("census2020"), chiiki_lab.load("census_timeseries")
    row = census[census["code"] == "10425"].iloc[0]  # 嬬恋村, the notebook's LEARNER_TOWN, computed here with pandas
    mine = series[series["code"] == "10425"].set_index("year")["population"]
    gunma = census[census["is_basic_municipality"] & (census["pref_code"] == row["pref_code"])]
    typed = {"9-1": f"aging_rate = {float(row['pop_age65p'] / row['population'] * 100)!r}",
             "9-2": f"change_pct = {float((mine[2020] / mine[1980] - 1) * 100)!r}",
             "9-3": f"aging_rank = {int((gunma['share_age65p_pct'] > row['share_age65p_pct']).sum()) + 1}"}
    honest = {q["id"]: q["solution"] for q in auto}
    for name, answers in (("honest", honest), ("typed", typed), ("typed_loop", typed)):
        nb = nbformat.from_dict(copy.deepcopy(load_exercises()["ch09_capstone"].learner))
        for qid, code in answers.items():
            next(c for c in nb.cells if c.metadata.get("chiiki_lab", {}) == {"question": qid, "role": "answer"}).source = code
        if name == "typed_loop":  # a time-out after the answers must not spare the typed numbers their re-run
            nb.cells.append(nbformat.v4.new_code_cell("while True:\n    pass"))
        (tmp_path / "subs").mkdir(exist_ok=True)
        nbformat.write(nb, str(tmp_path / "subs" / f"{name}.ipynb"))
    run = grade(tmp_path / "subs", "ch09_capstone", out=tmp_path / "out", progress=False, cell_timeout=5)
    got = {r.learner: {q.question: q for q in r.questions} for r in run.results}
    for q in auto:
        assert got["honest"][q["id"]].points == q["points"], got["honest"][q["id"]].feedback
        for name in ("typed", "typed_loop"):
            assert got[name][q["id"]].points == 0.0
            assert "別の市町村" in got[name][q["id"]].feedback
    loop = next(r for r in run.results if r.learner == "typed_loop")
    assert "variant start" in loop.phases and loop.phases["variant cells"] < 5  # the re-run stopped before the loop


def test_the_variant_rerun_stops_at_the_last_cell_naming_a_rejudged_variable():
    from chiiki_lab.exercises.grade import _cells_for

    cells = [{"source": "import chiiki_lab as cl"}, {"source": "MY_TOWN = '嬬恋村'"}, {"source": "x = cl.load('census2020')"},
             {"source": ["rate = x.loc[x['name'] == MY_TOWN, 'share']\n", "rate"]}, {"source": "check('1-1', rate)"},
             {"source": "obj.rate = 1\nrated = 2  # other names"}, {"source": "while True:\n    pass"}]
    assert _cells_for(cells, {"rate"}) == cells[:5]
    assert _cells_for(cells, {"MY_TOWN"}) == cells[:4]
    assert _cells_for(cells, {"nowhere"}) == []


def test_notebooks_with_a_while_loop_are_queued_first(tmp_path):
    from chiiki_lab.exercises.grade import _loops_first
    from chiiki_lab.exercises.submissions import collect

    loop = _insert_after(_fill(_learner_notebook(), RIGHT), "1-5", "while True:\n    pass")
    prose = _fill(_learner_notebook(), RIGHT)
    prose.cells.append(nbformat.v4.new_markdown_cell("while you wait: a while loop in prose is no loop"))
    for name, nb in (("a_plain", _fill(_learner_notebook(), RIGHT)), ("b_prose", prose), ("c_loop", loop)):
        nbformat.write(nb, str(tmp_path / f"{name}.ipynb"))
    (tmp_path / "d_broken.ipynb").write_text("{ not json", encoding="utf-8")
    found = collect(tmp_path, tmp_path.parent / "collected")
    assert [s.learner for s in sorted(found.submissions, key=_loops_first)] == ["c_loop", "a_plain", "b_prose", "d_broken"]


def test_the_documented_command_grades_with_the_library_defaults():
    """bench_grading.py measures grade()'s defaults; `chiiki-lab exercises grade` must use the same ones."""
    from chiiki_lab.cli import build_parser
    from chiiki_lab.exercises.grade import CELL_TIMEOUT, DEFAULT_WORKERS, NOTEBOOK_TIMEOUT

    args = build_parser().parse_args(["exercises", "grade", "subs", "--exercise", EXERCISE])
    assert (args.workers, args.cell_timeout, args.timeout) == (DEFAULT_WORKERS, CELL_TIMEOUT, NOTEBOOK_TIMEOUT)


def test_a_python_installed_under_tmp_stays_visible_in_the_sandbox(tmp_path, monkeypatch):
    """The sandbox's private /tmp must not hide the Python that runs the kernel (a CI venv in /tmp made
    every kernel fail with ``bwrap: execvp …/venv/bin/python: No such file``): its bind comes after."""
    from chiiki_lab.exercises import sandbox

    venv = Path("/tmp/ci-venv")
    monkeypatch.setattr(sandbox, "_python_dirs", lambda: [venv])
    args, _ = sandbox.bwrap_args(sandbox._Binds(None), tmp_path)
    private_tmp = next(i for i in range(len(args) - 1) if args[i:i + 2] == ["--tmpfs", "/tmp"])
    bound = next(i for i in range(len(args) - 2) if args[i] == "--ro-bind" and args[i + 2] == str(venv))
    assert private_tmp < bound
