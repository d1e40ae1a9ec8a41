"""Chapter 3 (将来推計人口): a cohort change ratio and IPSS's 2018 projection (平成30年推計) for 嬬恋村."""

from __future__ import annotations

from .shared import TSUMAGOI, age_row, proj_row

WOMEN_20_39 = ("age_20_24", "age_25_29", "age_30_34", "age_35_39")


def ccr(ctx) -> float:
    """2020 census 20–24 (年齢不詳 left aside) ÷ 2015 base 15–19."""
    return float(age_row(ctx, TSUMAGOI)["age_20_24"] / proj_row(ctx, TSUMAGOI, 2015)["age_15_19"])


def ccr_prorated(ctx) -> float:
    """The same with 年齢不詳 按分ed over the age groups first (as notebook 03 teaches)."""
    now = age_row(ctx, TSUMAGOI)
    share = now["population"] / (now["population"] - now["age_unknown"])
    return float(now["age_20_24"] * share / proj_row(ctx, TSUMAGOI, 2015)["age_15_19"])


def ccr_mistakes(ctx) -> dict[str, float]:
    now, before = age_row(ctx, TSUMAGOI), proj_row(ctx, TSUMAGOI, 2015)
    return {"inverse": float(before["age_15_19"] / now["age_20_24"]),
            "same_group": float(now["age_15_19"] / before["age_15_19"]),
            "projection2020": float(proj_row(ctx, TSUMAGOI, 2020)["age_20_24"] / before["age_15_19"]),
            "women": float(age_row(ctx, TSUMAGOI, "female")["age_20_24"]
                           / proj_row(ctx, TSUMAGOI, 2015, "female")["age_15_19"])}


def _women(ctx, year: int, sex: str = "female", cols=WOMEN_20_39) -> float:
    r = proj_row(ctx, TSUMAGOI, year, sex)
    return float(sum(r[c] for c in cols))


def change_women(ctx) -> float:
    return (_women(ctx, 2045) / _women(ctx, 2015) - 1) * 100


def change_women_mistakes(ctx) -> dict[str, float]:
    wide, narrow = WOMEN_20_39 + ("age_40_44",), WOMEN_20_39[:3]
    return {"year2040": (_women(ctx, 2040) / _women(ctx, 2015) - 1) * 100,
            "total": (_women(ctx, 2045, "total") / _women(ctx, 2015, "total") - 1) * 100,
            "ratio": _women(ctx, 2045) / _women(ctx, 2015) * 100,
            "with40": (_women(ctx, 2045, cols=wide) / _women(ctx, 2015, cols=wide) - 1) * 100,
            "without35": (_women(ctx, 2045, cols=narrow) / _women(ctx, 2015, cols=narrow) - 1) * 100}


def pop2045(ctx) -> int:
    return int(proj_row(ctx, TSUMAGOI, 2045)["population"])


def pop2045_mistakes(ctx) -> dict[str, int]:
    return {"year2040": int(proj_row(ctx, TSUMAGOI, 2040)["population"]),
            "women": int(proj_row(ctx, TSUMAGOI, 2045, "female")["population"]),
            "base": int(proj_row(ctx, TSUMAGOI, 2015)["population"])}


def projection_meaning(ctx) -> str:
    return "a"


def projection_meaning_mistakes(ctx) -> dict[str, str]:
    return {"fixed": "b", "target": "c", "register": "d"}
