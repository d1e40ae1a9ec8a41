"""A chiiki_lab error in a notebook shows the learner's line and the Japanese message, not the library's source."""

from __future__ import annotations

import re

import pytest

from chiiki_lab.errors import MunicipalityNotFoundError
from chiiki_lab.notebook_errors import learner_frames

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CODES_FRAME = re.compile(r"chiiki_lab[/\\]codes[/\\]\w+\.py")  # a frame inside the library's codes package


def test_learner_frames_keep_only_cell_code():
    cell = compile("import chiiki_lab\nchiiki_lab.resolve('存在しない村')\n", "<ipython-input-7>", "exec")
    with pytest.raises(MunicipalityNotFoundError) as raised:
        exec(cell, {})
    error = raised.value
    assert error.__traceback__.tb_next.tb_next is not None  # the library's own frames are in the full one
    frames = []
    tb = learner_frames(error.__traceback__)
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    assert frames == [("<ipython-input-7>", 2)]


def _run(*cells: str):
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(nb, allow_errors=True, timeout=60).execute()
    return [[o for o in cell.outputs if o.output_type == "error"] for cell in nb.cells]


@pytest.mark.slow
def test_kernel_shows_the_learners_line_and_the_message_only():
    short, full, verbose, other = _run(
        "import chiiki_lab as cl",
        "x = 1\ncl.resolve('存在しない村')",
        "cl.show_tracebacks(True)\ncl.resolve('存在しない村')",
        "cl.show_tracebacks(False)\n%xmode Verbose\ncl.resolve('存在しない村')",
        "%xmode Context\n{}['no such key']",
    )[1:]
    assert [len(outputs) for outputs in (short, full, verbose, other)] == [1, 1, 1, 1]  # still an error output
    text = ANSI.sub("", "\n".join(short[0]["traceback"]))
    assert short[0]["ename"] == "MunicipalityNotFoundError"
    assert "----> 2 cl.resolve('存在しない村')" in text
    assert "「存在しない村」という市区町村は見つかりませんでした" in text
    assert not CODES_FRAME.search(text) and "site-packages" not in text
    assert "chiiki_lab.show_tracebacks(True)" in text
    for outputs in (full, verbose):  # the full traceback, one flag away
        assert CODES_FRAME.search(ANSI.sub("", "\n".join(outputs[0]["traceback"])))
    assert other[0]["ename"] == "KeyError"  # other errors are left as IPython shows them
