"""Question data (exercises/questions/*.toml): every file validates, every function it names exists
and runs, mistake keys and texts match, no mistake is accepted as right, and the schema's errors
name the file and the question. The complete example of docs/exercises-authoring.md is run too."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from chiiki_lab.errors import ChiikiLabValueError
from chiiki_lab.exercises.bank import load_bank, parse_file, questions_dir
from chiiki_lab.exercises.judge import ANSWERS_PACKAGE, Context, encode_answer, judge

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(questions_dir().glob("*.toml"))
TOWN_CODE = "10425"  # questions about the learner's own town are exercised with 嬬恋村


def test_there_is_a_file_per_exercise_chapter_and_every_file_validates():
    assert {p.stem for p in FILES} >= {f"ch0{n}" for n in range(1, 10)}
    bank = load_bank()
    for path in FILES:
        assert parse_file(path), path.name


def _checked():
    return [q for q in load_bank().values() if q.kind != "manual"]


@pytest.mark.parametrize("q", _checked(), ids=lambda q: q.id)
def test_every_named_function_exists_runs_and_its_mistakes_have_texts(q):
    module = importlib.import_module(f"{ANSWERS_PACKAGE}.{q.module}")
    ctx = Context(town=TOWN_CODE if q.town else None)
    for name in q.expected:
        assert getattr(module, name)(ctx) is not None
    found = getattr(module, q.mistakes)(ctx) if q.mistakes else {}
    assert set(found) <= set(q.mistake), (q.id, set(found) - set(q.mistake))  # every returned key has a text
    for key, value in found.items():  # every known mistake is rejected with its own text
        verdict = judge(q.id, encode_answer(value), ctx)
        assert (verdict.status, verdict.ja) == ("partial" if q.mistake[key].points else "zero", q.mistake[key].ja) \
            or verdict.ja.startswith("丸めすぎ"), (q.id, key, value, verdict.ja)


def test_every_mistake_text_is_used_somewhere():
    for q in _checked():
        module = importlib.import_module(f"{ANSWERS_PACKAGE}.{q.module}")
        source = Path(module.__file__).read_text(encoding="utf-8")
        for key in q.mistake:
            assert f'"{key}"' in source, (q.id, key)


def _write(tmp_path, text, name="lesson01.toml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


GOOD = '''[questions."1-a"]
kind = "number"
points = 1
title.ja = "題"
title.en = "Title"
text.ja = "問題文"
text.en = "Text"
expected = "f"
tolerance = 0.05
'''


@pytest.mark.parametrize(("change", "message"), [
    (('tolerance = 0.05\n', ''), 'lesson01.toml [questions."1-a"]: number の問題には tolerance（許す誤差、絶対値）が要ります。'),
    (('kind = "number"', 'kind = "numbr"'), "kind は number, count, places, age_group, choice, text, manual のどれかにしてください（いま: 'numbr'）。"),
    (('text.en = "Text"\n', ''), "text は text.ja と text.en の2つの文字列にしてください（空にしない）。"),
    (('points = 1', 'points = "1"'), "points は 0 以上の数にしてください（いま: '1'）。"),
    (('expected = "f"', 'expected = "f()"'), "expected は answers モジュールの関数名（またはそのリスト）にしてください。"),
    (('"1-a"', '"1a"'), '問題番号は "1-1"（演習ノートブック）か "1-a"（レッスン内の練習）の形にしてください。'),
    (('tolerance = 0.05', 'tolerance = 0.05\ntolerence = 1'), "知らないキー ['tolerence'] があります"),
    (('tolerance = 0.05', 'tolerance = 0.05\norder = "ranked"'), 'order は places の問題だけで、"any" か "ranked" です。'),
    (('tolerance = 0.05', 'tolerance = 0.05\n[questions."1-a".mistake.x]\nja = "a"\nen = "b"'),
     "mistake.* の文があるのに mistakes（値を返す関数）がありません。"),
    (('points = 1', 'points = [1'), "TOML として読めません"),
])
def test_schema_errors_name_the_file_and_the_question(tmp_path, change, message):
    _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ChiikiLabValueError) as e:
        load_bank(tmp_path)
    assert message in str(e.value) and str(e.value).startswith("lesson01.toml")


def test_an_id_used_in_two_files_is_refused(tmp_path):
    _write(tmp_path, GOOD)
    _write(tmp_path, GOOD, "ch01.toml")
    with pytest.raises(ChiikiLabValueError) as e:
        load_bank(tmp_path)
    assert str(e.value) == "lesson01.toml: 問題番号 1-a は ch01.toml にもあります。番号は全体で1つだけにします。"


def test_the_authoring_guides_complete_example_works(tmp_path, monkeypatch):
    """The TOML and Python of docs/exercises-authoring.md, installed as a lesson file, judge as documented."""
    guide = (ROOT / "docs" / "exercises-authoring.md").read_text(encoding="utf-8")
    toml = re.search(r"```toml\n(# In-lesson practice.*?)```", guide, re.S).group(1)
    python = re.search(r"```python\n(\"\"\"Expected values and known mistakes of the in-lesson.*?)```", guide, re.S).group(1)
    questions = load_bank(_write(tmp_path, toml))
    assert sorted(questions) == ["1-a", "1-b", "1-c"]
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "lesson01_example.py").write_text(python, encoding="utf-8")
    monkeypatch.syspath_prepend(str(package))
    module = importlib.import_module("lesson01_example")
    ctx = Context()
    assert abs(module.rate_with_unknown(ctx) - 3288 / 8850 * 100) < 1e-9  # census2020: 3,288 of 8,850 aged 65+
    assert module.oldest3(ctx)[0] == "10383"  # 南牧村, the oldest municipality of Gunma
    assert module.reading_37(ctx) == "b" and set(module.rate_mistakes(ctx)) == {"share", "prefecture"}
    sys.modules.pop("lesson01_example", None)
