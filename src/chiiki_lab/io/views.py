"""Other views of a table read by :func:`~chiiki_lab.io.read_estat`: its markers, a summary of what was guessed,
the long form and a column MultiIndex."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..errors import ChiikiLabValueError
from ..i18n import tr
from .cells import Marker

if TYPE_CHECKING:  # pragma: no cover
    import pandas


_KIND_JA = {"xls": "Excel（.xls）", "xlsx": "Excel（.xlsx）", "ods": "OpenDocument（.ods）",
            "text": "テキスト（CSV）", "zip-text": "ZIP の中のテキスト"}


def marker_table(df: "pandas.DataFrame") -> "pandas.DataFrame":
    """The cells of ``df`` that held a symbol instead of a number, with the reason.

    One row per cell: ``row`` (index label in ``df``), ``line`` (line in the file), ``column``,
    ``marker`` (as written), ``reason`` (in the current language), ``reason_ja``, ``reason_en``, and
    ``code`` when ``df`` has one. Rows or columns dropped from ``df`` since reading are left out.
    Reasons come from the file's own legend when it has one (e-Stat's ``"***","当該数値がないもの"``),
    else: x/X 秘匿, -/－ 該当数値なし, …/.../・・・ 不詳, *** 該当数値なし.

    >>> from chiiki_lab.io import read_estat, marker_table
    >>> df = read_estat("地区,事業所数\\nA地区,x\\nB地区,12\\n".encode())
    >>> marker_table(df)[["row", "column", "marker", "reason_ja", "reason_en"]]
       row column marker reason_ja                  reason_en
    0    0   事業所数      x        秘匿  suppressed (confidential)
    """
    import pandas as pd

    table = pd.DataFrame(list(df.attrs.get("markers", ())), columns=list(Marker._fields))
    table = table[table["row"].isin(df.index) & table["column"].isin(df.columns)].reset_index(drop=True)
    table.insert(4, "reason", table["reason_en"] if tr("ja", "en") == "en" else table["reason_ja"])
    if "code" in df.columns:
        table.insert(0, "code", df.loc[table["row"], "code"].to_numpy() if len(table) else [])
    return table


class Summary(str):
    """The Japanese summary of what :func:`read_estat` guessed; shows as plain lines in Jupyter."""

    def __repr__(self) -> str:
        return str(self)


def summary_text(df) -> str:
    """The Japanese lines of :func:`summary`, written once when the table is read."""
    meta = df.attrs["chiiki_lab"]
    where = _KIND_JA[meta["kind"]]
    if meta["sheet"] is not None:
        others = len(meta["sheets"]) - 1
        where += f"・シート「{meta['sheet']}」" + (f"（ほかに {others} シート）" if others else "")
    if meta["member"]:
        where += f"「{meta['member']}」"
    if meta["encoding"]:
        where += f"・文字コード {meta['encoding']}"
    lines = [f"読み取り: {meta['name']}（{where}）"]
    header = meta["header_lines"]
    span = f"{header[0]}–{header[-1]} 行目" if len(header) > 1 else (f"{header[0]} 行目" if header else "なし")
    first, last = meta["data_lines"]
    lines.append(f"見出し: {span}／データ: {first}–{last} 行目（{len(df):,} 行 × {df.shape[1]} 列）"
                 + (f"／このシートの表 {meta['tables_in_sheet']} つのうち {meta['table'] + 1} 番目（table=）"
                    if meta["tables_in_sheet"] > 1 else ""))
    if meta["metadata"]:
        title = meta["metadata"][0]
        lines.append(f"表の上の説明 {len(meta['metadata'])} 行: {title[:40]}{'…' if len(title) > 40 else ''}")
    if meta["unit"] or meta["units"]:
        units = sorted(set(meta["units"].values()) | ({meta["unit"]} if meta["unit"] else set()))
        lines.append(f"単位: {'、'.join(units)}（列ごとの単位は df.attrs['chiiki_lab']['units']）")
    if meta["code_column"]:
        check = meta["code_check"] or {}
        note = ""
        if check.get("merged"):
            note += f"、合併などで今はないコード {len(check['merged'])} 個（code_check に説明）"
        if check.get("table_local"):
            shown = "、".join(check["table_local"][:3])
            note += f"、市区町村ではない表独自のコード {len(check['table_local'])} 個（{shown}…）はそのまま"
        lines.append(f"地域コード: 列「{meta['code_column']}」→ code{note}")
    elif meta["pref_code_column"]:
        local = meta["code_check"]["table_local"]
        lines.append(f"都道府県コード: 列「{meta['pref_code_column']}」（01〜47）"
                     + (f"、48 以上の表独自のコード {len(local)} 個（{'、'.join(local[:3])}…: 特別区部・指定都市など）"
                        "は市区町村に結び付けずそのまま" if local else ""))
    else:
        lines.append("⚠ 地域コードの列が見つかりません。地図や他の表と結ぶには、名前からコードを付けるか"
                     "（chiiki_lab.resolve）、code_column= で列を指定してください。")
    counts = Counter((m[3], m[4]) for m in df.attrs.get("markers", ()))
    if counts:
        shown = "、".join(f"「{m}」{r} {n}" for (m, r), n in counts.most_common(4))
        lines.append(f"記号（欠損値にしました{'・「-」は 0' if meta['markers_as'] == 'zero' else ''}）: {shown}"
                     "（marker_table(df)）")
    if meta["notes"]:
        lines.append(f"表の下の注 {len(meta['notes'])} 行（df.attrs['chiiki_lab']['notes']）")
    lines.append("違っていたら: header_row=（見出しの行番号）、code_column=、sheet=、table= のどれか 1 つで直せます。")
    return Summary("\n".join(lines))


def summary(df: "pandas.DataFrame") -> Summary:
    """What :func:`read_estat` guessed about the file behind ``df``, in a few Japanese lines.

    >>> from chiiki_lab.io import read_estat, summary
    >>> print(summary(read_estat("地区,人口\\nA地区,12\\n".encode())))  # doctest: +ELLIPSIS
    読み取り: <bytes>（テキスト（CSV）・文字コード utf-8）
    見出し: 1 行目／データ: 2–2 行目（1 行 × 2 列）
    ⚠ 地域コードの列が見つかりません。...
    違っていたら: ...
    """
    meta = df.attrs.get("chiiki_lab", {})
    if "summary" not in meta:
        raise ChiikiLabValueError(
            "この表は read_estat で読んだものではないので、読み取りの説明がありません。",
            "This table was not read with read_estat, so there is no summary of how it was read.",
        )
    return Summary(meta["summary"])


def to_long(df: "pandas.DataFrame") -> "pandas.DataFrame":
    """A table read by :func:`read_estat` in tidy long form: one row per number.

    Columns: the row labels (``code``, ``name``, text and year columns), one column per header
    dimension (e-Stat's own names such as 男女・年齢 when the file has them, else 項目1, 項目2 …),
    ``value`` and ``unit``.

    >>> from chiiki_lab.io import read_estat, to_long
    >>> text = "地域 コード,地域,人口_男,人口_女\\n10425,嬬恋村,4522,4328\\n"
    >>> to_long(read_estat(text.encode()))[["code", "項目1", "value"]]
        code   項目1  value
    0  10425  人口_男   4522
    1  10425  人口_女   4328
    """
    import pandas as pd

    meta = df.attrs.get("chiiki_lab", {})
    parts = meta.get("column_parts", {})
    years = set(meta.get("year_columns", []))
    ids = [c for c in df.columns if c in ("code", "code6", "name") or c in years
           or not pd.api.types.is_numeric_dtype(df[c])]
    measured = [c for c in df.columns if c not in ids]
    depth = max((len(parts.get(c, [c])) for c in measured), default=1)
    dims = list(meta.get("dimensions") or [])
    if len(dims) != depth or depth == 1 and not dims:
        dims = [f"項目{k + 1}" for k in range(depth)] if depth > 1 else ["項目1"]
    if depth == 1:
        labels = {c: [c] for c in measured}
    else:
        labels = {c: (parts.get(c, [c]) + [""] * depth)[:depth] for c in measured}
    units = meta.get("units", {})
    frames = []
    for c in measured:
        part = df[ids].copy()
        for dim, label in zip(dims, labels[c]):
            part[dim] = label
        part["value"] = df[c]
        part["unit"] = units.get(c, meta.get("unit"))
        part["_order"] = range(len(df))
        frames.append(part)
    out = pd.concat(frames, ignore_index=True).sort_values("_order", kind="stable")
    out = out.drop(columns="_order").reset_index(drop=True)
    out.attrs = {"chiiki_lab": {**meta, "long": True}}
    return out


def with_multiindex(df):
    """``df`` with its header rows as a column MultiIndex (``read_estat(multiindex=True)``)."""
    import pandas as pd

    parts = df.attrs["chiiki_lab"]["column_parts"]
    depth = max((len(parts.get(c, [c])) for c in df.columns), default=1)
    tuples = [tuple((parts.get(c) or [c]) + [""] * depth)[:depth] for c in df.columns]
    out = df.copy()
    out.columns = pd.MultiIndex.from_tuples(tuples)
    return out
