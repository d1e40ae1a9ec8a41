"""模擬データ: daily visitors to 嬬恋村 (Tsumagoi, Gunma), in total and per 1 km mesh.

Real mesh-level visitor data (モバイル空間統計 and the like) is sold, not open, so this module makes
**synthetic** data with the same shape, for practising aggregation, maps and forecasting. It is
*not* a measurement of anything. Only the totals are tied to published figures, from 富士通Japan
「富士通JapanによるDX、地域を幸せにするためにできること — 地域DX人材が活躍 群馬県 嬬恋村」:

* about 2 million visitors a year before COVID (taken here as fiscal year 2019, April 2019–March 2020),
* 810,000 in fiscal year 2020,
* 27,500 visitors in Golden Week 2021 and 55,000 in Golden Week 2022 (GW taken as 29 April–5 May).

Everything else is an assumption written in this file: a summer peak (cool highlands), GW, お盆 and
New Year peaks, a smaller winter ski season, busier weekends, weather-like noise that lasts a few
days, and a COVID drop from March 2020 (deepest in April–May 2020). Levels in fiscal years 2021 and
2022 follow from the two GW figures and are **not** published numbers. Visitors are spread over the
1 km meshes of the village (:func:`chiiki_lab.mesh.meshes_for`) around a few imaginary spots
(模擬スポット) that draw people all year, in summer or in winter.

Every frame returned has ``attrs["chiiki_lab"]["synthetic"] = True``, a ``note`` and an 出典 line
that says 模擬データ, so charts made with :mod:`chiiki_lab.plots` label it.

>>> from chiiki_lab.synthetic import tourism
>>> daily = tourism.daily_visitors(seed=0)
>>> daily.attrs["chiiki_lab"]["synthetic"]
True
>>> tourism.calibration_table(daily)[["published", "synthetic"]].values.tolist()
[[2000000, 2000000], [810000, 810000], [27500, 27500], [55000, 55000]]
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ..errors import ChiikiLabValueError, MissingColumnError
from ..meta import TableMeta

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import pandas

MUNICIPALITY = "10425"  # 群馬県嬬恋村
START, END = "2019-04-01", "2023-03-31"  # fiscal years 2019–2022
SOURCE_JA = "富士通Japan「富士通JapanによるDX、地域を幸せにするためにできること — 地域DX人材が活躍 群馬県 嬬恋村」"
SOURCE_EN = "Fujitsu Japan, \"Regional DX talent at work: Tsumagoi, Gunma\""
NOTE_JA = (
    "模擬データ（実測値ではありません）。年間とGWの合計だけを" + SOURCE_JA + "の公表値に合わせ、"
    "季節・曜日・天候・コロナの影響とメッシュ配分は仮定です。"
)
NOTE_EN = (
    "Synthetic data (not measured). Only the annual and Golden Week totals match the figures published in "
    + SOURCE_EN
    + "; seasons, weekdays, weather, the COVID effect and the spread over meshes are assumptions."
)


class Target(NamedTuple):
    """A published total the synthetic data is calibrated to."""

    label: str
    start: str
    end: str
    visitors: int
    what_ja: str


TARGETS = (
    Target("FY2019", "2019-04-01", "2020-03-31", 2_000_000, "コロナ前の年間観光客数（約200万人、2019年度とみなす）"),
    Target("FY2020", "2020-04-01", "2021-03-31", 810_000, "2020年度の年間観光客数（81万人）"),
    Target("GW2021", "2021-04-29", "2021-05-05", 27_500, "2021年ゴールデンウィーク（27,500人、4/29〜5/5とみなす）"),
    Target("GW2022", "2022-04-29", "2022-05-05", 55_000, "2022年ゴールデンウィーク（55,000人、4/29〜5/5とみなす）"),
)

# ----------------------------------------------------------------------------- assumptions
# relative level in the middle of each month, Jan … Dec (summer highlands, a small ski season)
_MONTHLY = (0.55, 0.6, 0.4, 0.3, 0.7, 0.7, 1.5, 2.5, 1.1, 1.0, 0.45, 0.5)
_WEEKDAY = (0.8, 0.75, 0.75, 0.8, 1.0, 1.7, 1.3)  # Monday … Sunday
_PEAKS = ((4, 29, 5, 5, 2.5), (8, 11, 8, 16, 1.6), (12, 29, 1, 3, 1.5))  # GW, お盆, New Year
_MARCH_2020 = 0.6  # first COVID month, inside the pre-COVID fiscal year
_SPRING_2020 = 0.35  # April–May 2020 (state of emergency) relative to the rest of fiscal 2020
_SPOTS = {"all_year": 2, "summer": 3, "winter": 2}  # number of imaginary spots of each kind
_SPOT_KM = 1.5  # spread of visitors around a spot


def _attrs(kind: str, seed: int) -> dict:
    meta = TableMeta(
        name=f"synthetic.tourism.{kind}",
        synthetic=True,
        seed=seed,
        note=NOTE_JA,
        note_en=NOTE_EN,
        attribution_ja=f"模擬データ（chiiki_lab.synthetic.tourism, seed={seed}）。合計は{SOURCE_JA}の公表値に合わせた",
        attribution_en=f"Synthetic data (chiiki_lab.synthetic.tourism, seed={seed}); totals matched to {SOURCE_EN}",
    )
    return {"chiiki_lab": meta.as_dict()}


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ChiikiLabValueError(
            f"seed={seed!r} は使えません。0 以上の整数を指定してください（同じ seed なら同じ模擬データになります）。",
            f"seed={seed!r} is not allowed. Give a whole number ≥ 0 (the same seed gives the same synthetic data).",
        )
    return seed


def _in_window(dates, start: str, end: str):
    return (dates >= start) & (dates <= end)


def _peak_factor(dates):
    import numpy as np

    factor = np.ones(len(dates))
    md = dates.month * 100 + dates.day
    for m1, d1, m2, d2, f in _PEAKS:
        lo, hi = m1 * 100 + d1, m2 * 100 + d2
        inside = (md >= lo) & (md <= hi) if lo <= hi else (md >= lo) | (md <= hi)
        factor[np.asarray(inside)] = f
    return factor


def _season(dates):
    """Smooth yearly profile: the monthly levels joined by straight lines through mid-month."""
    import numpy as np

    mids = np.arange(12) * 365 / 12 + 15
    return np.interp(dates.day_of_year.to_numpy(), mids, _MONTHLY, period=365)


def _round_to_total(values, total: int):
    """Whole numbers that add up to ``total`` exactly (largest remainders get the spare units)."""
    import numpy as np

    floor = np.floor(values)
    spare = int(total - floor.sum())
    order = np.argsort(-(values - floor), kind="stable")
    floor[order[:spare]] += 1
    return floor


def daily_visitors(seed: int = 0) -> pandas.DataFrame:
    """模擬データ: visitors to 嬬恋村 per day, 1 April 2019 – 31 March 2023 (fiscal years 2019–2022).

    Seeded (same ``seed`` → same numbers). The totals of :data:`TARGETS` (fiscal years 2019 and 2020,
    Golden Week 2021 and 2022) equal the published figures exactly; see the module docstring for the
    assumptions behind everything else. Columns: ``date``, ``visitors`` (int). The frame is labelled
    as synthetic in ``attrs["chiiki_lab"]``.

    >>> df = daily_visitors()
    >>> len(df), df["date"].min().date().isoformat(), df["date"].max().date().isoformat()
    (1461, '2019-04-01', '2023-03-31')
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(_check_seed(seed))
    dates = pd.date_range(START, END, freq="D")
    weather = np.zeros(len(dates))
    shocks = rng.normal(0, 0.15, len(dates))
    for i in range(1, len(dates)):  # weather-like: a bad spell lasts a few days
        weather[i] = 0.6 * weather[i - 1] + shocks[i]
    raw = _season(dates) * np.take(_WEEKDAY, dates.day_of_week) * _peak_factor(dates) * np.exp(weather)

    fy = dates.year - (dates.month < 4)
    covid = np.where((dates >= "2020-03-01") & (fy == 2019), _MARCH_2020, 1.0)
    covid = np.where((fy == 2020) & (dates.month.isin([4, 5])), _SPRING_2020, covid)
    shaped = raw * covid
    windows = {t.label: _in_window(dates, t.start, t.end) for t in TARGETS}
    # one level per fiscal year, each set by the published figure that falls in it
    for year, target in ((2019, "FY2019"), (2020, "FY2020"), (2021, "GW2021"), (2022, "GW2022")):
        t = next(t for t in TARGETS if t.label == target)
        in_year = np.asarray(fy == year)
        shaped[in_year] *= t.visitors / shaped[windows[target]].sum()

    visitors = np.round(shaped)
    for t in TARGETS:
        w = windows[t.label]
        visitors[w] = _round_to_total(shaped[w], t.visitors)
    out = pd.DataFrame({"date": dates, "visitors": visitors.astype(np.int64)})
    out.attrs = _attrs("daily", seed)
    return out


@lru_cache(maxsize=1)
def _village_meshes():
    from ..mesh import meshes_for

    return meshes_for(MUNICIPALITY, 3)


def model_meshes(seed: int = 0) -> geopandas.GeoDataFrame:
    """模擬データ: the 1 km meshes of 嬬恋村 with the (imaginary) pull of each one, used to spread visitors.

    Columns: ``mesh_code``, ``share_inside`` (from :func:`chiiki_lab.mesh.meshes_for`), ``spot``
    (kind of imaginary spot centred there — ``all_year``, ``summer``, ``winter`` — or empty), the pulls
    ``base``, ``all_year``, ``summer``, ``winter`` (relative weights, each column sums to 1) and ``geometry``.

    >>> m = model_meshes()
    >>> m["spot"].value_counts().sort_index().to_dict()
    {'': 375, 'all_year': 2, 'summer': 3, 'winter': 2}
    """
    import numpy as np

    rng = np.random.default_rng(_check_seed(seed) + 1)
    cells = _village_meshes()[["mesh_code", "share_inside", "geometry"]].copy()
    centres = cells.geometry.to_crs("EPSG:6677").centroid  # 平面直角座標系 IX系 (metres)
    xy = np.column_stack([centres.x, centres.y]) / 1000
    cells["base"] = cells["share_inside"] * rng.lognormal(0, 0.5, len(cells))
    cells["spot"] = ""
    candidates = list(np.flatnonzero(cells["share_inside"].to_numpy() > 0.95))
    picks = rng.choice(candidates, size=sum(_SPOTS.values()), replace=False)
    start = 0
    for kind, n in _SPOTS.items():
        pull = np.zeros(len(cells))
        for i in picks[start : start + n]:
            cells.iloc[i, cells.columns.get_loc("spot")] = kind
            distance = np.hypot(*(xy - xy[i]).T)
            pull += np.exp(-0.5 * (distance / _SPOT_KM) ** 2)
        cells[kind] = pull * cells["share_inside"]
        start += n
    for kind in ("base", *_SPOTS):
        cells[kind] = cells[kind] / cells[kind].sum()
    cells = cells[["mesh_code", "share_inside", "spot", "base", *_SPOTS, "geometry"]]
    cells.attrs = _attrs("meshes", seed)
    return cells


def mesh_daily_visitors(seed: int = 0) -> pandas.DataFrame:
    """模擬データ: visitors per day and 1 km mesh of 嬬恋村 (like モバイル空間統計, but invented).

    Each day's total from :func:`daily_visitors` (same ``seed``) is split over the meshes at random
    (multinomial, seeded), with chances from :func:`model_meshes`: 30 % background, 20 % all-year
    spots, and 50 % split between summer and winter spots by the season. Mesh counts of a day add
    up to that day's total exactly. Columns: ``date``, ``mesh_code``, ``visitors``; one row per day
    and mesh (zeros included), sorted by date and mesh code. Unlike real mobile data, each visitor is
    counted in one mesh per day.

    >>> df = mesh_daily_visitors()
    >>> int(df.groupby("date")["visitors"].sum().sub(daily_visitors()["visitors"].to_numpy()).abs().max())
    0
    """
    import numpy as np
    import pandas as pd

    daily = daily_visitors(seed)
    cells = model_meshes(seed).sort_values("mesh_code")
    dates = pd.DatetimeIndex(daily["date"])
    summer = np.clip(np.cos((dates.day_of_year.to_numpy() - 220) / 365 * 2 * np.pi), 0, None)
    winter = np.clip(np.cos((dates.day_of_year.to_numpy() - 30) / 365 * 2 * np.pi), 0, None)
    seasonal = 0.5 * (summer[:, None] * cells["summer"].to_numpy() + winter[:, None] * cells["winter"].to_numpy())
    seasonal /= (summer + winter)[:, None].clip(min=1e-9)
    chances = 0.3 * cells["base"].to_numpy() + 0.2 * cells["all_year"].to_numpy() + seasonal
    chances /= chances.sum(axis=1, keepdims=True)
    rng = np.random.default_rng(_check_seed(seed) + 2)
    counts = rng.multinomial(daily["visitors"].to_numpy(), chances)
    out = pd.DataFrame(
        {
            "date": np.repeat(daily["date"].to_numpy(), len(cells)),
            "mesh_code": np.tile(cells["mesh_code"].to_numpy(), len(daily)),
            "visitors": counts.ravel(),
        }
    )
    out.attrs = _attrs("mesh_daily", seed)
    return out


def calibration_table(daily: pandas.DataFrame) -> pandas.DataFrame:
    """Published totals next to the totals of a daily table (``date``, ``visitors``), one row per target.

    Columns: ``label``, ``what`` (Japanese description), ``start``, ``end``, ``published``,
    ``synthetic`` and ``difference``. Use it to check that a generated series matches the figures it
    was calibrated to (the difference should be 0).

    >>> calibration_table(daily_visitors())["difference"].tolist()
    [0, 0, 0, 0]
    """
    import pandas as pd

    for column in ("date", "visitors"):
        if column not in daily.columns:
            raise MissingColumnError(
                f"列 '{column}' がありません。daily_visitors() の結果のような、date と visitors の列がある表を渡してください。",
                f"Column '{column}' is missing. Pass a table with date and visitors, like the result of daily_visitors().",
                column=column,
            )
    dates = pd.to_datetime(daily["date"])
    rows = []
    for t in TARGETS:
        total = int(daily.loc[_in_window(dates, t.start, t.end), "visitors"].sum())
        rows.append([t.label, t.what_ja, t.start, t.end, t.visitors, total, total - t.visitors])
    return pd.DataFrame(rows, columns=["label", "what", "start", "end", "published", "synthetic", "difference"])
