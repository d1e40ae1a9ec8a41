"""Grading benchmark: time to grade a class of 40 generated submissions to chapter 1.

    python benchmarks/bench_grading.py [--workers 2] [--cell-timeout 10] [--zip]

The class (``tests/test_exercises_grading.py:make_class``) holds 12 right, 8 wrong and 8 partial
notebooks and 12 bad ones: a syntax error, an endless loop (costs one cell time-out), deleted and
reordered cells, a renamed file, a socket to a loopback listener, reading the hidden tests and
writing outside its folder, a blank notebook, a ZeroDivisionError, a file that is not a notebook, a
cell that kills its kernel, Japanese + emoji output. Prints the wall time, the sandbox mode and the
load average (other work on the machine slows it down).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cell-timeout", type=float, default=10)
    parser.add_argument("--zip", action="store_true", help="hand the submissions over as one zip")
    args = parser.parse_args()

    from test_exercises_grading import EXERCISE, make_class

    from chiiki_lab.exercises.grade import grade, sandbox_mode

    with tempfile.TemporaryDirectory(prefix="bench_grading_") as tmp:
        tmp = Path(tmp)
        expected = make_class(tmp / "subs", port=9, secrets=[tmp / "pwned.txt"])
        subs = Path(shutil.make_archive(str(tmp / "subs"), "zip", tmp / "subs")) if args.zip else tmp / "subs"
        mode = sandbox_mode()
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        run = grade(subs, EXERCISE, out=tmp / "out", workers=args.workers, cell_timeout=args.cell_timeout, progress=True)
        seconds = time.perf_counter() - started
    per = [r.seconds for r in run.results]
    print(run.summary())
    print()
    print(f"submissions graded:           {len(run.results):7d} (expected {len(expected)})")
    print(f"time to grade 40 (wall):      {seconds:7.1f} s  (target <= 60 s; workers {args.workers}, "
          f"cell time-out {args.cell_timeout:g} s)")
    print(f"per notebook: median {sorted(per)[len(per) // 2]:.1f} s, max {max(per):.1f} s")
    cpu = sum(r.cpu_seconds for r in run.results)
    print(f"CPU time (grader + kernels):  {cpu:7.1f} s  -> on an idle machine about {cpu / min(args.workers, os.cpu_count()):.1f} s "
          f"wall with {args.workers} workers (CPU ÷ workers; the sandbox launcher is not counted)")
    print(f"sandbox: {mode}; CPUs {os.cpu_count()}; load average before/after {load_before:.1f}/{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
