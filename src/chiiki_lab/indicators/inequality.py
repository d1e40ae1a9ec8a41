"""Inequality: the Lorenz curve and the Gini coefficient."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ChiikiLabValueError

if TYPE_CHECKING:  # pragma: no cover
    import pandas


def _values_for_inequality(values):
    import numpy as np

    x = np.asarray(values, dtype=float)
    if x.ndim != 1 or x.size == 0:
        raise ChiikiLabValueError(
            "1列の数値（Series やリスト）を1つ以上渡してください。",
            "Pass one column of numbers (a Series or list) with at least one value.",
        )
    if np.isnan(x).any():
        raise ChiikiLabValueError(
            f"欠損値（NaN）が {int(np.isnan(x).sum())} 個あります。.dropna() で除いてから計算してください。",
            f"There are {int(np.isnan(x).sum())} missing values (NaN). Remove them with .dropna() first.",
        )
    if (x < 0).any() or x.sum() == 0:
        raise ChiikiLabValueError(
            "負の値があるか合計が 0 です。ジニ係数・ローレンツ曲線は 0 以上で合計が正の値にだけ使えます。",
            "There are negative values or the total is 0. Gini and Lorenz need non-negative values with a positive total.",
        )
    return np.sort(x)


def lorenz_curve(values) -> pandas.DataFrame:
    """Lorenz curve (ローレンツ曲線): cumulative share of units vs cumulative share of the total.

    Units are sorted from smallest to largest; row ``k`` gives the share of units ``k / n``
    (``cum_share_units``) and the share of the total they hold (``cum_share_values``). Starts at
    (0, 0), ends at (1, 1); the diagonal means perfect equality.

    >>> lorenz_curve([1, 1, 2]).round(2).values.tolist()
    [[0.0, 0.0], [0.33, 0.25], [0.67, 0.5], [1.0, 1.0]]
    """
    import numpy as np
    import pandas as pd

    x = _values_for_inequality(values)
    return pd.DataFrame(
        {
            "cum_share_units": np.arange(x.size + 1) / x.size,
            "cum_share_values": np.concatenate([[0.0], np.cumsum(x) / x.sum()]),
        }
    )


def gini(values) -> float:
    """Gini coefficient (ジニ係数): 0 = all equal, (n − 1)/n = one unit holds everything.

    ``G = Σ_i Σ_j |x_i − x_j| / (2 n² · mean)``, computed from the sorted values as
    ``G = 2 Σ_i i·x_(i) / (n Σ x) − (n + 1) / n``. It equals 1 − 2 × (area under the Lorenz curve).

    >>> gini([5, 5, 5, 5])
    0.0
    >>> gini([0, 0, 0, 10])                        # (n − 1) / n
    0.75
    """
    import numpy as np

    x = _values_for_inequality(values)
    n = x.size
    return float(2 * np.sum(np.arange(1, n + 1) * x) / (n * x.sum()) - (n + 1) / n)
