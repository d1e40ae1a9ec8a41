"""The two test lanes, for every path (tests/, notebooks/, a notebook), hence here at the root.

``python -m pytest`` is the fast lane (unit tests and doctests; tests marked ``slow`` are deselected).
``python -m pytest --all`` is the full lane that CI runs: also the ``slow`` tests (wheel and bundle
installs, kernels, servers, browsers, class grading) and nbval over ``notebooks/``, whose cells count
as slow; ``python -m pytest --all notebooks`` runs only the notebooks. ``-m``, ``-k``, a test id or a
notebook's path choose for themselves (``-m slow``: only the slow ones).
"""

from __future__ import annotations

import pytest


# ------------------------------------------------------------------------------------ lanes


def pytest_addoption(parser):
    parser.addoption(
        "--all",
        action="store_true",
        default=False,
        help="full lane (what CI runs): also tests marked slow and nbval over notebooks/",
    )


def _is_notebook_cell(item) -> bool:
    return type(item).__module__.startswith("nbval")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_notebook_cell(item) or "chromium" in getattr(item, "fixturenames", ()):  # kernels, browsers
            item.add_marker(pytest.mark.slow)
    chosen = config.getoption("markexpr") or config.getoption("keyword") or any(
        "::" in a or a.endswith(".ipynb") for a in config.args)
    if config.getoption("--all") or chosen:  # -m, -k, a test id or a notebook: the user chose what to run
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        items[:] = [item for item in items if not item.get_closest_marker("slow")]
        config.hook.pytest_deselected(items=slow)
        config._chiiki_lab_slow = len(slow)


def pytest_terminal_summary(terminalreporter, config):
    n = getattr(config, "_chiiki_lab_slow", 0)
    if n:
        terminalreporter.write_line(
            f"fast lane: {n} slow tests and notebook cells not run; `python -m pytest --all` runs everything (as CI does)"
        )
