"""Chapter 5 (ふるさと納税): inequality of receipts (FY2020) and 嬬恋村's receipts − deduction."""

from __future__ import annotations

from .shared import TSUMAGOI, basic


def _gini(values) -> float:
    from ...indicators import gini

    return float(gini(values))


def gini_receipts(ctx) -> float:
    return _gini(basic(ctx.load("furusato_fy2020"))["amount_yen"])


def gini_receipts_mistakes(ctx) -> dict[str, float]:
    receipts = ctx.load("furusato_receipts")
    fy2019 = basic(receipts[receipts["fiscal_year"] == 2019])["amount_thousand_yen"].dropna()
    return {"prefectures_too": _gini(ctx.load("furusato_fy2020")["amount_yen"]),
            "fy2019": _gini(fy2019),
            "count": _gini(basic(ctx.load("furusato_fy2020"))["count"])}


def _received(ctx) -> float:
    return float(ctx.load("furusato_fy2020").set_index("code").loc[TSUMAGOI, "amount_yen"])


def _deductions(ctx):
    return ctx.load("furusato_deductions2021").set_index("code").loc[TSUMAGOI]


def net_tsumagoi(ctx) -> float:
    return _received(ctx) - float(_deductions(ctx)["deduction_muni_tax_yen"])


def net_tsumagoi_mistakes(ctx) -> dict[str, float]:
    d, received = _deductions(ctx), _received(ctx)
    return {"pref_tax_too": received - float(d["deduction_muni_tax_yen"] + d["deduction_pref_tax_yen"]),
            "donations": received - float(d["furusato_donations_yen_muni_tax"]),
            "receipts_only": received}


def net_meaning(ctx) -> str:
    return "d"


def net_meaning_mistakes(ctx) -> dict[str, str]:
    return {"free_money": "a", "paid_out": "b", "always_profit": "c"}
