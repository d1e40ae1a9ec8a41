"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 08.

The firm panel is 模擬データ from chiiki_lab.synthetic.kpi with the notebook's seed (0).
"""

from __future__ import annotations


def _panel(**settings):
    from ...synthetic import kpi

    return kpi.platform_panel(seed=0, **settings)


def selection_gap(ctx) -> float:
    from ...synthetic import kpi

    table = kpi.group_means(_panel())
    return float(table.iloc[0, 0] - table.iloc[1, 0])


def selection_gap_mistakes(ctx) -> dict[str, float]:
    from ...synthetic import kpi

    table = kpi.group_means(_panel())
    return {"after": float(table.iloc[0, 1] - table.iloc[1, 1])}


def did_no_effect(ctx) -> float:
    from ...synthetic import kpi

    return float(kpi.did(_panel(true_effect=0)))


def did_no_effect_mistakes(ctx) -> dict[str, float]:
    from ...synthetic import kpi

    return {"original": float(kpi.did(_panel())), "before_after": float(kpi.before_after(_panel(true_effect=0)))}


def before_after_strong_selection(ctx) -> float:
    from ...synthetic import kpi

    return float(kpi.before_after(_panel(selection=3.0)))


def before_after_strong_selection_mistakes(ctx) -> dict[str, float]:
    from ...synthetic import kpi

    return {"did": float(kpi.did(_panel(selection=3.0))), "after_only": float(kpi.after_only(_panel(selection=3.0)))}


def others_change(ctx) -> float:
    from ...synthetic import kpi

    return float(kpi.group_means(_panel()).iloc[1, 2])


def others_change_mistakes(ctx) -> dict[str, float]:
    from ...synthetic import kpi

    table = kpi.group_means(_panel())
    return {"participants": float(table.iloc[0, 2])}
