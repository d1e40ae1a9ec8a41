"""Variant grading: the same code on other inputs, so a typed or copied number fails and honest code passes.

A question's data (``[questions."ID".variant]`` in ``exercises/questions/chNN.toml``) says what
the grader may change when it re-runs a submission's cells in a fresh kernel:

- ``variable`` / ``towns``: every assignment to that notebook variable (``MY_TOWN = "…"``) is
  rewritten to another town before it runs (an IPython AST transformer installed before any
  learner code);
- ``perturb``: these datasets are replaced by a **perturbed copy**: within each prefecture the
  numbers of the ordinary municipalities (cities, towns, villages; not designated cities and their
  wards) are moved to other municipalities of the same prefecture, all of a municipality's rows
  and columns together, with the same permutation in every dataset. Every row stays internally
  consistent (shares match counts, male + female = total, prefecture totals are unchanged), so
  code that computes from the data gets the right answer for the copy, and the grader's judge
  computes the expected value on the very same copy (:func:`loader`).

The seed is drawn afresh for every grading run; the sandbox's zygote prepares the copies once
(:func:`perturbed`), so each variant kernel inherits them.

>>> import chiiki_lab
>>> census = chiiki_lab.load("census2020")
>>> copy = perturb_frame(census, census, seed=1)
>>> float(copy["population"].sum()) == float(census["population"].sum())
True
>>> bool((copy.set_index("code")["population"] != census.set_index("code")["population"]).any())
True
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

MOVABLE_LEVELS = ("city", "town", "village")


def permutation(census, seed: int) -> dict[str, str]:
    """``{code: donor code}``: each movable municipality takes the numbers of another one of its prefecture."""
    rng = np.random.default_rng(seed)
    rows = census[census["level"].isin(MOVABLE_LEVELS)].sort_values("code")
    donors: dict[str, str] = {}
    for _, group in rows.groupby("pref_code", sort=True):
        codes = list(group["code"])
        if len(codes) < 2:
            continue
        shuffled = [codes[i] for i in rng.permutation(len(codes))]
        for i, code in enumerate(shuffled):  # a cycle through the shuffled order: every code moves
            donors[code] = shuffled[(i + 1) % len(shuffled)]
    return donors


def perturb_frame(df, census, seed: int):
    """``df`` with the numbers of movable municipalities moved as :func:`permutation` says."""
    import pandas as pd

    if "code" not in df.columns:
        return df.copy()
    donors = permutation(census, seed)
    data = [c for c in df.columns if c != "year" and pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_bool_dtype(df[c])]
    counts = df.groupby("code").nunique(dropna=False)
    keys = [c for c in df.columns if c not in data and c != "code" and c in counts and counts[c].max() > 1]
    receiver = {donor: code for code, donor in donors.items()}
    moved = df[df["code"].isin(receiver)][["code", *keys, *data]].copy()
    moved["code"] = moved["code"].map(receiver)
    out = df.reset_index(drop=True)
    merged = out[["code", *keys]].merge(moved, on=["code", *keys], how="left", validate="many_to_one", indicator=True)
    found = (merged["_merge"] == "both").to_numpy()  # a row without a matching donor row keeps its own numbers
    for column in data:
        out.loc[found, column] = merged.loc[found, column].to_numpy()
    out.index = df.index
    out.attrs = dict(df.attrs)
    return out


_prepared: dict[tuple[str, int], object] = {}  # (dataset, seed) -> perturbed copy (filled once per process)


def perturbed(name: str, seed: int, load: Callable[[str], object] | None = None):
    """The perturbed copy of dataset ``name`` for ``seed`` (computed once per process; ``load``: the real loader)."""
    if (name, seed) not in _prepared:
        if load is None:
            from ..datasets import load
        _prepared[name, seed] = perturb_frame(load(name), load("census2020"), seed)
    return _prepared[name, seed].copy()


@lru_cache(maxsize=16)
def loader(names: tuple[str, ...], seed: int) -> Callable[[str], object]:
    """A dataset loader for the judge's ``Context``: perturbed copies of ``names``, the bundled data otherwise."""
    from ..datasets import load

    def load_variant(name: str):
        return perturbed(name, seed) if name in names else load(name)

    return load_variant


def kernel_setup(names: tuple[str, ...], seed: int) -> str:
    """Code run in a fresh kernel before any learner code: ``chiiki_lab.load`` returns the perturbed copies."""
    return (
        "def __chiiki_variant():\n"
        "    import chiiki_lab, chiiki_lab.datasets\n"
        "    from chiiki_lab.exercises.variants import perturbed\n"
        "    original = chiiki_lab.datasets.load\n"
        "    def load(name):\n"
        f"        if name not in {tuple(names)!r}:\n"
        "            return original(name)\n"
        f"        return perturbed(name, {seed!r}, original)\n"
        "    load.__doc__, load.__name__ = original.__doc__, 'load'\n"
        "    chiiki_lab.load = chiiki_lab.datasets.load = load\n"
        "__chiiki_variant()\n"
        "del __chiiki_variant\n"
    )


def pin_variable(variable: str, value: str) -> str:
    """Code run before any learner code: every ``variable = …`` (or ``variable: T = …``) assigns ``value``."""
    return (
        "def __chiiki_pin():\n"
        "    import ast\n"
        "    class Pin(ast.NodeTransformer):\n"
        "        def visit_Assign(self, node):\n"
        f"            if any(isinstance(t, ast.Name) and t.id == {variable!r} for t in node.targets):\n"
        f"                node.value = ast.copy_location(ast.Constant({value!r}), node.value)\n"
        "            return node\n"
        "        def visit_AnnAssign(self, node):\n"
        f"            if isinstance(node.target, ast.Name) and node.target.id == {variable!r} and node.value:\n"
        f"                node.value = ast.copy_location(ast.Constant({value!r}), node.value)\n"
        "            return node\n"
        "    get_ipython().ast_transformers.append(Pin())\n"
        "__chiiki_pin()\n"
        "del __chiiki_pin\n"
    )
