"""Offline installer bundle: zip layout, install scripts, and a real offline install from the Linux bundle.

The slow tests need the package index (``pip download``) in a subprocess; the install itself runs with
the index unreachable (and, where ``unshare`` works, inside a network namespace with only loopback).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from chiiki_lab import bundle
from chiiki_lab.errors import ChiikiLabValueError

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "chiiki_lab.cli"]
PY = f"{sys.version_info.major}.{sys.version_info.minor}"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _dist_name(wheel_name: str) -> str:
    return wheel_name.split("-", 1)[0].lower().replace("_", "-")


_PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# what the bundle's Python (this one's minor version) installs: tomli is only for Python 3.10
RUNTIME = {_name(r) for r in _PROJECT["dependencies"]
           if Requirement(r).marker is None or Requirement(r).marker.evaluate({"python_version": PY})}
# the test and build tools of the [test] extra (its pyyaml is also a runtime need of jupyter-events)
TEST_ONLY = {"pytest", "nbval", "build", "hatchling"}


# --------------------------------------------------------------------------- fast: no network


def test_platform_args_select_wheels_for_the_target():
    win = bundle.pip_platform_args("windows", "3.12")
    assert win[:3] == ["--only-binary=:all:", "--platform", "win_amd64"]
    assert win[-6:] == ["--python-version", "3.12", "--implementation", "cp", "--abi", "cp312"]
    linux = bundle.pip_platform_args("linux", "3.11")
    tags = [linux[i + 1] for i, a in enumerate(linux) if a == "--platform"]
    # pip does not widen manylinux_2_28 to older glibc tags itself: wheels tagged 2_17 must still match
    assert {"manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"} <= set(tags)


def test_unknown_platform_and_old_python_are_refused():
    with pytest.raises(ChiikiLabValueError) as info:
        bundle.pip_platform_args("android", "3.11")
    assert info.value.ja == ("プラットフォーム 'android' には対応していません。"
                             "windows, linux, macos のどれかを指定してください。")
    result = subprocess.run([*CLI, "bundle", "out", "--platform", "linux", "--python", "3.9"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("エラー: Python のバージョン '3.9' は使えません。")


def test_wheel_option_must_be_a_chiiki_lab_wheel(tmp_path):
    other = tmp_path / "pandas-2.0-py3-none-any.whl"
    other.write_bytes(b"")
    with pytest.raises(ChiikiLabValueError, match="chiiki_lab の wheel"):
        bundle.build_bundle(tmp_path, platform="linux", python="3.11", wheel=other)


def test_building_without_source_tree_asks_for_a_wheel(tmp_path):
    with pytest.raises(ChiikiLabValueError) as info:
        bundle.build_wheel(tmp_path / "dist", source=tmp_path)
    assert "--wheel" in info.value.ja and "--wheel" in info.value.en


def _fake_bundle(tmp_path, monkeypatch, platform):
    """build_bundle with pip replaced by three small fake wheels (no network)."""
    wheel = tmp_path / "chiiki_lab-9.9-py3-none-any.whl"
    wheel.write_bytes(b"fake")

    def fake_download(requirement, dest, platform, python):
        dest.mkdir(parents=True)
        for name in ("chiiki_lab-9.9-py3-none-any.whl", "numpy-2.0-cp311-cp311-win_amd64.whl", "six-1.0-py3-none-any.whl"):
            (dest / name).write_bytes(b"x" * 100)
        return sorted(dest.glob("*.whl"))

    monkeypatch.setattr(bundle, "download_wheels", fake_download)
    return bundle.build_bundle(tmp_path / "out", platform=platform, python="3.11", wheel=wheel)


def test_windows_bundle_layout_and_scripts(tmp_path, monkeypatch):
    result = _fake_bundle(tmp_path, monkeypatch, "windows")
    assert result.path.name == "chiiki-lab-9.9-windows-py311.zip"  # version from the wheel given
    stem = result.path.stem
    with zipfile.ZipFile(result.path) as zf:
        names = set(zf.namelist())
        assert {f"{stem}/install.bat", f"{stem}/start.bat", f"{stem}/はじめにお読みください.txt",
                f"{stem}/wheels/numpy-2.0-cp311-cp311-win_amd64.whl"} <= names
        assert not any(n.endswith(".sh") for n in names)
        bat = zf.read(f"{stem}/install.bat")
        readme = zf.read(f"{stem}/はじめにお読みください.txt")
    text = bat.decode("cp932")  # what cmd.exe on Japanese Windows reads
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert "仮想環境を作成しています" in text
    pip_line = next(line for line in text.splitlines() if " -m pip install" in line)
    assert "--no-index" in pip_line and '--find-links "%HERE%wheels"' in pip_line
    assert "sys.version_info[:2] != (3, 11)" in text and "install_jupyter_settings()" in text
    assert readme.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Notepad
    readme = readme.decode("utf-8-sig")
    for must in ("chiiki_lab 9.9 オフライン版", "■ インストール", "install.bat", "■ 起動", "start.bat",
                 "chiiki-lab lab", "■ アンインストール", "Python 3.11"):
        assert must in readme, must
    assert "{{" not in readme and "{{" not in text
    assert result.summary().startswith("オフライン版を作りました") and "wheel 3 個" in result.summary()


@pytest.mark.parametrize("platform", ["linux", "macos"])
def test_unix_bundle_has_executable_sh_scripts(tmp_path, monkeypatch, platform):
    result = _fake_bundle(tmp_path, monkeypatch, platform)
    stem = result.path.stem
    with zipfile.ZipFile(result.path) as zf:
        info = zf.getinfo(f"{stem}/install.sh")
        assert (info.external_attr >> 16) & 0o111, "install.sh must be executable after unzip"
        script = zf.read(f"{stem}/install.sh").decode("utf-8")
        assert f"{stem}/install.bat" not in zf.namelist()
    assert "\r" not in script
    syntax = subprocess.run(["sh", "-n"], input=script, capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr


def test_install_sh_refuses_a_python_of_another_version(tmp_path):
    """The wheels are built for one Python version: the script must stop before creating anything."""
    other = "3.10" if PY != "3.10" else "3.12"
    script = tmp_path / "install.sh"
    script.write_text(bundle.render("install.sh", "linux", other), encoding="utf-8")
    env = {**os.environ, "PYTHON": sys.executable}
    result = subprocess.run(["sh", str(script)], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith(f"エラー: Python {other} が見つかりません。この一式は Python {other} 用です。")
    assert not (tmp_path / "venv").exists()


# --------------------------------------------------------------------------- slow: real wheels


@pytest.fixture(scope="session")
def chiiki_wheel(tmp_path_factory) -> Path:
    """chiiki_lab's wheel built from this source tree (once per session)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    return next(dist.glob("chiiki_lab-*.whl"))


@pytest.fixture(scope="session")
def linux_bundle(tmp_path_factory, chiiki_wheel):
    """The Linux bundle for this Python, built once per session (pip download runs in a subprocess)."""
    out = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    result = subprocess.run([*CLI, "bundle", str(out), "--platform", "linux", "--python", PY,
                             "--wheel", str(chiiki_wheel)], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    zips = list(out.glob("*.zip"))
    assert len(zips) == 1
    return zips[0], result.stdout, time.monotonic() - started


def _offline_prefix() -> list[str]:
    """Run a command in a new network namespace with only loopback up, where unshare allows it."""
    for flags in (["-n"], ["-rn"]):
        probe = ["unshare", *flags, "sh", "-c", "ip link set lo up"]
        if shutil.which("unshare") and shutil.which("ip") and subprocess.run(probe, capture_output=True).returncode == 0:
            return ["unshare", *flags, "sh", "-c", 'ip link set lo up && exec "$@"', "offline"]
    return []


def _offline_env(home: Path) -> dict:
    """Environment with the package index unreachable and no proxy, pip config files ignored."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
           and k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH")}
    env.update(PIP_NO_INDEX="1", PIP_INDEX_URL="http://127.0.0.1:9/", PIP_CONFIG_FILE=os.devnull,
               HOME=str(home), JUPYTER_DATA_DIR=str(home / "jupyter-data"), MPLBACKEND="Agg")
    return env


_SMALL_NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source":
         "import chiiki_lab, matplotlib.pyplot as plt\n"
         "df = chiiki_lab.load('census2020')\n"
         "town = chiiki_lab.resolve('嬬恋村')\n"
         "pop = int(df.loc[df.code == town.code, 'population'].iloc[0])\n"
         "fig, ax = plt.subplots()\n"
         "ax.bar([town.name], [pop])\n"
         "ax.set_title('人口（' + chiiki_lab.attribution('census2020') + '）')\n"
         "print(town.name, pop > 0)"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}

_RUN_NOTEBOOK = """
import json, sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import sys; print('KERNEL_PREFIX=' + sys.prefix)"))
NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": sys.argv[2]}}).execute()
print(json.dumps([o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "stream"]))
"""


@pytest.mark.slow
def test_linux_bundle_installs_and_runs_with_the_index_unreachable(linux_bundle, tmp_path):
    zip_path, build_output, build_seconds = linux_bundle
    started = time.monotonic()
    with zipfile.ZipFile(zip_path) as zf:
        wheels = [Path(n).name for n in zf.namelist() if n.endswith(".whl")]
        zf.extractall(tmp_path)
    folder = tmp_path / zip_path.stem
    assert "MB、wheel" in build_output and "[  1]" in build_output  # size report and download progress
    assert not TEST_ONLY & {_dist_name(w) for w in wheels}, "test-only packages do not belong in the bundle"
    assert zip_path.stat().st_size < 400e6, f"bundle grew to {zip_path.stat().st_size / 1e6:.0f} MB (was ~270 MB)"
    (folder / "install.sh").chmod(0o755)  # ZipFile.extractall drops the mode; unzip keeps it

    home = tmp_path / "home"
    home.mkdir()
    env = _offline_env(home)
    env["PYTHON"] = sys.executable
    offline = _offline_prefix()
    marks = {"start": time.monotonic()}
    install = subprocess.run([*offline, "sh", str(folder / "install.sh")], capture_output=True, text=True,
                             env=env, cwd=tmp_path, timeout=900)
    assert install.returncode == 0, install.stdout[-4000:] + install.stderr[-4000:]
    assert "判定: 問題ありません" in install.stdout  # chiiki-lab doctor ran at the end
    marks["install"] = time.monotonic()
    venv = folder / "venv"
    assert (venv / "etc" / "jupyter" / "jupyter_server_config.json").is_file()

    doctor = subprocess.run([*offline, str(venv / "bin" / "chiiki-lab"), "doctor"], capture_output=True,
                            text=True, env=env, cwd=tmp_path, timeout=300)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert f"({venv}/bin/python)" in doctor.stdout

    work = tmp_path / "work"
    copy = subprocess.run([str(venv / "bin" / "chiiki-lab"), "lab", "--copy-only", "--dir", str(work)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert copy.returncode == 0, copy.stderr
    notebooks = sorted((work / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    notebook = notebooks[0] if notebooks else work / "smoke.ipynb"
    if not notebooks:
        notebook.write_text(json.dumps(_SMALL_NOTEBOOK, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([*offline, str(venv / "bin" / "python"), "-c", _RUN_NOTEBOOK, str(notebook),
                          str(notebook.parent)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    marks["notebook"] = time.monotonic()
    streams = json.loads(run.stdout.strip().splitlines()[-1])
    assert f"KERNEL_PREFIX={venv}\n" in streams  # the notebook ran in the bundle's venv, not the system Python
    if not notebooks:
        assert "嬬恋村 True\n" in streams
    print(f"\nbundle {zip_path.stat().st_size / 1e6:.1f} MB built in {build_seconds:.0f} s; unzip "
          f"{marks['start'] - started:.0f} s, install.sh (with doctor) {marks['install'] - marks['start']:.0f} s, "
          f"doctor + copy + notebook {notebook.name} {marks['notebook'] - marks['install']:.0f} s; "
          f"network namespace: {'yes' if offline else 'no (unshare unavailable)'}")


def _dry_run(platform: str, wheel: Path, target: Path) -> dict:
    report = target / f"{platform}.json"
    cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
           "--disable-pip-version-check", *bundle.pip_platform_args(platform, PY), "--target", str(target / platform),
           "--report", str(report), str(wheel)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{platform}: {result.stderr[-3000:]}"
    return json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_windows_and_macos_wheel_sets_resolve(chiiki_wheel, tmp_path):
    """Every dependency has a wheel for 64-bit Windows and Apple-silicon macOS (what the bundle downloads)."""
    expected_tag = {"windows": "win_amd64", "macos": "macosx_"}
    with ThreadPoolExecutor(2) as pool:
        reports = dict(zip(expected_tag, pool.map(lambda p: _dry_run(p, chiiki_wheel, tmp_path), expected_tag)))
    for platform, report in reports.items():
        files = [item["download_info"]["url"].rsplit("/", 1)[-1] for item in report["install"]]
        names = {item["metadata"]["name"].lower().replace("_", "-") for item in report["install"]}
        assert RUNTIME <= names, (platform, RUNTIME - names)
        assert all(f.endswith(".whl") for f in files), platform
        compiled = [f for f in files if not f.endswith("-none-any.whl")]
        assert compiled and all(expected_tag[platform] in f for f in compiled), (platform, compiled)
        assert not TEST_ONLY & names
