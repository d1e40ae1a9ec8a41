"""The examples in the docstrings run and print what they claim (on the installed package)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import chiiki_lab

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(chiiki_lab.__path__, "chiiki_lab.") if not m.name.endswith("__main__")
)


# modules whose examples build whole maps, profiles or projections (seconds each): full lane only
SLOW = {"chiiki_lab.report", "chiiki_lab.compare", "chiiki_lab.maps", "chiiki_lab.projection", "chiiki_lab.synthetic.tourism"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in ["chiiki_lab", *MODULES]]
)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    chiiki_lab.set_language("ja")
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
