"""和暦 → Western years: one year expression, a column label, a column of years with the era carried down."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..errors import ChiikiLabTypeError, ChiikiLabValueError
from .cells import nfkc, squash_spaces

# era -> (first Western year, last year number of the era or None while it lasts)
_ERAS = {"明治": (1868, 45), "大正": (1912, 15), "昭和": (1926, 64), "平成": (1989, 31), "令和": (2019, None)}
_ERA_ALIASES = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和",
                "明": "明治", "大": "大正", "昭": "昭和", "平": "平成", "令": "令和"}
_YEAR = re.compile(
    r"^(?:(?P<era>明治|大正|昭和|平成|令和|[MTSHR明大昭平令])\.?(?P<num>元|\d{1,3})"
    r"|(?P<west>\d{4})|(?P<bare>元|\d{1,2})(?=年))(?P<suffix>年度|年)?$"
)
_PAREN = re.compile(r"^(?P<main>[^()]+)\((?P<inner>[^()]+)\)(?P<tail>年度|年)?$")
ERA_WORD = re.compile(r"年|明治|大正|昭和|平成|令和")
_ERA_IN_TEXT = re.compile(r"(明治|大正|昭和|平成|令和)\s*([元0-9０-９]{1,2})\s*年")
_SAME_YEAR_TWICE = re.compile(r"(\d{4})年[（(]\1年[）)]")  # "2015年（平成27年）" once turned Western
_WESTERN_RANGE = (1800, 2200)


def _year_error(text, ja: str, en: str) -> ChiikiLabValueError:
    return ChiikiLabValueError(
        f"{text!r} を年として読めません: {ja}。『令和2年』『平成27年度』『R2』『2020年』のように書いてください。",
        f"Cannot read {text!r} as a year: {en}. Write it like 令和2年, 平成27年度, R2 or 2020年.",
    )


@lru_cache(maxsize=4096)
def _parse_year(text: str, era: str | None = None, lenient: bool = False) -> tuple[int, str | None, bool]:
    """Parse one year expression; return (Western year, era used, is fiscal year).

    ``lenient`` lets a year run past its era's end, as older projections write it (平成52年 = 2040).
    """
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    paren = _PAREN.match(s)
    if paren:  # "2020年(令和2年)" or "令和2年(2020年)": both halves must agree
        main = paren["main"] + (paren["tail"] or "")
        year, used, fiscal = _parse_year(main, era, lenient)
        inner, _, inner_fiscal = _parse_year(paren["inner"], used, lenient)
        if inner != year:
            raise _year_error(text, f"括弧の外（{year}年）と中（{inner}年）が合いません",
                              f"the years outside ({year}) and inside the brackets ({inner}) differ")
        return year, used, fiscal or inner_fiscal
    m = _YEAR.match(s)
    if not m:
        raise _year_error(text, "年の書き方ではありません", "this is not a way of writing a year")
    fiscal = m["suffix"] == "年度"
    if m["west"]:
        year = int(m["west"])
        if not _WESTERN_RANGE[0] <= year <= _WESTERN_RANGE[1]:
            raise _year_error(text, f"{year}年は範囲外です（{_WESTERN_RANGE[0]}〜{_WESTERN_RANGE[1]}年）",
                              f"{year} is out of range ({_WESTERN_RANGE[0]}–{_WESTERN_RANGE[1]})")
        return year, None, fiscal
    if m["bare"]:
        if era is None:
            raise _year_error(text, "元号（令和・平成など）が書かれていません",
                              "the era (令和, 平成, …) is missing")
        name, num = era, m["bare"]
    else:
        name, num = _ERA_ALIASES.get(m["era"], m["era"]), m["num"]
    number = 1 if num == "元" else int(num)
    first, last = _ERAS[name]
    if number == 0 or (last is not None and number > last and not lenient):
        span = f"{last}年（{first + last - 1}年）まで" if last else "1年から"
        span_en = f"ran to year {last} ({first + last - 1})" if last else "starts at year 1"
        raise _year_error(text, f"{name}は{span}です", f"{name} {span_en}")
    return first + number - 1, name, fiscal


def to_western_year(text, era: str | None = None) -> int:
    """Convert a Japanese-era (和暦) or Western year to a Western year (an ``int``).

    Understands 令和・平成・昭和・大正・明治 (also the letters R/H/S/T/M and 令/平/昭/大/明), 元年,
    full-width digits, ``年`` and ``年度`` (a fiscal year is named by the year it starts in), and
    forms like ``2020年（令和2年）``. A year without its era (``"2年度"``) needs ``era=``.
    Anything else raises :class:`~chiiki_lab.errors.ChiikiLabValueError`.

    >>> to_western_year("令和元年"), to_western_year("Ｈ２７"), to_western_year("2年度", era="令和")
    (2019, 2015, 2020)
    >>> to_western_year("平成32年")
    Traceback (most recent call last):
    ...
    chiiki_lab.errors.ChiikiLabValueError: '平成32年' を年として読めません: 平成は31年（2019年）までです。...
    """
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise ChiikiLabTypeError(
            f"年は文字列か整数で渡してください（受け取った値: {text!r}、型 {type(text).__name__}）。",
            f"Give the year as a string or an integer (got {text!r} of type {type(text).__name__}).",
        )
    if era is not None and _ERA_ALIASES.get(era, era) not in _ERAS:
        raise ChiikiLabValueError(
            f"era={era!r} は元号ではありません。'令和'、'平成'、'昭和'、'大正'、'明治' のどれかにしてください。",
            f"era={era!r} is not an era. Use '令和', '平成', '昭和', '大正' or '明治'.",
        )
    return _parse_year(text, _ERA_ALIASES.get(era, era))[0]


def westernize_label(label: str, era: str | None) -> tuple[str, str | None, bool]:
    """A column name with its 和暦 turned Western: a bare year becomes "2020"; "令和2年人口" → "2020年人口"."""
    if not re.fullmatch(r"\d+", label):
        try:
            year, used, fiscal = _parse_year(label, era)
            return str(year), used or era, fiscal
        except ChiikiLabValueError:
            pass

    def western(m: re.Match) -> str:
        return f"{_parse_year(m[1] + m[2] + '年')[0]}年"

    try:
        text = _ERA_IN_TEXT.sub(western, label)
    except ChiikiLabValueError:  # e.g. 平成40年 in a free-text header: leave it as written
        return label, era, False
    return _SAME_YEAR_TWICE.sub(r"\1年", text), era, False


def years_down(cells: list[str]) -> list | None:
    """Years of a column, the era carried down to bare numbers and past the era's end; None if not years."""
    years: list = []
    era = None
    for c in cells:
        if not c:
            years.append(None)
            continue
        text = squash_spaces(c)
        bare = re.fullmatch(r"(元|\d{1,2})(年度|年)?", nfkc(text).replace(" ", ""))
        try:
            if bare and era is not None:
                number = 1 if bare[1] == "元" else int(bare[1])
                years.append(_ERAS[era][0] + number - 1)
                continue
            year, used, _ = _parse_year(text, era, lenient=True)
        except ChiikiLabValueError:
            return None
        era = used or era
        years.append(year)
    return years
