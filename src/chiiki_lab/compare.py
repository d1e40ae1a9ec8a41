"""Key figures of a municipality beside its prefecture and Japan, with ranks, peers and projections.

The numbers of the 地域カルテ (:mod:`chiiki_lab.report`) and of the explorer (:mod:`chiiki_lab.widgets`)
come from here, as DataFrames, so both show the same figures computed the same way. A ward of a
designated city (札幌市中央区) is ranked among the units where designated cities count ward by ward,
compared with the other wards of its city, and shows its city's values (named as such) where a
dataset has the city only.

>>> from chiiki_lab import compare
>>> c = compare.Comparison("嬬恋村")
>>> row = c.key_figures().loc["share_age65p_pct"]
>>> round(float(row["value"]), 1), int(row["rank_prefecture"]), int(row["n_prefecture"])
(37.2, 12, 35)
>>> sorted(c.projections())                    # the IPSS vintages with a line for 嬬恋村
['ipss2018_projection', 'ipss2023_projection']
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .datasets import column_label
from .errors import ChiikiLabValueError
from .i18n import tr
from .numbers_ja import count_text, format_man

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Comparison", "KEY_FIGURES", "PROJECTIONS", "format_value", "rank"]

NATIONAL = "00000"
N_PEERS = 7
NEIGHBOUR_DEGREES = 0.005  # prefectures this close count as touching (~500 m: 関門海峡, しまなみ)
CARD_DATE = "2022-12-31"
ZAISEI_YEAR = 2021
_PLACE_COLUMNS = ("code", "name", "pref_code", "pref_name", "level", "parent_code", "is_basic_municipality")


def _catalog_figure(column: str, kind: str, vintage_ja: str = "", vintage_en: str = "") -> tuple[str, str, str, str]:
    """A key figure labelled by the catalog's short label of the census2020 column, plus its vintage."""
    return (column, column_label(column, "census2020", "ja") + vintage_ja,
            column_label(column, "census2020", "en") + vintage_en, kind)


# key figures: census2020 column, Japanese label, English label, kind of number (see format_value)
KEY_FIGURES = (
    _catalog_figure("population", "people", "（2020年）", " (2020)"),
    ("pop_change_rate_2015_2020_pct", "人口増減率（2015→2020年）", "Population change 2015→2020", "change"),
    ("share_age65p_pct", "高齢化率（65歳以上の割合）", "Aging rate (share aged 65+)", "pct"),
    _catalog_figure("households_total", "households", "（2020年）", " (2020)"),
    _catalog_figure("area_km2", "area"),
    _catalog_figure("pop_density_per_km2", "density"),
)

# population projections, newest first: dataset, Japanese vintage, English vintage
PROJECTIONS = (
    ("ipss2023_projection", "社人研 令和5年推計", "IPSS 2023"),
    ("ipss2018_projection", "社人研 平成30年推計", "IPSS 2018"),
)


# ----------------------------------------------------------------------------------- data, loaded once


class _Tables:
    """The bundled tables a comparison needs, loaded once per process and indexed by code.

    Only the columns used are read: the 地域カルテ from the command line waits for this.
    """

    def __init__(self):
        from .datasets import info, load

        census = load("census2020", columns=[*_PLACE_COLUMNS, "name_en", "pop_change_2015_2020",
                                             *(column for column, *_ in KEY_FIGURES)])
        self.census = census.set_index("code", drop=False)
        self.master = load("municipalities", columns=["code", "level", "name_romaji", "pref_romaji", "gun_name"]
                           ).set_index("code", drop=False)
        self.timeseries = load("census_timeseries")
        self.projections = {}
        for name, _, _ in PROJECTIONS:
            # totals only: the age columns are most of IPSS 2018's bytes and no part of the card
            table = load(name, columns=[c["name"] for c in info(name)["columns"] if not c["name"].startswith("age_")])
            self.projections[name] = table[table["sex"] == "total"] if "sex" in table.columns else table
        zaisei = load("zaisei", columns=["code", "fiscal_year", "fiscal_strength_index"])
        self.zaisei = zaisei[zaisei["fiscal_year"] == ZAISEI_YEAR].set_index("code", drop=False)
        card = load("mynumbercard", columns=["code", "as_of", "cards_issued", "population_juki", "issuance_rate_pct"])
        self.card = card[card["as_of"] == CARD_DATE].set_index("code", drop=False)
        self.furusato = load("furusato_fy2020", columns=["code", "amount_yen", "count"]).set_index("code", drop=False)
        self.deductions = load("furusato_deductions2021", columns=["code", "deduction_muni_tax_yen"]
                               ).set_index("code", drop=False)
        basic = census["is_basic_municipality"].astype(bool)
        self.basic = census[basic].set_index("code", drop=False)
        # designated cities counted ward by ward (the layer of boundaries_ward)
        ward_layer = (basic & (census["level"] != "designated_city")) | (census["level"] == "designated_city_ward")
        self.ward_layer = census[ward_layer].set_index("code", drop=False)


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """The tables, loaded on first use."""
    return _Tables()


@lru_cache(maxsize=1)
def neighbours() -> dict[str, list[str]]:
    """{"10": ["07", "09", ...]}: prefectures whose boundaries touch (within ~500 m)."""
    import shapely

    from .datasets import boundary_shapes

    prefs = boundary_shapes("prefecture", columns=("code",))
    geometries = prefs["geometry"].to_numpy()
    left, right = shapely.STRtree(geometries).query(geometries, predicate="dwithin", distance=NEIGHBOUR_DEGREES)
    out: dict[str, list[str]] = {code[:2]: [] for code in prefs["code"]}
    for a, b in zip(left, right):
        if a != b:
            out[prefs["code"].iloc[a][:2]].append(prefs["code"].iloc[b][:2])
    return {k: sorted(set(v)) for k, v in out.items()}


# ----------------------------------------------------------------------------------- numbers as text


def format_value(value, kind: str) -> str:
    """One value as learners read it: 万/億 in Japanese, digit groups in English, "—" when missing.

    >>> format_value(8850, "people"), format_value(37.15, "pct"), format_value(None, "pct")
    ('8,850人', '37.1%', '—')
    """
    import pandas as pd

    if value is None or pd.isna(value):
        return "—"
    value = float(value)
    if kind in ("people", "households", "count"):
        unit = {"people": "人", "households": "世帯", "count": "件"}[kind]
        return count_text(value, unit)
    if kind == "yen":
        return tr(format_man(value, "円"), f"¥{value / 1e6:,.1f}M" if value >= 1e6 else f"¥{value:,.0f}")
    if kind == "change":
        return f"{value:+.1f}%"
    if kind == "pct":
        return f"{value:.1f}%"
    if kind == "area":
        return f"{value:,.1f} km²"
    if kind == "density":
        return tr(f"{value:,.1f}人/km²", f"{value:,.1f} /km²")
    if kind == "index":
        return f"{value:.2f}"
    raise ValueError(kind)


def rank(values: pandas.Series, code: str) -> tuple[int | None, int]:
    """(rank of ``code`` from the largest, 1 = largest; number ranked). Missing values are not ranked."""
    import pandas as pd

    known = values.dropna()
    if code not in known.index or pd.isna(values.get(code)):
        return None, len(known)
    return int(known.rank(ascending=False, method="min")[code]), len(known)


def rank_text(position: int | None, n: int) -> str:
    if position is None:
        return "—"
    return tr(f"{position:,}位／{n:,}", f"#{position:,} of {n:,}")


# ----------------------------------------------------------------------------------- the comparison


class Comparison:
    """The figures of one municipality or ward (anything :func:`chiiki_lab.codes.code_of` accepts).

    Labels (``name_label``, ``city_label``, ``pref_label``) follow the language at construction.
    """

    def __init__(self, place, pref=None):
        from .codes import code_of, resolve

        m = resolve(code_of(place, pref=pref))
        self.m = m
        self.t = t = tables()
        if m.code not in t.census.index:
            if t.master.loc[m.code, "level"] == "northern_territories_village":
                raise ChiikiLabValueError(
                    f"{m.name}（{m.code}）は北方領土の村です。国勢調査をはじめ同梱のどの統計にも数値がないため、"
                    "地域カルテは作れません。根室市（01223）など近くの市町村を指定してください。",
                    f"{m.name} ({m.code}) is a village of the Northern Territories. The census and the other bundled "
                    "statistics have no figures for it, so there is no profile. Try a nearby municipality such as "
                    "Nemuro (01223).",
                )
            raise ChiikiLabValueError(  # pragma: no cover - every other unit is in the census
                f"{m.name}（{m.code}）は令和2年国勢調査のデータにありません。",
                f"{m.name} ({m.code}) is not in the 2020 census data.",
            )
        self.is_ward = m.kind == "ward"
        # datasets without wards use the city (statistics code of the designated city)
        self.city = m.parent_code if self.is_ward else m.code
        romaji = t.master["name_romaji"]
        self.name_label = tr(m.name, romaji[m.code])
        self.city_label = tr(m.parent_name if self.is_ward else m.name, romaji[self.city])
        self.pref_label = tr(m.pref_name, t.master.loc[m.code, "pref_romaji"])
        self.layer = t.ward_layer if self.is_ward else t.basic
        self.pref_layer = self.layer[self.layer["pref_code"] == m.pref_code]
        self.pref = m.pref_code + "000"

    def rank_basis(self) -> str:
        """How the ranks are counted, as one sentence."""
        n, n_pref = len(self.layer), len(self.pref_layer)
        if self.is_ward:
            return tr(
                f"順位は値の大きい順。政令市を区に分けた全国{n:,}団体中・{self.pref_label}内{n_pref}団体中",
                f"Ranks from the largest, among {n:,} units nationally and {n_pref} in {self.pref_label} "
                "(designated cities counted ward by ward)",
            )
        return tr(
            f"順位は値の大きい順。全国{n:,}市区町村中・{self.pref_label}内{n_pref}市町村中（政令市は市全体）",
            f"Ranks from the largest, among {n:,} municipalities nationally and {n_pref} in {self.pref_label}",
        )

    def key_figures(self) -> pandas.DataFrame:
        """Census 2020 key figures: value, (city,) prefecture, national, ranks; one row per column."""
        import pandas as pd

        c, code = self.t.census, self.m.code
        rows = []
        for column, ja, en, kind in KEY_FIGURES:
            position, n = rank(self.layer[column], code)
            position_pref, n_pref = rank(self.pref_layer[column], code)
            rows.append({
                "column": column,
                "label": tr(ja, en),
                "kind": kind,
                "value": c.loc[code, column],
                "city": c.loc[self.city, column] if self.is_ward else None,
                "prefecture": c.loc[self.pref, column],
                "national": c.loc[NATIONAL, column],
                "rank_national": position,
                "n_national": n,
                "rank_prefecture": position_pref,
                "n_prefecture": n_pref,
            })
        table = pd.DataFrame(rows).set_index("column")
        return table if self.is_ward else table.drop(columns="city")

    def other_indicators(self) -> pandas.DataFrame:
        """Fiscal strength, My Number Card and ふるさと納税 figures (the city's for a ward), with ranks.

        ``basis`` says how the prefecture and Japan columns are made (mean, median or from totals).
        """
        import pandas as pd

        t, code = self.t, self.city
        basic = t.basic
        pref_codes = basic.index[basic["pref_code"] == self.m.pref_code]
        card = t.card

        def card_rate(codes):
            return card.loc[codes, "cards_issued"].sum() / card.loc[codes, "population_juki"].sum() * 100

        specs = [  # label, table, column, kind, comparison, dataset, vintage
            (column_label("fiscal_strength_index", "zaisei"), t.zaisei, "fiscal_strength_index", "index", "mean",
             "zaisei", tr(f"{ZAISEI_YEAR}年度", f"FY{ZAISEI_YEAR}")),
            (column_label("issuance_rate_pct", "mynumbercard"), card, "issuance_rate_pct", "pct",
             card_rate, "mynumbercard", CARD_DATE),
            (tr("ふるさと納税 受入額", "Furusato nozei receipts"), t.furusato, "amount_yen", "yen", "median",
             "furusato_fy2020", tr("2020年度", "FY2020")),
            (tr("ふるさと納税 受入件数", "Furusato nozei donations"), t.furusato, "count", "count", "median",
             "furusato_fy2020", tr("2020年度", "FY2020")),
            (tr("ふるさと納税 住民税控除額", "Furusato nozei tax deductions"), t.deductions, "deduction_muni_tax_yen",
             "yen", "median", "furusato_deductions2021", tr("2021年度課税・市町村民税分", "tax year 2021, municipal tax")),
        ]
        rows = []
        for label, table, column, kind, how, dataset, vintage in specs:
            values = table.loc[table.index.isin(basic.index), column].astype(float)
            if isinstance(how, str):
                pref_value = getattr(values.reindex(pref_codes).dropna(), how)()
                national = getattr(values, how)()
            else:
                pref_value, national = how(pref_codes), how(basic.index)
            position, n = rank(values, code)
            position_pref, n_pref = rank(values.reindex(pref_codes), code)
            rows.append({
                "label": label, "column": column, "kind": kind, "dataset": dataset, "vintage": vintage,
                "basis": {"mean": tr("平均", "mean"), "median": tr("中央値", "median")}.get(how, tr("計", "total")),
                "value": values.get(code), "prefecture": pref_value, "national": national,
                "rank_national": position, "n_national": n, "rank_prefecture": position_pref, "n_prefecture": n_pref,
            })
        return pd.DataFrame(rows).set_index("column")

    def peers(self) -> tuple[pandas.DataFrame, str]:
        """(the municipality and its ``N_PEERS`` closest in population nearby, largest first; how chosen).

        Peers are the wards of the same city for a ward (and the city itself, last), else the
        municipalities of the same and the touching prefectures.
        """
        import numpy as np
        import pandas as pd

        t, m, c = self.t, self.m, self.t.census
        if self.is_ward:
            pool = c[(c["level"] == "designated_city_ward") & (c["parent_code"] == self.city)]
            explain = tr(
                f"{self.city_label}の区のうち人口の近い{N_PEERS}区と、{self.city_label}全体（斜体）。",
                f"The {N_PEERS} wards of {self.city_label} closest in population, and the whole city (italics).",
            )
        else:
            prefs = [m.pref_code, *neighbours().get(m.pref_code, [])]
            pool = t.basic[t.basic["pref_code"].isin(prefs)]
            names = tr("、", ", ").join(
                tr(c.loc[p + "000", "name"], c.loc[p + "000", "name_en"]) for p in prefs[1:]
            ) or tr("なし", "none")
            explain = tr(
                f"{self.pref_label}と隣接する都府県（{names}）の市区町村から、人口が最も近い{N_PEERS}団体。",
                f"The {N_PEERS} municipalities closest in population in {self.pref_label} and the prefectures "
                f"touching it ({names}).",
            )
        own = float(c.loc[m.code, "population"])
        others = pool[pool["code"] != m.code]
        distance = (np.log1p(others["population"].astype(float)) - np.log1p(own)).abs()
        chosen = others.loc[distance.sort_values(kind="stable").index[:N_PEERS]]
        table = pd.concat([chosen, c.loc[[m.code]]]).sort_values("population", ascending=False, kind="stable")
        if self.is_ward:
            table = pd.concat([table, c.loc[[self.city]]])
        fiscal = t.zaisei["fiscal_strength_index"]
        columns = ["code", "name", "pref_name", "pref_code", "population", "pop_change_rate_2015_2020_pct",
                   "share_age65p_pct", "pop_density_per_km2"]
        out = table[columns].reset_index(drop=True)
        out["fiscal_strength_index"] = [
            fiscal.get(code) if not self.is_ward or code == self.city else None for code in out["code"]
        ]
        note = explain + tr(
            f"増減率は2015→2020年、財政力指数は{ZAISEI_YEAR}年度。",
            f" Change is 2015→2020; fiscal strength FY{ZAISEI_YEAR}.",
        )
        return out, note

    def observed(self) -> pandas.DataFrame:
        """Census population since 1980 (the city's for a ward: there is no ward-level series)."""
        ts = self.t.timeseries
        return ts[ts["code"] == self.city]

    def projections(self, city: bool = False) -> dict[str, pandas.DataFrame]:
        """{dataset: its projection rows (total population by year)} for each IPSS vintage that covers
        the place (the city for a ward whose vintage has no wards), newest first.

        ``city=True`` gives a ward's city's rows: what continues :meth:`observed` (the city's series).
        """
        out = {}
        for name, _, _ in PROJECTIONS:
            table = self.t.projections[name]
            rows = table[(table["code"] == (self.city if city else self.m.code)) & table["population"].notna()]
            if rows.empty:
                rows = table[(table["code"] == self.city) & table["population"].notna()]
            if not rows.empty:
                out[name] = rows
        return out
