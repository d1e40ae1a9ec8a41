"""Print which versions differ from constraints.txt: what .ci/newest tests beyond the tested set.

    python tools/version_drift.py newest-versions.txt   # a `pip list --format=freeze` file

One line per package whose version differs (constrained → found, and how far: major, minor, patch, older),
then a count. A failure of .ci/newest starts here: the packages that moved by a major or minor release first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
# Installed by `python -m venv` and pip itself, not by chiiki-lab[test]: never pinned, never drift.
NOT_DEPENDENCIES = {"pip", "setuptools", "wheel", "chiiki-lab"}
ORDER = ["major", "minor", "patch", "older", "not pinned", "not installed"]


def read_pins(text: str) -> dict[str, str]:
    """``name==version`` lines (constraints.txt, pip freeze) → {normalised name: version}."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonicalize_name(name)] = version.strip()
    return pins


def distance(constrained: str, found: str) -> str:
    """How far ``found`` is from ``constrained``: "major", "minor", "patch" (or smaller), "older"."""
    old, new = Version(constrained), Version(found)
    if new < old:
        return "older"
    for part, (a, b) in zip(("major", "minor"), zip(old.release + (0, 0), new.release + (0, 0))):
        if a != b:
            return part
    return "patch"


def drift(pins: dict[str, str], found: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(name, constrained, found, distance) for every package whose version differs; "-" where one side lacks it."""
    rows = []
    for name in sorted((set(pins) | set(found)) - NOT_DEPENDENCIES):
        a, b = pins.get(name), found.get(name)
        if a == b:
            continue
        how = distance(a, b) if a and b else ("not pinned" if b else "not installed")
        rows.append((name, a or "-", b or "-", how))
    return rows


def main(argv: list[str]) -> int:
    pins = read_pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    found = read_pins(Path(argv[0]).read_text(encoding="utf-8"))
    rows = sorted(drift(pins, found), key=lambda r: (ORDER.index(r[3]), r[0]))  # the big moves first
    for name, a, b, how in rows:
        print(f"{name:28} {a:>14} → {b:<16} {how}")
    counts = ", ".join(f"{n} {how}" for how in ORDER if (n := sum(r[3] == how for r in rows)))
    print(f"{len(rows)} packages differ from constraints.txt ({counts or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
