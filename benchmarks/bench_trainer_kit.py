"""Trainer's kit benchmark: size and build time of the slide deck and the A4 handout of each notebook.

    python benchmarks/bench_trainer_kit.py [NOTEBOOK ...] [--pdf] [--answers-blank]

With no NOTEBOOK, every curriculum notebook and exercise is measured (names as ``chiiki-lab slides``
takes them: ``01_population_aging``, ``01``, ``ch01`` or a path). Times are wall-clock seconds in
this process after a warm-up build (imports, font loading and the first Pygments/mistune set-up are
outside the measurement; the "first build" line shows them). ``--pdf`` also prints each handout
with headless Chromium and reports the PDF's size and time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--pdf", action="store_true", help="also print handouts to PDF (needs Chromium)")
    parser.add_argument("--answers-blank", action="store_true", help="handouts with blank answer boxes")
    args = parser.parse_args()

    from chiiki_lab._paths import bundle_dir
    from chiiki_lab.handout import build_handout
    from chiiki_lab.browser import pdf_engine
    from chiiki_lab.slides import build_slides, find_notebook

    names = args.notebooks or [p.stem for kind in ("notebooks", "exercises") for p in sorted(bundle_dir(kind).glob("*.ipynb"))]
    paths = [find_notebook(name) for name in names]

    start = time.perf_counter()
    build_slides(paths[0])
    build_handout(paths[0])
    print(f"first build (imports, font, warm-up) of {paths[0].stem}: {time.perf_counter() - start:.2f} s")
    if args.pdf:
        print(f"PDF engine: {pdf_engine() or 'none (install chromium)'}")
    header = f"{'notebook':<26} {'slides':>5} {'deck':>10} {'s':>6}   {'handout':>10} {'s':>6}"
    print(header + ("   {:>10} {:>6}".format("pdf", "s") if args.pdf else ""))
    totals = [0.0, 0.0, 0.0]
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            t0 = time.perf_counter()
            deck = build_slides(path)
            t1 = time.perf_counter()
            handout = build_handout(path, answers_blank=args.answers_blank)
            t2 = time.perf_counter()
            line = (f"{path.stem:<26} {deck.n_slides:>5} {_kib(len(deck.html.encode())):>10} {t1 - t0:>6.2f}   "
                    f"{_kib(len(handout.html.encode())):>10} {t2 - t1:>6.2f}")
            totals[0] += t1 - t0
            totals[1] += t2 - t1
            if args.pdf:
                pdf = handout.save_pdf(Path(tmp) / f"{path.stem}.pdf")
                t3 = time.perf_counter()
                totals[2] += t3 - t2
                line += f"   {_kib(pdf.stat().st_size):>10} {t3 - t2:>6.2f}"
            print(line)
    print(f"total build time: slides {totals[0]:.2f} s, handouts {totals[1]:.2f} s"
          + (f", PDFs {totals[2]:.2f} s" if args.pdf else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
