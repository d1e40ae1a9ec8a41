"""Exercises: instant checks for learners, and build / grade / report tools for instructors.

Learners, in an exercise or lesson notebook::

    from chiiki_lab.exercises import check, hint, progress
    check("1-1", rate_tsumagoi)     # ✓, △ (partial credit) or ✗ with a hint about the kind of mistake
    hint("1-1")                      # the next hint, one more each call
    progress()                       # which questions are already ✓

Questions are data (``exercises/questions/*.toml``, see ``docs/exercises-authoring.md``); the one
judge (:mod:`.judge`) is used by ``check`` and by the grader. Instructors use
``chiiki-lab exercises build | grade | key`` (see ``docs/exercises-design.md``).
"""

from __future__ import annotations

from .check import check, hint, progress

__all__ = ["check", "hint", "progress"]
