"""Rubrics for open tasks: the file format, the blank sheet, validating and merging the instructor's points."""

from __future__ import annotations

import csv
import json
import zipfile

import nbformat
import pytest

from chiiki_lab.errors import ChiikiLabValueError
from chiiki_lab.exercises.grade import GradeRun, QuestionResult, SubmissionResult
from chiiki_lab.exercises.report import summary, write_reports
from chiiki_lab.exercises.rubric import (
    blank_sheet,
    load_rubric,
    merge_scores,
    parse_rubric,
    read_scores,
    read_scores_file,
    submission_learners,
)

HEAD = "question,criterion,title,points,description\n"
SMALL = HEAD + "9-4,issue,本物の課題,0,なし\n9-4,issue,本物の課題,4,具体的\n9-4,issue,本物の課題,2,あいまい\n9-4,data,データ,3,出典つき\n9-4,data,データ,0,数字なし\n"


def test_the_shipped_rubric_has_the_three_requirements_data_and_clarity():
    rubric = load_rubric("ch09_capstone")
    assert [c.id for c in rubric.criteria] == ["issue", "partners", "sustain", "data", "clarity", "kpi"]
    assert all(c.question == "9-4" and len(c.levels) >= 2 and c.levels[0][0] == 0 for c in rubric.criteria)
    assert "地元企業" in rubric.get("partners").title and "補助金" in rubric.get("sustain").title
    assert rubric.get("kpi").title == "KPIと評価の設計"  # what notebook 09 promises to assess


def test_levels_are_sorted_and_the_level_reached_is_described():
    r = parse_rubric(SMALL, "small.csv")
    issue = r.get("issue")
    assert issue.levels == [(0.0, "なし"), (2.0, "あいまい"), (4.0, "具体的")] and issue.max_points == 4
    assert [issue.level(p) for p in (0, 1, 2, 3.5, 4)] == ["なし", "なし", "あいまい", "あいまい", "具体的"]


@pytest.mark.parametrize(("text", "message"), [
    ("q,c\n", "r.csv: 1行目（見出し）は question,criterion,title,points,description にしてください。"),
    (HEAD + "9-4,issue,課題,たくさん,x\n", "r.csv 2行目: points「たくさん」は0以上の数にしてください。"),
    (HEAD + "9-4,issue,課題,1,x\n9-1,data,データ,1,x\n", "r.csv 3行目: question「9-1」は自由課題の問題番号ではありません。"),
    (HEAD + "9-4,issue,課題,1,x\n9-4,issue,別の名前,2,y\n", "r.csv 3行目: criterion「issue」の question・title が前の行と違います。"),
    (HEAD + "9-4,issue,課題,1,x\n9-4,issue,課題,1,y\n", "r.csv 3行目: criterion「issue」に 1 点の段階が2つあります。"),
    (HEAD + "9-4,9-1,課題,1,x\n", "r.csv 2行目: criterion「9-1」は問題番号と同じです。別の名前にしてください。"),
    (HEAD + "9-4,issue,課題,1\n", "r.csv 2行目: 列の数が 4 です（5 列にしてください）。"),
])
def test_rubric_format_errors(text, message):
    with pytest.raises(ChiikiLabValueError) as e:
        parse_rubric(text, "r.csv")
    assert str(e.value) == message


def test_blank_sheet_round_trips_to_empty_scores():
    r = parse_rubric(SMALL)
    sheet = blank_sheet(r, ["s01", "田中"])
    rows = list(csv.reader(sheet.splitlines()))
    assert rows == [["learner", "issue", "data"], ["# 満点 / max", "4", "3"], ["s01", "", ""], ["田中", "", ""]]
    assert read_scores(sheet, r, ["s01", "田中"]) == {"s01": {}, "田中": {}}


@pytest.mark.parametrize(("text", "message"), [
    ("learner,issue,unknown\n", "scores 1行目: 観点「unknown」はルーブリック rubric にありません（あるもの: issue, data）。"),
    ("learner,issue\nzz,1\n", "scores 2行目（zz）: この学習者の提出物がありません。成績表の learner と同じ名前にしてください。"),
    ("learner,issue,data\ns01,4,3.5\n", "scores 2行目（s01）: 観点「data」の点 3.5 が満点 3 を超えています。"),
    ("learner,issue\ns01,-1\n", "scores 2行目（s01）: 観点「issue」の点「-1」は0以上の数にしてください。"),
    ("learner,issue\ns01,A\n", "scores 2行目（s01）: 観点「issue」の点「A」は0以上の数にしてください。"),
    ("learner,issue\ns01,1\ns01,2\n", "scores 3行目（s01）: 同じ学習者が2回出てきます。"),
    ("name,issue\n", "scores: 1行目は learner,観点1,観点2,… の見出しにしてください（chiiki-lab exercises rubric NAME で白紙の表を作れます）。"),
])
def test_score_errors_name_the_row(text, message):
    with pytest.raises(ChiikiLabValueError) as e:
        read_scores(text, parse_rubric(SMALL), ["s01", "s02"])
    assert str(e.value) == message


def test_excel_files_with_bom_or_cp932_are_read(tmp_path):
    r = parse_rubric(SMALL)
    for encoding in ("utf-8-sig", "cp932"):
        path = tmp_path / f"{encoding}.csv"
        path.write_text("learner,issue\n田中,2\n", encoding=encoding)
        assert read_scores_file(path, r, ["田中"]) == {"田中": {"issue": 2.0}}


def _run():
    auto = [QuestionResult("9-1", 2.0, 2.0, "正解"), QuestionResult("9-4", None, 20.0, "自由課題")]
    return GradeRun("ch09_capstone", "第9章", [SubmissionResult("s01", "s01.ipynb", list(auto)),
                                              SubmissionResult("s02", "s02.ipynb", list(auto))], "none", 1.0)


def test_merge_writes_gradebook_totals_and_feedback(tmp_path):
    r = parse_rubric(SMALL)
    run = _run()
    merge_scores(run.results, r, read_scores("learner,issue,data\ns01,2,3\ns02,,0\n", r, ["s01", "s02"]), QuestionResult)
    files = write_reports(run, tmp_path)
    book = list(csv.DictReader(files["gradebook"].read_text(encoding="utf-8-sig").splitlines()))
    rows = {(b["learner"], b["question"]): b for b in book}
    assert rows["s01", "issue"] == {"learner": "s01", "question": "issue", "points": "2", "max": "4", "feedback": "あいまい"}
    assert rows["s01", "data"]["feedback"] == "出典つき" and rows["s02", "data"]["points"] == "0"
    assert rows["s02", "issue"]["points"] == "" and rows["s02", "issue"]["feedback"] == "未採点（ルーブリック）"
    totals = {t["learner"]: t for t in csv.DictReader(files["totals"].read_text(encoding="utf-8-sig").splitlines())}
    assert (totals["s01"]["points"], totals["s01"]["max"]) == ("7", "9")   # 2 + 2 + 3 of 2 + 4 + 3
    assert (totals["s02"]["points"], totals["s02"]["max"]) == ("2", "5")   # issue not scored yet
    page = (tmp_path / "feedback" / "s01.html").read_text(encoding="utf-8")
    assert "得点（自動採点＋ルーブリック）: <b>7 / 9</b>" in page and "本物の課題" in page and "あいまい" in page
    assert "  issue 本物の課題: ルーブリック 平均 2.0 / 4（1人採点済み）" in summary(run)


def _open_tasks() -> list[tuple[str, str, float]]:
    """(exercise, question, points) of every open task, read from the instructor's source notebooks."""
    from chiiki_lab.exercises.author import parse_source, source_dir

    tasks = []
    for path in sorted(source_dir().glob("ch*.ipynb")):
        ex = parse_source(path)
        tasks += [(ex.name, q.id, q.points) for q in ex.questions if q.manual]
    return tasks


def test_every_chapter_has_an_open_task():
    from chiiki_lab.exercises.author import source_dir

    chapters = sorted(p.name[:4] for p in source_dir().glob("ch*.ipynb"))  # every exercise notebook, 01–09 and later
    assert len(chapters) >= 9
    assert sorted({name[:4] for name, _, _ in _open_tasks()}) == chapters


@pytest.mark.parametrize("exercise, question, points", _open_tasks())
def test_every_open_task_has_a_rubric_whose_maxima_add_up_to_its_points(exercise, question, points):
    criteria = [c for c in load_rubric(exercise).criteria if c.question == question]
    assert 2 <= len(criteria) <= 6
    assert all(len(c.levels) >= 2 and c.levels[0][0] == 0 for c in criteria)
    assert sum(c.max_points for c in criteria) == points


def test_rubric_travels_in_the_grading_bundle(tmp_path):
    from chiiki_lab.exercises.author import build, load_bundle

    paths = build(tmp_path)
    for exercise, _, _ in _open_tasks():
        with zipfile.ZipFile(paths["grading_zip"]) as z:
            bundle = json.loads(z.read(f"{exercise}.grading.json"))
        shipped = load_rubric(exercise)
        assert {row["criterion"] for row in bundle["rubric"]} == {c.id for c in shipped.criteria}
        from_zip = load_rubric(exercise, bundle=load_bundle(exercise, bundle=paths["grading_zip"]))
        assert [(c.id, c.levels) for c in from_zip.criteria] == [(c.id, c.levels) for c in shipped.criteria]
    with zipfile.ZipFile(paths["learner_zip"]) as z:  # the rubric is for instructors only
        handed_out = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", errors="replace")
    assert "地元企業を含む仲間" not in handed_out and "非参加企業のデータを同じ時期" not in handed_out


def test_an_exercise_without_a_rubric_says_so(tmp_path):
    import shutil

    from chiiki_lab.exercises.author import build, load_bundle, source_dir

    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(source_dir() / "ch01_population.ipynb", source)  # no rubrics/ folder beside it
    paths = build(tmp_path / "out", source=source)
    with pytest.raises(ChiikiLabValueError) as e:
        load_rubric("ch01_population", bundle=load_bundle("ch01_population", bundle=paths["grading_zip"]))
    assert str(e.value).startswith("演習 ch01_population のルーブリックがありません")


def test_cli_rubric_prints_a_sheet_with_the_learners(tmp_path, capsys):
    from chiiki_lab.cli import main

    for name, learner in (("田中 01.ipynb", "s99"), ("b.ipynb", "")):  # the id is the file's, never the notebook's
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f'LEARNER_ID = "{learner}"')])
        nbformat.write(nb, str(tmp_path / name))
    assert submission_learners(tmp_path) == ["b", "田中 01"]
    assert main(["exercises", "rubric", "ch09_capstone", "--submissions", str(tmp_path)]) == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert rows[0] == ["learner", "issue", "partners", "sustain", "data", "clarity", "kpi"]
    assert rows[1] == ["# 満点 / max", "4", "4", "4", "4", "4", "4"] and [r[0] for r in rows[2:]] == ["b", "田中 01"]
    out = tmp_path / "sheet.csv"
    assert main(["exercises", "rubric", "ch09_capstone", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbflearner,issue")
