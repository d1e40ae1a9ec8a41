"""A place is one concept: every public function that takes a municipality accepts the same inputs.

Each function is called with the 12 forms of the issue (name, prefecture + name, kana, romaji, old
name, 5- and 6-digit code, int code, ``Municipality``, ambiguous name + ``pref=``, typo, ward) and
must give what it gives for the code the form stands for — the same answer, or the same error. The
expected codes come from the bundled master list and code history (read here with pandas), not
from ``chiiki_lab.codes``.
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab import codes, indicators, maps, mesh, plots, projection, report, widgets
from chiiki_lab.errors import AmbiguousMunicipalityError, MunicipalityNotFoundError


@functools.cache
def _master() -> pd.DataFrame:
    return chiiki_lab.load("municipalities").set_index("code")


def _code(pref_name: str, name: str) -> str:
    m = _master()
    hit = m[(m["pref_name"] == pref_name) & (m["name"] == name)]
    assert len(hit) == 1
    return hit.index[0]


def _old_code(old_name: str) -> str:
    """Today's code of a merged municipality, from the code history (one merger step)."""
    h = chiiki_lab.load("code_history")
    rows = h[(h["old_name"] == old_name) & (h["kind"] == "新設合併")]
    assert rows["new_code"].nunique() == 1
    return rows["new_code"].iloc[0]


TSUMAGOI = _code("群馬県", "嬬恋村")
FUCHU_TOKYO = _code("東京都", "府中市")
CHUO_SAPPORO = _code("北海道", "札幌市中央区")
SAITAMA = _old_code("浦和市")

# (form, pref, the code it stands for, or the error it must raise)
PLACES = [
    ("嬬恋村", None, TSUMAGOI),
    ("群馬県嬬恋村", None, TSUMAGOI),
    ("つまごいむら", None, TSUMAGOI),
    ("Tsumagoi", None, TSUMAGOI),
    ("浦和市", None, SAITAMA),  # old name (merged into さいたま市 in 2001)
    (TSUMAGOI, None, TSUMAGOI),
    (TSUMAGOI + _master().loc[TSUMAGOI, "code6"][-1], None, TSUMAGOI),  # 6 digits with check digit
    (int(TSUMAGOI), None, TSUMAGOI),
    ("municipality-object", None, TSUMAGOI),
    ("府中市", "東京都", FUCHU_TOKYO),
    ("府中市", None, AmbiguousMunicipalityError),
    ("嬬恋町", None, MunicipalityNotFoundError),  # typo: suggests 嬬恋村
    ("札幌市中央区", None, CHUO_SAPPORO),
]


def _place(form):
    return chiiki_lab.resolve(TSUMAGOI) if form == "municipality-object" else form


def _outcome(call, place, pref):
    """What a call gives: its answer, or (error type, message)."""
    try:
        return call(place, pref)
    except (LookupError, ValueError, TypeError) as e:
        return (type(e).__name__, str(e))
    finally:
        plt.close("all")


def _frame(df: pd.DataFrame):
    return df.reset_index().to_dict("list")


@functools.cache
def _census():
    return chiiki_lab.load("census2020")


def _tick_texts(ax):
    return [t.get_text() for t in ax.get_yticklabels() if t.get_color() == plots.HIGHLIGHT_COLOR]


def _choropleth_highlight(place, pref):
    m = maps.choropleth(_census(), "population", highlight=place, pref=pref)
    child = next(c for k, c in m._children.items() if k == "chiiki_lab_choropleth")
    import json

    meta = maps._topology("municipality")[1]  # feature order of the map
    return meta["codes"][json.loads(child.config)["highlight"]]


FAST = {
    "codes.code_of": lambda p, pref: codes.code_of(p, pref=pref),
    "aging_rate": lambda p, pref: indicators.aging_rate(p, pref=pref),
    "late_elderly_rate": lambda p, pref: indicators.late_elderly_rate(p, pref=pref),
    "youth_share": lambda p, pref: indicators.youth_share(p, pref=pref),
    "working_age_share": lambda p, pref: indicators.working_age_share(p, pref=pref),
    "dependency_ratio": lambda p, pref: indicators.dependency_ratio(p, pref=pref),
    "population_change": lambda p, pref: _frame(indicators.population_change(p, 2015, 2020, pref=pref)),
    "annual_growth_rate": lambda p, pref: indicators.annual_growth_rate(p, 2015, 2020, pref=pref),
    "projected_change": lambda p, pref: _frame(indicators.projected_change(p, pref=pref)),
    "summary_table": lambda p, pref: _frame(widgets.summary_table(p, pref=pref)),
}
SLOW = {
    "explore(static=True)": lambda p, pref: _frame(widgets.explore(p, static=True, pref=pref)),
    "projection_base": lambda p, pref: sorted(set(projection.projection_base(p, pref=pref)["code"])),
    "meshes_for": lambda p, pref: sorted(mesh.meshes_for(p, level=1, pref=pref)["mesh_code"]),
    "pyramid": lambda p, pref: plots.pyramid(p, pref=pref).get_title(),
    "ranking(highlight=)": lambda p, pref: _tick_texts(
        plots.ranking(_census(), "share_age65p_pct", highlight=p, top=3, pref=pref)),
    "scatter(highlight=)": lambda p, pref: sorted(
        t.get_text() for t in plots.scatter(_census(), "mean_age", "share_age65p_pct", highlight=p, labels=0,
                                            pref=pref).texts),
    "choropleth(highlight=)": _choropleth_highlight,
    "timeseries(highlight=)": lambda p, pref: [
        line.get_label() for line in plots.timeseries(
            chiiki_lab.load("census_timeseries").query("pref_code in ['10', '11', '13', '01']"),
            highlight=p, pref=pref).get_lines() if not line.get_label().startswith("_")],
    "static_map(highlight=)": lambda p, pref: maps.static_map(
        _census(), "population", highlight=p, pref=pref).collections[-1].get_paths()[0].vertices.round(4).tolist(),
    "profile": lambda p, pref: report.profile(p, pref=pref).municipality.code,
}


def _check(call, form, pref, expected):
    got = _outcome(call, _place(form), pref)
    if isinstance(expected, str):
        assert got == _reference(call, expected)
    else:
        assert isinstance(got, tuple) and got[0] == expected.__name__, got
        if expected is MunicipalityNotFoundError:
            assert "もしかして: 嬬恋村" in got[1]
        else:
            assert 'pref="東京都"' in got[1]


_references: dict = {}


def _reference(call, code):
    key = (id(call), code)
    if key not in _references:
        _references[key] = _outcome(call, code, None)
    return _references[key]


@pytest.mark.parametrize("form, pref, expected", PLACES, ids=[f"{f}-{p}" for f, p, _ in PLACES])
@pytest.mark.parametrize("name", list(FAST))
def test_every_function_takes_every_form_of_a_place(name, form, pref, expected):
    _check(FAST[name], form, pref, expected)


@pytest.mark.slow
@pytest.mark.parametrize("form, pref, expected", PLACES, ids=[f"{f}-{p}" for f, p, _ in PLACES])
@pytest.mark.parametrize("name", list(SLOW))
def test_every_slow_function_takes_every_form_of_a_place(name, form, pref, expected):
    _check(SLOW[name], form, pref, expected)


def test_a_ward_missing_from_a_dataset_names_its_city():
    with pytest.raises(MunicipalityNotFoundError, match="もしかして: 札幌市（01100）") as e:
        indicators.population_change("札幌市中央区", 2015, 2020)
    assert e.value.suggestions == ["01100"]


def test_codes_in_takes_area_codes_and_own_labels():
    census = _census()
    assert codes.codes_in(census, "00000") == ["00000"]
    assert codes.codes_in(census, 10000) == ["10000"]
    own = pd.DataFrame({"code": ["A1", "A2"], "name": ["北地区", "南地区"]})
    assert codes.codes_in(own, "南地区") == ["A2"]
    names_only = pd.DataFrame({"name": ["嬬恋村", "長野原町"], "value": [1, 2]})
    assert codes.codes_in(names_only, "つまごいむら") == ["嬬恋村"]
    with pytest.raises(MunicipalityNotFoundError, match="もしかして: 嬬恋村"):
        codes.codes_in(own, "嬬恋町")


def test_pref_must_agree_with_a_code_or_municipality():
    with pytest.raises(MunicipalityNotFoundError):
        codes.code_of(TSUMAGOI, pref="東京都")
    with pytest.raises(MunicipalityNotFoundError):
        codes.code_of(chiiki_lab.resolve(TSUMAGOI), pref="東京都")
    assert codes.code_of(chiiki_lab.resolve(TSUMAGOI), pref="群馬") == TSUMAGOI
