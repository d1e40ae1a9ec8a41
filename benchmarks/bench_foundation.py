"""Foundation benchmark: import time, boundary load time vs GeoJSON, data size in the wheel.

    python benchmarks/bench_foundation.py [--raw ../shared/data/raw] [--repeat 5]

Each timing runs in a fresh Python process (no in-process caching counted) and reports the median.
Load timings cover the load call only, after the libraries are imported, so that both sides pay the
same import cost outside the measurement.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fresh(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def median_of(code: str, repeat: int) -> float:
    return statistics.median(fresh(code) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT.parent / "shared" / "data" / "raw")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import_time = median_of(
        "import time; t = time.perf_counter(); import chiiki_lab; print(time.perf_counter() - t)", args.repeat)
    print(f"import chiiki_lab:                      {import_time * 1000:7.1f} ms (target <= 300 ms)")

    load_time = median_of(
        "import time, geopandas, chiiki_lab\n"
        "t = time.perf_counter(); g = chiiki_lab.load_boundaries('municipality'); print(time.perf_counter() - t)",
        args.repeat)
    print(f"load_boundaries('municipality'):        {load_time * 1000:7.1f} ms (target <= 100 ms)")

    geojson = args.raw / "boundaries" / "jp_municipalities_2022.geojson"
    if geojson.is_file():
        read_time = median_of(
            "import time, geopandas\n"
            f"t = time.perf_counter(); g = geopandas.read_file({str(geojson)!r}); print(time.perf_counter() - t)",
            args.repeat)
        print(f"geopandas.read_file(raw GeoJSON):       {read_time * 1000:7.1f} ms")
        print(f"speed-up:                               {read_time / load_time:7.1f} x (target >= 6 x)")
    else:
        print(f"(raw GeoJSON not found at {geojson}; speed-up not measured)")

    resolve_time = median_of(
        "import time, chiiki_lab\n"
        "t = time.perf_counter(); chiiki_lab.resolve('嬬恋村'); print(time.perf_counter() - t)", args.repeat)
    print(f"first resolve('嬬恋村') in a fresh process: {resolve_time * 1000:5.1f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp, str(ROOT)],
                       check=True, capture_output=True)
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            infos = zf.infolist()
        data = [i for i in infos if "/_bundle/datasets/" in i.filename]
        print(f"wheel:                                  {wheel.stat().st_size / 1e6:7.2f} MB ({wheel.name})")
        print(f"data in the wheel:                      {sum(i.file_size for i in data) / 1e6:7.2f} MB "
              f"uncompressed, {sum(i.compress_size for i in data) / 1e6:.2f} MB compressed, {len(data)} files")


if __name__ == "__main__":
    main()
