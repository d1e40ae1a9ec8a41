"""chiiki-lab handout: printable A4 handouts with an embedded Japanese font, and their PDF."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess

import pytest

from chiiki_lab import cli
from chiiki_lab.errors import ChiikiLabEnvironmentError
from chiiki_lab.handout import build_handout


def md(source, **meta):
    return {"cell_type": "markdown", "metadata": meta, "source": source}


def code(source, outputs=(), **meta):
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": list(outputs), "execution_count": 1}


def write_nb(path, cells):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def exercise(tmp_path):
    return write_nb(tmp_path / "ch99_demo.ipynb", [
        md("# 第99章 演習：嬬恋村の人口"),
        code("import chiiki_lab as cl\ncensus = cl.load(\"census2020\")"),
        md("## 99-1 高齢化率", chiiki_lab={"question": "99-1"}),
        code("rate = ...\nANSWER-CODE", chiiki_lab={"question": "99-1", "role": "answer"}, tags=["answer"]),
        code('check("99-1", rate)', chiiki_lab={"question": "99-1", "role": "check"}),
        md("## 99-2 自分のまちについて考えを書く", chiiki_lab={"question": "99-2"}),
        md("### やってみよう\n\n図を読んで説明しましょう。"),
        md("話す内容 SPEAKER-NOTE", slideshow={"slide_type": "notes"}),
    ])


def test_answers_blank_replaces_answer_cells_with_boxes(exercise):
    handout = build_handout(exercise, answers_blank=True, embed_font=False)
    page = handout.html
    assert handout.n_answer_boxes == 3  # 99-1 (answer cell), 99-2 and やってみよう (no answer cell)
    assert page.count('<div class="ck-answer">') == 3
    assert "ANSWER-CODE" not in page and "check" not in re.sub(r"<[^>]+>", "", page.split("<body")[1])
    assert "氏名 / Name" in page
    assert "SPEAKER-NOTE" not in page
    assert 'class="ck-exercises"' in page


def test_without_answers_blank_everything_is_printed(exercise):
    page = build_handout(exercise, embed_font=False).html
    assert '<div class="ck-answer">' not in page
    assert "ANSWER" in page and "氏名" not in page


def test_print_css_is_a4_with_page_breaks(exercise):
    page = build_handout(exercise, embed_font=False).html
    assert re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:", page)
    assert re.search(r"h2\s*\{[^}]*break-before:\s*page", page)
    assert re.search(r"img\s*\{[^}]*max-width:\s*100%", page)
    assert re.search(r"pre\.ck-code, pre\.ck-out\s*\{[^}]*font-size:\s*8pt", page)


def test_sources_are_listed(exercise):
    import chiiki_lab

    page = build_handout(exercise, embed_font=False).html
    assert chiiki_lab.attribution("census2020") in page


@pytest.mark.slow
def test_embedded_font_is_a_subset_with_the_text_used(exercise):
    from fontTools.ttLib import TTFont

    handout = build_handout(exercise, answers_blank=True)
    assert handout.font_embedded
    data = re.search(r"url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", handout.html).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in "嬬恋村高齢化率解答欄")
    assert ord("鬱") not in cmap  # not in the handout, so not in the subset
    assert "IPAexGothic" in font["name"].getDebugName(6)
    small = build_handout(exercise, answers_blank=True, embed_font=False)
    assert len(small.html) < len(handout.html) < len(small.html) + 1_500_000
    assert "IPA Font License" in handout.html


def test_pdf_without_chromium_is_a_clear_error(exercise, tmp_path, monkeypatch):
    from chiiki_lab import browser

    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    with pytest.raises(ChiikiLabEnvironmentError, match="PDF を作るには Chromium（または Google Chrome）が必要ですが"):
        build_handout(exercise, embed_font=False).save_pdf(tmp_path / "x.pdf")


def _tools_or_skip():
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    missing = [name for name, found in (("chromium", browser), ("pdftoppm", shutil.which("pdftoppm")),
                                        ("pdffonts", shutil.which("pdffonts"))) if not found]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} required in CI (apt-get install chromium poppler-utils)")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install chromium poppler-utils)")


@pytest.mark.slow
def test_pdf_embeds_the_japanese_font_and_is_not_blank(exercise, tmp_path, capsys):
    _tools_or_skip()
    out = tmp_path / "handout.html"
    assert cli.main(["handout", str(exercise), "--out", str(out), "--pdf", "--answers-blank"]) == 0
    printed = capsys.readouterr().out
    assert "PDF を保存しました（エンジン: " in printed and "print-to-pdf" in printed
    pdf = out.with_suffix(".pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    ipa = [row for row in rows if "IPAexGothic" in row[0]]
    assert ipa, fonts
    assert all(row[-5] == "yes" for row in ipa)  # the "emb" column
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")], check=True)
    from PIL import Image, ImageStat

    [png] = tmp_path.glob("page*.png")
    variance = ImageStat.Stat(Image.open(png).convert("L")).var[0]
    assert variance > 50, variance
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "嬬恋村" in text and "解答欄" in text


def test_cli_handout_of_a_missing_notebook(tmp_path, capsys):
    assert cli.main(["handout", str(tmp_path / "nope.ipynb")]) == 2
    assert "エラー: ノートブック「" in capsys.readouterr().err
