"""Colour-vision-safe colours for charts and maps, and how a colour looks with colour-vision deficiency.

About 1 in 20 Japanese men see red and green as similar colours (P型・D型色覚). Charts for 議会 or
residents should not rely on red against green. ``OKABE_ITO`` is the 8-colour set of Okabe and Ito,
"Color Universal Design (CUD): how to make figures and presentations that are friendly to colorblind
people" (2002/2008), used by the カラーユニバーサルデザイン guidelines. :func:`simulate` shows how
colours look with protanopia (P型), deuteranopia (D型) or tritanopia (T型), using the model of
Machado, Oliveira and Fernandes (2009) as implemented by the ``colorspacious`` package, and
:func:`min_difference` measures how distinguishable a palette stays (CAM02-UCS ΔE; below about 10 the
colours are hard to tell apart in a small chart).

>>> from chiiki_lab import colors
>>> colors.palette(3)
['#0072B2', '#E69F00', '#009E73']
>>> colors.min_difference(["#ff0000", "#008000"], "deuteranopia") < colors.min_difference(colors.palette(3), "deuteranopia")
True
"""

from __future__ import annotations

from .errors import ChiikiLabValueError

# name -> (hex, Japanese name); the order of palette() puts the most distinct colours first
OKABE_ITO: dict[str, tuple[str, str]] = {
    "blue": ("#0072B2", "青"),
    "orange": ("#E69F00", "オレンジ"),
    "bluish_green": ("#009E73", "青みの緑"),
    "vermillion": ("#D55E00", "朱色"),
    "sky_blue": ("#56B4E9", "空色"),
    "reddish_purple": ("#CC79A7", "赤紫"),
    "yellow": ("#F0E442", "黄色"),
    "black": ("#000000", "黒"),
}
KINDS = {"protanopia": "P型（1型）色覚", "deuteranopia": "D型（2型）色覚", "tritanopia": "T型（3型）色覚"}
_CVD_TYPE = {"protanopia": "protanomaly", "deuteranopia": "deuteranomaly", "tritanopia": "tritanomaly"}


def palette(n: int = 8) -> list[str]:
    """The first ``n`` (1–8) Okabe–Ito colours as hex strings, most distinct first."""
    if not isinstance(n, int) or not 1 <= n <= len(OKABE_ITO):
        raise ChiikiLabValueError(
            f"色の数 n={n!r} は 1〜{len(OKABE_ITO)} の整数で指定してください。それ以上の区分は、色ではなく線の形や直接のラベルで区別します。",
            f"n={n!r}: give a whole number from 1 to {len(OKABE_ITO)}; beyond that, use line styles or direct labels.",
        )
    return [hex_ for hex_, _ in list(OKABE_ITO.values())[:n]]


def _rgb(colors):
    import numpy as np
    from matplotlib.colors import to_rgb

    return np.array([to_rgb(c) for c in colors], dtype=float)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ChiikiLabValueError(
            f"kind={kind!r} は使えません。{', '.join(f'{k}（{v}）' for k, v in KINDS.items())} のどれかです。",
            f"kind={kind!r} is not supported; use one of {', '.join(KINDS)}.",
        )


def simulate(colors, kind: str = "deuteranopia") -> list[str]:
    """How ``colors`` (any matplotlib colour: hex, names) look with the colour vision ``kind``, as hex."""
    import numpy as np
    from colorspacious import cspace_convert
    from matplotlib.colors import to_hex

    _check_kind(kind)
    seen = cspace_convert(_rgb(colors), {"name": "sRGB1+CVD", "cvd_type": _CVD_TYPE[kind], "severity": 100}, "sRGB1")
    return [to_hex(c) for c in np.clip(seen, 0, 1)]


def simulate_image(image, kind: str = "deuteranopia"):
    """Simulate ``kind`` on an RGB(A) image array (floats 0–1 or uint8), e.g. a chart saved as PNG."""
    import numpy as np
    from colorspacious import cspace_convert

    _check_kind(kind)
    array = np.asarray(image)
    scale = 255.0 if array.dtype == np.uint8 else 1.0
    rgb = array[..., :3].astype(float) / scale
    seen = cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": _CVD_TYPE[kind], "severity": 100}, "sRGB1")
    out = array.astype(float) / scale
    out[..., :3] = np.clip(seen, 0, 1)
    return out


def min_difference(colors, kind: str | None = None) -> float:
    """Smallest colour difference (CAM02-UCS ΔE) between any two of ``colors``, as seen by ``kind``.

    ``kind=None`` measures common colour vision. Below about 10, two colours are easily confused in a
    chart's thin lines or small patches.
    """
    import itertools

    import numpy as np
    from colorspacious import cspace_convert

    hexes = simulate(colors, kind) if kind else list(colors)
    if len(hexes) < 2:
        raise ChiikiLabValueError("比べる色を2つ以上渡してください。", "Pass at least two colours to compare.")
    ucs = cspace_convert(_rgb(hexes), "sRGB1", "CAM02-UCS")
    return float(min(np.linalg.norm(a - b) for a, b in itertools.combinations(ucs, 2)))
