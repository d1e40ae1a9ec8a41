"""Maps benchmark: national municipal choropleth vs the naive ``GeoDataFrame.explore()``.

    python benchmarks/bench_maps.py [--repeat 3] [--screenshot]

Times are medians over ``--repeat`` fresh Python processes, libraries imported before the clock
starts (both sides pay the same import cost outside the measurement); the "first map" line adds the
imports. Sizes are of the saved HTML. ``--screenshot`` also renders ``docs/img/map_national_aging.png``
with headless Chromium, network disabled.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMN = "share_age65p_pct"

OURS = f"""
import time, folium, geopandas, mapclassify, matplotlib, chiiki_lab
from chiiki_lab import maps
df = chiiki_lab.load("census2020")
t = time.perf_counter()
m = maps.choropleth(df, {COLUMN!r}, title="市区町村別 高齢化率（2020年）", highlight="嬬恋村")
m.save({{out!r}})
print(time.perf_counter() - t)
"""

FIRST = f"""
import time
t = time.perf_counter()
import chiiki_lab
from chiiki_lab import maps
maps.choropleth(chiiki_lab.load("census2020"), {COLUMN!r}).save({{out!r}})
print(time.perf_counter() - t)
"""

NAIVE = f"""
import time, folium, geopandas, mapclassify, matplotlib, chiiki_lab
df = chiiki_lab.load("census2020")
t = time.perf_counter()
gdf = chiiki_lab.load_boundaries("municipality").merge(df[["code", {COLUMN!r}]], on="code", how="left")
gdf.explore(column={COLUMN!r}, scheme="quantiles", k=5, cmap="YlOrRd").save({{out!r}})
print(time.perf_counter() - t)
"""


def run(code: str, out: Path) -> float:
    result = subprocess.run(
        [sys.executable, "-c", code.format(out=str(out))],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg"},
    )
    return float(result.stdout.strip().splitlines()[-1])


def median_run(code: str, out: Path, repeat: int) -> float:
    return statistics.median(run(code, out) for _ in range(repeat))


def cdn_links(html: str) -> int:
    return len(re.findall(r"<(?:script|link)[^>]*\s(?:src|href)\s*=\s*[\"']?https?://", html, re.IGNORECASE))


def screenshot(page: Path, png: Path) -> None:
    from chiiki_lab.browser import OFFLINE_FLAGS, find_chromium

    browser = find_chromium()
    if browser is None:
        print("(Chromium not found: no screenshot)")
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, *OFFLINE_FLAGS, f"--user-data-dir={profile}", "--window-size=1000,1000", "--hide-scrollbars",
             "--virtual-time-budget=10000", f"--screenshot={png}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    print(f"screenshot: {png.relative_to(ROOT)} ({png.stat().st_size:,} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--screenshot", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        ours, naive, first = Path(tmp, "ours.html"), Path(tmp, "naive.html"), Path(tmp, "first.html")
        t_ours = median_run(OURS, ours, args.repeat)
        t_first = median_run(FIRST, first, args.repeat)
        t_naive = median_run(NAIVE, naive, args.repeat)
        size_ours, size_naive = ours.stat().st_size, naive.stat().st_size
        html_ours, html_naive = (p.read_text(encoding="utf-8") for p in (ours, naive))
        print(
            f"chiiki_lab.maps.choropleth, national:   {t_ours * 1000:7.0f} ms, {size_ours / 1e6:5.2f} MB "
            f"(target <= 1 MB), CDN links: {cdn_links(html_ours)}"
        )
        print(f"  first map incl. imports:              {t_first * 1000:7.0f} ms")
        print(
            f"GeoDataFrame.explore(), national:       {t_naive * 1000:7.0f} ms, {size_naive / 1e6:5.2f} MB, "
            f"CDN links: {cdn_links(html_naive)} (draws nothing offline)"
        )
        print(f"size ratio:                             {size_naive / size_ours:7.1f} x smaller")
        if args.screenshot:
            png = ROOT / "docs" / "img" / "map_national_aging.png"
            png.parent.mkdir(parents=True, exist_ok=True)
            screenshot(ours, png)


if __name__ == "__main__":
    main()
