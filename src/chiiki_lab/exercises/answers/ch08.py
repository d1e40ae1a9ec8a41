"""Chapter 8 (KPIと差の差, 模擬データ): the exercise's panel (seed=1) and a changed setting."""

from __future__ import annotations

from functools import cache

KPI_SEED = 1  # the exercise notebook's seed


@cache
def _panel(**settings):
    from ...synthetic import kpi

    return kpi.platform_panel(seed=KPI_SEED, **settings)


def _estimate(kind: str, **settings) -> float:
    from ...synthetic import kpi

    return float(getattr(kpi, kind)(_panel(**settings)))


def _common_trend() -> float:
    from ...synthetic import kpi

    row = kpi.group_means(_panel()).iloc[1]  # non-participants: after − before
    return float(row.iloc[1] - row.iloc[0])


def before_after(ctx) -> float:
    return _estimate("before_after")


def before_after_mistakes(ctx) -> dict[str, float]:
    return {"did": _estimate("did"), "after_only": _estimate("after_only"), "others": _common_trend()}


def did(ctx) -> float:
    return _estimate("did")


def did_mistakes(ctx) -> dict[str, float]:
    return {"before_after": _estimate("before_after"), "after_only": _estimate("after_only"),
            "common_trend": _common_trend(), "true_effect": float(_panel().attrs["chiiki_lab"]["true_effect"])}


def outcome(ctx) -> str:
    return "c"


def outcome_mistakes(ctx) -> dict[str, str]:
    return {"accepted": "a", "mentoring": "b", "events": "d"}


def before_after_no_effect(ctx) -> float:
    return _estimate("before_after", true_effect=0.0)


def before_after_no_effect_mistakes(ctx) -> dict[str, float]:
    return {"default_setting": _estimate("before_after"), "did": _estimate("did", true_effect=0.0)}
