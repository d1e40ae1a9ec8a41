"""docs/trainers: every notebook, exercise and command a course plan names exists, and timetables add up."""

from __future__ import annotations

import functools
import itertools
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRAINERS = ROOT / "docs" / "trainers"
PLANS = ["plan_1day.md", "plan_3day.md", "plan_halfyear.md", "plan_university15.md"]
REFERENCE = re.compile(r"`((?:notebooks|exercises|docs)/[^`\s]+?\.(?:ipynb|md))`")
COMMAND = re.compile(r"chiiki-lab ([a-z]+)")
TIME_ROW = re.compile(r"^\|\s*(\d{2}):(\d{2})–(\d{2}):(\d{2})\s*\|")


def _text(name: str) -> str:
    return (TRAINERS / name).read_text(encoding="utf-8")


def _all_docs() -> dict[str, str]:
    return {name: _text(name) for name in ["README.md", *PLANS]}


@pytest.mark.parametrize("name", ["README.md", *PLANS])
def test_plan_exists_with_english_summary_on_top(name):
    head = _text(name).splitlines()[:4]
    assert head[0].startswith("# ")
    assert any(line.startswith("> **English summary**") for line in head), head


def test_every_referenced_file_exists():
    missing = [
        (name, ref) for name, text in _all_docs().items() for ref in REFERENCE.findall(text) if not (ROOT / ref).is_file()
    ]
    assert missing == []


def test_every_notebook_and_exercise_is_in_some_plan():
    named = {ref for text in _all_docs().values() for ref in REFERENCE.findall(text)}
    shipped = {
        f"{folder}/{path.name}" for folder in ("notebooks", "exercises") for path in (ROOT / folder).glob("*.ipynb")
    }
    assert shipped, "no notebooks found"
    assert sorted(shipped - named) == []


def test_pending_exercises_are_not_yet_shipped():
    """「演習 ch06（準備中）」 must be replaced by the exercise's path once it exists."""
    for name, text in _all_docs().items():
        for chapter in re.findall(r"ch(\d{2})(?:[・〜]ch(\d{2}))?（準備中）", text):
            for number in filter(None, chapter):
                assert not list((ROOT / "exercises").glob(f"ch{number}_*.ipynb")), (name, number)


def test_commands_are_real_subcommands():
    from chiiki_lab.cli import build_parser

    parser = build_parser()
    subcommands = set(next(a for a in parser._actions if a.dest == "command").choices)
    used = {command for text in _all_docs().values() for command in COMMAND.findall(text)}
    assert {"lab", "slides", "handout", "exercises", "doctor"} <= used
    assert used <= subcommands


@pytest.mark.parametrize("name", PLANS)
def test_plan_names_preparation_commands_and_assessment(name):
    text = _text(name)
    for command in ("chiiki-lab lab", "chiiki-lab slides", "chiiki-lab handout", "chiiki-lab exercises build",
                    "chiiki-lab exercises grade"):
        assert command in text, command
    assert "## 準備 / Preparation" in text and "## 評価 / Assessment" in text and "## ねらい / Objectives" in text


def _timetables(text: str) -> list[list[tuple[int, int]]]:
    tables, current = [], []
    for line in text.splitlines():
        found = TIME_ROW.match(line)
        if found:
            h1, m1, h2, m2 = map(int, found.groups())
            current.append((h1 * 60 + m1, h2 * 60 + m2))
        elif current and not line.startswith("|"):
            tables.append(current)
            current = []
    return [*tables, current] if current else tables


@pytest.mark.parametrize("name", PLANS)
def test_timetables_are_continuous(name):
    tables = _timetables(_text(name))
    assert tables
    for rows in tables:
        for start, end in rows:
            assert start < end
        for (_, end), (start, _) in itertools.pairwise(rows):
            assert end == start, rows


def test_timetable_lengths():
    one_day = _timetables(_text("plan_1day.md"))[0]
    assert (one_day[0][0], one_day[-1][1]) == (9 * 60 + 30, 17 * 60)
    university = _timetables(_text("plan_university15.md"))
    assert [rows[-1][1] - rows[0][0] for rows in university] == [90]
    weeks = re.findall(r"^\| 第(\d+)回 \|", _text("plan_university15.md"), re.MULTILINE)
    assert weeks == [str(n) for n in range(1, 16)]
    months = re.findall(r"^\| 第(\d)回（(\d)か月目） \|", _text("plan_halfyear.md"), re.MULTILINE)
    assert months == [(str(n), str(n)) for n in range(1, 7)]


def test_case_articles_are_cited_by_title_and_publisher():
    assert "富士通Japan「富士通JapanによるDX、地域を幸せにするためにできること" in _text("README.md")
    assert "富士通JapanによるDX、地域を幸せにするためにできること" in _text("plan_1day.md")
    assert "「持続可能な社会に向けた地域活性化推進活動の紹介」" in _text("plan_halfyear.md")
    assert "NTT西日本" in _text("plan_halfyear.md")


MINUTES = re.compile(r"(\d+(?:〜\d+)?分)")


@functools.cache
def _header_minutes(notebook: Path) -> str:
    source = json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]["source"]
    first = "".join(source) if isinstance(source, list) else source
    found = MINUTES.search(first[first.index("目安時間"):])
    assert found, notebook
    return found.group(1)


def test_chapter_times_in_plans_match_the_notebook_headers():
    """A plan's 目安 cell (and notebooks/README.md's) starts with the time in the notebook's own header."""
    docs = {**_all_docs(), "notebooks/README.md": (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")}
    checked, wrong = 0, []
    for name, text in docs.items():
        for line in text.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
            stems = {m for cell in cells for m in re.findall(r"`(?:notebooks/)?(\d{2}_[a-z0-9_]+?)(?:\.ipynb)?`", cell)}
            times = [MINUTES.match(cell).group(1) for cell in cells if MINUTES.match(cell)]
            if len(stems) != 1 or not times:
                continue
            (stem,) = stems
            checked += 1
            expected = _header_minutes(ROOT / "notebooks" / f"{stem}.ipynb")
            if times[0] != expected:
                wrong.append((name, stem, times[0], expected))
    assert checked >= 40, checked          # the four plans' chapter tables and the notebooks README
    assert wrong == []
