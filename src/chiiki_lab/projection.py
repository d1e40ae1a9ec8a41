"""A simple population projection by the cohort change-ratio method (コーホート変化率法).

The method, step by step (5-year age groups, by sex):

1. **Cohort change ratio** (コーホート変化率): people aged ``a`` in the base year divided by the same
   cohort five years earlier, aged ``a − 5``. It folds deaths *and* migration into one number:
   ``ratio(20–24) = pop(2020, 20–24) / pop(2015, 15–19)``. The open top group: ``pop(2020, 90+) /
   (pop(2015, 85–89) + pop(2015, 90+))``.
2. **Child–woman ratio** (子ども女性比) for ages 0–4, who were not born five years earlier:
   ``pop(2020, 0–4 of that sex) / women(2020, 15–49)``.
3. Keep the ratios fixed and move every cohort forward five years at a time:
   ``pop(t + 5, a) = ratio(a) × pop(t, a − 5)``, ``pop(t + 5, 0–4) = CWR × women(t + 5, 15–49)``.

With the bundled data the ratios are measured from 2015 to 2020: 2015 comes from
``ipss2018_projection`` (the census 2015 base of the IPSS projection, 年齢不詳 already distributed by
IPSS) and 2020 from ``census2020_age`` (年齢不詳 **not** distributed; here spread over the known ages in
proportion, see :func:`distribute_unknown_age`). The top group is 90+ because IPSS stops there.
Fukushima's municipalities are missing (IPSS 2018 did not project them), and so are areas whose
boundaries changed after 2015.

A projection is a conditional statement — "if the 2015→2020 changes went on unchanged" — not a
forecast of what will happen.

>>> import chiiki_lab.projection as pj
>>> p = pj.cohort_change_projection("嬬恋村")
>>> p[p["sex"] == "total"].set_index("year")["population"].round().astype(int).loc[[2020, 2050]].tolist()
[8850, 3747]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ChiikiLabValueError, MissingColumnError, MunicipalityNotFoundError
from .meta import TableMeta

if TYPE_CHECKING:  # pragma: no cover
    import pandas

AGES = [f"age_{lo:02d}_{lo + 4:02d}" for lo in range(0, 90, 5)] + ["age_90p"]
"""The 19 age groups used here: 0–4, 5–9, …, 85–89 and the open group 90+."""
_WOMEN_15_49 = AGES[3:10]
_WOMEN_20_39 = AGES[4:8]
_RENAMED_SINCE_2015 = {"40305": "40231"}  # 那珂川町 → 那珂川市 (2018-10-01), same area
_ATTRIBUTION_JA = (
    "独自推計（コーホート変化率法、2015→2020年の変化率を固定）。基礎データ：国立社会保障・人口問題研究所"
    "『日本の地域別将来推計人口（平成30(2018)年推計）』の2015年基準人口、総務省統計局『令和2年国勢調査』"
    "（年齢不詳は按分）を加工して作成"
)
_ATTRIBUTION_EN = (
    "Own projection (cohort change ratios 2015→2020 held fixed). Based on the 2015 base population of the "
    "IPSS Regional Population Projections (2018) and the 2020 Census (unknown ages distributed), processed"
)


def distribute_unknown_age(df: pandas.DataFrame) -> pandas.DataFrame:
    """Spread people of unknown age (年齢不詳, ``age_unknown``) over the age groups, in proportion (按分).

    Each row's ``age_unknown`` is shared out like the known ages: ``age_x += age_unknown ×
    age_x / Σ known``. Totals stay the same; the age columns become floats and ``age_unknown``
    is dropped. A row with no one of known age keeps its groups at 0 (nothing to share out by).
    This is the simplest choice; the Statistics Bureau's 不詳補完値 use a finer method, so results
    differ slightly from its published 3-group figures.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"age_00_04": [30], "age_05_09": [10], "age_10p": [60], "age_unknown": [10]})
    >>> distribute_unknown_age(df).values.tolist()
    [[33.0, 11.0, 66.0]]
    """
    from .indicators import age_columns

    if "age_unknown" not in df.columns:
        raise MissingColumnError(
            "列 'age_unknown'（年齢不詳）がありません。按分が要るのは chiiki_lab.load('census2020_age') のような"
            "年齢不詳の列がある表だけです。",
            "Column 'age_unknown' is missing. Only tables with unknown ages, such as "
            "chiiki_lab.load('census2020_age'), need distributing.",
            column="age_unknown",
        )
    cols = [c for _, _, c in age_columns(df)]
    known = df[cols].astype(float)
    share = known.div(known.sum(axis=1), axis=0).fillna(0.0)
    out = df.drop(columns="age_unknown").copy()
    out[cols] = known + share.mul(df["age_unknown"].astype(float), axis=0)
    return out


def _fold_90p(df):
    """Merge 90–94, 95–99 and 100+ into one open group 90+ (as in the IPSS tables)."""
    top = [c for c in ("age_90_94", "age_95_99", "age_100p") if c in df.columns]
    if not top:
        return df
    return df.drop(columns=top).assign(age_90p=df[top].sum(axis=1))


def _codes(data, table, pref=None) -> list[str] | None:
    """Codes in ``table`` of the place(s) in ``data`` (one or a list; None: every area)."""
    if data is None:
        return None
    from .codes import codes_in

    items = [data] if isinstance(data, str) or not hasattr(data, "__iter__") else list(data)
    return [code for item in items for code in codes_in(table, item, pref=pref)]


def projection_base(data=None, *, pref=None) -> pandas.DataFrame:
    """The two censuses a projection from 2020 starts from: 2015 and 2020 by sex and 5-year age (to 90+).

    ``data``: a municipality (anything :func:`chiiki_lab.codes.code_of` accepts, narrowed by ``pref``)
    or an area code such as "16000" (富山県), a list of them, or None for every area in both tables
    (municipalities, wards of the 12 older 政令市, prefectures). 2015 is the census base population of
    ``ipss2018_projection`` (年齢不詳 distributed by IPSS); 2020 is ``census2020_age`` with 年齢不詳
    distributed in proportion (:func:`distribute_unknown_age`) and 90–94, 95–99, 100+ merged into 90+.
    Returns a long table: ``code``, ``pref_name``, ``name``, ``year``, ``sex`` (male/female),
    ``population`` and the 19 columns of :data:`AGES`, sorted by code, year and sex.

    >>> b = projection_base("10425")
    >>> b.round(6)[["year", "sex", "population"]].values.tolist()
    [[2015, 'female', 4717.0], [2015, 'male', 5063.0], [2020, 'female', 4328.0], [2020, 'male', 4522.0]]
    """
    import pandas as pd

    from .datasets import load

    keep = ["code", "pref_name", "name", "year", "sex", *AGES]
    ipss = load("ipss2018_projection")
    y2015 = ipss[(ipss["year"] == 2015) & ipss["sex"].isin(["male", "female"])].copy()
    y2015["code"] = y2015["code"].replace(_RENAMED_SINCE_2015)
    census = load("census2020_age")
    y2020 = census[census["sex"].isin(["male", "female"])]
    y2020 = _fold_90p(distribute_unknown_age(y2020)).assign(year=2020)
    both = sorted(set(y2015["code"]) & set(y2020["code"]))
    codes = _codes(data, census, pref)
    if codes is not None:
        missing = [c for c in codes if c not in both]
        if missing:
            raise MunicipalityNotFoundError(
                f"コード {missing[0]} の地域は推計できません。2015年の年齢別人口（ipss2018_projection）がないためです"
                "（福島県の市町村、2003年以降に政令市になった市の区など）。市全体や別の市区町村を指定してください。",
                f"The area with code {missing[0]} cannot be projected: there is no 2015 population by age for it in "
                "ipss2018_projection (Fukushima's municipalities, wards of cities designated after 2003, …). "
                "Use the whole city or another municipality.",
            )
        both = list(dict.fromkeys(codes))
    names = y2020.drop_duplicates("code").set_index("code")[["pref_name", "name"]]
    y2015 = y2015.drop(columns=["pref_name", "name"]).join(names, on="code")
    out = pd.concat([y2015[keep], y2020[keep]], ignore_index=True)
    out = out[out["code"].isin(both)].copy()
    out[AGES] = out[AGES].astype(float)
    out.insert(5, "population", out[AGES].sum(axis=1))
    out = out.sort_values(["code", "year", "sex"], ignore_index=True)
    out.attrs = {}
    return out


def _wide(base, year):
    """Age table of one year, indexed by (code, sex), columns AGES."""
    rows = base[base["year"] == year]
    if rows.empty:
        raise ChiikiLabValueError(
            f"{year}年の行がありません。基準年とその5年前の行（year 列）が必要です。",
            f"There are no rows for {year}. The base year and the year 5 years before it (column year) are needed.",
        )
    return rows.set_index(["code", "sex"])[AGES].astype(float)


def _women(table):
    return table.xs("female", level="sex")[_WOMEN_15_49].sum(axis=1)


def cohort_change_ratios(base: pandas.DataFrame, base_year: int = 2020) -> pandas.DataFrame:
    """Cohort change ratios (ages 5–9 … 90+) and child–woman ratios (0–4) per area and sex.

    ``base`` is a long table like :func:`projection_base` (``code``, ``year``, ``sex`` in
    male/female, the 19 columns of :data:`AGES`) with rows for ``base_year`` and five years earlier.
    Returns a table indexed by (code, sex) with the :data:`AGES` columns: ``age_00_04`` holds the
    child–woman ratio (children 0–4 of that sex per woman aged 15–49 in ``base_year``), the others the
    cohort change ratio ``pop(base_year, a) / pop(base_year − 5, a − 5)`` (for 90+ the earlier 85–89
    and 90+ together). Where the earlier group had no one the ratio cannot be measured and is set to
    1 (no change); where no woman aged 15–49 lived the child–woman ratio is 0.

    >>> r = cohort_change_ratios(projection_base("嬬恋村"))
    >>> r.loc[("10425", "female"), ["age_00_04", "age_20_24"]].round(3).tolist()
    [0.106, 0.663]
    """
    import pandas as pd

    missing = [c for c in ("code", "year", "sex", *AGES) if c not in base.columns]
    if missing:
        raise MissingColumnError(
            f"列 '{missing[0]}' がありません。projection_base() の形（code, year, sex と5歳階級 age_00_04 … age_90p）"
            "の表を渡してください。",
            f"Column '{missing[0]}' is missing. Pass a table shaped like projection_base() "
            "(code, year, sex and 5-year groups age_00_04 … age_90p).",
            column=missing[0],
        )
    now, before = _wide(base, base_year), _wide(base, base_year - 5)
    before = before.reindex(now.index)
    earlier = before.iloc[:, :-1].to_numpy(copy=True)  # the cohort 5 years younger, one group down
    earlier[:, -1] += before["age_90p"].to_numpy()  # 85–89 and 90+ both become 90+
    earlier = pd.DataFrame(earlier, index=now.index, columns=AGES[1:])
    ratios = (now[AGES[1:]] / earlier).where(earlier > 0, 1.0)
    women = now.index.get_level_values("code").map(_women(now))
    cwr = (now["age_00_04"] / women.to_numpy()).where(women.to_numpy() > 0, 0.0)
    ratios.insert(0, "age_00_04", cwr)
    return ratios


def _step(table, ratios):
    """Move every cohort 5 years on: the table of the next census year."""
    nxt = table.copy()
    nxt.iloc[:, 1:] = table.iloc[:, :-1].to_numpy() * ratios.iloc[:, 1:].to_numpy()
    nxt["age_90p"] += table["age_90p"].to_numpy() * ratios["age_90p"].to_numpy()
    women = nxt.index.get_level_values("code").map(_women(nxt))
    nxt["age_00_04"] = ratios["age_00_04"].to_numpy() * women.to_numpy()
    return nxt


def cohort_change_projection(data=None, base_year: int = 2020, until: int = 2050, *, pref=None) -> pandas.DataFrame:
    """Project population by sex and 5-year age from ``base_year`` to ``until`` (コーホート変化率法).

    ``data``: a municipality (``"嬬恋村"``, ``"10425"``; a prefecture by its code, ``"16000"``), a list
    of them, None (every area with data: municipalities, older 政令市 wards, prefectures), or your own table shaped like
    :func:`projection_base` (rows for ``base_year`` and five years before). Ratios from
    :func:`cohort_change_ratios` are held fixed and applied every 5 years until ``until``.

    Returns a long table like ``ipss2018_projection``: ``code``, ``pref_name``, ``name``, ``year``,
    ``is_projection`` (False for ``base_year``), ``sex`` (total/male/female), ``population`` and the
    :data:`AGES` columns, as floats (round only for display). It carries
    ``attrs["chiiki_lab"]`` with an 出典 line naming it an own projection, so that charts label it.

    >>> p = cohort_change_projection(["嬬恋村", "16000"], until=2030)     # 16000 = 富山県
    >>> sorted(set(p["year"])), sorted(set(p["sex"]))
    ([2020, 2025, 2030], ['female', 'male', 'total'])
    """
    import pandas as pd

    if (until - base_year) % 5 or until <= base_year:
        raise ChiikiLabValueError(
            f"until={until} は base_year={base_year} より後で、5年きざみの年にしてください（例: {base_year + 30}）。",
            f"until={until} must come after base_year={base_year} in steps of 5 years (e.g. {base_year + 30}).",
        )
    base = data if isinstance(data, pd.DataFrame) else projection_base(data, pref=pref)
    ratios = cohort_change_ratios(base, base_year)
    table = _wide(base, base_year)
    frames = [table.assign(year=base_year)]
    for year in range(base_year + 5, until + 1, 5):
        table = _step(table, ratios)
        frames.append(table.assign(year=year))
    long = pd.concat(frames).reset_index()
    total = long.groupby(["code", "year"], as_index=False)[AGES].sum().assign(sex="total")
    long = pd.concat([long, total], ignore_index=True)
    long["population"] = long[AGES].sum(axis=1)
    long["is_projection"] = long["year"] > base_year
    label_cols = [c for c in ("pref_name", "name") if c in base.columns]
    labels = base.drop_duplicates("code").set_index("code")[label_cols]
    long = long.join(labels, on="code")
    columns = ["code", *label_cols, "year", "is_projection", "sex", "population", *AGES]
    long = long[columns].sort_values(["code", "year", "sex"], ignore_index=True)
    return TableMeta("cohort_change_projection", _ATTRIBUTION_JA, _ATTRIBUTION_EN).attach(long)


def young_women_change(data: pandas.DataFrame, start: int, end: int) -> pandas.DataFrame:
    """Change of women aged 20–39 (20〜39歳女性人口) from ``start`` to ``end``, per area.

    The headline indicator of the 2024 人口戦略会議 report on 消滅可能性自治体 (municipalities where this
    group halves, −50 % or worse, in 30 years). ``data`` is a long table with ``code``, ``year``,
    ``sex`` and the age columns ``age_20_24`` … ``age_35_39`` (``ipss2018_projection``, or the result
    of :func:`cohort_change_projection`). Returns, indexed by code: ``name`` (if present),
    ``women_20_39_<start>``, ``women_20_39_<end>`` and ``change_pct``.

    >>> import pandas as pd
    >>> ages = {c: [10, 5] for c in ["age_20_24", "age_25_29", "age_30_34", "age_35_39"]}
    >>> df = pd.DataFrame({"code": ["A", "A"], "year": [2020, 2050], "sex": "female", **ages})
    >>> young_women_change(df, 2020, 2050)["change_pct"].tolist()
    [-50.0]
    """
    for column in ("code", "year", "sex", *_WOMEN_20_39):
        if column not in data.columns:
            raise MissingColumnError(
                f"列 '{column}' がありません。code, year, sex と age_20_24 … age_35_39 のある表"
                "（chiiki_lab.load('ipss2018_projection') や cohort_change_projection() の結果）を渡してください。",
                f"Column '{column}' is missing. Pass a table with code, year, sex and age_20_24 … age_35_39 "
                "(chiiki_lab.load('ipss2018_projection') or the result of cohort_change_projection()).",
                column=column,
            )
    women = data[data["sex"] == "female"]
    years = set(women["year"])
    for year in (start, end):
        if year not in years:
            raise ChiikiLabValueError(
                f"{year}年の女性の行がありません。使える年: {', '.join(map(str, sorted(years)))}。",
                f"There are no rows of women for {year}. Available years: {', '.join(map(str, sorted(years)))}.",
            )
    count = women.assign(_w=women[_WOMEN_20_39].sum(axis=1)).pivot_table(index="code", columns="year", values="_w", aggfunc="sum")
    out = count[[start, end]].astype(float)
    out.columns = [f"women_20_39_{start}", f"women_20_39_{end}"]
    out["change_pct"] = (out.iloc[:, 1] / out.iloc[:, 0] - 1) * 100
    out.columns.name = None
    if "name" in women.columns:
        out.insert(0, "name", women.drop_duplicates("code").set_index("code")["name"])
    return out
