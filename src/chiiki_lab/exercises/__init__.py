"""Exercises: instant checks for learners, and build / grade / report tools for instructors.

Learners, in an exercise notebook::

    from chiiki_lab.exercises import check, hint, progress
    check("1-1", rate_tsumagoi)     # ✓ or ✗ with a hint about the kind of mistake
    hint("1-1")                      # the next hint, one more each call
    progress()                       # which questions are already ✓

Instructors use ``chiiki-lab exercises build | grade | key`` (see ``docs/exercises-design.md``).

>>> from chiiki_lab.exercises import judge
>>> judge("4-1", 2.0).ok
True
"""

from __future__ import annotations

from .check import check, hint, judge, progress

__all__ = ["check", "hint", "judge", "progress"]
