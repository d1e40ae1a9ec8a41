"""Run time and stored size of lesson notebooks, and the bytes of bundled datasets: prints figures, asserts nothing.

    PYTHONPATH=$PWD/src python benchmarks/bench_notebooks.py notebooks/1[2-5]_*.ipynb \\
        --datasets ipss2023_projection juki_migration kaigo_insurers_fy2023 economic_census
    PYTHONPATH=$PWD/src python benchmarks/bench_notebooks.py notebooks/1[6-9]_*.ipynb notebooks/2[01]_*.ipynb \\
        --datasets census2020_mesh250m shelters_gunma gtfs_kanetsu_stops gtfs_kanetsu_routes jinryu_nagano_municipal \\
        jinryu_karuizawa_mesh lodging_guest_nights opendata_shimabara_tourism opendata_templates

For each notebook: wall time of a fresh-kernel run (nbclient, as nbval runs it), the kernel process's CPU
time (user + system, incl. start-up and imports: the figure that does not grow with the machine's load) and
the stored size (limit 400 KB). Then, for each named dataset, its rows and the bytes it adds to the wheel.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path) -> tuple[float, float]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        kernel = psutil.Process(client.km.provisioner.process.pid)
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        cpu = kernel.cpu_times()
    return time.perf_counter() - start, cpu.user + cpu.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: none)")
    parser.add_argument("--datasets", nargs="*", default=[], help="dataset names whose size to print")
    args = parser.parse_args()
    print(f"CPUs {os.cpu_count()}; load average at start {os.getloadavg()[0]:.1f}")
    if args.notebooks:
        print(f"{'notebook':<34}{'wall s':>8}{'kernel CPU s':>14}{'stored KB':>11}")
    for path in args.notebooks:
        wall, cpu = run(path.resolve())
        print(f"{path.name:<34}{wall:>8.1f}{cpu:>14.1f}{path.stat().st_size / 1024:>11.1f}")
    if args.datasets:
        catalog = json.loads((ROOT / "datasets" / "catalog.json").read_text(encoding="utf-8"))["datasets"]
        entries = {e["name"]: e for e in catalog}
        total = sum(entries[name]["bytes"] for name in args.datasets)
        print(f"\n{len(args.datasets)} datasets, {total:,} bytes in datasets/ (shipped in the wheel)")
        for name in args.datasets:
            print(f"  {name:<28}{entries[name]['rows']:>9,} rows{entries[name]['bytes']:>11,} bytes")


if __name__ == "__main__":
    main()
