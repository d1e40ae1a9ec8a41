"""Public API of chiiki_lab for IDEs and type checkers; chiiki_lab/__init__.py loads these lazily from here."""

from . import (
    codes,
    compare,
    datasets,
    errors,
    exercises,
    figures,
    handout,
    indicators,
    io,
    maps,
    mesh,
    meta,
    plots,
    projection,
    report,
    slides,
    widgets,
)
from .codes import Municipality, code6, code_of, codes_in, normalize_code, resolve, to_codes
from .datasets import attribution, cite, column_label, column_unit, describe, list_datasets, load, load_boundaries
from .figures import japanize
from .handout import build_handout
from .indicators import (
    aging_rate,
    annual_growth_rate,
    change_both_ways,
    composite_index,
    dependency_ratio,
    gini,
    late_elderly_rate,
    lorenz_curve,
    normalize,
    population_change,
    projected_change,
    weight_sensitivity,
    working_age_share,
    youth_share,
)
from .io import marker_table, read_estat, to_western_year
from .maps import choropleth, static_map
from .numbers_ja import format_man
from .plots import pyramid, ranking, scatter, timeseries
from .projection import cohort_change_projection, young_women_change
from .report import profile
from .slides import build_slides
from .widgets import explore, summary_table
