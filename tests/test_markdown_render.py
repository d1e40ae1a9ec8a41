"""Bold and italic marks render: no literal ``**`` is left in any learner-facing Markdown.

CommonMark (JupyterLab, GitHub, nbconvert) does not close ``**`` that sits between a closing bracket and a Japanese
letter, as in ``**整数（人）**で``: the learner then sees the asterisks. Rendered here with mistune (the Markdown
renderer nbconvert uses), independently of how the texts were written.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import mistune
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb"),
                    *ROOT.glob("exercises/_instructor/source/*.ipynb")])
QUESTIONS = sorted(ROOT.glob("exercises/questions/*.toml"))
_render = mistune.create_markdown()


def _unrendered(text: str) -> list[str]:
    """Lines of ``text`` whose HTML still shows ``**`` outside code."""
    return [line for line in text.splitlines()
            if "**" in re.sub(r"<code>.*?</code>", "", _render(line), flags=re.S)]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_check_sees_an_unclosed_bold():
    assert _unrendered("答えを**整数（人）**で入れる") and not _unrendered("答えを**整数**（人）で入れる")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_markdown_renders(path):
    cells = nbformat.read(path, as_version=4).cells
    bad = [(i, line) for i, cell in enumerate(cells) if cell.cell_type == "markdown" for line in _unrendered(cell.source)]
    assert bad == []


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.name)
def test_question_texts_render(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [line for text in _strings(data) for line in _unrendered(text)] == []
