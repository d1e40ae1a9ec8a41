"""Collect a class's exercise notebooks from the learners' homes and return their feedback pages.

    python deploy/jupyterhub/classroom.py collect ch01_population --homes "/home/*" --out submissions
    chiiki-lab exercises grade submissions/ch01_population --exercise ch01_population --out grades/ch01_population
    python deploy/jupyterhub/classroom.py return ch01_population grades/ch01_population --homes "/home/*"

Run as the instructor with read/write access to the homes (on one machine: as root, with sudo).
``collect`` copies ``<home>/chiiki_lab/exercises/<exercise>.ipynb`` to ``<out>/<exercise>/<user>.ipynb``
(user = the home folder's name); ``return`` copies ``<grades>/feedback/<learner>.html`` to
``<home>/chiiki_lab/feedback/<exercise>.html``, where the learner opens it in JupyterLab. A learner's
own files are never touched: collecting only reads, returning writes only into ``feedback/``.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import sys
from pathlib import Path


def collect(exercise: str, homes: str, out: Path) -> list[Path]:
    target = out / exercise
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for home in sorted(Path(h) for h in glob.glob(homes)):
        source = home / "chiiki_lab" / "exercises" / f"{exercise}.ipynb"
        if source.is_file():
            copied.append(Path(shutil.copy2(source, target / f"{home.name}.ipynb")))
    return copied


def give_back(exercise: str, grades: Path, homes: str) -> list[Path]:
    returned = []
    by_user = {Path(h).name: Path(h) for h in glob.glob(homes)}
    for page in sorted((grades / "feedback").glob("*.html")):
        home = by_user.get(page.stem)
        if home is None:
            continue  # the learner id is not a home folder's name: hand this page out yourself
        dest = home / "chiiki_lab" / "feedback" / f"{exercise}.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, dest)
        if os.geteuid() == 0:  # run with sudo: the learner owns what lands in their home
            for path in (dest.parent, dest):
                shutil.chown(path, home.owner(), home.group())
        returned.append(dest)
    return returned


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    p = sub.add_parser("collect", help="copy every learner's exercise notebook into one folder")
    p.add_argument("exercise")
    p.add_argument("--homes", required=True, help='glob of the learners\' homes, e.g. "/home/*"')
    p.add_argument("--out", default="submissions", type=Path)
    p = sub.add_parser("return", help="copy each learner's feedback page into their home")
    p.add_argument("exercise")
    p.add_argument("grades", type=Path, help="the --out folder of chiiki-lab exercises grade")
    p.add_argument("--homes", required=True)
    args = parser.parse_args()
    if args.action == "collect":
        done = collect(args.exercise, args.homes, args.out)
        print(f"collected {len(done)} notebooks into {args.out / args.exercise}")
    else:
        done = give_back(args.exercise, args.grades, args.homes)
        print(f"returned {len(done)} feedback pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
