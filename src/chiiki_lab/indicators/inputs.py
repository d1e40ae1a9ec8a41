"""What every indicator takes: a table, or one place looked up in the bundled data; errors naming missing columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ChiikiLabError, MissingColumnError

if TYPE_CHECKING:  # pragma: no cover
    import pandas


def rows_of(place, dataset: str, pref=None) -> pandas.DataFrame:
    """Rows of bundled ``dataset`` for one place (sex 'total' only), found by :func:`chiiki_lab.codes.codes_in`."""
    from ..codes import codes_in
    from ..datasets import load

    df = load(dataset)
    rows = df[df["code"].isin(codes_in(df, place, pref=pref))]
    if "sex" in rows.columns:
        rows = rows[rows["sex"] == "total"].drop(columns="sex")
    return rows.set_index("code")


def as_table(data, dataset: str, pref=None) -> tuple[pandas.DataFrame, bool]:
    """Return (frame, single): ``data`` itself, or the rows of one municipality from ``dataset``."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data, False
    return rows_of(data, dataset, pref), True


def as_result(values: pandas.Series, single: bool, name: str):
    """One number for one place, else the Series named ``name``."""
    if single:
        return float(values.iloc[0])
    return values.rename(name)


def _datasets_with(column: str) -> list[str]:
    """Names of bundled datasets that have ``column`` (empty if the catalog is unavailable)."""
    from ..datasets import catalog

    try:
        entries = catalog()
    except ChiikiLabError:
        return []
    return [name for name, e in entries.items() if any(c["name"] == column for c in e.get("columns", []))]


def missing_column(column: str, dataset: str | None = None, what_ja: str = "", what_en: str = "", also_ja: str = "", also_en: str = ""):
    """Build a MissingColumnError naming ``column`` and where to find it."""
    if dataset:
        where_ja = f"{what_ja}は chiiki_lab.load('{dataset}') にあります{also_ja}。"
        where_en = f"{what_en} are in chiiki_lab.load('{dataset}'){also_en}."
    else:
        found = _datasets_with(column)
        if found:
            loads = "、".join(f"chiiki_lab.load('{n}')" for n in found)
            where_ja, where_en = f"この列は {loads} にあります。", f"The column is in {', '.join(found)}."
        else:
            where_ja = "df.columns で列名を確かめてください。"
            where_en = "Check the column names with df.columns."
    return MissingColumnError(
        f"列 '{column}' がありません。{where_ja}", f"Column '{column}' is missing. {where_en}", column=column, dataset=dataset
    )


def require_column(df, column: str, dataset: str | None = None, what_ja: str = "", what_en: str = ""):
    """``df[column]``, or an error naming the datasets that have the column."""
    if column not in df.columns:
        raise missing_column(column, dataset, what_ja, what_en)
    return df[column]
