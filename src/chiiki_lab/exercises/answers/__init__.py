"""The oracle: expected values and known mistakes of every question, one module per question file.

Each function takes the judging context ``ctx`` (``ctx.load(name)`` for data, ``ctx.town`` for the
learner's municipality) and returns plain values; the question data (``exercises/questions``)
references them by name. Nothing else in chiiki_lab computes expected values. The grading sandbox
hides this package from the learner's kernel (see ``docs/exercises-design.md``).
"""
