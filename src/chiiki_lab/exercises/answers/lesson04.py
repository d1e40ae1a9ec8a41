"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 04.

The visitor numbers are 模擬データ from chiiki_lab.synthetic.tourism with the notebook's seed (0).
"""

from __future__ import annotations

BEFORE, AFTER = 2_000_000, 810_000  # visitors before COVID and in FY2020 (富士通Japan's article)
SEED = 0


def covid_drop_pct(ctx) -> float:
    return (AFTER / BEFORE - 1) * 100


def covid_drop_pct_mistakes(ctx) -> dict[str, float]:
    return {"ratio": AFTER / BEFORE * 100, "inverted": (BEFORE / AFTER - 1) * 100}


def _daily():
    from ...synthetic import tourism

    daily = tourism.daily_visitors(seed=SEED)
    return daily.assign(fiscal_year=daily["date"].dt.year - (daily["date"].dt.month < 4))


def fy2021_daily_mean(ctx) -> float:
    daily = _daily()
    return float(daily.loc[daily["fiscal_year"] == 2021, "visitors"].mean())


def fy2021_daily_mean_mistakes(ctx) -> dict[str, float]:
    daily = _daily()
    return {"calendar": float(daily.loc[daily["date"].dt.year == 2021, "visitors"].mean()),
            "total": float(daily.loc[daily["fiscal_year"] == 2021, "visitors"].sum())}


def _holdout_errors():
    s = _daily().set_index("date")["visitors"]
    holdout = s["2022-07-01":"2022-09-30"]
    return (s.shift(364)[holdout.index] - holdout), holdout


def naive_mae(ctx) -> float:
    error, _ = _holdout_errors()
    return float(error.abs().mean())


def naive_mae_mistakes(ctx) -> dict[str, float]:
    error, holdout = _holdout_errors()
    return {"mape": float((error.abs() / holdout).mean() * 100), "signed": float(error.mean())}


def saturday_to_monday(ctx) -> float:
    daily = _daily()
    by_day = daily.groupby(daily["date"].dt.day_of_week)["visitors"].mean()
    return float(by_day[5] / by_day[0])


def saturday_to_monday_mistakes(ctx) -> dict[str, float]:
    daily = _daily()
    by_day = daily.groupby(daily["date"].dt.day_of_week)["visitors"].mean()
    return {"inverted": float(by_day[0] / by_day[5]), "sunday": float(by_day[6] / by_day[0])}


def holdout_mean(ctx) -> float:
    return float(_holdout_errors()[1].mean())


def holdout_mean_mistakes(ctx) -> dict[str, float]:
    return {"total": float(_holdout_errors()[1].sum())}
