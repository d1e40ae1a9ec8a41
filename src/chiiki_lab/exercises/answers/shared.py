"""Helpers shared by the answers modules: places, rows of the bundled tables, ranked codes, and the
formulas that more than one question computes (each written once here)."""

from __future__ import annotations

TSUMAGOI = "10425"  # 群馬県嬬恋村, the running example of chapters 1–6
MAEBASHI = "10201"  # 群馬県前橋市
GUNMA = "10000"  # 群馬県 as a whole
WEST_JAPAN = (  # the 30 府県 served by NTT西日本 (listed in notebook 02 and exercise ch02)
    "富山県", "石川県", "福井県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県",
    "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)
AGE_GROUPS = [f"age_{lo:02d}_{lo + 4:02d}" for lo in range(0, 100, 5)] + ["age_100p"]


def row(ctx, code: str):
    """The census2020 row of ``code``."""
    return ctx.load("census2020").set_index("code").loc[code]


def basic(df):
    """Municipalities only (no prefecture rows, no wards of designated cities)."""
    return df[df["is_basic_municipality"]]


def basic_census(ctx):
    """census2020's municipalities (no prefecture rows, no wards)."""
    return basic(ctx.load("census2020"))


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


def dependency_ratio(r) -> float:
    """Dependency ratio (%): (0–14 + 65+) ÷ 15–64."""
    return float((r["pop_age0_14"] + r["pop_age65p"]) / r["pop_age15_64"] * 100)


def old_dependency_ratio(r) -> float:
    """Old-age dependency ratio (%): 65+ ÷ 15–64 (the mistake of leaving the young out)."""
    return float(r["pop_age65p"] / r["pop_age15_64"] * 100)


def insurer(ctx, code: str):
    """The kaigo_insurers_fy2023 row of ``code``."""
    k = ctx.load("kaigo_insurers_fy2023")
    return k[k["code"] == code].iloc[0]


def certified_share(r) -> float:
    """Share of first-category insured people certified (要介護・要支援認定), as a fraction."""
    return float(r["certified_first"] / r["first_insured_total"])


def certified_share_85p(r) -> float:
    """The same share among people aged 85 and over, as a fraction."""
    return float((r["certified_first_age85_89"] + r["certified_first_age90p"]) / r["first_insured_85p"])


def old_2050(ctx, code: str) -> int:
    """People aged 65+ in 2050 (IPSS 2023 projection)."""
    ipss = ctx.load("ipss2023_projection")
    return int(ipss[(ipss["code"] == code) & (ipss["year"] == 2050)]["pop_age65p"].iloc[0])


def industries(ctx, year: int = 2021):
    """economic_census rows of one survey year, without the 'total' rows."""
    e = ctx.load("economic_census")
    return e[(e["industry_code"] != "total") & (e["survey_year"] == year)]


def industry_share(rows, industry: str, column: str = "employees") -> float:
    """The share (fraction) of ``industry`` in ``rows``' ``column``."""
    return float(rows.loc[rows["industry_code"] == industry, column].sum() / rows[column].sum())
