"""Language of learner-facing messages: Japanese by default, English on request.

>>> import chiiki_lab
>>> chiiki_lab.set_language("en")
>>> chiiki_lab.get_language()
'en'
>>> chiiki_lab.set_language("ja")

The environment variable ``CHIIKI_LAB_LANG`` (``ja`` or ``en``) sets the starting language.
"""

from __future__ import annotations

import os

SUPPORTED = ("ja", "en")
_language = os.environ.get("CHIIKI_LAB_LANG", "ja")
if _language not in SUPPORTED:
    _language = "ja"


def set_language(lang: str) -> None:
    """Switch messages to ``"ja"`` (日本語, default) or ``"en"`` (English)."""
    global _language
    if lang not in SUPPORTED:
        from .errors import ChiikiLabValueError

        raise ChiikiLabValueError(
            f"言語 {lang!r} には対応していません。'ja'（日本語）か 'en'（英語）を指定してください。",
            f"Language {lang!r} is not supported. Use 'ja' (Japanese) or 'en' (English).",
        )
    _language = lang


def get_language() -> str:
    """Return the current message language, ``"ja"`` or ``"en"``."""
    return _language


def tr(ja: str, en: str) -> str:
    """Pick the Japanese or English form of a text by the current language."""
    return en if _language == "en" else ja
