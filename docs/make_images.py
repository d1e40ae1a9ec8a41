"""Make the example images in ``docs/img/`` from the bundled data.

Run from the repository root:  PYTHONPATH=src python3 docs/make_images.py
Each entry of ``IMAGES`` maps a file name to a function that draws it and returns its Axes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import chiiki_lab
from chiiki_lab import plots

OUT = Path(__file__).resolve().parent / "img"


def pyramid_tsumagoi():
    """嬬恋村 (群馬県) 2020 population pyramid in shares, with Japan's shape as an outline."""
    return plots.pyramid("嬬恋村", compare="national")


def ranking_gunma_aging():
    """群馬県's 35 municipalities by share aged 65+, 嬬恋村 highlighted."""
    census = chiiki_lab.load("census2020")
    gunma = census[(census["pref_name"] == "群馬県") & census["is_basic_municipality"]]
    return plots.ranking(gunma, "share_age65p_pct", highlight="嬬恋村")


IMAGES = {
    "pyramid_tsumagoi.png": pyramid_tsumagoi,
    "ranking_gunma_aging.png": ranking_gunma_aging,
}


def main() -> None:
    chiiki_lab.set_language("ja")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in IMAGES.items():
        ax = draw()
        ax.figure.savefig(OUT / name, dpi=144, facecolor="white")
        plt.close(ax.figure)
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
