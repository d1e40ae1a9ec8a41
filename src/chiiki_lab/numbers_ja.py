"""Numbers written for Japanese readers: counts with 万 (10⁴) and 億 (10⁸).

Used wherever the library shows a number to learners — chart ticks and labels (:mod:`.plots`), the
key figures of the 地域カルテ (:mod:`.compare`) — so that 「12.6万人」 is written one way everywhere.
"""

from __future__ import annotations

from .i18n import tr


def format_man(n, unit: str = "人") -> str:
    """Write a number the Japanese way, with 万 (10⁴) and 億 (10⁸): "8,850人", "12.6万人", "1億2,615万人".

    Below 10,000 the number is written in full; up to 100万 one decimal of 万 is kept;
    from 1億 the remainder is rounded to whole 万. ``unit`` is appended ("人" by default; "" for none).

    >>> format_man(8850), format_man(126146), format_man(5224614), format_man(126146099)
    ('8,850人', '12.6万人', '522万人', '1億2,615万人')
    >>> format_man(-948646, unit="")
    '-94.9万'
    """
    if n < 0:
        return "-" + format_man(-n, unit)
    if n < 10_000:
        text = f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"
        return text + unit
    if n < 100_000_000:
        man = n / 10_000
        if round(man, 1) < 100:
            return f"{round(man, 1):,.1f}".removesuffix(".0") + "万" + unit
        man = round(man)
        if man < 10_000:
            return f"{man:,}万" + unit
    oku, man = divmod(round(n / 10_000), 10_000)
    return f"{oku:,}億" + (f"{man:,}万" if man else "") + unit


def count_text(value, unit: str = "人") -> str:
    """A count as learners read it: 万/億 in Japanese, digit groups in English.

    >>> count_text(126146, "世帯")
    '12.6万世帯'
    """
    return tr(format_man(value, unit), f"{value:,.0f}")
