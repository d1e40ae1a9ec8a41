"""The package's structure: no import cycle, no private name imported across modules, modules of one concern.

The measurements are tools/structure.py's (which also draws the graph in docs/architecture.md).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("structure_tool", ROOT / "tools" / "structure.py")
structure = importlib.util.module_from_spec(_spec)
sys.modules["structure_tool"] = structure
_spec.loader.exec_module(structure)

# Long modules that still hold one concern, and why they are long (anything else over MAX_LINES fails).
ONE_CONCERN = {
    "chiiki_lab.plots": "the four chart kinds (pyramid, ranking, timeseries, scatter); plumbing is in figures",
}
@pytest.fixture(scope="module")
def graph():
    return structure.graph()


def test_no_import_cycle(graph):
    assert structure.cycles(graph) == []


def test_no_private_name_imported_across_modules():
    assert structure.private_imports() == []


def test_long_modules_hold_one_concern():
    long = {m for m, n in structure.sizes().items() if n > structure.MAX_LINES}
    assert long <= set(ONE_CONCERN), sorted(long - set(ONE_CONCERN))


def test_the_checker_sees_cycles_and_private_imports(tmp_path):
    """The checks can fail: a made-up package with a cycle and a private import is caught."""
    pkg = tmp_path / "src" / "chiiki_lab"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import _hidden\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n_hidden = 1\n")
    original = structure.PACKAGE
    structure.PACKAGE = pkg
    try:
        assert structure.cycles(structure.graph()) == [["chiiki_lab.a", "chiiki_lab.b"]]
        assert structure.private_imports() == ["chiiki_lab.a imports chiiki_lab.b._hidden"]
    finally:
        structure.PACKAGE = original


@pytest.mark.parametrize("name", ["chiiki_lab.i18n", "chiiki_lab.errors", "chiiki_lab.meta"])
def test_base_modules_import_nothing_heavy(name, graph):
    """The layer everything imports stays free of the package's other modules."""
    assert set(graph[name]) <= {"chiiki_lab.i18n", "chiiki_lab.errors"}
