"""chiiki_lab.colors against the published simulation matrices (Machado, Oliveira & Fernandes 2009)."""

from __future__ import annotations

import numpy as np
import pytest

from chiiki_lab import colors
from chiiki_lab.errors import ChiikiLabValueError

# Machado et al. (2009), severity 1.0, applied to linear RGB
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968],
                         [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])


def _linear(c):
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _srgb(c):
    c = np.clip(c, 0, 1)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


@pytest.mark.parametrize("hex_", ["#E69F00", "#0072B2", "#d62728", "#2ca02c"])
def test_simulation_matches_the_machado_matrix(hex_):
    rgb = np.array([int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    expected = _srgb(DEUTERANOPIA @ _linear(rgb))
    got = colors.simulate([hex_], "deuteranopia")[0]
    got = np.array([int(got[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    assert got == pytest.approx(expected, abs=2 / 255)


def test_red_and_green_collapse_but_the_palette_stays_apart():
    red_green = ["#d62728", "#2ca02c"]  # matplotlib's default red and green
    assert colors.min_difference(red_green) > 40
    assert colors.min_difference(red_green, "deuteranopia") < 10
    for kind in colors.KINDS:
        assert colors.min_difference(colors.palette(4), kind) > 10


def test_palette_size_is_checked():
    assert len(colors.palette()) == 8 and colors.palette(1) == ["#0072B2"]
    with pytest.raises(ChiikiLabValueError, match="1〜8"):
        colors.palette(9)
