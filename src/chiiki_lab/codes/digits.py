"""The form of a municipality code: 5 digits, the 6th check digit, and codes written in other ways."""

from __future__ import annotations

import math
import numbers
import re
import unicodedata

from ..errors import ChiikiLabTypeError, InvalidCodeError


def code6(code5) -> str:
    """Return the 6-digit code: the 5-digit code plus its check digit (weights 6,5,4,3,2, mod 11).

    >>> code6("10425"), code6(13101)
    ('104256', '131016')
    """
    code = normalize_code(code5)
    return code + check_digit(code)


def check_digit(code: str) -> str:
    """The check digit (6th digit) of a 5-digit code string: weights 6,5,4,3,2; (11 − sum mod 11) mod 10.

    >>> check_digit("10425")
    '6'
    """
    total = sum(int(d) * w for d, w in zip(code, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def normalize_code(value) -> str:
    """Return a code written in any usual form as the 5-digit string.

    Accepts ints, strings (also full-width digits and spaces), 6-digit codes (the check digit is
    verified) and 4-digit codes that lost their leading zero (Excel: ``1100`` → ``"01100"``).

    >>> normalize_code("１０４２５"), normalize_code(104256), normalize_code(1100)
    ('10425', '10425', '01100')
    """
    if isinstance(value, bool) or not isinstance(value, (str, numbers.Integral, float)):
        raise ChiikiLabTypeError(
            f"コードは文字列か整数で指定してください（受け取った値: {value!r}、型 {type(value).__name__}）。",
            f"Give the code as a string or an integer (got {value!r} of type {type(value).__name__}).",
        )
    if isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            raise ChiikiLabTypeError(
                f"コード {value!r} は整数ではありません。空欄（NaN）でないか確かめ、"
                "コードは \"10425\" のように文字列で指定してください。",
                f"The code {value!r} is not a whole number. Check that it is not a blank (NaN) and give "
                "codes as strings such as \"10425\".",
            )
        value = int(value)
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(value)))
    if not text.isascii() or not text.isdigit():
        raise InvalidCodeError(
            f"{value!r} は市区町村コードの形ではありません。コードは数字 5 桁（例 \"10425\"）か、"
            "検査数字付きの 6 桁（例 \"104256\"）で指定してください。",
            f"{value!r} is not a municipality code. Codes are 5 digits (e.g. \"10425\") or 6 digits "
            "with the check digit (e.g. \"104256\").",
        )
    if len(text) == 4:
        text = "0" + text
    if len(text) == 6:
        right = text[:5] + check_digit(text[:5])
        if text != right:
            raise InvalidCodeError(
                f"6 桁のコード {text} の検査数字（6 桁目）が正しくありません。{text[:5]} の正しい 6 桁コードは "
                f"{right} です。5 桁の {text[:5]} で指定することもできます。",
                f"The check digit (6th digit) of the 6-digit code {text} is wrong. The right 6-digit code "
                f"for {text[:5]} is {right}; you can also give the 5-digit code {text[:5]}.",
                correct=right,
            )
        text = text[:5]
    if len(text) != 5:
        raise InvalidCodeError(
            f"コード {value!r} の桁数（{len(text)} 桁）が合いません。市区町村コードは 5 桁（例 \"10425\"）か、"
            "検査数字付きの 6 桁（例 \"104256\"）です。",
            f"The code {value!r} has {len(text)} digits. Municipality codes have 5 digits (e.g. \"10425\") "
            "or 6 with the check digit (e.g. \"104256\").",
        )
    return text
