"""倍と%: ratios and percentages, and a change said both ways (「2.0倍（+100%）」)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ChiikiLabValueError
from ..i18n import tr


def ratio_to_percent(ratio):
    """Turn a ratio (倍率) into a percentage change: 2.0倍 = +100 %, 0.27倍 = −73 %.

    ``percent = (ratio − 1) × 100``; works on numbers and on Series.

    >>> ratio_to_percent(2.0), round(ratio_to_percent(0.27), 6)
    (100.0, -73.0)
    """
    return (ratio - 1) * 100


def percent_to_ratio(percent):
    """Turn a percentage change into a ratio (倍率): +100 % = 2.0倍, −73 % = 0.27倍.

    ``ratio = 1 + percent / 100``; works on numbers and on Series.

    >>> percent_to_ratio(100), percent_to_ratio(-73)
    (2.0, 0.27)
    """
    return 1 + percent / 100


def _number(x, unit: str) -> str:
    return f"{x:,.10g}{unit}"


def _ratio_text(ratio: float) -> str:
    if ratio >= 1:
        return f"{ratio:.1f}"
    if ratio >= 0.1:
        return f"{ratio:.2f}"
    return f"{ratio:.2g}"


def _percent_text(percent: float) -> str:
    digits = 0 if abs(percent) >= 10 else 1
    text = f"{abs(percent):.{digits}f}%"
    if float(text[:-1]) == 0:
        return "±0%"
    return ("+" if percent > 0 else "\u2212") + text


@dataclass(frozen=True)
class Change:
    """A change from ``before`` to ``after`` told both ways: as a ratio (倍) and as a percentage."""

    before: float
    after: float
    ratio: float
    percent: float
    unit: str = ""

    @property
    def text(self) -> str:
        """「27,500 → 55,000 は 2.0倍（+100%）」, or the English form after ``set_language('en')``."""
        a, b = _number(self.before, self.unit), _number(self.after, self.unit)
        r, p = _ratio_text(self.ratio), _percent_text(self.percent)
        return tr(f"{a} → {b} は {r}倍（{p}）", f"{a} → {b} is {r} times ({p})")

    def __str__(self) -> str:
        return self.text


def change_both_ways(before: float, after: float, unit: str = "") -> Change:
    """Say a change both ways, as a ratio and as a percentage, so neither is misread.

    ``ratio = after / before``; ``percent = (ratio − 1) × 100``. "2倍" is "+100 %", not "+200 %";
    "0.27倍" is "−73 %". Returns a :class:`Change` (``.ratio``, ``.percent``, ``.text``; printing it
    shows the sentence).

    >>> c = change_both_ways(3_000_000, 810_000)
    >>> print(c)
    3,000,000 → 810,000 は 0.27倍（−73%）
    >>> round(c.ratio, 2), round(c.percent, 1)
    (0.27, -73.0)
    >>> print(change_both_ways(27_500, 55_000, unit="円"))
    27,500円 → 55,000円 は 2.0倍（+100%）
    """
    if before == 0:
        raise ChiikiLabValueError(
            "変化前の値が 0 なので、倍率も増減率も計算できません。",
            "The value before is 0, so neither a ratio nor a percentage change can be computed.",
        )
    ratio = after / before
    return Change(before, after, ratio, ratio_to_percent(ratio), unit)
