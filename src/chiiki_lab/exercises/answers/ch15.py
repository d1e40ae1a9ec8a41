"""Exercise notebook ch15 (地域経済): 医療・福祉の全国構成比, 宿泊業の特化係数の上位, 嬬恋村の増減率."""

from __future__ import annotations

from .shared import TSUMAGOI, industries, industry_share, ranked


def welfare_share(ctx) -> float:
    return industry_share(industries(ctx), "P") * 100


def welfare_share_with_total(ctx) -> float:
    # the denominator may also be the 'total' rows (cells suppressed in the source make them slightly larger)
    e = ctx.load("economic_census")
    y = e[e["survey_year"] == 2021]
    welfare = y.loc[y["industry_code"] == "P", "employees"].sum()
    return float(welfare / y.loc[y["industry_code"] == "total", "employees"].sum() * 100)


def welfare_share_mistakes(ctx) -> dict[str, float]:
    e = ctx.load("economic_census")
    y = e[e["survey_year"] == 2021]
    return {"establishments": industry_share(industries(ctx), "P", "establishments") * 100,
            "year2016": industry_share(industries(ctx, 2016), "P") * 100,
            "double_counted": float(y.loc[y["industry_code"] == "P", "employees"].sum() / y["employees"].sum() * 100)}


def _lq_m_gunma(ctx):
    y = industries(ctx)
    japan = industry_share(y, "M")
    gunma = y[y["pref_code"] == "10"]
    totals = gunma.groupby("code")["employees"].sum()
    m = gunma[gunma["industry_code"] == "M"].copy()
    m["lq"] = m["employees"] / m["code"].map(totals) / japan
    return m


def top3_lq(ctx) -> list[str]:
    return ranked(_lq_m_gunma(ctx), "lq", n=3)


def top3_lq_mistakes(ctx) -> dict[str, list[str]]:
    m = _lq_m_gunma(ctx)
    return {"count": ranked(m, "employees", n=3), "lowest": ranked(m, "lq", n=3, ascending=True)}


def _m_employees(ctx, year: int) -> int:
    y = industries(ctx, year)
    return int(y[(y["code"] == TSUMAGOI) & (y["industry_code"] == "M")]["employees"].iloc[0])


def m_change_pct(ctx) -> float:
    return (_m_employees(ctx, 2021) / _m_employees(ctx, 2016) - 1) * 100


def m_change_pct_mistakes(ctx) -> dict[str, float]:
    return {"reversed_base": (_m_employees(ctx, 2016) / _m_employees(ctx, 2021) - 1) * 100,
            "count": float(_m_employees(ctx, 2021) - _m_employees(ctx, 2016))}
