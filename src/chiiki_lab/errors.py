"""Errors raised by chiiki_lab (all importable from here).

Every error carries its message in Japanese (``.ja``) and English (``.en``); ``str(error)`` shows
the one chosen with :func:`chiiki_lab.set_language`. Each message says what was wrong and what to
do next. All errors subclass :class:`ChiikiLabError`, and also the built-in exception that fits
(``LookupError`` for names and datasets that are not found, ``ValueError`` for bad values,
``TypeError`` for wrong types), so ordinary ``except`` clauses keep working.

>>> import chiiki_lab
>>> try:
...     chiiki_lab.resolve("府中市")
... except chiiki_lab.errors.AmbiguousMunicipalityError as e:
...     print(len(e.candidates))
2
"""

from __future__ import annotations

import difflib

# the base classes live with the language switch, which raises one for an unknown language
from .i18n import ChiikiLabError, ChiikiLabValueError, tr

# shown (and pickled) as what learners import: chiiki_lab.errors.ChiikiLabValueError
ChiikiLabError.__module__ = ChiikiLabValueError.__module__ = __name__


def did_you_mean(word, choices, n: int = 3, cutoff: float = 0.5, near=None) -> tuple[list[str], str, str]:
    """(close choices, Japanese hint, English hint): the one 「もしかして」 of every not-found message.

    ``near`` gives the suggestions directly (e.g. the municipality index's own); otherwise the
    ``n`` choices closest to ``word`` are taken. The hints are "" when there is nothing to suggest.

    >>> did_you_mean("census2002", ["census2020", "zaisei"])
    (['census2020'], 'もしかして: census2020。', 'Did you mean: census2020? ')
    """
    if near is None:
        near = difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=cutoff)
    near = [str(x) for x in near]
    if not near:
        return [], "", ""
    return near, f"もしかして: {'、'.join(near)}。", f"Did you mean: {', '.join(near)}? "


def check_choice(value, choices, ja: str, en: str):
    """``value`` when it is one of ``choices``; otherwise raise :class:`ChiikiLabValueError` with the message
    ``ja`` / ``en`` (which names the value and the choices). The one check of every "level=" option.

    >>> check_choice(3, {1: "80km", 3: "1km"}, "次数は1か3です。", "The level is 1 or 3.")
    3
    """
    if value not in choices:
        raise ChiikiLabValueError(ja, en)
    return value


class ChiikiLabTypeError(ChiikiLabError, TypeError):
    """An argument has the wrong type (e.g. a list where a name was expected)."""


class InvalidCodeError(ChiikiLabValueError):
    """A municipality code is malformed or its check digit is wrong."""


class MunicipalityNotFoundError(ChiikiLabError, LookupError):
    """No municipality matches the name or code. ``.suggestions`` lists near names."""

    def __init__(self, ja: str, en: str, suggestions=(), **details):
        super().__init__(ja, en, **details)
        self.suggestions = list(suggestions)


class AmbiguousMunicipalityError(ChiikiLabError, LookupError):
    """Several municipalities share the name. ``.candidates`` lists them all."""

    def __init__(self, ja: str, en: str, candidates=(), **details):
        super().__init__(ja, en, **details)
        self.candidates = list(candidates)


class ChiikiLabEnvironmentError(ChiikiLabError, OSError):
    """A tool or optional package the task needs is missing (Chromium for PDFs, openpyxl for .xlsx)."""


class SourceFileNotFoundError(ChiikiLabError, FileNotFoundError):
    """A file the user asked to read (e.g. with :func:`chiiki_lab.io.read_estat`) does not exist."""


class DatasetNotFoundError(ChiikiLabError, LookupError):
    """No bundled dataset has that name."""


class DataIntegrityError(ChiikiLabError, OSError):
    """A bundled file is missing or its checksum does not match the catalog."""


class MissingColumnError(ChiikiLabError, KeyError):
    """A table lacks a column a function needs; the message names the dataset that has it."""

    def __str__(self) -> str:  # KeyError would otherwise wrap the message in quotes
        return tr(self.ja, self.en)
