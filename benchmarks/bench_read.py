"""Reading benchmark: read_estat against plain pandas, and the Excel engines against each other.

    python benchmarks/bench_read.py [--repeat 3] [--keep DIR]

Inputs are generated in a temporary folder from real files of the corpus (nothing large is committed):

* a 50,000-row e-Stat-style CSV: the e-Stat database download of the 1980 census
  (tests/data/real/estat_db_census1980_00101_utf8sig.csv: title lines, legend, code and label header
  rows) with its 10,623 data rows repeated 5 times;
* a 5 MB ``.xls``: no real .xls of that size was found in a public repository, so the benchmark writes one
  with xlwt from the real SSDSE-A 2026 table (tests/data/real/ssdse_a_2026.csv: 3 header rows, 1,741
  municipalities × 128 items), rows repeated until the file passes 5 MB; the same cells also go to an
  .xlsx for openpyxl.

Each measurement runs in a fresh Python process (median of ``--repeat``), after the imports; "peak" is how
far the process's peak resident memory rose above its size before the call, in MB (tracemalloc is not
used: it slows pure-Python code many times over and would distort the comparison). Machine load is printed first: on a
shared machine the absolute times vary, the ratios much less.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"

MEASURE = """
import resource, sys, time
sys.path.insert(0, {src!r})
{setup}
base = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize() / 2**20
t = time.perf_counter()
{call}
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10 - base
print(elapsed, peak)
"""


def measure(setup: str, call: str, repeat: int) -> tuple[float, float]:
    code = MEASURE.format(src=str(ROOT / "src"), setup=setup, call=call)
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        runs.append(tuple(map(float, out.split()[-2:])))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def make_csv(folder: Path) -> Path:
    lines = (REAL / "estat_db_census1980_00101_utf8sig.csv").read_bytes().decode("utf-8-sig").splitlines(True)
    head, data = lines[:11], lines[11:]
    path = folder / "estat_50000_rows.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        f.writelines(head)
        for _ in range(5):
            f.writelines(data)
    return path


def make_xls(folder: Path) -> tuple[Path, Path]:
    import openpyxl
    import xlwt

    rows = list(csv.reader(io.StringIO((REAL / "ssdse_a_2026.csv").read_bytes().decode("cp932"))))
    header, data = rows[:3], rows[3:]
    path = folder / "ssdse_5mb.xls"
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("SSDSE-A")
    sheet.write(0, 0, "SSDSE-A 2026（行を繰り返したベンチマーク用ファイル）")
    r = 2
    for row in header:
        for c, v in enumerate(row[:256]):
            sheet.write(r, c, v)
        r += 1
    copies = 0
    while True:
        for row in data:
            for c, v in enumerate(row[:256]):
                try:
                    sheet.write(r, c, float(v) if c >= 3 else v)
                except ValueError:
                    sheet.write(r, c, v)
            r += 1
        copies += 1
        book.save(str(path))
        if path.stat().st_size >= 5 * 10**6 or r + len(data) > 65_000:
            break
    xlsx = folder / "ssdse_5mb.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("SSDSE-A")
    import xlrd

    src = xlrd.open_workbook(str(path)).sheet_by_index(0)
    for i in range(src.nrows):
        ws.append(src.row_values(i))
    wb.save(str(xlsx))
    print(f"generated {path.name}: {path.stat().st_size / 1e6:.1f} MB, {r:,} rows ({copies} copies of 1,741), "
          f"and {xlsx.name}: {xlsx.stat().st_size / 1e6:.1f} MB")
    return path, xlsx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the generated files here instead of a temporary folder")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        big_csv = make_csv(folder)
        xls, xlsx = make_xls(folder)
        print(f"generated {big_csv.name}: {big_csv.stat().st_size / 1e6:.1f} MB, 53,115 data rows")
        rs = "from chiiki_lab.io import read_estat; import pandas as pd; import chiiki_lab.codes as c; c.resolve('10425')"
        cases = [
            ("50,000-row CSV  read_estat", rs, f"df = read_estat({str(big_csv)!r})"),
            ("50,000-row CSV  pandas.read_csv", rs,
             f"df = pd.read_csv({str(big_csv)!r}, skiprows=10, encoding='utf-8-sig', thousands=',', na_values=['***', '-'])"),
            ("5 MB .xls       read_estat", rs, f"df = read_estat({str(xls)!r})"),
            ("5 MB .xls       pandas.read_excel (xlrd)", rs, f"df = pd.read_excel({str(xls)!r}, header=[2, 3, 4])"),
            ("5 MB .xls       pandas.read_excel (calamine)", rs,
             f"df = pd.read_excel({str(xls)!r}, header=[2, 3, 4], engine='calamine')"),
            ("engines: all cells of the .xls  python-calamine", "from python_calamine import CalamineWorkbook",
             f"rows = CalamineWorkbook.from_path({str(xls)!r}).get_sheet_by_index(0).to_python()"),
            ("engines: all cells of the .xls  xlrd", "import xlrd",
             f"s = xlrd.open_workbook({str(xls)!r}).sheet_by_index(0); rows = [s.row_values(i) for i in range(s.nrows)]"),
            ("engines: all cells of the .xlsx python-calamine", "from python_calamine import CalamineWorkbook",
             f"rows = CalamineWorkbook.from_path({str(xlsx)!r}).get_sheet_by_index(0).to_python()"),
            ("engines: all cells of the .xlsx openpyxl (read-only)", "import openpyxl",
             f"rows = list(openpyxl.load_workbook({str(xlsx)!r}, read_only=True, data_only=True).worksheets[0].iter_rows(values_only=True))"),
        ]
        print(f"{'':54s} {'time (s)':>9s} {'peak (MB)':>10s}")
        for label, setup, call in cases:
            seconds, peak = measure(setup, call, args.repeat)
            print(f"{label:54s} {seconds:9.2f} {peak:10.1f}")


if __name__ == "__main__":
    main()
