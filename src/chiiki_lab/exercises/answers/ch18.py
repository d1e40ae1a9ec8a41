"""Chapter 18 (観光を実データで: 人流と宿泊): in-lesson 18-a…c and exercise 18-1…3."""

from __future__ import annotations

KARUIZAWA, GUNMA, NAGANO = "20321", "10000", "20000"


def _noon(ctx, code=KARUIZAWA):
    flow = ctx.load("jinryu_nagano_municipal")
    rows = flow[(flow["code"] == code) & (flow["dayflag"] == 2) & (flow["timezone"] == 0)]
    return rows.set_index(["year", "month"])["stay_population"]


def _annual(ctx, code, column="guest_nights_total"):
    lodging = ctx.load("lodging_guest_nights")
    return lodging[lodging["code"] == code].groupby("year")[column].sum()


# ---------------------------------------------------------------- in-lesson
def aug_ratio(ctx) -> float:
    noon = _noon(ctx)
    return float(noon[(2020, 8)] / noon[(2019, 8)])


def aug_ratio_mistakes(ctx) -> dict[str, float]:
    noon = _noon(ctx)
    return {"inverse": float(noon[(2019, 8)] / noon[(2020, 8)]),
            "change_pct": float((noon[(2020, 8)] / noon[(2019, 8)] - 1) * 100)}


def gunma_2021_change(ctx) -> float:
    annual = _annual(ctx, GUNMA)
    return float((annual[2021] / annual[2019] - 1) * 100)


def gunma_2021_change_mistakes(ctx) -> dict[str, float]:
    annual = _annual(ctx, GUNMA)
    return {"ratio_pct": float(annual[2021] / annual[2019] * 100),
            "year_2020": float((annual[2020] / annual[2019] - 1) * 100),
            "nagano": float((_annual(ctx, NAGANO)[2021] / _annual(ctx, NAGANO)[2019] - 1) * 100)}


def definitions(ctx) -> str:
    return "b"


def definitions_mistakes(ctx) -> dict[str, str]:
    return {"synthetic": "a", "municipal": "c", "threshold": "d"}


# ---------------------------------------------------------------- exercise
def nagano_peak_month(ctx) -> int:
    lodging = ctx.load("lodging_guest_nights")
    rows = lodging[(lodging["code"] == NAGANO) & (lodging["year"] == 2019)]
    return int(rows.sort_values(["guest_nights_total", "month"], ascending=[False, True])["month"].iloc[0])


def nagano_peak_month_mistakes(ctx) -> dict[str, int]:
    lodging = ctx.load("lodging_guest_nights")
    rows = lodging[(lodging["code"] == NAGANO) & (lodging["year"] == 2019)]
    foreign = rows.sort_values(["guest_nights_foreign", "month"], ascending=[False, True])["month"].iloc[0]
    return {"foreign": int(foreign)} if int(foreign) != nagano_peak_month(ctx) else {}


def nagano_foreign_share(ctx) -> float:
    return float(_annual(ctx, NAGANO, "guest_nights_foreign")[2019] / _annual(ctx, NAGANO)[2019] * 100)


def nagano_foreign_share_mistakes(ctx) -> dict[str, float]:
    lodging = ctx.load("lodging_guest_nights")
    rows = lodging[(lodging["code"] == NAGANO) & (lodging["year"] == 2019)]
    return {"mean_of_months": float(rows["foreign_share_pct"].mean()),
            "national": float(_annual(ctx, "00000", "guest_nights_foreign")[2019] / _annual(ctx, "00000")[2019] * 100)}


def _summer_ratio(ctx):
    flow = ctx.load("jinryu_nagano_municipal")
    rows = flow[(flow["year"] == 2019) & (flow["dayflag"] == 2) & (flow["timezone"] == 0)]
    wide = rows.pivot_table(index="code", columns="month", values="stay_population").dropna(subset=[1, 8])
    return (wide[8] / wide[1]).rename("ratio").reset_index()


def summer_top3(ctx) -> list[str]:
    return _summer_ratio(ctx).sort_values(["ratio", "code"], ascending=[False, True])["code"].head(3).tolist()


def summer_top3_mistakes(ctx) -> dict[str, list[str]]:
    ratio = _summer_ratio(ctx)
    flow = ctx.load("jinryu_nagano_municipal")
    aug = flow[(flow["year"] == 2019) & (flow["month"] == 8) & (flow["dayflag"] == 2) & (flow["timezone"] == 0)]
    return {"winter": ratio.sort_values(["ratio", "code"], ascending=[True, True])["code"].head(3).tolist(),
            "largest_august": aug.sort_values(["stay_population", "code"], ascending=[False, True])["code"].head(3).tolist()}
