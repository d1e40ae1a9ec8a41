"""In-lesson practice of notebook 15 (地域経済): 宿泊業の割合, 特化係数, 特化係数の読み方."""

from __future__ import annotations

TSUMAGOI = "10425"


def _industries_2021(ctx):
    e = ctx.load("economic_census")
    return e[(e["industry_code"] != "total") & (e["survey_year"] == 2021)]


def _share(rows, industry: str, column: str = "employees") -> float:
    return float(rows.loc[rows["industry_code"] == industry, column].sum() / rows[column].sum())


def share_m(ctx) -> float:
    y = _industries_2021(ctx)
    return _share(y[y["code"] == TSUMAGOI], "M") * 100


def share_m_mistakes(ctx) -> dict[str, float]:
    y = _industries_2021(ctx)
    return {"national": _share(y, "M") * 100,
            "establishments": _share(y[y["code"] == TSUMAGOI], "M", "establishments") * 100}


def lq_m(ctx) -> float:
    y = _industries_2021(ctx)
    return _share(y[y["code"] == TSUMAGOI], "M") / _share(y, "M")


def lq_m_mistakes(ctx) -> dict[str, float]:
    y = _industries_2021(ctx)
    return {"inverse": 1 / lq_m(ctx),
            "establishments": _share(y[y["code"] == TSUMAGOI], "M", "establishments") / _share(y, "M", "establishments")}


def lq_reading(ctx) -> str:
    return "b"


def lq_reading_mistakes(ctx) -> dict[str, str]:
    return {"share_of_japan": "a", "growth": "c", "size": "d"}
