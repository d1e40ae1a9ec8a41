"""Run-time and size of the lesson notebooks 16–21 and their data: prints figures, asserts nothing.

    PYTHONPATH=$PWD/src python benchmarks/bench_chapters_16_21.py

For each notebook: wall time of a fresh-kernel run (nbclient, as nbval runs it), the kernel process's CPU
time (user + system, incl. kernel start-up and imports — the figure that does not grow with the machine's
load) and the stored size. Then the bytes the geo2 datasets add to the wheel.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("1[6-9]_*.ipynb")) + sorted((ROOT / "notebooks").glob("2[01]_*.ipynb"))
GEO2 = ["census2020_mesh250m", "shelters_gunma", "gtfs_kanetsu_stops", "gtfs_kanetsu_routes", "jinryu_nagano_municipal",
        "jinryu_karuizawa_mesh", "lodging_guest_nights", "opendata_shimabara_tourism", "opendata_templates"]


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
    print(f"CPUs {os.cpu_count()}; load average at start {os.getloadavg()[0]:.1f}")
    print(f"{'notebook':<34}{'wall s':>8}{'kernel CPU s':>14}{'stored KB':>11}")
    for path in NOTEBOOKS:
        wall, cpu = run(path)
        print(f"{path.name:<34}{wall:>8.1f}{cpu:>14.1f}{path.stat().st_size / 1024:>11.1f}")
    catalog = {e["name"]: e for e in json.loads((ROOT / "datasets" / "catalog.json").read_text(encoding="utf-8"))["datasets"]}
    total = sum(catalog[name]["bytes"] for name in GEO2)
    print(f"\ngeo2 datasets: {len(GEO2)} files, {total:,} bytes in datasets/ (shipped in the wheel)")
    for name in GEO2:
        print(f"  {name:<28}{catalog[name]['rows']:>9,} rows{catalog[name]['bytes']:>11,} bytes")


if __name__ == "__main__":
    main()
