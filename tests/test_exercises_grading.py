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
HALF = {  # the right five in another order: partial credit, 1 of 2 points (the same △ check() shows)
    "1-2": 'oldest5 = ["川場村", "上野村", "下仁田町", "神流町", "南牧村"]',
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
    save("ch01_population (1).ipynb", _set_id(right(), "s32"), "s32", right_points)  # renamed, id in the notebook
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


class Listener:
    """A loopback TCP listener that records whether anyone connected."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from chiiki_lab.exercises.grade import grade, sandbox_mode

    tmp = tmp_path_factory.mktemp("class")
    listener = Listener()
    secrets = [tmp / "out" / "pwned.txt", tmp / "subs" / "pwned.txt", Path("/tmp") / f"chiiki_pwned_{uuid.uuid4().hex}"]
    expected = make_class(tmp / "subs", listener.port, secrets)
    mode = sandbox_mode()
    try:
        run = grade(tmp / "subs", EXERCISE, out=tmp / "out", cell_timeout=5, notebook_timeout=60, progress=False)
    finally:
        listener.close()
    yield {"run": run, "expected": expected, "mode": mode, "listener": listener, "secrets": secrets, "out": tmp / "out"}
    secrets[2].unlink(missing_ok=True)


pytestmark = pytest.mark.slow


def test_every_grade_is_right(graded):
    run, expected = graded["run"], graded["expected"]
    assert len(run.results) == 40
    by_file = {r.file: r for r in run.results}
    for name, exp in expected.items():
        result = by_file[name]
        points = {q.question: q.points for q in result.questions if q.points is not None}
        want = exp["sandboxed"] if graded["mode"] == "full" else exp["points"]
        assert points == want, (name, [(q.question, q.points, q.feedback) for q in result.questions], result.notes)
        assert result.learner == exp["learner"]


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


def test_feedback_for_bad_submissions(graded):
    by_learner = {r.learner: r for r in graded["run"].results}
    fb = {q.question: q.feedback for q in by_learner["s30"].questions}
    assert "解答セルが見つかりません" in fb["1-3"]
    assert "SyntaxError" in {q.question: q.feedback for q in by_learner["s28"].questions}["1-2"]
    assert any("制限時間" in n for n in by_learner["s29"].notes)
    assert "ZeroDivisionError" in {q.question: q.feedback for q in by_learner["s36"].questions}["1-1"]
    assert any("ノートブックとして読めません" in n for n in by_learner["s37"].notes)
    assert any("カーネルが止まりました" in n for n in by_learner["s38"].notes)
    assert "まだ答えが入っていません" in by_learner["s35"].questions[0].feedback
    html = (graded["out"] / "feedback" / "s39.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and "嬬恋村の高齢化率" in html and "10 / 10" in html


def test_summary_names_the_common_mistake(graded):
    text = graded["run"].summary()
    lines = {line.split()[0]: line for line in text.splitlines()[1:] if line.startswith("  1-")}
    assert "1-3" in lines and "年齢不詳" in lines["1-3"]
    assert lines["1-6"].endswith("自由課題（手動採点）")


def test_sandbox_blocks_network_and_files(graded):
    if graded["mode"] == "none":
        pytest.skip("unshare is not available here: the grader runs kernels without isolation (it warns)")
    assert graded["listener"].connections == 0
    if graded["mode"] == "full":
        assert not any(s.exists() for s in graded["secrets"])
        s34 = next(r for r in graded["run"].results if r.learner == "s34")
        assert {q.question: q.points for q in s34.questions}["1-4"] == 0.0
