"""Grading benchmark: an honest class and a hostile class of 40, against a bare nbclient run.

    python benchmarks/bench_grading.py [--workers 3] [--cell-timeout 15] [--skip-bare]

The defaults are those of the documented command, ``chiiki-lab exercises grade`` (3 workers, 15 s per
cell: ``grade.CELL_TIMEOUT``), so the figures are what an instructor gets.

1. **honest class**: the 40 chapter-1 submissions of ``tests/test_exercises_grading.py:make_class``
   (right, wrong, partial, a syntax error, an endless loop, deleted and reordered cells, a blank
   notebook, a file that is not a notebook, a kernel that exits…);
2. **hostile class**: every attack of ``tests/test_grading_hostile.py`` (oracle, forged encoder and
   nonce, other kernels, spoofed id, rewriting classmates, killing the parent, /proc/sys, host
   sockets, secrets, 6 GB, fork bomb, 200 MB output, interrupt-proof loop, odd file names) plus
   honest notebooks up to 40;
3. **bare nbclient**: the honest class's notebooks run with plain ``nbclient`` (fresh kernel each,
   no sandbox, same worker count and cell time-out) — the floor a grader without a sandbox or
   prewarming pays. The hostile class is never run without a sandbox.

Prints wall time, CPU (the grader process apart), per-notebook wall and kernel CPU times, the wall
time of each step summed over the class (kernel start, cells, answers, clean; the same for the
variant re-run) and how many notebooks were re-run, the slowest notebooks with their steps, the
sandbox start times (bubblewrap + zygote prewarm + the exercise's data), CPU count and the load
average before and after. Other work on the machine stretches every wall time (each cell is several
wake-ups across processes): say so, and compare CPU. ``nice -n -10 python benchmarks/...`` (root)
comes closer to an idle machine while others' jobs run.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]


def _bare(path: str, cell_timeout: float) -> float:
    import nbformat
    from nbclient import NotebookClient

    started = time.perf_counter()
    try:
        nb = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory() as tmp:
            NotebookClient(nb, timeout=int(cell_timeout), interrupt_on_timeout=True, allow_errors=True,
                           resources={"metadata": {"path": tmp}}).execute()
    except Exception:  # noqa: BLE001, S110  (a broken notebook still costs its time)
        pass
    return time.perf_counter() - started


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process (the grader) and of every finished child (sandboxes, zygotes, kernels)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _report(name: str, run, seconds: float, workers: int, before: tuple[float, float]) -> None:
    grader, children = (now - then for now, then in zip(_cpu(), before))
    cpu = grader + children
    per = sorted(r.seconds for r in run.results)
    kernel = sorted(r.kernel_cpu_seconds for r in run.results)
    print(f"{name}: {len(run.results)} notebooks in {seconds:.1f} s wall ({workers} workers)")
    print(f"  CPU, grader + sandboxes + kernels: {cpu:.1f} s (grader process {grader:.1f} s) -> about "
          f"{cpu / min(workers, os.cpu_count()):.1f} s wall on an otherwise idle machine (CPU / cores used)")
    print(f"  per notebook wall: median {per[len(per) // 2]:.2f} s, max {per[-1]:.2f} s")
    print(f"  kernel CPU (all kernels, incl. variants): total {sum(kernel):.1f} s, median {kernel[len(kernel) // 2]:.2f} s")
    starts = ", ".join(f"{s:.1f}" for s in run.sandbox_start_seconds)
    print(f"  sandbox starts (bubblewrap + prewarmed zygote): {starts} s")
    phases: dict[str, float] = {}
    for r in run.results:
        for phase, spent in r.phases.items():
            phases[phase] = phases.get(phase, 0.0) + spent
    print("  wall per step, summed over notebooks: " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()))
    print(f"  variant re-runs: {sum(1 for r in run.results if 'variant start' in r.phases)} of {len(run.results)}")
    slow = sorted(run.results, key=lambda r: -r.seconds)[:4]
    print("  slowest: " + ", ".join(f"{r.learner} {r.seconds:.1f} s ("
                                    + ", ".join(f"{k} {v:.1f}" for k, v in r.phases.items()) + ")" for r in slow))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from chiiki_lab.exercises.grade import CELL_TIMEOUT, DEFAULT_WORKERS

    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--cell-timeout", type=float, default=CELL_TIMEOUT)
    parser.add_argument("--skip-bare", action="store_true", help="do not run the bare nbclient comparison")
    args = parser.parse_args()

    import nbformat
    from test_exercises_grading import EXERCISE, RIGHT, _fill, _learner_notebook, make_class
    from test_grading_hostile import Listeners, make_hostile_class

    from chiiki_lab.exercises.grade import grade
    from chiiki_lab.exercises.sandbox import sandbox_problem

    if sandbox_problem():
        sys.exit(f"no sandbox here: {sandbox_problem()}")
    print(f"CPUs {os.cpu_count()}; load average at start {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench_grading_") as tmp:
        tmp = Path(tmp)
        make_class(tmp / "honest", port=9, secrets=[tmp / "pwned.txt"])
        (tmp / "hostile").mkdir()
        (tmp / "other").mkdir()
        listeners = Listeners(tmp / "other")
        paths = {"subs": tmp / "hostile", "out": tmp / "out_h", "canary": tmp / "other" / "c", "bundle": tmp / "other" / "b",
                 "work_glob": "/tmp/chiiki_grade_*/**/*.json", "unix_socket": listeners.unix_path,
                 "abstract": listeners.abstract, "tcp_port": listeners.port}
        hostile = make_hostile_class(tmp / "hostile", paths)
        for i in range(40 - len(hostile)):
            nbformat.write(_fill(_learner_notebook(), RIGHT), str(tmp / "hostile" / f"h{i:02d}.ipynb"))

        for name, folder in (("honest class", tmp / "honest"), ("hostile class", tmp / "hostile")):
            load, cpu = os.getloadavg()[0], _cpu()
            started = time.perf_counter()
            run = grade(folder, EXERCISE, out=tmp / f"out_{name[:3]}", workers=args.workers,
                        cell_timeout=args.cell_timeout, progress=False)
            seconds = time.perf_counter() - started
            _report(name, run, seconds, args.workers, cpu)
            print(f"  load average before/after: {load:.1f}/{os.getloadavg()[0]:.1f}")
        listeners.close()

        if not args.skip_bare:
            paths = sorted(str(p) for p in (tmp / "honest").glob("*.ipynb"))
            load, cpu = os.getloadavg()[0], _cpu()
            started = time.perf_counter()
            with ProcessPoolExecutor(args.workers) as pool:
                per = sorted(pool.map(_bare, paths, [args.cell_timeout] * len(paths)))
            seconds = time.perf_counter() - started
            cpu = sum(_cpu()) - sum(cpu)
            print(f"bare nbclient (honest class, no sandbox, no judging): {len(paths)} notebooks in {seconds:.1f} s wall; "
                  f"per notebook median {per[len(per) // 2]:.2f} s, max {per[-1]:.2f} s; CPU {cpu:.1f} s -> about "
                  f"{cpu / min(args.workers, os.cpu_count()):.1f} s wall idle")
            print(f"  load average before/after: {load:.1f}/{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
