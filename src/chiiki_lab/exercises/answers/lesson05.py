"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 05."""

from __future__ import annotations

TARGET = 10_000_000  # 「幸せ人口1000万」
TOYAMA = "16000"


def _toyama(ctx):
    return ctx.load("census2020").set_index("code").loc[TOYAMA]


def known_share_pct(ctx) -> float:
    row = _toyama(ctx)
    return float((row["population"] + row["inflow_commuters"]) / TARGET * 100)


def known_share_pct_mistakes(ctx) -> dict[str, float]:
    row = _toyama(ctx)
    return {"residents_only": float(row["population"] / TARGET * 100)}


def _receipts(ctx, year):
    receipts = ctx.load("furusato_receipts")
    return receipts.loc[receipts["is_basic_municipality"] & (receipts["fiscal_year"] == year), "amount_thousand_yen"]


def gini_2014(ctx) -> float:
    from ...indicators import gini

    return float(gini(_receipts(ctx, 2014)))


def gini_2014_mistakes(ctx) -> dict[str, float]:
    from ...indicators import gini

    receipts = ctx.load("furusato_receipts")
    with_prefectures = receipts.loc[receipts["fiscal_year"] == 2014, "amount_thousand_yen"]
    return {"fy2020": float(gini(_receipts(ctx, 2020))), "prefectures_too": float(gini(with_prefectures))}


def takaoka_net_yen(ctx) -> float:
    fy = ctx.load("furusato_fy2020")
    deductions = ctx.load("furusato_deductions2021")
    row = fy[fy["is_basic_municipality"] & (fy["pref_name"] == "富山県") & (fy["name"] == "高岡市")].iloc[0]
    deduction = deductions.loc[deductions["code"] == row["code"], "deduction_muni_tax_yen"].iloc[0]
    return float(row["amount_yen"] - deduction)


def takaoka_net_yen_mistakes(ctx) -> dict[str, float]:
    net = takaoka_net_yen(ctx)
    return {"oku": round(net / 1e8, 1)}
