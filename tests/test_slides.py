"""chiiki-lab slides: reveal.js decks built from notebooks, opened offline in headless Chromium."""

from __future__ import annotations

import base64
import html
import html.parser
import io
import json
import re
import subprocess

import pytest

from chiiki_lab.browser import OFFLINE_FLAGS
from chiiki_lab import cli
from chiiki_lab.errors import ChiikiLabValueError, SourceFileNotFoundError
from chiiki_lab.slides import MAP_NOTE_JA, build_slides, find_notebook, outputs_html


def _png() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([1, 3, 2])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def md(source, **meta):
    return {"cell_type": "markdown", "metadata": meta, "source": source}


def code(source, outputs=(), **meta):
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": list(outputs), "execution_count": 1}


def write_nb(path, cells):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3"}}, "cells": cells}
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return path


class Sections(html.parser.HTMLParser):
    """Top-level reveal slides: for each, the number of vertical pages and its text."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.slides: list[dict] = []
        self.in_slides = False
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("class", "slides") in attrs:
            self.in_slides = True
        if tag == "script":
            self.in_script = True
        if tag == "section" and self.in_slides:
            self.depth += 1
            if self.depth == 1:
                self.slides.append({"pages": 0, "text": ""})
            else:
                self.slides[-1]["pages"] += 1

    def handle_endtag(self, tag):
        if tag == "section" and self.in_slides:
            self.depth -= 1
            if self.depth == 0 and self.slides[-1]["pages"] == 0:
                self.slides[-1]["pages"] = 1
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.depth and not self.in_script:
            self.slides[-1]["text"] += data


def parse(deck_html):
    parser = Sections()
    parser.feed(deck_html)
    return parser.slides


@pytest.fixture
def sample(tmp_path):
    import folium

    map_html = folium.Map(location=[36.5, 138.5], zoom_start=8)._repr_html_()
    png = _png()
    (tmp_path / "pic.png").write_bytes(base64.b64decode(png))
    cells = [
        md("# 研修タイトル\n\n導入の文。\n\n## 最初の節\n\n節の本文。"),
        code("x = 1 + 1\nx", [{"output_type": "execute_result", "data": {"text/plain": "2"}, "metadata": {},
                                "execution_count": 1}]),
        md("```python\n## これは見出しではない\n```\n\n### 小見出し（同じスライド）"),
        code("plot()", [{"output_type": "display_data", "data": {"image/png": png, "text/plain": "<Figure>"},
                         "metadata": {}}]),
        md("## 地図の節\n\n![ローカル画像](pic.png) ![外部画像](https://example.org/a.png)"),
        code("m = folium.Map()", [{"output_type": "display_data", "data": {"text/html": map_html}, "metadata": {}}]),
        md("縦のスライド", slideshow={"slide_type": "subslide"}),
        md("あとから出る", slideshow={"slide_type": "fragment"}),
        md("SKIPPED-TEXT", slideshow={"slide_type": "skip"}),
        md("話す内容 NOTE-TEXT", slideshow={"slide_type": "notes"}),
        code("widget()", [{"output_type": "display_data", "metadata": {},
                           "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                                    "text/plain": "Dropdown()"}}]),
        md("明示したスライド", slideshow={"slide_type": "slide"}),
        code("census = cl.load(\"census2020\")"),
    ]
    return write_nb(tmp_path / "sample.ipynb", cells)


def test_headings_and_slide_types_shape_the_deck(sample):
    deck = build_slides(sample)
    slides = parse(deck.html)
    texts = [s["text"] for s in slides]
    # "#", "##", "##", explicit slide, then the 出典 slide; the fenced "##" does not start a slide
    assert len(slides) == 5
    assert "研修タイトル" in texts[0] and "最初の節" not in texts[0]
    assert "最初の節" in texts[1] and "これは見出しではない" in texts[1] and "小見出し" in texts[1]
    assert slides[2]["pages"] == 2 and "縦のスライド" in texts[2] and "あとから出る" in texts[2]
    assert "明示したスライド" in texts[3]
    assert deck.n_slides == 6
    assert "SKIPPED-TEXT" not in deck.html
    assert re.search(r'<aside class="notes">[^<]*<p>話す内容 NOTE-TEXT', deck.html)
    assert re.search(r'<div class="fragment"><p>あとから出る', deck.html)


def test_outputs_are_embedded_and_maps_replaced(sample):
    deck = build_slides(sample)
    assert deck.html.count("data:image/png;base64,") == 2  # the chart and the local image
    assert MAP_NOTE_JA in deck.html
    assert "leaflet" not in deck.html.lower()
    assert "ウィジェット" in deck.html
    assert "［画像: 外部画像］" in deck.html and "example.org" not in deck.html
    assert '<pre class="ck-out">2</pre>' in deck.html


def test_sources_slide_names_loaded_datasets(sample):
    import chiiki_lab

    deck = build_slides(sample)
    assert "出典 / Sources" in parse(deck.html)[-1]["text"]
    assert chiiki_lab.attribution("census2020") in deck.html


def _code_blocks(page):
    blocks = re.findall(r'<pre class="ck-code"><code>(.*?)</code></pre>', page, re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


def test_no_code_hides_sources_but_keeps_outputs(sample):
    shown, hidden = build_slides(sample), build_slides(sample, code=False)
    assert "x = 1 + 1\nx" in _code_blocks(shown.html)
    assert _code_blocks(hidden.html) == []
    assert '<pre class="ck-out">2</pre>' in hidden.html


def test_deck_is_self_contained(sample):
    page = build_slides(sample).html
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link\b", page)
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "Permission is hereby granted" in page.split("<style>")[0]  # MIT licence in the head comment
    assert "Reveal.initialize" in page and "RevealNotes" in page
    assert "Hiragino Kaku Gothic ProN" in page and "Meiryo" in page


def test_vendored_reveal_ships_its_licence():
    from chiiki_lab import slides

    folder = slides._REVEAL_DIR
    assert "MIT" in (folder / "dist" / "reveal.js").read_text(encoding="utf-8")[:200]
    assert "Permission is hereby granted" in (folder / "LICENSE").read_text(encoding="utf-8")
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert total < 400_000


def test_find_notebook_by_bundled_name(tmp_path, monkeypatch):
    from chiiki_lab import slides

    folders = {"notebooks": tmp_path / "nb", "exercises": tmp_path / "ex"}
    for folder in folders.values():
        folder.mkdir()
    for name in ("01_population_aging", "02_maps", "02_more"):
        write_nb(folders["notebooks"] / f"{name}.ipynb", [])
    write_nb(folders["exercises"] / "ch01_population.ipynb", [])
    monkeypatch.setattr(slides, "bundle_dir", lambda kind: folders[kind])
    assert find_notebook("01").name == "01_population_aging.ipynb"
    assert find_notebook("01_population_aging.ipynb").name == "01_population_aging.ipynb"
    assert find_notebook("ch01").parent == folders["exercises"]
    with pytest.raises(ChiikiLabValueError, match="「02」に当てはまる教材が複数あります: 02_maps, 02_more"):
        find_notebook("02")
    with pytest.raises(SourceFileNotFoundError, match="ノートブック「99」が見つかりません") as info:
        find_notebook("99")
    assert "01_population_aging, 02_maps, 02_more, ch01_population" in str(info.value)


def test_not_a_notebook_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ChiikiLabValueError, match="ノートブック（.ipynb、nbformat 4）として読めませんでした"):
        build_slides(bad)


def test_map_html_variants_become_the_note():
    for markup in ('<div class="folium-map" id="m"></div>', "<script>L.map('x')</script><!-- leaflet -->"):
        [part] = outputs_html([{"output_type": "display_data", "data": {"text/html": markup}, "metadata": {}}])
        assert MAP_NOTE_JA in part
    [part] = outputs_html([{"output_type": "display_data", "data": {"text/html": "<script>x()</script>"}}])
    assert "この出力はノートブックで表示" in part


def test_long_streams_are_cut():
    text = "".join(f"行{i}\n" for i in range(30))
    [part] = outputs_html([{"output_type": "stream", "name": "stdout", "text": text}], max_lines=5)
    assert "行4" in part and "行5" not in part and "ほか 25 行" in part


def test_cli_writes_the_deck(sample, tmp_path, capsys):
    out = tmp_path / "deck.html"
    assert cli.main(["slides", str(sample), "--out", str(out), "--no-code"]) == 0
    assert "スライドを保存しました（6 枚" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli.main(["slides", str(tmp_path / "missing.ipynb")]) == 2
    assert "エラー: ノートブック「" in capsys.readouterr().err


def test_deck_renders_offline_in_headless_chromium(tmp_path, chromium):
    browser = chromium
    try:
        notebook = find_notebook("01_population_aging")
    except SourceFileNotFoundError:
        pytest.skip("notebooks/01_population_aging.ipynb not written yet")
    deck = build_slides(notebook)
    page = deck.save(tmp_path / "deck.html")
    result = subprocess.run(
        [browser, *OFFLINE_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    dom = result.stdout
    assert re.search(r'<div class="reveal [^"]*\bready\b', dom), result.stderr[-500:]
    assert re.search(r'<section[^>]*class="[^"]*\bpresent\b', dom)
    slides = parse(dom)
    assert sum(s["pages"] for s in slides) == deck.n_slides >= 5
    assert "人口減少と高齢化" in slides[0]["text"]


@pytest.mark.slow
def test_execute_runs_the_notebook_and_drops_the_map(tmp_path):
    notebook = write_nb(tmp_path / "run.ipynb", [
        md("# 実行"),
        code("import folium\nfolium.Map(location=[36.5, 138.5])"),
        code("print(6 * 7)"),
    ])
    deck = build_slides(notebook, execute=True, timeout=120)
    assert MAP_NOTE_JA in deck.html
    assert '<pre class="ck-out">42</pre>' in deck.html
    assert "leaflet" not in deck.html.lower()


def test_save_creates_missing_folders(tmp_path):
    from chiiki_lab.slides import build_slides

    target = tmp_path / "slides" / "deck" / "01.html"
    assert build_slides("01_population_aging").save(target) == target
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
