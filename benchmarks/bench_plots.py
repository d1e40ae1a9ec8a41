"""Chart benchmark: time to render a population pyramid, in a fresh process.

    python benchmarks/bench_plots.py [--repeat 5]

Prints the median over fresh processes of (a) the first pyramid, including the one-time imports of
pandas and matplotlib and the data load, and (b) a second pyramid in the same process, each saved
as a PNG at 100 dpi.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CODE = """
import io, time
import matplotlib
matplotlib.use("Agg")
import chiiki_lab
t0 = time.perf_counter()
ax = chiiki_lab.pyramid("嬬恋村", compare="national")
ax.figure.savefig(io.BytesIO(), format="png", dpi=100)
t1 = time.perf_counter()
ax = chiiki_lab.pyramid("高山市", compare="prefecture")
ax.figure.savefig(io.BytesIO(), format="png", dpi=100)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runs = []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, "-c", CODE], check=True, capture_output=True, text=True).stdout
        runs.append([float(x) for x in out.split()])
    first = statistics.median(r[0] for r in runs)
    second = statistics.median(r[1] for r in runs)
    print(f"first pyramid + PNG (with imports and data load): {first * 1000:7.0f} ms")
    print(f"next pyramid + PNG (same process):                {second * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
