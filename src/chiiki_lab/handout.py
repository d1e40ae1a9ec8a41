"""Printable handouts: a notebook as an A4 document with Japanese fonts (HTML, and PDF via Chromium).

The handout is one HTML file with print CSS (``@page { size: A4 }``, a new page before every
``##`` section of a curriculum notebook, figures scaled to the page, code in small monospace). The
Japanese font travels inside the file: the characters the handout uses are cut out of IPAexGothic
(the font matplotlib-fontja ships) and embedded as a base64 ``@font-face``, so the page prints the
same on a PC with no Japanese font and the PDF embeds the font. The IPA Font License v1.0 allows
this: a font embedded in a document and used only to show that document's text (Article 2.5).

With ``answers_blank=True`` every exercise question gets an empty answer box to write in by hand:
answer cells (metadata ``chiiki_lab.role == "answer"`` or tag ``answer``) are replaced by the box and
``check(...)`` cells are left out; questions marked by ``chiiki_lab.question`` metadata, the tags
``question``/``exercise``, or a heading such as 「やってみよう」「練習問題」「問1」 get a box after them.

>>> from chiiki_lab.handout import build_handout
>>> h = build_handout("ch01", answers_blank=True)       # doctest: +SKIP
>>> h.n_answer_boxes, h.save("ch01.html")                # doctest: +SKIP
(5, PosixPath('ch01.html'))
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .browser import HtmlDocument
from .slides import (
    JP_FONTS,
    MONO_FONTS,
    as_text,
    cell_parts,
    dataset_sources,
    find_notebook,
    notebook_title,
    pygments_css,
    read_notebook,
    sources_html,
)

__all__ = ["Handout", "build_handout"]

EMBEDDED_FONT = "CK IPAexGothic"
_QUESTION_HEADING = re.compile(r"^#+\s*(やってみよう|練習問題|問\s*[0-9０-９]|課題\s*[0-9０-９])", re.MULTILINE)
_ANSWER_LINES = {"answer": 6, "question": 8}

_CSS = """
@page { size: A4; margin: 15mm 14mm 16mm; }
@page { @bottom-center { content: counter(page); font-size: 8pt; color: #666; } }
html { font-family: %(body)s; font-size: 10.5pt; line-height: 1.6; color: #1f2933;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 182mm; padding: 0 2mm; }
.ck-meta { display: flex; justify-content: space-between; font-size: 8.5pt; color: #52606d;
  border-bottom: 1px solid #c5ced8; padding-bottom: 2mm; margin-bottom: 4mm; }
.ck-name { display: inline-block; min-width: 55mm; border-bottom: 1px solid #52606d; }
h1 { font-size: 18pt; line-height: 1.3; color: #123a63; border-bottom: 2px solid #1f5f9e; padding-bottom: 2mm; margin: 0 0 4mm; }
h2 { font-size: 14pt; color: #123a63; border-left: 5px solid #1f5f9e; padding-left: 3mm; margin: 6mm 0 3mm;
  break-before: page; }
body.ck-exercises h2 { break-before: auto; }
h3 { font-size: 11.5pt; color: #123a63; margin: 5mm 0 2mm; }
h2, h3, h4 { break-after: avoid; }
p, li { orphans: 2; widows: 2; }
code, pre { font-family: %(mono)s; }
p code, li code, td code { font-size: 9pt; background: #f1f4f8; padding: 0 2px; border-radius: 2px; }
pre.ck-code, pre.ck-out { font-size: 8pt; line-height: 1.4; white-space: pre-wrap; overflow-wrap: anywhere;
  margin: 2mm 0; padding: 1.5mm 2.5mm; border-radius: 2px; }
pre.ck-code { background: #f3f6f9; border-left: 3px solid #1f5f9e; break-inside: avoid; }
pre.ck-out { border: 1px solid #dde3ea; color: #333; }
pre.ck-error { color: #a01616; }
.ck-figure { margin: 2mm 0; text-align: center; break-inside: avoid; }
img { max-width: 100%%; max-height: 115mm; }
table { border-collapse: collapse; font-size: 8pt; margin: 2mm 0; max-width: 100%%; }
th, td { border-bottom: 1px solid #c5ced8; padding: 0.5mm 2mm; text-align: right; }
th { background: #f1f4f8; }
.ck-html { overflow: hidden; }
.ck-note { border: 1px dashed #8a9aab; padding: 2mm 3mm; text-align: center; color: #3e4c59; margin: 2mm 0; }
.ck-note small { display: block; font-size: 8pt; color: #66788a; }
.ck-missing { color: #66788a; font-size: 9pt; }
.ck-question { break-inside: avoid; }
.ck-answer { border: 1px solid #52606d; border-radius: 2px; padding: 1mm 3mm 2mm; margin: 2mm 0 5mm;
  break-inside: avoid; }
.ck-answer-label { font-size: 8pt; color: #52606d; }
.ck-line { border-bottom: 1px dotted #9aa5b1; height: 8mm; }
.ck-sources { font-size: 8.5pt; }
.ck-sources-block h2 { break-before: auto; }
a { color: inherit; text-decoration: none; }
@media screen { body { padding: 8mm; background: #fff; } }
"""


@dataclass
class Handout(HtmlDocument):
    """A built handout: ``html`` is one self-contained A4 document (``save`` writes it, or a PDF);
    ``font_embedded`` tells whether the IPAexGothic subset is inside it; ``n_answer_boxes`` counts
    the blank answer boxes."""

    html: str
    title: str
    source: Path
    font_embedded: bool
    n_answer_boxes: int

    def default_path(self, suffix: str) -> Path:
        """``<notebook>.handout.html`` (or ``.pdf``) in the current folder."""
        return Path(f"{self.source.stem}.handout{suffix}")


def _role(cell) -> str | None:
    meta = cell.get("metadata", {})
    tags = set(meta.get("tags", []))
    role = meta.get("chiiki_lab", {}).get("role")
    if role == "answer" or "answer" in tags:
        return "answer"
    if role == "check":
        return "check"
    if cell["cell_type"] == "markdown" and (
        meta.get("chiiki_lab", {}).get("question")
        or tags & {"question", "exercise"}
        or _QUESTION_HEADING.search(as_text(cell["source"]))
    ):
        return "question"
    return None


def _answer_box(lines: int) -> str:
    rules = '<div class="ck-line"></div>' * lines
    return f'<div class="ck-answer"><div class="ck-answer-label">解答欄 / Answer</div>{rules}</div>'


@lru_cache(maxsize=1)
def _font_path() -> Path | None:
    try:
        import matplotlib_fontja
    except ImportError:
        return None
    path = Path(matplotlib_fontja.__file__).resolve().parent / "fonts" / "ipaexg.ttf"
    return path if path.is_file() else None


def _font_face(characters: str) -> str:
    """An @font-face rule with the IPAexGothic glyphs for ``characters`` (TrueType, base64), or ""."""
    path = _font_path()
    if path is None:
        return ""
    from fontTools import subset

    options = subset.Options()
    options.name_IDs = ["*"]  # keep the font's names and its licence notice (name IDs 13/14)
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{EMBEDDED_FONT}"; src: url(data:font/ttf;base64,{data}) format("truetype"); }}\n'


def build_handout(
    notebook, *, answers_blank: bool = False, execute: bool = False, embed_font: bool = True, timeout: int = 600
) -> Handout:
    """Build a printable A4 handout from a notebook (a path, or a bundled name such as ``"01"``).

    ``answers_blank=True`` adds blank answer boxes for exercises; ``execute=True`` runs the notebook
    with nbclient first; ``embed_font=False`` relies on the reader's fonts (a much smaller file).

    >>> from chiiki_lab.handout import build_handout
    >>> h = build_handout("ch01", answers_blank=True)     # doctest: +SKIP
    >>> h.font_embedded                                    # doctest: +SKIP
    True
    """
    from . import __version__

    path = find_notebook(notebook)
    nb = read_notebook(path, execute=execute, timeout=timeout)
    folder = path.resolve().parent
    cells = [c for c in nb["cells"] if c.get("metadata", {}).get("slideshow", {}).get("slide_type") != "notes"]
    roles = [_role(c) for c in cells]
    exercises = any(c.get("metadata", {}).get("chiiki_lab", {}).get("question") for c in cells)
    parts: list[str] = []
    boxes = 0
    for i, cell in enumerate(cells):
        role = roles[i] if answers_blank else None
        if role == "check":
            continue
        if role == "answer":
            parts.append(_answer_box(_ANSWER_LINES["answer"]))
            boxes += 1
            continue
        content = "".join(cell_parts(cell, folder, code=True, max_lines=40))
        if role == "question" and (i + 1 == len(cells) or roles[i + 1] != "answer"):
            content = f'<div class="ck-question">{content}{_answer_box(_ANSWER_LINES["question"])}</div>'
            boxes += 1
        parts.append(content)
    if sources := dataset_sources(nb):
        parts.append(f'<section class="ck-sources-block">{sources_html(sources)}</section>')
    title = notebook_title(nb, path.stem)
    today = datetime.date.today().isoformat()
    name_field = '<span>氏名 / Name: <span class="ck-name"></span></span>' if answers_blank else ""
    body = (
        f'<div class="ck-meta"><span>地域ラボ 配布資料 · {html.escape(path.name)} · {today}</span>{name_field}</div>\n'
        + "\n".join(parts)
    )
    font_face = ""
    if embed_font:
        visible = re.sub(r"data:[^\"')\s]+", "", body)
        characters = "".join(sorted(set(visible) | {chr(c) for c in range(0x20, 0x7F)}))
        font_face = _font_face(characters)
    fonts = f'"{EMBEDDED_FONT}", {JP_FONTS}' if font_face else JP_FONTS
    css = _CSS % {"body": fonts, "mono": f'{MONO_FONTS}, "{EMBEDDED_FONT}", {JP_FONTS.rsplit(",", 1)[0]}, monospace'}
    licence = (
        "<!-- Japanese text is set in a subset of IPAexGothic (IPA Font License Agreement v1.0), embedded only to "
        "show this document's text. -->\n"
        if font_face
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="generator" content="chiiki_lab {__version__} (chiiki-lab handout)">
<title>{html.escape(title)}</title>
{licence}<style>{font_face}{css}{pygments_css(".ck-code")}</style>
</head>
<body class="{'ck-exercises' if exercises else 'ck-notebook'}">
{body}
</body>
</html>
"""
    return Handout(html=page, title=title, source=path, font_embedded=bool(font_face), n_answer_boxes=boxes)
