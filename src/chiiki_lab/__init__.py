"""chiiki_lab (地域ラボ): real municipal data, charts, maps and exercises for regional DX training.

>>> import chiiki_lab
>>> m = chiiki_lab.resolve("嬬恋村")
>>> m.code, m.pref_name
('10425', '群馬県')

Everything listed in ``__all__`` is importable from here. Submodules load on first use, so that
``import chiiki_lab`` stays fast (pandas, geopandas and folium are imported only when needed).
"""

from __future__ import annotations

import importlib

from .i18n import get_language, set_language
from .notebook_errors import show_tracebacks  # importing it registers short chiiki_lab errors in IPython

__version__ = "0.1.0"

# public name -> submodule that defines it
_LAZY = {
    "errors": None,
    "datasets": None,
    "codes": None,
    "indicators": None,
    "exercises": None,
    "projection": None,
    "report": None,
    "profile": "report",
    "slides": None,
    "handout": None,
    "build_slides": "slides",
    "build_handout": "handout",
    "cohort_change_projection": "projection",
    "young_women_change": "projection",
    "mesh": None,
    "widgets": None,
    "aging_rate": "indicators",
    "late_elderly_rate": "indicators",
    "youth_share": "indicators",
    "working_age_share": "indicators",
    "dependency_ratio": "indicators",
    "population_change": "indicators",
    "annual_growth_rate": "indicators",
    "projected_change": "indicators",
    "composite_index": "indicators",
    "normalize": "indicators",
    "weight_sensitivity": "indicators",
    "lorenz_curve": "indicators",
    "gini": "indicators",
    "change_both_ways": "indicators",
    "io": None,
    "maps": None,
    "choropleth": "maps",
    "static_map": "maps",
    "plots": None,
    "read_estat": "io",
    "to_western_year": "io",
    "marker_table": "io",
    "pyramid": "plots",
    "ranking": "plots",
    "timeseries": "plots",
    "scatter": "plots",
    "format_man": "plots",
    "japanize": "plots",
    "explore": "widgets",
    "summary_table": "widgets",
    "list_datasets": "datasets",
    "load": "datasets",
    "load_boundaries": "datasets",
    "describe": "datasets",
    "attribution": "datasets",
    "cite": "datasets",
    "resolve": "codes",
    "code_of": "codes",
    "codes_in": "codes",
    "Municipality": "codes",
    "to_codes": "codes",
    "code6": "codes",
    "normalize_code": "codes",
}

__all__ = ["__version__", "get_language", "set_language", *sorted(_LAZY)]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'chiiki_lab' has no attribute {name!r}")
    module_name = _LAZY[name]
    if module_name is None:
        value = importlib.import_module(f".{name}", __name__)
    else:
        value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
