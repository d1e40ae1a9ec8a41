"""constraints.txt pins every dependency, and the class set-up, CI and the offline bundle use it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0]).lower()


def test_every_dependency_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version
    requirements = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    wanted = {_name(r.name) for r in requirements if r.marker is None or r.marker.evaluate()}  # this Python's
    assert wanted - set(pins) == set()
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", v) for v in pins.values())


def test_readme_ci_and_bundle_install_with_the_constraints():
    assert 'pip install ".[test]" -c constraints.txt' in (ROOT / "README.md").read_text(encoding="utf-8")
    assert '-c constraints.txt' in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    bundle = (ROOT / "src" / "chiiki_lab" / "bundle.py").read_text(encoding="utf-8")
    assert 'bundle_dir("constraints.txt")' in bundle
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert wheel["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["constraints.txt"] == (
        "chiiki_lab/_bundle/constraints.txt")
