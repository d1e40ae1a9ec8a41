"""Chapter 1 (人口減少と高齢化): 嬬恋村's ageing rate, Gunma's oldest, the pyramid."""

from __future__ import annotations

from .shared import AGE_GROUPS, TSUMAGOI, age_row, aging, aging_known, basic, proj_row, ranked, row


def rate_with_unknown(ctx) -> float:
    return aging(row(ctx, TSUMAGOI))


def rate_without_unknown(ctx) -> float:
    return aging_known(ctx, TSUMAGOI)


def rate_mistakes(ctx) -> dict[str, float]:
    p15 = proj_row(ctx, TSUMAGOI, 2015)
    old15 = sum(p15[c] for c in ("age_65_69", "age_70_74", "age_75_79", "age_80_84", "age_85_89", "age_90p"))
    return {"year2015": float(old15 / p15["population"] * 100),
            "under65": 100 - aging(row(ctx, TSUMAGOI)),
            "prefecture": aging(row(ctx, "10000"))}


def _gunma(ctx):
    c = basic(ctx.load("census2020"))
    return c[c["pref_name"] == "群馬県"]


def oldest5(ctx) -> list[str]:
    return ranked(_gunma(ctx), "share_age65p_pct", n=5)


def oldest5_mistakes(ctx) -> dict[str, list[str]]:
    return {"japan": ranked(basic(ctx.load("census2020")), "share_age65p_pct", n=5),
            "lowest": ranked(_gunma(ctx), "share_age65p_pct", ascending=True, n=5),
            "count": ranked(_gunma(ctx), "pop_age65p", n=5)}


def _bars(r) -> int:
    return int(r[AGE_GROUPS].sum())


def pyramid_total(ctx) -> int:
    return _bars(age_row(ctx, TSUMAGOI))


def pyramid_total_mistakes(ctx) -> dict[str, int]:
    r = age_row(ctx, TSUMAGOI)
    return {"with_unknown": int(r["population"]),
            "unknown_twice": _bars(r) + 2 * int(r["age_unknown"]),
            "women": _bars(age_row(ctx, TSUMAGOI, "female"))}


def _label(column: str) -> str:
    return column.removeprefix("age_").replace("_", "-")


def _largest(ctx, sex: str = "total") -> str:
    r = age_row(ctx, TSUMAGOI, sex)
    return _label(r[AGE_GROUPS].astype(float).idxmax())


def largest_group(ctx) -> str:
    return _largest(ctx)


def largest_group_mistakes(ctx) -> dict[str, str]:
    r = age_row(ctx, TSUMAGOI)
    found = {"second": _label(r[AGE_GROUPS].astype(float).sort_values(ascending=False).index[1])}
    for sex in ("male", "female"):
        if _largest(ctx, sex) != _largest(ctx):
            found[sex] = _largest(ctx, sex)
    return found


def reading_37(ctx) -> str:
    return "b"


def reading_37_mistakes(ctx) -> dict[str, str]:
    return {"half": "a", "quarter": "c", "per37": "d"}
