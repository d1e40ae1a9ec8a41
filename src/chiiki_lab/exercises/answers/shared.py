"""Small helpers shared by the answers modules (rows of the bundled tables, ranked codes)."""

from __future__ import annotations

TSUMAGOI = "10425"  # 群馬県嬬恋村, the running example of chapters 1–6
AGE_GROUPS = [f"age_{lo:02d}_{lo + 4:02d}" for lo in range(0, 100, 5)] + ["age_100p"]


def row(ctx, code: str):
    """The census2020 row of ``code``."""
    return ctx.load("census2020").set_index("code").loc[code]


def basic(df):
    """Municipalities only (no prefecture rows, no wards of designated cities)."""
    return df[df["is_basic_municipality"]]


def age_row(ctx, code: str, sex: str = "total"):
    df = ctx.load("census2020_age")
    return df[(df["code"] == code) & (df["sex"] == sex)].iloc[0]


def proj_row(ctx, code: str, year: int, sex: str = "total"):
    df = ctx.load("ipss2018_projection")
    return df[(df["code"] == code) & (df["year"] == year) & (df["sex"] == sex)].iloc[0]


def ranked(df, column: str, ascending: bool = False, n: int | None = None) -> list[str]:
    """Codes sorted by ``column`` (ties broken by code, so pandas versions agree)."""
    codes = df.sort_values([column, "code"], ascending=[ascending, True])["code"].tolist()
    return codes[:n] if n else codes


def aging(r) -> float:
    """Ageing rate (%) with 年齢不詳 in the denominator (pop_age65p ÷ population)."""
    return float(r["pop_age65p"] / r["population"] * 100)


def aging_known(ctx, code: str) -> float:
    """Ageing rate (%) with 年齢不詳 left out of the denominator (or 按分ed: the same share)."""
    r = row(ctx, code)
    unknown = age_row(ctx, code)["age_unknown"]
    return float(r["pop_age65p"] / (r["population"] - unknown) * 100)
