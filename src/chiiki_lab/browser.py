"""Saving the documents the library builds (profiles, handouts, slides), and headless Chromium, used offline,
to print them to PDF.

Chromium is optional: without it, :func:`html_to_pdf` raises a clear error saying how to print from
any browser instead. Every run closes all network routes, so nothing is fetched.
:func:`save_document` writes any built page; :class:`HtmlDocument` gives the 地域カルテ and the handout
their ``save`` and ``save_pdf`` on top of it.

>>> from chiiki_lab.browser import pdf_engine
>>> pdf_engine() is None or "print-to-pdf" in pdf_engine()
True
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from .errors import ChiikiLabEnvironmentError, ChiikiLabValueError

OFFLINE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def find_chromium() -> str | None:
    """Path of a Chromium or Google Chrome executable on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


def pdf_engine() -> str | None:
    """The PDF engine in use ("Chromium 120.0… (headless --print-to-pdf)"), or None when there is none."""
    browser = find_chromium()
    if browser is None:
        return None
    try:
        out = subprocess.run([browser, "--version"], capture_output=True, text=True, timeout=30, check=False)
        version = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else Path(browser).name
    except (OSError, subprocess.SubprocessError):
        version = Path(browser).name
    return f"{version} (headless --print-to-pdf)"


def save_document(html: str, path, default: str, *, pdf: bool = True, timeout: float = 180) -> Path:
    """Write a self-contained HTML document (a profile, handout or slide deck) and return its path.

    ``path`` is where to write it; ``None`` means ``default`` in the current folder. Missing folders are
    made. With ``pdf=True`` a path ending in ``.pdf`` prints the document to PDF (:func:`html_to_pdf`).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = save_document("<p>嬬恋村</p>", Path(tmp) / "new" / "page.html", "unused.html")
    ...     out.name, out.read_text(encoding="utf-8")
    ('page.html', '<p>嬬恋村</p>')
    """
    path = Path(path) if path is not None else Path(default)
    if pdf and path.suffix.lower() == ".pdf":
        return html_to_pdf(html, path, timeout=timeout)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def html_to_pdf(html: str, path: Path, timeout: float = 180) -> Path:
    """Print a self-contained HTML document to ``path`` (PDF; the page size comes from its CSS ``@page``)."""
    browser = find_chromium()
    if browser is None:
        raise ChiikiLabEnvironmentError(
            "PDF を作るには Chromium（または Google Chrome）が必要ですが、見つかりませんでした。"
            "HTML で保存してブラウザで開き、「印刷」→「PDF に保存」（用紙 A4）を選んでも PDF にできます。"
            "Linux なら apt-get install chromium で入れられます。",
            "Making a PDF needs Chromium (or Google Chrome), and none was found. Save the HTML, open it in a "
            "browser and choose Print → Save as PDF (paper A4), or install Chromium (apt-get install chromium).",
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        result = subprocess.run(
            [browser, *OFFLINE_FLAGS, f"--user-data-dir={Path(tmp) / 'browser'}", "--no-pdf-header-footer",
             f"--print-to-pdf={path.resolve()}", page.as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    if result.returncode != 0 or not path.is_file():
        detail = result.stderr.strip()[-300:]
        raise ChiikiLabValueError(
            f"Chromium で PDF を作れませんでした（終了コード {result.returncode}）。"
            f"HTML で保存してブラウザから印刷してください。詳細: {detail}",
            f"Chromium could not print the PDF (exit status {result.returncode}). Save the HTML and print it "
            f"from a browser instead. Details: {detail}",
        )
    return path


class HtmlDocument:
    """A built, self-contained HTML page (in ``html``) that saves as one file or prints to PDF.

    Subclasses (dataclasses) name their default file with :meth:`default_path`.

    >>> from chiiki_lab.report import profile
    >>> profile("嬬恋村").save("10425_嬬恋村.html")      # doctest: +SKIP
    PosixPath('10425_嬬恋村.html')
    """

    html: str
    pdf_timeout: ClassVar[float] = 180  # seconds Chromium may take to print

    def default_path(self, suffix: str) -> Path:
        """The file written when no path is given, ending in ``suffix`` (".html" or ".pdf")."""
        raise NotImplementedError

    def save(self, path=None) -> Path:
        """Write the page as one self-contained HTML file (default :meth:`default_path`); a path
        ending in ``.pdf`` writes a PDF instead (needs Chromium, see :func:`pdf_engine`)."""
        return save_document(self.html, path, self.default_path(".html"), timeout=self.pdf_timeout)

    def save_pdf(self, path=None) -> Path:
        """Print the page to PDF (A4) with headless Chromium; raises a clear error when none is installed."""
        return html_to_pdf(self.html, Path(path) if path is not None else self.default_path(".pdf"),
                           timeout=self.pdf_timeout)
