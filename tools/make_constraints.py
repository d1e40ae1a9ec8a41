"""Write constraints.txt: the installed version of every package chiiki-lab[test] needs (the whole closure).

    python tools/make_constraints.py        # run in an environment where the full lane passes

The class set-up (README), CI (.ci/run) and the offline bundle install with ``-c constraints.txt``,
so a class gets the versions the tests passed with; .ci/newest tries the newest releases instead.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]


def closure(requirements: list[str]) -> dict[str, str]:
    env = default_environment()
    todo = [Requirement(r) for r in requirements]
    found: dict[str, str] = {}
    while todo:
        req = todo.pop()
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        if req.marker and not any(req.marker.evaluate({**env, "extra": e}) for e in ["", *req.extras]):
            continue
        if name in found and not req.extras:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[name] = dist.version
        for sub in dist.requires or []:
            r = Requirement(sub)
            if r.marker is None or any(r.marker.evaluate({**env, "extra": e}) for e in ["", *req.extras]):
                todo.append(Requirement(str(r).split(";")[0]) if r.marker else r)
    return found


def needs_newer_patch(name: str) -> bool:
    """True if the installed release refuses the first patch release of this Python's minor version.

    The offline bundle downloads for "Python 3.11" (pip reads that as 3.11.0): a pin such as
    soupsieve 4.1.3 (Requires-Python >=3.11.5) would make it unsolvable, and a learner's 3.11.4
    could not install it. Such packages are left unpinned, so pip picks the newest release that fits.
    """
    requires = metadata.distribution(name).metadata.get("Requires-Python")
    first_patch = f"{sys.version_info.major}.{sys.version_info.minor}.0"
    return bool(requires) and not SpecifierSet(requires).contains(first_patch)


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = closure(project["dependencies"] + project["optional-dependencies"]["test"])
    lines = [f"{name}=={version}" for name, version in sorted(pins.items()) if not needs_newer_patch(name)]
    header = ("# Tested versions of every package chiiki-lab[test] installs (python tools/make_constraints.py).\n"
              "# pip install \".[test]\" -c constraints.txt   (README class set-up, .ci/run, offline bundle)\n")
    (ROOT / "constraints.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"constraints.txt: {len(lines)} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
