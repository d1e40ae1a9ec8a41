"""模擬データ: matching 宮古島市 shops that need web PR with 竹富町 teleworkers who need work.

The case: in 2017 the Cloud ON OKINAWA partnership (KDDIウェブコミュニケーションズ and others, with
糸満市, 沖縄市, 竹富町 and 宮古島市) paired shops in 宮古島市 that could not build their own web pages
with teleworkers who had moved to 竹富町 and were looking for work. Who those shops and workers were
is not published, so this module makes **synthetic** shops and workers (skills, needs, hours) to
practise the matching as an assignment problem. Sizes are chosen by the caller; nothing here is a
measurement. Every frame is labelled 模擬データ in ``attrs["chiiki_lab"]``.

Suitability of worker *w* for shop *s* (0 … 1)::

    skill_fit(s, w) = mean over the skills s needs of level(w, skill) / 3     (levels 0 … 3)
    time_fit(s, w)  = min(1, hours_available(w) / hours_needed(s))
    suitability     = skill_fit × time_fit

>>> from chiiki_lab.synthetic import matching
>>> shops, workers = matching.shops_and_workers(n_shops=6, n_workers=4, seed=0)
>>> shops.attrs["chiiki_lab"]["synthetic"], len(shops), len(workers)
(True, 6, 4)
>>> s = matching.suitability(shops, workers)
>>> s.shape
(6, 4)
>>> bool(matching.optimal_match(s)["score"].sum() >= matching.greedy_match(s)["score"].sum())
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ChiikiLabError, ChiikiLabValueError, MissingColumnError
from ..i18n import tr
from ..meta import TableMeta

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from matplotlib.axes import Axes

# skill key -> (Japanese, English)
SKILLS = {
    "web": ("ホームページ制作", "web pages"),
    "photo": ("写真撮影", "photography"),
    "writing": ("紹介文の作成", "copywriting"),
    "shop": ("ネットショップ", "online shop"),
    "sns": ("SNS運用", "social media"),
}
SHOP_KINDS = ("飲食店", "土産物店", "宿泊施設", "マリンレジャー", "農産物直売所")
MAX_LEVEL = 3

SOURCE_JA = "記事「IT/インターネットを活用した地方創生プロジェクト」（KDDIウェブコミュニケーションズの Cloud ON OKINAWA 発表、2017年4月）"
SOURCE_EN = "the article \"IT/インターネットを活用した地方創生プロジェクト\" on KDDI Web Communications' Cloud ON OKINAWA (April 2017)"

# Members of the partnership as announced (names only; no figures).
MUNICIPALITIES = ("糸満市", "沖縄市", "竹富町", "宮古島市")
COMPANIES = (
    "KDDIウェブコミュニケーションズ",
    "沖縄セルラー電話",
    "CAMPFIRE",
    "Square",
    "freee",
    "BASE",
    "ライフイズテック",
    "ラクスル",
    "Ryukyufrogs",
)
# The pilot in 宮古島市: shops of a local free paper were offered Jimdo (KDDIウェブコミュニケーションズ),
# BASE, Square and freee; shops that could not build their pages were matched with 竹富町 teleworkers.
PILOT_SERVICES = ("KDDIウェブコミュニケーションズ", "BASE", "Square", "freee")


def _attrs(kind: str, seed: int) -> dict:
    meta = TableMeta(
        name=f"synthetic.matching.{kind}",
        synthetic=True,
        seed=seed,
        note="模擬データ（実在の店舗・人ではありません）。技能・依頼内容・時間はすべて乱数による仮定です。",
        note_en="Synthetic data (not real shops or people). Skills, needs and hours are random assumptions.",
        attribution_ja=f"模擬データ（chiiki_lab.synthetic.matching, seed={seed}）。設定は{SOURCE_JA}の事例に基づく",
        attribution_en=f"Synthetic data (chiiki_lab.synthetic.matching, seed={seed}); set-up after {SOURCE_EN}",
    )
    return {"chiiki_lab": meta.as_dict()}


def _check_count(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ChiikiLabValueError(
            f"{name}={value!r} は使えません。1 以上の整数を指定してください。",
            f"{name}={value!r} is not allowed. Give a whole number of at least 1.",
        )
    return value


def shops_and_workers(n_shops: int = 12, n_workers: int = 8, seed: int = 0) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """模擬データ: ``n_shops`` shops in 宮古島市 and ``n_workers`` teleworkers in 竹富町.

    Shops (index ``S01``…): ``kind`` (業種), ``needs`` (1–2 skill keys of :data:`SKILLS`, joined by
    "+"), ``needs_ja`` and ``hours_needed`` (hours of work a month, 8–40). Workers (index ``W01``…):
    one column per skill with a level 0 (none) … 3 (strong) — each worker has 1–3 skills — and
    ``hours_available`` (hours a month, 10–40). Same ``seed``, same data.

    >>> shops, workers = shops_and_workers(n_shops=3, n_workers=2, seed=1)
    >>> shops.columns.tolist(), workers.columns.tolist()
    (['kind', 'needs', 'needs_ja', 'hours_needed'], ['web', 'photo', 'writing', 'shop', 'sns', 'hours_available'])
    """
    import numpy as np
    import pandas as pd

    _check_count("n_shops", n_shops)
    _check_count("n_workers", n_workers)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ChiikiLabValueError(
            f"seed={seed!r} は使えません。0 以上の整数を指定してください（同じ seed なら同じ模擬データになります）。",
            f"seed={seed!r} is not allowed. Give a whole number ≥ 0 (the same seed gives the same synthetic data).",
        )
    rng = np.random.default_rng(seed)
    keys = list(SKILLS)

    needs = [sorted(rng.choice(keys, size=rng.integers(1, 3), replace=False), key=keys.index) for _ in range(n_shops)]
    shops = pd.DataFrame(
        {
            "kind": rng.choice(SHOP_KINDS, size=n_shops),
            "needs": ["+".join(n) for n in needs],
            "needs_ja": ["＋".join(SKILLS[k][0] for k in n) for n in needs],
            "hours_needed": rng.integers(8, 41, size=n_shops),
        },
        index=pd.Index([f"S{i + 1:02d}" for i in range(n_shops)], name="shop"),
    )

    levels = np.zeros((n_workers, len(keys)), dtype=int)
    for row in levels:
        has = rng.choice(len(keys), size=rng.integers(1, 4), replace=False)
        row[has] = rng.integers(1, MAX_LEVEL + 1, size=len(has))
    workers = pd.DataFrame(levels, columns=keys, index=pd.Index([f"W{i + 1:02d}" for i in range(n_workers)], name="worker"))
    workers["hours_available"] = rng.integers(10, 41, size=n_workers)

    shops.attrs = _attrs("shops", seed)
    workers.attrs = _attrs("workers", seed)
    return shops, workers


def suitability(shops: pandas.DataFrame, workers: pandas.DataFrame) -> pandas.DataFrame:
    """Suitability 0…1 of every worker (columns) for every shop (rows): skill fit × time fit.

    ``skill_fit`` is the mean of the worker's levels (÷ 3) over the skills the shop needs;
    ``time_fit = min(1, hours_available / hours_needed)``. Rounded to 3 decimals.

    >>> import pandas as pd
    >>> shops = pd.DataFrame({"needs": ["web+sns"], "hours_needed": [20]}, index=["S01"])
    >>> workers = pd.DataFrame({"web": [3, 0], "sns": [0, 3], "hours_available": [20, 10]}, index=["W01", "W02"])
    >>> suitability(shops, workers).loc["S01"].tolist()      # 1.5/3 × 1,  1.5/3 × 0.5
    [0.5, 0.25]
    """
    import numpy as np
    import pandas as pd

    for df, columns, what in ((shops, ("needs", "hours_needed"), "shops"), (workers, ("hours_available",), "workers")):
        for column in columns:
            if column not in df.columns:
                raise MissingColumnError(
                    f"{what} に列 '{column}' がありません。shops_and_workers() が作る表を渡してください。",
                    f"{what} has no column '{column}'. Pass the tables made by shops_and_workers().",
                )
    rows = []
    for needs, hours in zip(shops["needs"], shops["hours_needed"]):
        skills = needs.split("+")
        missing = [s for s in skills if s not in workers.columns]
        if missing:
            raise MissingColumnError(
                f"workers に技能 '{missing[0]}' の列がありません。shops と workers は同じ seed で作ってください。",
                f"workers has no column for the skill '{missing[0]}'. Make shops and workers with the same call.",
            )
        skill_fit = workers[skills].mean(axis=1) / MAX_LEVEL
        time_fit = np.minimum(1.0, workers["hours_available"] / hours)
        rows.append((skill_fit * time_fit).round(3))
    out = pd.DataFrame(rows, index=shops.index)
    out.columns.name = workers.index.name
    out.attrs = dict(shops.attrs)
    return out


def _pairs(scores: pandas.DataFrame, rows, cols) -> pandas.DataFrame:
    import pandas as pd

    values = [float(scores.iloc[r, c]) for r, c in zip(rows, cols)]
    pairs = pd.DataFrame({"shop": scores.index[list(rows)], "worker": scores.columns[list(cols)], "score": values})
    pairs = pairs[pairs["score"] > 0].sort_values("shop", kind="stable").reset_index(drop=True)
    pairs.attrs = dict(scores.attrs)
    return pairs


def greedy_match(scores: pandas.DataFrame) -> pandas.DataFrame:
    """Greedy one-to-one matching (貪欲法): take the best remaining pair until no pair is left.

    Pairs are taken in order of falling score (ties: first row, then first column); a shop or worker
    already taken is skipped, and pairs with score 0 are never made. Returns one row per pair
    (``shop``, ``worker``, ``score``), sorted by shop. Fast and easy to explain, but an early good
    pair can block two better ones, so the total is not always the largest possible.

    >>> import pandas as pd
    >>> s = pd.DataFrame([[0.9, 0.8], [0.8, 0.1]], index=["S01", "S02"], columns=["W01", "W02"])
    >>> greedy_match(s)["score"].tolist()                 # 0.9 first, then only 0.1 is left
    [0.9, 0.1]
    """
    import numpy as np

    values = scores.to_numpy(dtype=float)
    order = np.argsort(-values, axis=None, kind="stable")
    used_rows, used_cols, rows, cols = set(), set(), [], []
    for flat in order:
        r, c = divmod(int(flat), values.shape[1])
        if r not in used_rows and c not in used_cols and values[r, c] > 0:
            used_rows.add(r)
            used_cols.add(c)
            rows.append(r)
            cols.append(c)
    return _pairs(scores, rows, cols)


def optimal_match(scores: pandas.DataFrame) -> pandas.DataFrame:
    """One-to-one matching with the largest total score (割当問題), via ``scipy.optimize.linear_sum_assignment``.

    Same output as :func:`greedy_match`. scipy comes with mapclassify, a dependency of chiiki_lab.

    >>> import pandas as pd
    >>> s = pd.DataFrame([[0.9, 0.8], [0.8, 0.1]], index=["S01", "S02"], columns=["W01", "W02"])
    >>> optimal_match(s)["score"].tolist()                # 0.8 + 0.8 = 1.6 > 0.9 + 0.1
    [0.8, 0.8]
    """
    try:
        from scipy.optimize import linear_sum_assignment
    except ImportError as error:  # pragma: no cover - scipy is installed with mapclassify
        raise ChiikiLabError(
            "scipy が見つからないため最適な割当を計算できません。`pip install scipy` を実行するか、greedy_match() を使ってください。",
            "scipy is not installed, so the optimal assignment cannot be computed. Run `pip install scipy` or use greedy_match().",
        ) from error
    rows, cols = linear_sum_assignment(scores.to_numpy(dtype=float), maximize=True)
    return _pairs(scores, rows, cols)


def partnership_network(ax: Axes | None = None) -> Axes:
    """Draw the Cloud ON OKINAWA partnership: 4 municipalities and 9 companies around one agreement.

    Thin grey lines: every member signed the same agreement (April 2017). Thick coloured lines: the
    pilot in 宮古島市 — shops offered the web, shop, payment and accounting services of four member
    companies, and 竹富町 teleworkers making web pages for the shops. Names only, no figures.

    >>> ax = partnership_network()                        # doctest: +SKIP
    """
    from ..figures import add_sources, pyplot

    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.8), layout="constrained")
    hub = (0.5, 0.5)
    others = [c for c in COMPANIES if c not in PILOT_SERVICES]
    left = {name: (0.08, 0.88 - i * 0.25) for i, name in enumerate(MUNICIPALITIES)}
    right = {name: (0.9, 0.96 - i * 0.115) for i, name in enumerate([*others, *PILOT_SERVICES])}
    for x, y in [*left.values(), *right.values()]:
        ax.plot([x, hub[0]], [y, hub[1]], color="#c8c8c8", linewidth=1, zorder=1)
    miyako, taketomi = left["宮古島市"], left["竹富町"]
    for name in PILOT_SERVICES:
        ax.annotate("", right[name], miyako, arrowprops={"arrowstyle": "-", "color": "#1f5f9e", "linewidth": 2.2,
                                                          "connectionstyle": "arc3,rad=0.1"}, zorder=2)
    ax.text(0.5, -0.07, tr("宮古島市の店舗へ：Web・ネットショップ・決済・会計のサービス導入", "to 宮古島市 shops: web, online shop, payment and accounting services"),
            ha="center", va="center", fontsize=9, color="#1f5f9e")
    ax.annotate("", taketomi, miyako, arrowprops={"arrowstyle": "<->", "color": "#d1495b", "linewidth": 2.5,
                                                   "connectionstyle": "arc3,rad=-0.6"}, zorder=2)
    ax.text(-0.04, (miyako[1] + taketomi[1]) / 2, tr("Web制作の\n依頼と受注", "web work\nmatched"),
            ha="right", va="center", fontsize=9, color="#d1495b")
    ax.text(*hub, tr("連携協定\nCloud ON OKINAWA", "Cloud ON OKINAWA\nagreement"), ha="center", va="center", fontsize=9,
            zorder=4, bbox={"boxstyle": "round,pad=0.5", "facecolor": "white", "edgecolor": "#555555"})
    for name, (x, y) in left.items():
        ax.text(x, y, name, ha="center", va="center", fontsize=11, zorder=4,
                bbox={"boxstyle": "round", "facecolor": "#fde9d9", "edgecolor": "#d1495b"})
    for name, (x, y) in right.items():
        ax.text(x, y, name, ha="center", va="center", fontsize=9, zorder=4,
                bbox={"boxstyle": "round", "facecolor": "#e3ecf6", "edgecolor": "#1f5f9e"})
    ax.set_xlim(-0.22, 1.12)
    ax.set_ylim(-0.11, 1.03)
    ax.set_axis_off()
    ax.set_title(tr("Cloud ON OKINAWA の参画団体（2017年）と宮古島市での先行事例（太線）",
                    "Cloud ON OKINAWA members (2017) and the 宮古島市 pilot (thick lines)"), fontsize=12)
    add_sources(ax, [tr("出典：" + SOURCE_JA + "をもとに作図（団体名のみ）", "Source: drawn after " + SOURCE_EN + " (names only)")])
    return ax
