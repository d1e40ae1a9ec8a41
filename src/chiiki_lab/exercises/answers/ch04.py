"""Chapter 4 (倍と%): the example figures of the exercise (研修用の例の数字, set in the notebook)."""

from __future__ import annotations

EXAMPLE_A = (27_500, 55_000)  # before, after
EXAMPLE_B = (3_000_000, 810_000)


def _ratio(pair) -> float:
    return pair[1] / pair[0]


def _pct(pair) -> float:
    return (pair[1] / pair[0] - 1) * 100


def _ratio_mistakes(pair) -> dict[str, float]:
    return {"inverse": pair[0] / pair[1], "percent": _pct(pair)}


def _pct_mistakes(pair) -> dict[str, float]:
    return {"share_of_before": _ratio(pair) * 100, "base_after": (pair[1] - pair[0]) / pair[1] * 100,
            "ratio": _ratio(pair)}


def _answers(pair):
    """Expected values and mistakes of ratio and % change for one example: (ratio, mistakes, pct, mistakes)."""
    return (lambda ctx: _ratio(pair), lambda ctx: _ratio_mistakes(pair),
            lambda ctx: _pct(pair), lambda ctx: _pct_mistakes(pair))


ratio_a, ratio_a_mistakes, pct_a, pct_a_mistakes = _answers(EXAMPLE_A)
ratio_b, ratio_b_mistakes, pct_b, pct_b_mistakes = _answers(EXAMPLE_B)


def plus200(ctx) -> str:
    return "b"


def plus200_mistakes(ctx) -> dict[str, str]:
    return {"twice": "a", "twenty": "c", "two_hundred": "d"}
