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


def ratio_a(ctx) -> float:
    return _ratio(EXAMPLE_A)


def ratio_a_mistakes(ctx) -> dict[str, float]:
    return _ratio_mistakes(EXAMPLE_A)


def pct_a(ctx) -> float:
    return _pct(EXAMPLE_A)


def pct_a_mistakes(ctx) -> dict[str, float]:
    return _pct_mistakes(EXAMPLE_A)


def ratio_b(ctx) -> float:
    return _ratio(EXAMPLE_B)


def ratio_b_mistakes(ctx) -> dict[str, float]:
    return _ratio_mistakes(EXAMPLE_B)


def pct_b(ctx) -> float:
    return _pct(EXAMPLE_B)


def pct_b_mistakes(ctx) -> dict[str, float]:
    return _pct_mistakes(EXAMPLE_B)


def plus200(ctx) -> str:
    return "b"


def plus200_mistakes(ctx) -> dict[str, str]:
    return {"twice": "a", "twenty": "c", "two_hundred": "d"}
