"""地域カルテ benchmark: build the profile of every municipality and ward, report failures, time and size.

    python benchmarks/bench_profile.py                 # all 1,741 municipalities + 175 wards
    python benchmarks/bench_profile.py --jobs 2        # split over 2 processes
    python benchmarks/bench_profile.py --limit 50      # a quick look (first 50 codes)
    python benchmarks/bench_profile.py --cli 5         # `chiiki-lab profile 嬬恋村` from a cold start, 5 runs
    python benchmarks/bench_profile.py --batch 群馬県   # `chiiki-lab profile --pref 群馬県 --out DIR` (35 cards)

Each worker loads the data once (the "first profile" line includes that and the imports) and then
times every ``chiiki_lab.profile(code)`` (charts rendered, HTML assembled); sizes are of the HTML.
Targets: ≤ 3 s per profile, ≤ 2 MB per file; from the command line ≤ 2 s including start-up; a
prefecture's 35 cards ≤ 40 s. Wall time on a shared machine includes waiting for a CPU, so the CPU
time (user + system, of the process and its children) is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

TARGET_SECONDS = 3.0
TARGET_BYTES = 2 * 1024 * 1024


def all_codes() -> list[str]:
    """The 1,741 basic municipalities (designated cities whole) and the 175 wards, in code order."""
    import chiiki_lab

    master = chiiki_lab.load("municipalities")
    wanted = master["is_basic_municipality"].astype(bool) | (master["level"] == "designated_city_ward")
    return sorted(master.loc[wanted, "code"])


def build(codes: list[str]) -> tuple[float, list[tuple[str, float, float, int, str]]]:
    """Build each profile in this process: (first-profile seconds, [(code, wall s, CPU s, bytes, error)])."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    start = time.perf_counter()
    from chiiki_lab.report import profile

    profile(codes[0])  # imports, data loading and caches
    first = time.perf_counter() - start
    results = []
    for code in codes:
        t, cpu = time.perf_counter(), time.process_time()
        try:
            size, error = len(profile(code).html.encode("utf-8")), ""
        except Exception as e:  # the benchmark reports every failure
            size, error = 0, f"{type(e).__name__}: {e}"
        results.append((code, time.perf_counter() - t, time.process_time() - cpu, size, error))
    return first, results


def run_cli(args: list[str], runs: int) -> None:
    """Run ``chiiki-lab ARGS`` ``runs`` times in fresh processes (interpreter start-up included); print the
    wall and CPU seconds (user + system of the process and its children) of each, their median and max,
    and the load average before and after (other processes on the machine lengthen the wall time)."""
    import resource
    import subprocess
    import tempfile

    walls, cpus = [], []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "chiiki_lab.cli", *args, "--out", f"{tmp}/out{i}"],
                           check=True, capture_output=True, env={**os.environ, "MPLBACKEND": "Agg"})
            walls.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    load_after = os.getloadavg()
    print(f"chiiki-lab {' '.join(args)}: {runs} cold run(s), interpreter start-up included")
    print("  wall (s): " + " ".join(f"{w:.2f}" for w in walls)
          + f"; median {statistics.median(walls):.2f}, max {max(walls):.2f}")
    print("  CPU, user+sys (s): " + " ".join(f"{c:.2f}" for c in cpus)
          + f"; median {statistics.median(cpus):.2f}, max {max(cpus):.2f}")
    print(f"  load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f} on {os.cpu_count()} CPU(s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N codes")
    parser.add_argument("--cli", type=int, metavar="RUNS", help="time `chiiki-lab profile 嬬恋村` RUNS times, cold")
    parser.add_argument("--batch", metavar="PREF", help="time `chiiki-lab profile --pref PREF --out DIR` once")
    args = parser.parse_args()
    if args.cli:
        run_cli(["profile", "嬬恋村"], args.cli)
        return 0
    if args.batch:
        run_cli(["profile", "--pref", args.batch], 1)
        return 0

    codes = all_codes()[: args.limit]
    chunks = [codes[i :: args.jobs] for i in range(args.jobs)]
    wall = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        parts = list(pool.map(build, chunks))
    wall = time.perf_counter() - wall
    firsts = [first for first, _ in parts]
    results = sorted((r for _, rs in parts for r in rs), key=lambda r: r[0])

    failures = [r for r in results if r[4]]
    ok = [r for r in results if not r[4]]
    times = [r[1] for r in ok]
    cpus = [r[2] for r in ok]
    sizes = [r[3] for r in ok]
    slowest = max(ok, key=lambda r: r[1])
    largest = max(ok, key=lambda r: r[3])
    print(f"profiles built: {len(ok):,} of {len(results):,} ({args.jobs} process(es), wall {wall / 60:.1f} min)")
    print(f"first profile (imports + data loading): {max(firsts):.2f} s")
    print(
        f"time per profile: mean {statistics.mean(times):.2f} s, median {statistics.median(times):.2f} s, "
        f"max {slowest[1]:.2f} s ({slowest[0]}); over {TARGET_SECONDS:.0f} s: {sum(t > TARGET_SECONDS for t in times)}"
    )
    print(
        f"CPU time per profile: mean {statistics.mean(cpus):.2f} s, max {max(cpus):.2f} s (wall adds waiting for a CPU)"
    )
    print(
        f"HTML size: mean {statistics.mean(sizes) / 1024:.0f} KB, max {largest[3] / 1024:.0f} KB ({largest[0]}); "
        f"over 2 MB: {sum(s > TARGET_BYTES for s in sizes)}"
    )
    print(f"failures: {len(failures)}")
    for code, *_, error in failures:
        print(f"  {code}: {error}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
