"""Packaging: pyproject and environment.yml agree, the wheel carries the data, import stays light."""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PYPI = {"python-build": "build"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}


def _environment_names() -> set[str]:
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    names = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            names |= {_name(r) for r in dep["pip"] if not r.startswith("-e")}
        elif _name(dep) not in ("python", "pip"):
            names.add(CONDA_TO_PYPI.get(_name(dep), _name(dep)))
    return names


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert _environment_names() == _pyproject_names()


def test_environment_yml_versions_match_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {_name(r): r.replace(" ", "")[len(_name(r)):] for r in project["dependencies"]}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for name, pin in pins.items():
        if pin:
            assert re.search(rf"- {re.escape(name)}{re.escape(pin)}\s", text, re.IGNORECASE), (name, pin)


def test_import_is_light_and_public_api_resolves():
    code = (
        "import sys, chiiki_lab\n"
        "heavy = [m for m in ('pandas', 'geopandas', 'folium', 'matplotlib', 'pyarrow') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "missing = [n for n in chiiki_lab.__all__ if getattr(chiiki_lab, n, None) is None]\n"
        "assert not missing, missing\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    """Run a command; on failure the assertion shows its output (a failed install says why)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the venv must not see ./src
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _venv_seeing_these_packages(env_dir: Path) -> Path:
    """A fresh venv whose imports fall back to the packages of the Python running the tests.

    ``--system-site-packages`` alone shows the *base* interpreter's packages, which in a venv are not
    the ones installed there; a .pth file naming this interpreter's site-packages works the same in a
    plain venv, a conda env and CI. Plain path lines: the parent's own .pth files (an editable
    chiiki_lab) are not processed, so the wheel installed into the venv is the chiiki_lab it imports.
    """
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    parents = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(purelib) / "_test_parent_packages.pth").write_text("\n".join(parents) + "\n", encoding="utf-8")
    return python


@pytest.mark.slow
def test_wheel_installs_and_works_from_a_clean_venv(tmp_path):
    """Build the wheel, install it alone into a fresh venv, and use data, notebooks and the CLI from it."""
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ROOT])
    wheel = next(dist.glob("chiiki_lab-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert not [n for n in names if "_instructor" in n], "solutions and hidden tests must not ship to learners"
    for shipped in ("datasets/catalog.json", "notebooks/00_introduction.ipynb", "exercises/ch01_population.ipynb"):
        assert f"chiiki_lab/_bundle/{shipped}" in names
    env_dir = tmp_path / "venv"
    # the dependencies come from the Python running the tests (no index needed); the wheel goes into the venv
    python = _venv_seeing_these_packages(env_dir)
    _run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", wheel])
    code = (
        "import chiiki_lab, pathlib\n"
        "from chiiki_lab._paths import bundle_dir\n"
        "print(pathlib.Path(chiiki_lab.__file__).resolve())\n"
        "df = chiiki_lab.load('census2020')\n"
        "print(int(df.loc[df.code == '00000', 'population'].iloc[0]))\n"
        "print(len(chiiki_lab.load_boundaries('municipality')))\n"
        "print(bundle_dir('notebooks').is_dir(), bundle_dir('exercises').is_dir())\n"
    )
    out = _run([python, "-c", code], cwd=tmp_path)
    location, national, n_boundaries, bundles = out.stdout.strip().splitlines()
    assert location.startswith(str(env_dir.resolve()))
    assert national == "126146099"
    assert n_boundaries == "1747"
    assert bundles == "True True"
    cli = _run([env_dir / "bin" / "chiiki-lab", "datasets", "show", "census2020"], cwd=tmp_path)
    assert "総務省統計局" in cli.stdout


def test_version_is_the_same_everywhere():
    import chiiki_lab

    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"version: {chiiki_lab.__version__}\n" in citation
    assert f"## {chiiki_lab.__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
