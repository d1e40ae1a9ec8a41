"""Places in tables: :func:`codes_in` (the rows of a DataFrame for a place) and :func:`to_codes` (a column)."""

from __future__ import annotations

import math
import numbers
import warnings
from collections import defaultdict
from typing import TYPE_CHECKING

from ..errors import (
    AmbiguousMunicipalityError,
    ChiikiLabError,
    ChiikiLabTypeError,
    ChiikiLabValueError,
    InvalidCodeError,
    MissingColumnError,
    MunicipalityNotFoundError,
)
from ..i18n import tr
from .digits import normalize_code
from .lookup import code_of, pref_code_of, resolve
from .master import CodeIndex, Municipality, code_index
from .messages import not_in_table
from .names import name_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas


def codes_in(df, place, pref=None) -> list[str]:
    """The values of ``df["code"]`` that stand for ``place`` (a list of one code, in practice).

    ``place`` is anything :func:`code_of` accepts. Codes that are in the table but are not
    municipalities are taken as they stand ("00000" 全国, "10000" 群馬県, a user's own area codes),
    and so are the labels of a table without codes (its ``name`` column) or names that are no
    municipality but are in the table's ``name`` column (a user's own areas). A municipality
    missing from the table raises :class:`~chiiki_lab.errors.MunicipalityNotFoundError` naming the
    dataset and, for a ward or a designated city, the unit the table has instead.

    >>> import chiiki_lab
    >>> census = chiiki_lab.load("census2020")
    >>> codes_in(census, "群馬県 嬬恋村"), codes_in(census, "10000")
    (['10425'], ['10000'])
    """
    if "code" not in df.columns:
        return _names_in(df, place, pref)
    present = set(df["code"].dropna().astype(str))
    raw = _as_code(place)
    if raw is not None and raw in present and raw not in code_index().by_code:
        return [raw]  # 全国, a prefecture, or the table's own area code
    try:
        code = code_of(place, pref=pref)
    except MunicipalityNotFoundError:
        own = _own_labels(df, place)
        if own is not None:
            return sorted(set(df.loc[own, "code"].astype(str)))
        raise
    if code in present:
        return [code]
    raise not_in_table(code, df, present)


def _as_code(place) -> str | None:
    """``place`` as a 5-digit code when it is written like one (else None, never an error)."""
    if isinstance(place, bool) or not isinstance(place, (str, numbers.Integral)):
        return None
    try:
        return normalize_code(place)
    except ChiikiLabError:
        return None


def _own_labels(df, place):
    """Mask of rows whose ``name`` is ``place`` exactly (a user's own areas), or None."""
    if not isinstance(place, str) or "name" not in df.columns:
        return None
    mask = df["name"].astype(str) == place
    return mask if mask.any() else None


def _names_in(df, place, pref) -> list[str]:
    """A table without codes: the ``name`` labels standing for ``place`` (its own label, or the
    municipality's name when that is unambiguous in the table)."""
    if "name" not in df.columns:
        raise MissingColumnError(
            "表に code 列（5 桁の市区町村コード）も name 列もないので、市区町村を探せません。",
            "The table has neither a code column (5-digit municipality code) nor a name column, so no "
            "municipality can be found in it.",
        )
    own = _own_labels(df, place)
    if own is not None:
        return [place]
    m = resolve(place.code if isinstance(place, Municipality) else place, pref=pref)
    names = set(df["name"].astype(str))
    for label in (m.pref_name + m.name, m.name):
        if label in names:
            return [label]
    raise not_in_table(m.code, df, set())


def to_codes(values, pref=None) -> "pandas.Series":
    """Convert a column of names or codes (mixed forms are fine) to 5-digit codes.

    Returns a ``string`` Series with the input's index and ``<NA>`` where nothing (or several
    municipalities) matched. ``.attrs["unmatched"]`` is a DataFrame (input, reason, suggestions,
    count) of what did not match, and one ``UserWarning`` says how many. ``pref`` is one
    prefecture for all values, or a sequence of the same length (e.g. a prefecture column).

    >>> import pandas as pd
    >>> to_codes(pd.Series(["嬬恋村", "10425", "浦和市"])).tolist()
    ['10425', '10425', '11100']
    """
    import pandas as pd

    idx = code_index()
    series = values if isinstance(values, pd.Series) else pd.Series(list(values))
    if pref is None or isinstance(pref, (str, numbers.Integral)):
        prefs = [pref] * len(series)
    else:
        prefs = list(pref)
        if len(prefs) != len(series):
            raise ChiikiLabValueError(
                f"pref の長さ（{len(prefs)}）が値の数（{len(series)}）と合いません。都道府県は 1 つか、値と同じ長さの列で指定してください。",
                f"pref has {len(prefs)} items but there are {len(series)} values. Give one prefecture or a "
                "column of the same length.",
            )
    done: dict = {}
    failed: dict = {}
    memos = [_memo_key(value, p) for value, p in zip(series.tolist(), prefs)]
    for memo, value, p in zip(memos, series.tolist(), prefs):
        if memo not in done:
            done[memo] = _one_code(idx, value, p, failed, memo)
    result = pd.Series([done[m] for m in memos], index=series.index, dtype="string", name="code")
    counts = defaultdict(int)
    for memo in memos:
        if memo in failed:
            counts[memo] += 1
    rows = [dict(failed[m], count=n) for m, n in counts.items()]
    result.attrs["unmatched"] = pd.DataFrame(rows, columns=["input", "reason", "suggestions", "count"])
    n_bad = sum(counts.values())
    if n_bad:
        warnings.warn(
            tr(
                f"{len(series):,} 件のうち {n_bad:,} 件（{len(rows):,} 種類）は市区町村コードに変換できず <NA> にしました。"
                "理由と候補は結果の .attrs[\"unmatched\"] で見られます。",
                f"{n_bad:,} of {len(series):,} values ({len(rows):,} distinct) did not match a municipality "
                "and became <NA>. See .attrs[\"unmatched\"] of the result for reasons and suggestions.",
            ),
            UserWarning,
            stacklevel=2,
        )
    return result


def _memo_key(value, pref):
    """A dict key for a (value, pref) pair; unhashable values are keyed by their repr."""
    key = (type(value), value, pref)
    try:
        hash(key)
    except TypeError:
        key = (type(value), repr(value), repr(pref))
    return key


def _one_code(idx: CodeIndex, value, pref, failed: dict, memo):
    """The code of one value, or None (the reason goes to ``failed``)."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not name_key(value)
    ):
        failed[memo] = {"input": value, "reason": tr("空欄", "blank"), "suggestions": ""}
        return None
    try:
        pc = pref_code_of(pref)
        if isinstance(value, str):  # fast path: a plain current name or 5-digit code
            key = name_key(value)
            code = key if key in idx.by_code else idx.unique.get(key)
            if code and (not pc or code[:2] == pc):
                return code
        return resolve(value, pref=pref).code
    except AmbiguousMunicipalityError as e:
        reason = tr("候補が複数", "ambiguous")
        near = [tr(f"{c}", f"{c.pref_name}{c.name} ({c.code})") for c in e.candidates]
    except MunicipalityNotFoundError as e:
        reason, near = tr("見つからない", "not found"), e.suggestions
    except InvalidCodeError as e:
        reason, near = tr("コードの誤り", "invalid code"), [e.details.get("correct", "")]
    except ChiikiLabTypeError:
        reason, near = tr("型が不正", "wrong type"), []
    except ChiikiLabError as e:
        reason, near = str(e), []
    failed[memo] = {"input": value, "reason": reason, "suggestions": tr("、", ", ").join(n for n in near if n)}
    return None


def check_codes(codes) -> dict:
    """A table's area codes checked against the code list and its history (:func:`chiiki_lab.io.read_estat`
    reports this as ``code_check``).

    Returns ``{"merged": {code: note}, "table_local": [code, …]}``: codes of municipalities that changed
    (merged away, renamed, or changed after the bundled data) with the note :func:`resolve` gives, and codes
    that name no municipality (市部・郡部, 特別区部, a table's own codes). 全国 ("00000"), prefectures
    ("10000") and blanks are neither.

    >>> check = check_codes(["10425", "11204", "13100", "10000", None])
    >>> check["table_local"], list(check["merged"])
    (['13100'], ['11204'])
    """
    merged, local = {}, []
    for code in sorted({c for c in codes if isinstance(c, str) and c}):
        if code == "00000" or code.endswith("000"):
            continue
        try:
            m = resolve(code)
        except (LookupError, ChiikiLabValueError):
            local.append(code)
            continue
        if m.history:
            merged[code] = m.history
    return {"merged": merged, "table_local": local}
