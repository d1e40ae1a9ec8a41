"""Composite indices: normalising indicators, a weighted index, and how its ranking depends on the weights."""

from __future__ import annotations

from ..errors import ChiikiLabValueError
from .inputs import require_column


def normalize(values, method: str = "minmax"):
    """Put indicators on a common scale (正規化). Works on a Series or on each column of a DataFrame.

    * ``"minmax"``: ``(x − min) / (max − min)`` → 0 (lowest) … 1 (highest)
    * ``"zscore"``: ``(x − mean) / sd`` (population sd, ddof=0) → mean 0, sd 1
    * ``"rank"``:   percentile rank ``rank / n`` → (0, 1], ties share the average rank

    Missing values stay missing. A column with the same value everywhere cannot be scaled (error).

    >>> import pandas as pd
    >>> normalize(pd.Series([10, 20, 30])).tolist()
    [0.0, 0.5, 1.0]
    >>> normalize(pd.Series([10, 20, 30]), "rank").round(3).tolist()
    [0.333, 0.667, 1.0]
    """
    methods = ("minmax", "zscore", "rank")
    if method not in methods:
        raise ChiikiLabValueError(
            f"method={method!r} は使えません。'minmax'、'zscore'、'rank' のどれかを指定してください。",
            f"method={method!r} is not allowed. Use 'minmax', 'zscore' or 'rank'.",
        )
    if method == "rank":
        return values.rank(pct=True)
    spread = values.max() - values.min()
    flat = spread == 0 if values.ndim == 1 else (spread == 0).any()
    if flat:
        name = values.name if values.ndim == 1 else spread[spread == 0].index[0]
        raise ChiikiLabValueError(
            f"'{name}' はすべて同じ値なので正規化できません。この指標を外すか、ほかの指標を使ってください。",
            f"'{name}' has the same value everywhere, so it cannot be normalised. Drop it or use another indicator.",
        )
    if method == "minmax":
        return (values - values.min()) / spread
    return (values - values.mean()) / values.std(ddof=0)


def _signed_normalized(df, weights: dict, method: str):
    """(normalised indicators with negative-weight columns flipped, absolute weights)."""
    import numpy as np
    import pandas as pd

    if not weights:
        raise ChiikiLabValueError(
            "weights が空です。{'列名': 重み, ...} の形で1つ以上の指標を指定してください。",
            "weights is empty. Give at least one indicator as {'column': weight, ...}.",
        )
    for column in weights:
        require_column(df, column)
    w = pd.Series(weights, dtype=float)
    if w.abs().sum() == 0 or w.isna().any():
        raise ChiikiLabValueError(
            "重みがすべて 0 か、数でない重みがあります。0 以外の数を指定してください。",
            "All weights are 0 or some weight is not a number. Give non-zero numbers.",
        )
    signs = pd.Series(np.where(w < 0, -1.0, 1.0), index=w.index)
    return normalize(df[list(weights)].mul(signs, axis=1), method), w.abs()


def composite_index(df, weights: dict, method: str = "minmax"):
    """Weighted composite index (総合指標) of several indicator columns.

    Each column is normalised (:func:`normalize`), then averaged with the weights:
    ``index = Σ |w_i| · norm(s_i · x_i) / Σ |w_i|`` where ``s_i`` is the sign of ``w_i`` — a negative
    weight means "lower is better" (the column is flipped before normalising). With ``"minmax"`` the
    index lies in 0…1. A row with any missing indicator gets a missing index.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [0, 5, 10], "b": [10, 0, 0]}, index=["X", "Y", "Z"])
    >>> composite_index(df, {"a": 3, "b": 1}).tolist()         # (3·a' + 1·b') / 4
    [0.25, 0.375, 0.75]
    >>> composite_index(df, {"a": 1, "b": -1}).tolist()        # b flipped: lower b is better
    [0.0, 0.75, 1.0]
    """
    z, w = _signed_normalized(df, weights, method)
    return (z.mul(w, axis=1).sum(axis=1, min_count=len(w)) / w.sum()).rename("composite_index")


def weight_sensitivity(df, weights: dict, delta: float = 0.1, n: int = 200, seed: int = 0, method: str = "minmax"):
    """How much ranks move when the composite-index weights move (重みの感度分析).

    Draws ``n`` weight sets, each weight multiplied by a uniform random factor in
    ``[1 − delta, 1 + delta]`` (numpy generator seeded with ``seed``, so results repeat), recomputes
    :func:`composite_index` and ranks (1 = highest index). Returns, per row of ``df``: ``base_rank``
    (with the given weights), ``min_rank``, ``max_rank`` over the draws and ``rank_range``
    (max − min; 0 = the rank does not depend on the exact weights).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [0, 5, 10], "b": [0, 5, 10]}, index=["X", "Y", "Z"])
    >>> weight_sensitivity(df, {"a": 1, "b": 1})["rank_range"].tolist()
    [0.0, 0.0, 0.0]
    """
    import numpy as np
    import pandas as pd

    if not 0 <= delta < 1 or n < 1:
        raise ChiikiLabValueError(
            f"delta は 0 以上 1 未満、n は 1 以上にしてください（受け取った値: delta={delta}, n={n}）。",
            f"delta must be in [0, 1) and n at least 1 (got delta={delta}, n={n}).",
        )
    z, w = _signed_normalized(df, weights, method)
    draws = np.random.default_rng(seed).uniform(1 - delta, 1 + delta, size=(n, len(w))) * w.to_numpy()
    scores = z.to_numpy() @ draws.T / draws.sum(axis=1)
    ranks = pd.DataFrame(scores, index=df.index).rank(ascending=False, method="min")
    base = composite_index(df, weights, method).rank(ascending=False, method="min")
    return pd.DataFrame(
        {
            "base_rank": base,
            "min_rank": ranks.min(axis=1),
            "max_rank": ranks.max(axis=1),
            "rank_range": ranks.max(axis=1) - ranks.min(axis=1),
        }
    )
