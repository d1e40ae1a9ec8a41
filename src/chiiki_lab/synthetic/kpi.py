"""模擬データ: a firm-level panel for judging a regional DX platform (こおりやまDXプラットフォーム).

The case: 郡山市 (福島県) started the こおりやまDXプラットフォーム in August 2021; 13 firms applied and
12 were accepted (JDX「『こおりやまDXプラットフォーム』のチャレンジに見る地域DX推進のポイント」).
Firm-level results are not published, so this module makes a **synthetic** panel of local firms with
yearly sales, built so that the usual mistakes show:

* every firm follows a **common trend** (``trend`` 百万円 a year, e.g. a recovering economy);
* firms **select themselves**: those with higher sales are more likely to apply (``selection``);
* the platform raises the sales of accepted firms by ``true_effect`` 百万円 a year from
  ``first_year`` on — the number an evaluation should find.

So ``sales = firm level + trend × (year − start) + true_effect × (accepted and year ≥ first_year) + noise``.
A before/after comparison of the accepted firms mixes the trend into the effect, a comparison with
other firms after the start mixes in the selection, and the difference-in-differences (差の差) removes
both, because the trend is the same for everyone (parallel trends). Every frame is labelled 模擬データ
in ``attrs["chiiki_lab"]``, which also keeps ``true_effect``.

>>> from chiiki_lab.synthetic import kpi
>>> panel = kpi.platform_panel(seed=0)
>>> panel.attrs["chiiki_lab"]["synthetic"], int(panel.groupby("firm")["accepted"].first().sum())
(True, 12)
>>> est = kpi.compare_estimates(panel)
>>> bool(abs(est.loc["did", "estimate"] - 4.0) < abs(est.loc["before_after", "estimate"] - 4.0))
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ChiikiLabValueError, MissingColumnError
from ..i18n import tr
from ..meta import TableMeta

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from matplotlib.axes import Axes

SOURCE_JA = "JDX（日本デジタルトランスフォーメーション推進協会）「『こおりやまDXプラットフォーム』のチャレンジに見る地域DX推進のポイント」"
SOURCE_EN = "JDX, \"Points for regional DX seen in the Koriyama DX Platform challenge\""
OUTCOME = "sales_million_yen"
TRACKS = ("価値創造", "働き方改革")  # new business, efficiency


def _attrs(seed: int, params: dict) -> dict:
    meta = TableMeta(
        name="synthetic.kpi.platform_panel",
        synthetic=True,
        seed=seed,
        note="模擬データ（実在の企業ではありません）。応募13社・採択12社だけを公表値に合わせ、売上・傾向・効果は仮定です。",
        note_en="Synthetic data (not real firms). Only 13 applicants and 12 accepted match published figures; "
        "sales, trend and effect are assumptions.",
        attribution_ja=f"模擬データ（chiiki_lab.synthetic.kpi, seed={seed}）。応募・採択数は{SOURCE_JA}による",
        attribution_en=f"Synthetic data (chiiki_lab.synthetic.kpi, seed={seed}); applicants and acceptances from {SOURCE_EN}",
        extra=params,
    )
    return {"chiiki_lab": meta.as_dict()}


def platform_panel(
    n_firms: int = 150,
    n_applied: int = 13,
    n_accepted: int = 12,
    start: int = 2018,
    end: int = 2023,
    first_year: int = 2022,
    trend: float = 3.0,
    true_effect: float = 4.0,
    selection: float = 1.5,
    noise: float = 1.5,
    extra_trend: float = 0.0,
    seed: int = 0,
) -> pandas.DataFrame:
    """模擬データ: yearly sales (百万円) of ``n_firms`` local firms, ``start`` … ``end`` (long format).

    Firm levels are log-normal around 50 百万円. Applying is more likely for larger firms: the
    ``n_applied`` firms with the largest ``selection × z(log level) + Gumbel noise`` apply, and the
    ``n_accepted`` of them with the highest score are accepted (the defaults follow the published
    13 applied / 12 accepted). Accepted firms get ``true_effect`` 百万円 a year more from
    ``first_year`` (the platform started in August 2021, so 2022 is its first full year).
    Columns: ``firm``, ``year``, ``track`` (価値創造 / 働き方改革 for accepted firms, mostly 価値創造),
    ``applied``, ``accepted``, ``post`` (year ≥ first_year), ``sales_million_yen``.
    ``extra_trend`` (百万円 a year) lets accepted firms grow faster *regardless of the platform* —
    a broken parallel-trends assumption, under which DiD is biased too.

    >>> p = platform_panel(n_firms=40, seed=3)
    >>> sorted(p["year"].unique().tolist()), int(p.groupby("firm")["applied"].first().sum())
    ([2018, 2019, 2020, 2021, 2022, 2023], 13)
    """
    import numpy as np
    import pandas as pd

    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ChiikiLabValueError(
            f"seed={seed!r} は使えません。0 以上の整数を指定してください（同じ seed なら同じ模擬データになります）。",
            f"seed={seed!r} is not allowed. Give a whole number ≥ 0 (the same seed gives the same synthetic data).",
        )
    if not 1 <= n_accepted <= n_applied < n_firms:
        raise ChiikiLabValueError(
            f"社数の関係が合いません（n_accepted={n_accepted}, n_applied={n_applied}, n_firms={n_firms}）。"
            "1 ≤ 採択数 ≤ 応募数 < 企業数 にしてください。",
            f"The counts do not fit (n_accepted={n_accepted}, n_applied={n_applied}, n_firms={n_firms}). "
            "Use 1 ≤ accepted ≤ applied < firms.",
        )
    if not start < first_year <= end:
        raise ChiikiLabValueError(
            f"first_year={first_year} は start={start} より後で end={end} 以前にしてください（前と後の両方の年が必要です）。",
            f"first_year={first_year} must be after start={start} and not after end={end} (years before and after are needed).",
        )
    rng = np.random.default_rng(seed)
    log_level = rng.normal(np.log(50), 0.5, size=n_firms)
    level = np.exp(log_level)
    z = (log_level - log_level.mean()) / log_level.std()
    score = selection * z + rng.gumbel(size=n_firms)
    ranked = np.argsort(-score, kind="stable")
    applied = np.zeros(n_firms, dtype=bool)
    applied[ranked[:n_applied]] = True
    accepted = np.zeros(n_firms, dtype=bool)
    accepted[ranked[:n_accepted]] = True
    track = np.where(accepted, np.where(rng.random(n_firms) < 0.8, TRACKS[0], TRACKS[1]), "")

    years = np.arange(start, end + 1)
    firm = np.repeat(np.arange(n_firms), len(years))
    year = np.tile(years, n_firms)
    post = year >= first_year
    sales = (
        level[firm]
        + (trend + extra_trend * accepted[firm]) * (year - start)
        + true_effect * (accepted[firm] & post)
        + rng.normal(0, noise, size=firm.size)
    )
    panel = pd.DataFrame(
        {
            "firm": [f"F{i + 1:03d}" for i in firm],
            "year": year,
            "track": track[firm],
            "applied": applied[firm],
            "accepted": accepted[firm],
            "post": post,
            OUTCOME: sales.round(1),
        }
    )
    params = {"true_effect": true_effect, "trend": trend, "extra_trend": extra_trend, "first_year": first_year}
    panel.attrs = _attrs(seed, params)
    return panel


def _check(panel, outcome: str) -> None:
    for column in ("accepted", "post", "year", outcome):
        if column not in panel.columns:
            raise MissingColumnError(
                f"列 '{column}' がありません。platform_panel() が作る表（または同じ列を持つ表）を渡してください。",
                f"Column '{column}' is missing. Pass the table made by platform_panel() (or one with the same columns).",
            )


def group_means(panel: pandas.DataFrame, outcome: str = OUTCOME) -> pandas.DataFrame:
    """Mean ``outcome`` of accepted and other firms, before and after (the 2×2 table of 差の差).

    Rows ``参加企業`` (accepted) and ``非参加企業`` (all others); columns ``前`` (years before
    ``post``), ``後`` and ``差（後−前）``.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"accepted": [True, True, False, False], "post": [False, True, False, True],
    ...                   "year": [1, 2, 1, 2], "y": [10.0, 17.0, 5.0, 8.0]})
    >>> group_means(p, "y").values.tolist()
    [[10.0, 17.0, 7.0], [5.0, 8.0, 3.0]]
    >>> before_after(p, "y"), after_only(p, "y"), did(p, "y")    # 17 − 10, 17 − 8, (17 − 10) − (8 − 5)
    (7.0, 9.0, 4.0)
    """
    _check(panel, outcome)
    means = panel.groupby(["accepted", "post"])[outcome].mean().unstack("post")
    table = means.reindex(index=[True, False], columns=[False, True])
    table.index = [tr("参加企業", "participants"), tr("非参加企業", "others")]
    table.columns = [tr("前", "before"), tr("後", "after")]
    table[tr("差（後−前）", "change (after − before)")] = table.iloc[:, 1] - table.iloc[:, 0]
    return table


def before_after(panel: pandas.DataFrame, outcome: str = OUTCOME) -> float:
    """Naive estimate: mean ``outcome`` of participants after minus before (前後比較). Includes the trend.

    Example: see :func:`group_means`.
    """
    return float(group_means(panel, outcome).iloc[0, 2])


def after_only(panel: pandas.DataFrame, outcome: str = OUTCOME) -> float:
    """Naive estimate: participants minus others, after the start (事後の比較). Includes the selection.

    Example: see :func:`group_means`.
    """
    table = group_means(panel, outcome)
    return float(table.iloc[0, 1] - table.iloc[1, 1])


def did(panel: pandas.DataFrame, outcome: str = OUTCOME) -> float:
    """Difference-in-differences (差の差): participants' change minus the others' change.

    ``DiD = (参加・後 − 参加・前) − (非参加・後 − 非参加・前)``. The others' change stands in for what
    would have happened to participants without the platform — valid if both groups would have moved
    in parallel (平行トレンドの仮定).

    Example: see :func:`group_means`.
    """
    table = group_means(panel, outcome)
    return float(table.iloc[0, 2] - table.iloc[1, 2])


def compare_estimates(panel: pandas.DataFrame, outcome: str = OUTCOME) -> pandas.DataFrame:
    """The three estimates side by side, with the true effect when the panel is synthetic.

    Rows ``before_after``, ``after_only``, ``did``; columns ``method`` (Japanese name), ``estimate``
    and ``error`` (estimate − true effect; missing when the true effect is unknown).

    >>> est = compare_estimates(platform_panel(seed=0))
    >>> est.index.tolist()
    ['before_after', 'after_only', 'did']
    """
    import pandas as pd

    true = panel.attrs.get("chiiki_lab", {}).get("true_effect")
    out = pd.DataFrame(
        {
            "method": [tr("前後比較（参加企業の後−前）", "before/after (participants)"),
                       tr("事後の比較（参加−非参加）", "after only (participants − others)"),
                       tr("差の差（DiD）", "difference-in-differences")],
            "estimate": [before_after(panel, outcome), after_only(panel, outcome), did(panel, outcome)],
        },
        index=["before_after", "after_only", "did"],
    )
    out["error"] = out["estimate"] - true if true is not None else float("nan")
    out.attrs = dict(panel.attrs)
    return out


def plot_did(panel: pandas.DataFrame, outcome: str = OUTCOME, ax: Axes | None = None) -> Axes:
    """Mean ``outcome`` by year of participants and others, with the participants' counterfactual.

    The dashed line is what participants would have had without the platform if they had moved in
    parallel with the others (their level in the years before, plus the others' change). The gap
    between the red line and the dashed line after the start is the DiD effect.

    >>> ax = plot_did(platform_panel(seed=0))           # doctest: +SKIP
    """
    from ..figures import HIGHLIGHT_COLOR, add_sources, pyplot, sources_of

    _check(panel, outcome)
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
    means = panel.groupby(["year", "accepted"])[outcome].mean().unstack("accepted")
    pre = panel.loc[~panel["post"], "year"].unique()
    first = panel.loc[panel["post"], "year"].min()
    gap = (means.loc[pre, True] - means.loc[pre, False]).mean()
    counterfactual = means[False] + gap
    ax.plot(means.index, means[True], color=HIGHLIGHT_COLOR, marker="o", linewidth=2.2, label=tr("参加企業", "participants"))
    ax.plot(means.index, means[False], color="#1f5f9e", marker="o", linewidth=2.2, label=tr("非参加企業", "others"))
    after = counterfactual.index >= first - 1
    ax.plot(counterfactual.index[after], counterfactual[after], color=HIGHLIGHT_COLOR, linestyle="--", linewidth=1.5,
            label=tr("参加しなかった場合の想定（平行トレンド）", "participants without the platform (parallel trends)"))
    ax.set_ylim(bottom=0)  # levels: an axis cut above 0 would inflate the gap between the lines
    ax.axvline(first - 0.5, color="#999999", linewidth=1, linestyle=":")
    ax.text(first - 0.45, 0, tr(" 開始後", " after start"), va="bottom", fontsize=9, color="#555555")
    ax.set_xlabel(tr("年", "Year"))
    ax.set_ylabel(tr("平均売上高（百万円）", "Mean sales (million yen)"))
    ax.set_title(tr("【模擬データ】参加企業と非参加企業の平均売上高", "[Synthetic data] Mean sales of participants and others"), fontsize=12)
    ax.legend(frameon=False, fontsize=9, loc="lower left")  # the empty space under the lines (upper left hid them)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
    add_sources(ax, sources_of(panel))
    return ax
