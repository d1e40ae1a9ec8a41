"""In-lesson practice of notebook 15 (地域経済): 宿泊業の割合, 特化係数, 特化係数の読み方."""

from __future__ import annotations

from .shared import TSUMAGOI, industries, industry_share


def share_m(ctx) -> float:
    y = industries(ctx)
    return industry_share(y[y["code"] == TSUMAGOI], "M") * 100


def share_m_mistakes(ctx) -> dict[str, float]:
    y = industries(ctx)
    return {"national": industry_share(y, "M") * 100,
            "establishments": industry_share(y[y["code"] == TSUMAGOI], "M", "establishments") * 100}


def lq_m(ctx) -> float:
    y = industries(ctx)
    return industry_share(y[y["code"] == TSUMAGOI], "M") / industry_share(y, "M")


def lq_m_mistakes(ctx) -> dict[str, float]:
    y = industries(ctx)
    return {"inverse": 1 / lq_m(ctx),
            "establishments": industry_share(y[y["code"] == TSUMAGOI], "M", "establishments") / industry_share(y, "M", "establishments")}


def lq_reading(ctx) -> str:
    return "b"


def lq_reading_mistakes(ctx) -> dict[str, str]:
    return {"share_of_japan": "a", "growth": "c", "size": "d"}
