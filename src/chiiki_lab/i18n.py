"""Language of learner-facing messages: Japanese by default, English on request.

:func:`set_language` sets the language of the whole session (a notebook's later cells keep it);
``with language("en"):`` sets it only for the code inside the block — in this thread or task, so a
profile built in English in one thread does not switch another thread's messages.

>>> import chiiki_lab
>>> with chiiki_lab.language("en"):
...     chiiki_lab.get_language()
'en'
>>> chiiki_lab.get_language()
'ja'
>>> chiiki_lab.set_language("en")
>>> chiiki_lab.get_language()
'en'
>>> chiiki_lab.set_language("ja")

The environment variable ``CHIIKI_LAB_LANG`` (``ja`` or ``en``) sets the starting language.
"""

from __future__ import annotations

import contextlib
import os
from contextvars import ContextVar

SUPPORTED = ("ja", "en")
_session = os.environ.get("CHIIKI_LAB_LANG", "ja")
if _session not in SUPPORTED:
    _session = "ja"
# a module global, not only a ContextVar: Jupyter runs each cell in a copy of the context, so a
# ContextVar set in one cell would be forgotten in the next
_block: ContextVar[str | None] = ContextVar("chiiki_lab_language", default=None)


class ChiikiLabError(Exception):
    """Base class of every chiiki_lab error; the message follows the current language.

    Defined here, with the language, and imported by :mod:`chiiki_lab.errors` with all the others.
    """

    def __init__(self, ja: str, en: str, **details):
        super().__init__(ja)
        self.ja = ja
        self.en = en
        self.details = details

    def __str__(self) -> str:
        return tr(self.ja, self.en)


class ChiikiLabValueError(ChiikiLabError, ValueError):
    """A value has the right type but is not acceptable (e.g. an unknown option)."""


def _checked(lang) -> str:
    if lang not in SUPPORTED:
        raise ChiikiLabValueError(
            f"言語 {lang!r} には対応していません。'ja'（日本語）か 'en'（英語）を指定してください。",
            f"Language {lang!r} is not supported. Use 'ja' (Japanese) or 'en' (English).",
        )
    return lang


def set_language(lang: str) -> None:
    """Switch messages to ``"ja"`` (日本語, default) or ``"en"`` (English) for the rest of the session."""
    global _session
    _session = _checked(lang)


def get_language() -> str:
    """Return the current message language, ``"ja"`` or ``"en"``."""
    return _block.get() or _session


@contextlib.contextmanager
def language(lang: str | None):
    """Use ``lang`` inside the ``with`` block only (this thread or task); ``None`` keeps the current one."""
    token = _block.set(_checked(lang) if lang is not None else get_language())
    try:
        yield get_language()
    finally:
        _block.reset(token)


def tr(ja: str, en: str) -> str:
    """Pick the Japanese or English form of a text by the current language."""
    return en if get_language() == "en" else ja
