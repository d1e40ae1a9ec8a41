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


def estat_read():
    """A CP932 e-Stat download (metadata rows, 「***」 markers) read by read_estat, shown as a table."""
    from chiiki_lab.io import read_estat

    df = read_estat(Path(__file__).resolve().parents[1] / "tests/data/estat/estat_census2020_age_cp932.csv")
    columns = ["code", "全国，都道府県，市区町村（2000年市区町村含む）", "男女", "総数", "0～4歳", "65～69歳", "100歳以上"]
    shown = df[columns].head(6).rename(columns={columns[1]: "地域"})
    shown = shown.astype(object).where(shown.notna(), "（欠測: ***）")
    fig, ax = plt.subplots(figsize=(8, 2.4))
    ax.axis("off")
    table = ax.table(cellText=shown.astype(str).values, colLabels=list(shown.columns), loc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1, 1.4)
    ax.set_title("read_estat('FEH_…csv') の結果（CP932・表題行つきの e-Stat ファイル）", fontsize=10)
    return ax


IMAGES = {
    "estat_read.png": estat_read,
    "pyramid_tsumagoi.png": pyramid_tsumagoi,
    "ranking_gunma_aging.png": ranking_gunma_aging,
}


def main() -> None:
    chiiki_lab.set_language("ja")
    plots.japanize()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in IMAGES.items():
        ax = draw()
        ax.figure.savefig(OUT / name, dpi=144, facecolor="white")
        plt.close(ax.figure)
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
