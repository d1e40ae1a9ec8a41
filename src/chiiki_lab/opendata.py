"""Check a file against a template of the 自治体標準オープンデータセット (municipal standard open datasets).

The templates (column names and order of 16 standard datasets, e.g. ``"tourism"`` = 観光施設一覧,
``"evacuation_space"`` = 指定緊急避難場所一覧, ``"aed"``) are the bundled dataset ``opendata_templates``.
Read the file to check with every value as text (``pd.read_csv(path, dtype=str, keep_default_na=False)``),
so that codes keep their leading zeros and nothing is converted before it is checked.

>>> import chiiki_lab
>>> from chiiki_lab import opendata
>>> df = chiiki_lab.load("opendata_shimabara_tourism").drop(columns="code")
>>> opendata.check_template(df, "tourism").empty      # 島原市's file follows the template
True
>>> broken = df.rename(columns={"緯度": "緯度（度）"})
>>> opendata.check_template(broken, "tourism")["check"].tolist()
['missing_column', 'extra_column']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .codes import check_digit
from .errors import ChiikiLabValueError
from .i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    import pandas

CODE_COLUMN = "都道府県コード又は市区町村コード"
LAT, LON = "緯度", "経度"
JAPAN_LAT, JAPAN_LON = (20.0, 46.0), (122.0, 154.0)  # the whole of Japan incl. remote islands


def templates() -> list[str]:
    """Names of the bundled templates (``tourism``, ``aed``, ``evacuation_space`` …)."""
    from .datasets import load

    return sorted(load("opendata_templates")["template"].unique())


def template_columns(template: str) -> list[str]:
    """The column names of ``template``, in the template's order."""
    from .datasets import load

    table = load("opendata_templates")
    rows = table[table["template"] == template].sort_values("position")
    if rows.empty:
        raise ChiikiLabValueError(
            f"テンプレート {template!r} はありません。使えるのは {', '.join(templates())} です。",
            f"There is no template {template!r}. Available: {', '.join(templates())}.",
        )
    return rows["column"].tolist()


def check_template(df: "pandas.DataFrame", template: str) -> "pandas.DataFrame":
    """List what in ``df`` does not follow ``template``; an empty table means no problem was found.

    Checks: missing and extra columns, column order, the 6-digit code (digits and check digit),
    緯度/経度 (numbers inside Japan) and empty 名称. One row per finding with ``check``, ``column``,
    ``rows`` (1-based data rows, as a spreadsheet shows them below the header) and ``message``.
    """
    import pandas as pd

    expected = template_columns(template)
    found: list[dict] = []

    def add(check: str, column: str, rows: list[int], ja: str, en: str) -> None:
        found.append({"check": check, "column": column, "rows": rows, "message": tr(ja, en)})

    columns = [str(c) for c in df.columns]
    for col in expected:
        if col not in columns:
            add("missing_column", col, [], f"列「{col}」がありません（名前の違い・全角半角・空白を確かめてください）。",
                f"Column {col!r} is missing (check spelling, full/half width, spaces).")
    for col in columns:
        if col not in expected:
            add("extra_column", col, [], f"列「{col}」はテンプレートにありません。",
                f"Column {col!r} is not in the template.")
    common = [c for c in columns if c in expected]
    if common != [c for c in expected if c in columns]:
        add("column_order", "", [], "列の順番がテンプレートと違います。", "The columns are not in the template's order.")

    def bad_rows(mask) -> list[int]:
        return [int(i) + 1 for i in range(len(mask)) if mask[i]]

    if CODE_COLUMN in columns:
        code = df[CODE_COLUMN].astype(str).str.strip()
        ok = code.map(lambda c: len(c) == 6 and c.isdigit() and check_digit(c[:5]) == c[5])
        rows = bad_rows((~ok).to_numpy())
        if rows:
            add("code", CODE_COLUMN, rows, "6桁の全国地方公共団体コード（検査数字が正しいもの）になっていない行があります。",
                "Some rows do not hold a valid 6-digit local government code (check digit).")
    for col, (low, high) in [(LAT, JAPAN_LAT), (LON, JAPAN_LON)]:
        if col in columns:
            values = pd.to_numeric(df[col].astype(str).str.strip(), errors="coerce")
            rows = bad_rows((values.isna() | ~values.between(low, high)).to_numpy())
            if rows:
                add("coordinate", col, rows, f"「{col}」が数値でない、または日本の範囲（{low}〜{high}度）の外の行があります。",
                    f"{col!r} is not a number or lies outside Japan ({low}–{high} degrees) in some rows.")
    if "名称" in columns:
        rows = bad_rows((df["名称"].astype(str).str.strip() == "").to_numpy())
        if rows:
            add("empty_name", "名称", rows, "「名称」が空の行があります。", "Some rows have an empty 名称 (name).")
    return pd.DataFrame(found, columns=["check", "column", "rows", "message"])
