"""Slides that work offline: a reveal.js deck from a curriculum notebook, as one HTML file.

Each markdown heading of level 1 or 2 (``#``, ``##``) starts a slide; cells whose metadata has
``slideshow.slide_type`` are honoured as in Jupyter's slideshow mode (``slide``, ``subslide``,
``fragment``, ``skip``, ``notes``, ``-``) and are then not split at their headings. Code is shown
small (or hidden with ``code=False``), charts come from the outputs stored in the notebook as
embedded PNG/SVG, and maps (folium/Leaflet HTML, which needs the network) are replaced by a note
saying 「地図はノートブックで表示」. reveal.js 5 (MIT) is inlined from the package's own copy, so
the deck opens in any browser with no network; press ``S`` for the speaker view with the notes.

>>> from chiiki_lab.slides import build_slides
>>> deck = build_slides("01_population_aging")           # doctest: +SKIP
>>> deck.n_slides, deck.save("01_slides.html")            # doctest: +SKIP
(14, PosixPath('01_slides.html'))

Shared with :mod:`chiiki_lab.handout`: :func:`find_notebook` (a path, or the name of a bundled
notebook or exercise such as ``01_population_aging``, ``01`` or ``ch01``) and the cell renderers.
"""

from __future__ import annotations

import base64
import html
import json
import mimetypes
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from ._paths import bundle_dir
from .browser import save_document
from .errors import ChiikiLabError, ChiikiLabValueError, SourceFileNotFoundError

__all__ = ["MAP_NOTE_JA", "Deck", "build_slides", "find_notebook"]

MAP_NOTE_JA = "地図はノートブックで表示"
MAP_NOTE_EN = "The map is shown in the notebook"
_REVEAL_DIR = Path(__file__).resolve().parent / "static" / "reveal"
JP_FONTS = (
    '"Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic UI", "Yu Gothic", Meiryo, '
    '"Noto Sans CJK JP", "Noto Sans JP", IPAexGothic, IPAPGothic, "Source Han Sans JP", sans-serif'
)
MONO_FONTS = 'ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono"'

_SLIDE_HEADING = re.compile(r"^#{1,2}\s")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = r"""\b{}\s*=\s*(?:"([^"]*)"|'([^']*)')"""
_LOAD_CALL = re.compile(r"""\bload(_boundaries)?\(\s*["']([a-z0-9_]+)["']""")
_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


# ----------------------------------------------------------------------------------- finding and reading


def find_notebook(notebook) -> Path:
    """The notebook file for a path, or for the name of a bundled notebook or exercise.

    ``"01_population_aging"``, ``"01"`` and ``"ch01"`` name ``notebooks/01_population_aging.ipynb``
    and ``exercises/ch01_….ipynb``; an existing path is returned as it is.

    >>> from chiiki_lab.slides import find_notebook
    >>> find_notebook("01").name
    '01_population_aging.ipynb'
    """
    path = Path(notebook)
    if path.is_file():
        return path
    stem = path.name.removesuffix(".ipynb")
    bundled = [p for kind in ("notebooks", "exercises") for p in sorted(bundle_dir(kind).glob("*.ipynb"))]
    exact = [p for p in bundled if p.stem == stem]
    prefixed = [p for p in bundled if p.stem.startswith(stem + "_")]
    if len(path.parts) == 1 and (exact or len(prefixed) == 1):
        return (exact or prefixed)[0]
    names = ", ".join(p.stem for p in bundled) or "—"
    if len(prefixed) > 1:
        raise ChiikiLabValueError(
            f"「{notebook}」に当てはまる教材が複数あります: {', '.join(p.stem for p in prefixed)}。名前を最後まで書いてください。",
            f"Several notebooks match {notebook!r}: {', '.join(p.stem for p in prefixed)}. Give the full name.",
        )
    raise SourceFileNotFoundError(
        f"ノートブック「{notebook}」が見つかりません。ファイルのパス（例: notebooks/01_population_aging.ipynb）か、"
        f"教材の名前（例: 01_population_aging、01、ch01）を指定してください。教材: {names}",
        f"Notebook {notebook!r} not found. Give a file path (e.g. notebooks/01_population_aging.ipynb) or the name "
        f"of a bundled notebook (e.g. 01_population_aging, 01, ch01). Bundled: {names}",
    )


def read_notebook(path: Path, execute: bool = False, timeout: int = 600) -> dict:
    """Read a notebook (nbformat 4) as a dict; with ``execute=True`` run it first with nbclient in its folder.

    Plain JSON is read without nbformat, whose validator can take seconds to import.

    >>> from chiiki_lab.slides import find_notebook, read_notebook
    >>> len(read_notebook(find_notebook("01"))["cells"]) > 0
    True
    """
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        nb = {"error": error}
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise ChiikiLabValueError(
            f"{path} はノートブック（.ipynb、nbformat 4）として読めませんでした。ファイルが壊れていないか確かめてください。",
            f"{path} could not be read as a notebook (.ipynb, nbformat 4). Check that the file is not damaged.",
        )
    if execute:
        import nbformat

        nb = nbformat.from_dict(nb)
        _execute(nb, Path(path).resolve().parent, timeout)
    return nb


def as_text(value) -> str:
    """A notebook text field, stored either as one string or as a list of lines, as one string.

    >>> from chiiki_lab.slides import as_text
    >>> as_text(["# 見出し\\n", "本文"])
    '# 見出し\\n本文'
    """
    return value if isinstance(value, str) else "".join(value)


def _execute(nb, folder: Path, timeout: int) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        detail = str(error).strip().splitlines()[-1][:300] if str(error).strip() else type(error).__name__
        raise ChiikiLabValueError(
            f"ノートブックを実行できませんでした: {detail}。JupyterLab で上から実行してエラーを直すか、"
            "--execute を付けずに保存済みの出力から作ってください。",
            f"The notebook could not be executed: {detail}. Run it in JupyterLab and fix the error, or leave out "
            "--execute to use the stored outputs.",
        ) from error


# ----------------------------------------------------------------------------------- rendering cells


@lru_cache(maxsize=1)
def _markdown_renderer():
    import mistune

    return mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])


def markdown_html(source: str, attachments: dict | None = None, folder: Path | None = None) -> str:
    """Markdown as HTML, with images (cell attachments, files next to the notebook) embedded.

    Images on the web are replaced by their alt text: the output never refers to the network.

    >>> from chiiki_lab.slides import markdown_html
    >>> markdown_html("## 高齢化率 / Aging rate")
    '<h2>高齢化率 / Aging rate</h2>\\n'
    """
    rendered = _markdown_renderer()(source)
    return _IMG_TAG.sub(lambda m: _embedded_image(m.group(0), attachments or {}, folder), rendered)


def _attr(tag: str, name: str) -> str:
    found = re.search(_ATTR.format(name), tag, re.IGNORECASE)
    return html.unescape(found.group(1) or found.group(2) or "") if found else ""


def _embedded_image(tag: str, attachments: dict, folder: Path | None) -> str:
    src, alt = _attr(tag, "src"), _attr(tag, "alt")
    if src.startswith("data:"):
        return tag
    uri = None
    if src.startswith("attachment:"):
        bundle = attachments.get(unquote(src.removeprefix("attachment:")), {})
        for mime, data in bundle.items():
            if mime.startswith("image/"):
                payload = as_text(data)
                if mime == "image/svg+xml":
                    payload = base64.b64encode(payload.encode()).decode()
                uri = f"data:{mime};base64,{''.join(payload.split())}"
                break
    elif folder is not None and not re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE):
        file = (folder / unquote(src.split("#")[0].split("?")[0])).resolve()
        if file.is_file():
            mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            uri = f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode()}"
    if uri is None:
        return f'<span class="ck-missing">［画像: {html.escape(alt or src)}］</span>'
    return f'<img src="{uri}" alt="{html.escape(alt)}">'


def code_html(source: str) -> str:
    """Python source as a colour-highlighted ``<pre class="ck-code">`` (Pygments; no JavaScript).

    >>> from chiiki_lab.slides import code_html
    >>> code_html("x = 1").startswith('<pre class="ck-code">')
    True
    """
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    body = highlight(source.rstrip(), PythonLexer(), HtmlFormatter(nowrap=True))
    return f'<pre class="ck-code"><code>{body.rstrip()}</code></pre>'


def pygments_css(scope: str = ".ck-code") -> str:
    """The CSS that colours :func:`code_html` output.

    >>> from chiiki_lab.slides import pygments_css
    >>> ".ck-code .k" in pygments_css()
    True
    """
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style="friendly").get_style_defs(scope)


def _pre(content: str, css_class: str, max_lines: int) -> str:
    lines = _ANSI.sub("", content).rstrip("\n").splitlines()
    if len(lines) > max_lines:
        hidden = len(lines) - max_lines
        lines = [*lines[:max_lines], f"…（ほか {hidden} 行 / {hidden} more lines）"]
    return f'<pre class="{css_class}">{html.escape(chr(10).join(lines))}</pre>'


def _note(ja: str, en: str, css_class: str = "ck-note") -> str:
    return f'<div class="{css_class}">{html.escape(ja)}<small>{html.escape(en)}</small></div>'


def _is_map(markup: str) -> bool:
    lowered = markup.lower()
    return any(sign in lowered for sign in ("leaflet", "folium", "make this notebook trusted"))


def outputs_html(outputs, max_lines: int = 12) -> list[str]:
    """HTML for a code cell's stored outputs: images embedded, maps and widgets replaced by a note.

    >>> from chiiki_lab.slides import outputs_html
    >>> outputs_html([{"output_type": "stream", "name": "stdout", "text": "7\\n"}])
    ['<pre class="ck-out">7</pre>']
    """
    parts: list[str] = []
    stream: list[str] = []
    for out in [*outputs, {"output_type": "end"}]:
        kind = out.get("output_type")
        if kind == "stream":
            stream.append(as_text(out.get("text", "")))
            continue
        if stream:
            parts.append(_pre("".join(stream), "ck-out", max_lines))
            stream = []
        if kind == "error":
            parts.append(_pre(f"{out.get('ename', '')}: {out.get('evalue', '')}", "ck-out ck-error", max_lines))
        elif kind in ("display_data", "execute_result"):
            part = _rich_output(out.get("data", {}), max_lines)
            if part:
                parts.append(part)
    return parts


def _rich_output(data: dict, max_lines: int) -> str:
    if "application/vnd.jupyter.widget-view+json" in data:
        return _note("操作できる部品（ウィジェット）はノートブックで表示", "Interactive widgets are shown in the notebook")
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            payload = "".join(as_text(data[mime]).split())
            return f'<figure class="ck-figure"><img src="data:{mime};base64,{payload}" alt="図 / figure"></figure>'
    if "image/svg+xml" in data:
        payload = base64.b64encode(as_text(data["image/svg+xml"]).encode()).decode()
        return f'<figure class="ck-figure"><img src="data:image/svg+xml;base64,{payload}" alt="図 / figure"></figure>'
    if "text/html" in data:
        markup = as_text(data["text/html"])
        if _is_map(markup):
            return _note(MAP_NOTE_JA, MAP_NOTE_EN, "ck-note ck-map")
        if re.search(r"<(script|iframe)\b", markup, re.IGNORECASE):
            return _note("この出力はノートブックで表示", "This output is shown in the notebook")
        return f'<div class="ck-html">{markup}</div>'
    if "text/markdown" in data:
        return markdown_html(as_text(data["text/markdown"]))
    if "text/plain" in data:
        return _pre(as_text(data["text/plain"]), "ck-out", max_lines)
    return ""


def cell_parts(cell, folder: Path | None, code: bool = True, max_lines: int = 12) -> list[str]:
    """HTML parts of one cell: markdown, or code (unless hidden) followed by its outputs.

    The Jupyter Book tags ``remove-cell``, ``remove-input``/``hide-input`` and ``remove-output``
    are honoured.

    >>> from chiiki_lab.slides import cell_parts
    >>> cell = {"cell_type": "code", "source": "1 + 1", "metadata": {"tags": ["remove-input"]},
    ...         "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"}}]}
    >>> cell_parts(cell, None)
    ['<pre class="ck-out">2</pre>']
    """
    tags = set(cell.get("metadata", {}).get("tags", []))
    if "remove-cell" in tags or cell["cell_type"] == "raw":
        return []
    if cell["cell_type"] == "markdown":
        return [markdown_html(as_text(cell["source"]), cell.get("attachments"), folder)]
    parts = []
    if code and as_text(cell["source"]).strip() and not tags & {"remove-input", "hide-input"}:
        parts.append(code_html(as_text(cell["source"])))
    if "remove-output" not in tags:
        parts.extend(outputs_html(cell.get("outputs", []), max_lines))
    return parts


def notebook_title(nb, fallback: str) -> str:
    """The text of the notebook's first ``#`` heading (or ``fallback``).

    >>> from chiiki_lab.slides import notebook_title
    >>> notebook_title({"cells": [{"cell_type": "markdown", "source": "# 01 **人口**\\n本文"}]}, "x")
    '01 人口'
    """
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and (found := _TITLE.search(as_text(cell["source"]))):
            return re.sub(r"[*_`]", "", found.group(1))
    return fallback


def dataset_sources(nb) -> list[tuple[str, str]]:
    """(dataset, 出典 sentence) for each bundled dataset the notebook's code loads by name.

    >>> from chiiki_lab.slides import dataset_sources
    >>> nb = {"cells": [{"cell_type": "code", "source": 'cl.load("census2020")'}]}
    >>> [name for name, _ in dataset_sources(nb)]
    ['census2020']
    """
    from .datasets import attribution

    names: list[str] = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for boundaries, name in _LOAD_CALL.findall(as_text(cell["source"])):
                full = f"boundaries_{name}" if boundaries else name
                if full not in names:
                    names.append(full)
    sources = []
    for name in names:
        try:
            sources.append((name, attribution(name)))
        except ChiikiLabError:
            continue
    return sources


def sources_html(sources: list[tuple[str, str]]) -> str:
    """A 「出典 / Sources」 heading and list for :func:`dataset_sources`' result.

    >>> from chiiki_lab.slides import sources_html
    >>> sources_html([("census2020", "出典：…")]).startswith("<h2>出典 / Sources</h2>")
    True
    """
    items = "".join(f"<li>{html.escape(text)}（<code>{html.escape(name)}</code>）</li>" for name, text in sources)
    return f'<h2>出典 / Sources</h2><ul class="ck-sources">{items}</ul>'


# ----------------------------------------------------------------------------------- the deck


@dataclass
class _Page:
    parts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def html(self) -> str:
        notes = f'<aside class="notes">{"".join(self.notes)}</aside>' if self.notes else ""
        return f"<section>{''.join(self.parts)}{notes}</section>"


def _split_at_headings(source: str) -> list[str]:
    """Markdown cut before every ``#``/``##`` heading (outside fenced code); blank pieces dropped."""
    pieces: list[list[str]] = [[]]
    fenced = False
    for line in source.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _SLIDE_HEADING.match(line):
            pieces.append([])
        pieces[-1].append(line)
    return [text for text in ("".join(p) for p in pieces) if text.strip()]


def _slides(nb, folder: Path, code: bool) -> list[list[_Page]]:
    slides: list[list[_Page]] = []

    def page() -> _Page:
        if not slides:
            slides.append([_Page()])
        return slides[-1][-1]

    for cell in nb["cells"]:
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if kind == "skip":
            continue
        if kind is None and cell["cell_type"] == "markdown":
            if "remove-cell" in cell.get("metadata", {}).get("tags", []):
                continue
            for piece in _split_at_headings(as_text(cell["source"])):
                if _SLIDE_HEADING.match(piece):
                    slides.append([_Page()])
                page().parts.append(markdown_html(piece, cell.get("attachments"), folder))
            continue
        parts = cell_parts(cell, folder, code=code)
        if not parts:
            continue
        if kind == "slide":
            slides.append([_Page()])
        elif kind == "subslide" and slides:
            slides[-1].append(_Page())
        if kind == "notes":
            page().notes.extend(parts)
        elif kind == "fragment":
            page().parts.append(f'<div class="fragment">{"".join(parts)}</div>')
        else:
            page().parts.extend(parts)
    return [kept for slide in slides if (kept := [p for p in slide if p.parts or p.notes])]


@dataclass
class Deck:
    """A built slide deck: ``html`` is one self-contained file; ``n_slides`` counts every page
    (vertical sub-slides included)."""

    html: str
    title: str
    n_slides: int
    source: Path

    def save(self, path=None) -> Path:
        """Write the deck (default ``./<notebook>.slides.html``) and return its path.

        >>> from chiiki_lab.slides import build_slides
        >>> build_slides("01").save()                       # doctest: +SKIP
        PosixPath('01_population_aging.slides.html')
        """
        return save_document(self.html, path, f"{self.source.stem}.slides.html", pdf=False)


def _asset(relative: str) -> str:
    return (_REVEAL_DIR / relative).read_text(encoding="utf-8")


def _inline_js(source: str) -> str:
    source = re.sub(r"//# sourceMappingURL=\S+\s*$", "", source)
    return source.replace("</script", "<\\/script")


_DECK_CSS = """
:root {
  --r-main-font: %(jp)s; --r-heading-font: %(jp)s; --r-code-font: %(mono)s, monospace;
  --r-main-font-size: 26px; --r-heading-text-transform: none; --r-heading-font-weight: 700;
  --r-heading-color: #123a63; --r-link-color: #1f5f9e; --r-heading-letter-spacing: 0;
}
.reveal .slides { text-align: left; }
.reveal .slides section:not(.stack) { height: 100%%; overflow-y: auto; overflow-x: hidden;
  box-sizing: border-box; padding: 0 0 1.2em; }
.reveal h1 { font-size: 1.75em; line-height: 1.25; } .reveal h2 { font-size: 1.3em; }
.reveal h3 { font-size: 1.05em; } .reveal h4 { font-size: 0.95em; }
.reveal p, .reveal li { line-height: 1.45; }
.reveal ul, .reveal ol { display: block; margin-left: 1.1em; }
.reveal pre.ck-code, .reveal pre.ck-out { width: 100%%; box-shadow: none; margin: 0.25em 0; font-size: 0.5em;
  line-height: 1.35; max-height: 11em; overflow: auto; white-space: pre-wrap; word-break: break-all;
  border-radius: 4px; padding: 0.35em 0.6em; box-sizing: border-box; font-family: var(--r-code-font); }
.reveal pre.ck-code { background: #f3f6f9; border-left: 4px solid #1f5f9e; }
.reveal pre.ck-out { background: #fff; border: 1px solid #dde3ea; color: #333; }
.reveal pre.ck-error { color: #a01616; border-color: #e9b3b3; }
.reveal pre code { max-height: none; padding: 0; overflow: visible; }
.reveal .ck-figure { margin: 0.2em 0; text-align: center; }
.reveal .ck-figure img { max-height: 470px; max-width: 100%%; margin: 0; }
.reveal .ck-html { font-size: 0.6em; max-height: 14em; overflow: auto; }
.reveal .ck-html table { margin: 0; font-size: 1em; }
.reveal table th, .reveal table td { padding: 0.15em 0.5em; }
.reveal table { font-size: 0.8em; }
.reveal .ck-note { border: 2px dashed #8a9aab; color: #3e4c59; padding: 0.8em 1em; margin: 0.4em 0;
  text-align: center; border-radius: 6px; background: #f7f9fb; }
.reveal .ck-note small { display: block; font-size: 0.6em; color: #66788a; }
.reveal .ck-missing { color: #66788a; font-size: 0.7em; }
.reveal .ck-sources { font-size: 0.6em; }
.reveal .ck-footer { position: absolute; left: 10px; bottom: 6px; font-size: 13px; color: #8a9aab;
  font-family: %(jp)s; z-index: 30; background: rgba(255, 255, 255, 0.9); padding: 0 6px; border-radius: 3px; }
"""


def build_slides(notebook, *, code: bool = True, execute: bool = False, timeout: int = 600) -> Deck:
    """Build a reveal.js deck from a notebook (a path, or a bundled name such as ``"01"``).

    ``code=False`` hides code cells (their outputs stay); ``execute=True`` runs the notebook first
    with nbclient instead of using its stored outputs.

    >>> from chiiki_lab.slides import build_slides
    >>> deck = build_slides("01", code=False)                # doctest: +SKIP
    >>> "Reveal.initialize" in deck.html                     # doctest: +SKIP
    True
    """
    from . import __version__

    path = find_notebook(notebook)
    nb = read_notebook(path, execute=execute, timeout=timeout)
    slides = _slides(nb, path.resolve().parent, code)
    if sources := dataset_sources(nb):
        slides.append([_Page([sources_html(sources)])])
    if not slides:
        raise ChiikiLabValueError(
            f"{path.name} にはスライドにできる内容がありません（空のノートブックです）。",
            f"{path.name} has nothing to put on slides (the notebook is empty).",
        )
    body = "\n".join(
        slide[0].html() if len(slide) == 1 else f"<section>{''.join(p.html() for p in slide)}</section>"
        for slide in slides
    )
    title = notebook_title(nb, path.stem)
    theme = re.sub(r"@import url\([^)]*\);\s*", "", _asset("dist/theme/white.css"))
    licence = _asset("LICENSE").replace("--", "- -")
    css = _DECK_CSS % {"jp": JP_FONTS, "mono": MONO_FONTS}
    page = f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="chiiki_lab {__version__} (chiiki-lab slides)">
<title>{html.escape(title)}</title>
<!-- reveal.js 5 (inlined below, unchanged from the npm package)
{licence}-->
<style>{_asset("dist/reveal.css")}</style>
<style>{theme}</style>
<style>{css}{pygments_css(".reveal .ck-code")}</style>
</head>
<body>
<div class="reveal">
<div class="slides">
{body}
</div>
<div class="ck-footer">地域ラボ chiiki_lab · {html.escape(path.name)}</div>
</div>
<script>{_inline_js(_asset("dist/reveal.js"))}</script>
<script>{_inline_js(_asset("plugin/notes/notes.js"))}</script>
<script>
Reveal.initialize({{hash: true, width: 1280, height: 720, margin: 0.04, center: false, transition: "none",
  slideNumber: "c/t", plugins: [RevealNotes]}});
</script>
</body>
</html>
"""
    return Deck(html=page, title=title, n_slides=sum(len(s) for s in slides), source=path)
