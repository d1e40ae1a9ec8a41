"""Chapter 21 (伝える: グラフ・表・Excel・スライド): in-lesson 21-a…c and exercise 21-1…3.

The colour question is answered with the Machado et al. (2009) matrix applied here by hand, not with
chiiki_lab.colors.
"""

from __future__ import annotations

from .shared import TSUMAGOI

PAIRS = {"a": ["#d62728", "#2ca02c"], "b": ["#0072B2", "#E69F00"], "c": ["#000000", "#F0E442"], "d": ["#0072B2", "#56B4E9"]}


def _ipss(ctx):
    return ctx.load("ipss2023_projection")


# ---------------------------------------------------------------- in-lesson
def pct_2050(ctx) -> float:
    ipss = _ipss(ctx)
    row = ipss[ipss["code"] == TSUMAGOI].set_index("year")["population"]
    census = ctx.load("census2020").set_index("code").loc[TSUMAGOI, "population"]
    return float(row[2050] / census * 100)


def pct_2050_mistakes(ctx) -> dict[str, float]:
    return {"decline": 100 - pct_2050(ctx)}


def hardest_pair(ctx) -> str:
    """The pair whose deuteranopia simulations are closest in CAM02-UCS."""
    import numpy as np
    from colorspacious import cspace_convert

    machado = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]])

    def seen(hex_):
        rgb = np.array([int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)])
        linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        out = np.clip(machado @ linear, 0, 1)
        return np.where(out <= 0.0031308, 12.92 * out, 1.055 * out ** (1 / 2.4) - 0.055)

    def gap(pair):
        a, b = (cspace_convert(seen(h), "sRGB1", "CAM02-UCS") for h in pair)
        return float(np.linalg.norm(a - b))

    return min(sorted(PAIRS), key=lambda k: gap(PAIRS[k]))


def hardest_pair_mistakes(ctx) -> dict[str, str]:
    return {"same_hue": "d"}


def reiwa_2040(ctx) -> int:
    return 2040 - 2018


def reiwa_2040_mistakes(ctx) -> dict[str, int]:
    return {"off_by_one": 2040 - 2019, "heisei": 2040 - 1988}


# ---------------------------------------------------------------- exercise
def older_share_2050(ctx) -> float:
    ipss = _ipss(ctx)
    row = ipss[(ipss["code"] == TSUMAGOI) & (ipss["year"] == 2050)].iloc[0]
    return float(row["pop_age65p"] / row["population"] * 100)


def older_share_2050_mistakes(ctx) -> dict[str, float]:
    census = ctx.load("census2020").set_index("code").loc[TSUMAGOI]
    return {"census_2020": float(census["share_age65p_pct"])}


def message_title(ctx) -> str:
    return "c"


def message_title_mistakes(ctx) -> dict[str, str]:
    return {"topic_only": "a"}


def _ratio_2050(ctx):
    ipss = _ipss(ctx)
    gunma = ipss[ipss["is_basic_municipality"] & (ipss["pref_code"] == "10")]
    wide = gunma.pivot_table(index="code", columns="year", values="population")
    return wide[2050] / wide[2020]


def halved_gunma(ctx) -> int:
    return int((_ratio_2050(ctx) < 0.5).sum())


def halved_gunma_mistakes(ctx) -> dict[str, int]:
    ratio = _ratio_2050(ctx)
    return {"more_than_half": int((ratio >= 0.5).sum())}
