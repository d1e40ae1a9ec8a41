"""Short errors in notebooks: a chiiki_lab error shows the learner's own line and the Japanese message.

Without this, every :class:`~chiiki_lab.errors.ChiikiLabError` raised in a notebook arrives under
20–40 lines of library source. Importing :mod:`chiiki_lab` in IPython or Jupyter registers a handler
that keeps only the frames of the learner's own cells, then the message, then one line saying how to
see everything. The full traceback is one step away: ``chiiki_lab.show_tracebacks(True)`` or
``%xmode Verbose``. Other exceptions are untouched, and the output is still an error (nbval, the
grader and "Run All" stop at it as before).

>>> from chiiki_lab.notebook_errors import show_tracebacks
>>> show_tracebacks(True); show_tracebacks(False)
"""

from __future__ import annotations

import linecache
import sys
import types

from .errors import ChiikiLabError
from .i18n import tr

_settings = {"full": False}


def show_tracebacks(full: bool = True) -> None:
    """Show the full traceback of chiiki_lab errors (``True``) or only your own lines (``False``, default)."""
    _settings["full"] = bool(full)


def _is_cell(filename: str) -> bool:
    """Code typed in a cell: IPython caches it in linecache without a modification time (no file behind it)."""
    entry = linecache.cache.get(filename)
    return filename.startswith("<") or (entry is not None and entry[1] is None)


def learner_frames(tb: types.TracebackType | None) -> types.TracebackType | None:
    """The traceback reduced to the frames of notebook cells (None if there is none)."""
    kept = []
    while tb is not None:
        if _is_cell(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    chain = None
    for frame in reversed(kept):
        chain = types.TracebackType(chain, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return chain


def _handler(shell, etype, value, tb, tb_offset=None):
    short = learner_frames(tb)
    verbose = getattr(shell.InteractiveTB, "mode", "") == "Verbose"
    if _settings["full"] or verbose or short is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    stb = shell.InteractiveTB.structured_traceback(etype, value, short, tb_offset=0)
    stb.append(tr("（chiiki_lab の中の詳しい経過は chiiki_lab.show_tracebacks(True) か %xmode Verbose で表示されます）",
                  "(for the details inside chiiki_lab: chiiki_lab.show_tracebacks(True) or %xmode Verbose)"))
    # IPython's protocol for an exception that renders its own traceback; removed again right after
    value._render_traceback_ = lambda: stb
    try:
        shell.showtraceback((etype, value, short), tb_offset=0)
    finally:
        del value._render_traceback_
    return None


def register(shell=None) -> bool:
    """Install the handler in IPython (the running one by default); False outside IPython."""
    if shell is None:
        ipython = sys.modules.get("IPython")  # not imported: not running under IPython, and no need to import it
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    shell.set_custom_exc((ChiikiLabError,), _handler)
    return True


register()
