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


@pytest.mark.parametrize("name", ["chiiki_lab", *MODULES])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    chiiki_lab.set_language("ja")
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
