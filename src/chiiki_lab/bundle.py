"""Offline installer: one zip with chiiki_lab, every dependency as a wheel, and install scripts.

A trainer runs ``chiiki-lab bundle OUT --platform windows --python 3.11`` on a machine that can reach
the package index; learners on a closed office network unzip it and run ``install.bat`` (Windows) or
``sh install.sh`` (Linux, macOS), which install with ``pip --no-index --find-links wheels`` only.

>>> from chiiki_lab.bundle import build_bundle
>>> result = build_bundle("dist/", platform="windows", python="3.11")   # doctest: +SKIP
>>> print(result.summary())                                            # doctest: +SKIP
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from ._paths import bundle_dir
from .errors import ChiikiLabError, ChiikiLabValueError
from .i18n import tr

_TEMPLATES = Path(__file__).resolve().parent / "templates" / "bundle"
_SOURCE_ROOT = Path(__file__).resolve().parents[2]  # the repository root in a source checkout
README_NAME = "はじめにお読みください.txt"
_FETCH_LINE = re.compile(r"\s*(?:Processing|Downloading|Using cached) (\S+\.whl)( \(\d[\d.]* [kMG]?B\))?")  # pip's line per wheel

# pip platform tags per target. pip widens a macOS tag to older macOS versions itself, but not a
# manylinux_2_N tag to older glibc versions, so Linux lists them (glibc 2.28+: RHEL 8, Ubuntu 20.04, Debian 10).
PLATFORM_TAGS = {
    "windows": ["win_amd64"],
    "linux": [f"manylinux_2_{minor}_x86_64" for minor in range(28, 16, -1)] + ["manylinux2014_x86_64"],
    "macos": ["macosx_12_0_arm64"],
}

_README_VALUES = {
    "windows": {
        "platform_name": "Windows",
        "platform_label": "Windows 10/11（64ビット）",
        "python_hint": "python.org の 64-bit Windows installer。py ランチャーか PATH から見つけます",
        "example_dir": r"C:\chiiki-lab",
        "install_step": "フォルダの中の install.bat をダブルクリックします。",
        "start_step": "start.bat をダブルクリックします。",
        "workdir": r"%USERPROFILE%\chiiki_lab",
        "activate": r"venv\Scripts\activate",
        "cache_dirs": r"%USERPROFILE%\.jupyter、%APPDATA%\jupyter、%USERPROFILE%\.matplotlib など",
        "python_override": 'コマンドプロンプトで set PYTHON="C:\\path\\to\\python.exe" としてから install.bat を実行します。',
        "platform_notes": "  ・展開先のパスが長すぎると失敗することがあります。C:\\chiiki-lab のような短い場所に展開してください。",
    },
    "linux": {
        "platform_name": "Linux",
        "platform_label": "Linux x86_64、glibc 2.28 以降（RHEL 8、Ubuntu 20.04、Debian 10 とそれ以降）",
        "python_hint": "Debian/Ubuntu では python{python}-venv パッケージも必要です",
        "example_dir": "~/chiiki-lab",
        "install_step": "ターミナルでこのフォルダに移動し、sh install.sh を実行します。",
        "start_step": "ターミナルで sh start.sh を実行します。",
        "workdir": "~/chiiki_lab",
        "activate": ". venv/bin/activate",
        "cache_dirs": "~/.jupyter、~/.local/share/jupyter、~/.cache/matplotlib など",
        "python_override": "PYTHON=/path/to/python{python} sh install.sh のように実行します。",
        "platform_notes": "  ・「ensurepip is not available」と出たら、python{python}-venv パッケージを入れてください。",
    },
    "macos": {
        "platform_name": "macOS",
        "platform_label": "macOS 12 以降、Apple シリコン（M1 以降）の Mac",
        "python_hint": "python.org の macOS installer",
        "example_dir": "~/chiiki-lab",
        "install_step": "ターミナル.app でこのフォルダに移動し、sh install.sh を実行します。",
        "start_step": "ターミナル.app で sh start.sh を実行します。",
        "workdir": "~/chiiki_lab",
        "activate": ". venv/bin/activate",
        "cache_dirs": "~/.jupyter、~/Library/Jupyter、~/.matplotlib など",
        "python_override": "PYTHON=/path/to/python{python} sh install.sh のように実行します。",
        "platform_notes": "  ・Intel Mac では動きません（Apple シリコン用です）。",
    },
}


@dataclass
class BundleResult:
    """What :func:`build_bundle` wrote."""

    path: Path
    platform: str
    python: str
    wheels: list[str]

    @property
    def size_bytes(self) -> int:
        return self.path.stat().st_size

    def summary(self) -> str:
        mb = self.size_bytes / 1e6
        return tr(
            f"オフライン版を作りました: {self.path}\n  {mb:.1f} MB、wheel {len(self.wheels)} 個"
            f"（{self.platform}、Python {self.python}）",
            f"Offline bundle written: {self.path}\n  {mb:.1f} MB, {len(self.wheels)} wheels"
            f" ({self.platform}, Python {self.python})",
        )


def pip_platform_args(platform: str, python: str) -> list[str]:
    """The ``pip download``/``pip install --dry-run`` options that select wheels for ``platform`` and ``python``.

    >>> pip_platform_args("windows", "3.11")
    ['--only-binary=:all:', '--platform', 'win_amd64', '--python-version', '3.11', '--implementation', 'cp', '--abi', 'cp311']
    """
    _check_target(platform, python)
    args = ["--only-binary=:all:"]
    for tag in PLATFORM_TAGS[platform]:
        args += ["--platform", tag]
    return args + ["--python-version", python, "--implementation", "cp", "--abi", "cp" + python.replace(".", "")]


def _check_target(platform: str, python: str) -> None:
    if platform not in PLATFORM_TAGS:
        raise ChiikiLabValueError(
            f"プラットフォーム {platform!r} には対応していません。{', '.join(PLATFORM_TAGS)} のどれかを指定してください。",
            f"Platform {platform!r} is not supported. Use one of {', '.join(PLATFORM_TAGS)}.",
        )
    match = re.fullmatch(r"3\.(\d+)", python)
    if not match or int(match.group(1)) < 10:
        raise ChiikiLabValueError(
            f"Python のバージョン {python!r} は使えません。3.10 以上を '3.11' のように指定してください。",
            f"Python version {python!r} cannot be used. Give 3.10 or newer, like '3.11'.",
        )


def build_wheel(outdir: Path, source: Path = _SOURCE_ROOT) -> Path:
    """Build chiiki_lab's wheel from the source tree ``source`` into ``outdir`` and return its path."""
    if not (source / "pyproject.toml").is_file():
        raise ChiikiLabValueError(
            f"chiiki_lab のソース（pyproject.toml）が {source} にありません。作成済みの wheel を --wheel で指定してください。",
            f"No chiiki_lab source tree (pyproject.toml) at {source}. Give a built wheel with --wheel.",
        )
    print(tr("chiiki_lab の wheel を作っています…", "Building chiiki_lab's wheel…"), flush=True)
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise ChiikiLabError(
            "wheel を作れませんでした（pip install build hatchling が必要です）:\n" + _tail(result.stdout + result.stderr),
            "Could not build the wheel (needs pip install build hatchling):\n" + _tail(result.stdout + result.stderr),
        )
    return next(outdir.glob("chiiki_lab-*.whl"))


def download_wheels(requirement: str, dest: Path, platform: str, python: str) -> list[Path]:
    """Download ``requirement`` and all its dependencies as wheels for ``platform``/``python`` into ``dest``.

    Runs ``pip download`` (which needs the package index) and prints one line per wheel fetched.

    >>> download_wheels("dist/chiiki_lab-0.1.0-py3-none-any.whl", Path("w"), "linux", "3.11")  # doctest: +SKIP
    """
    constraints = bundle_dir("constraints.txt")  # the versions the tests passed with (README's class set-up too)
    pinned = ["-c", str(constraints)] if constraints.is_file() else []
    cmd = [sys.executable, "-m", "pip", "download", "--progress-bar", "off", "--disable-pip-version-check",
           *pip_platform_args(platform, python), *pinned, "--dest", str(dest), requirement]
    print(tr(f"依存パッケージを取得しています（{platform}、Python {python}）…",
             f"Downloading dependencies ({platform}, Python {python})…"), flush=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log, fetched = [], 0
    for line in proc.stdout:
        log.append(line)
        match = _FETCH_LINE.match(line)
        if match:
            fetched += 1
            print(f"  [{fetched:3d}] {match.group(1).rsplit('/', 1)[-1]}{match.group(2) or ''}", flush=True)
    if proc.wait() != 0:
        raise ChiikiLabError(
            "パッケージを取得できませんでした。パッケージ索引（PyPI）につながるか、この組み合わせの wheel があるかを"
            f"確かめてください:\n{_tail(''.join(log))}",
            "Could not download the packages. Check that the package index (PyPI) is reachable and that wheels "
            f"exist for this platform and Python:\n{_tail(''.join(log))}",
        )
    return sorted(dest.glob("*.whl"))


def build_bundle(out: str | Path, platform: str, python: str | None = None, wheel: str | Path | None = None) -> BundleResult:
    """Write the offline installer zip for ``platform`` ("windows", "linux", "macos") and ``python`` ("3.11").

    ``out`` is the zip's path, or a folder to put ``chiiki-lab-VERSION-PLATFORM-pyXY.zip`` in. The wheel of
    chiiki_lab is ``wheel`` if given, else built from the source tree. Needs the package index.

    >>> build_bundle("dist/", platform="linux", python="3.11")   # doctest: +SKIP
    """
    python = python or f"{sys.version_info.major}.{sys.version_info.minor}"
    _check_target(platform, python)
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="chiiki-lab-bundle-") as tmp:
        tmp = Path(tmp)
        if wheel is None:
            wheel_path = build_wheel(tmp / "dist")
        else:
            wheel_path = Path(wheel)
            if not (wheel_path.is_file() and wheel_path.name.startswith("chiiki_lab-") and wheel_path.suffix == ".whl"):
                raise ChiikiLabValueError(
                    f"{wheel_path} は chiiki_lab の wheel（chiiki_lab-….whl）ではありません。",
                    f"{wheel_path} is not a chiiki_lab wheel (chiiki_lab-….whl).",
                )
        version = wheel_path.name.split("-")[1]
        stem = f"chiiki-lab-{version}-{platform}-py{python.replace('.', '')}"
        target = out if out.suffix == ".zip" else out / f"{stem}.zip"
        wheels = download_wheels(str(wheel_path.resolve()), tmp / "wheels", platform, python)
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_zip(target, stem, wheels, platform, python, version)
    return BundleResult(path=target, platform=platform, python=python, wheels=[w.name for w in wheels])


def render(name: str, platform: str, python: str, version: str = __version__) -> str:
    """Fill in the template ``templates/bundle/NAME`` for ``platform``, ``python`` and chiiki_lab ``version``.

    >>> "Python 3.11" in render("install.sh", "linux", "3.11")
    True
    """
    values = {key: value.replace("{python}", python) for key, value in _README_VALUES[platform].items()}
    values.update(version=version, python=python, python_tuple=python.replace(".", ", "))
    text = (_TEMPLATES / name).read_text(encoding="utf-8")
    text = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], text)
    return text


def _write_zip(target: Path, stem: str, wheels: list[Path], platform: str, python: str, version: str) -> None:
    windows = platform == "windows"
    with zipfile.ZipFile(target, "w") as zf:
        for wheel in wheels:  # wheels are compressed already
            zf.write(wheel, f"{stem}/wheels/{wheel.name}", compress_type=zipfile.ZIP_STORED)
        for name in ["install.bat", "start.bat"] if windows else ["install.sh", "start.sh"]:
            text = render(name, platform, python, version)
            # cmd.exe reads .bat files in the console code page: cp932 on Japanese Windows.
            data = text.replace("\n", "\r\n").encode("cp932") if windows else text.encode("utf-8")
            _add_file(zf, f"{stem}/{name}", data, 0o755)
        # UTF-8 with BOM and CRLF: Notepad, TextEdit and terminals all show it right.
        readme = render(README_NAME, platform, python, version).replace("\n", "\r\n").encode("utf-8-sig")
        _add_file(zf, f"{stem}/{README_NAME}", readme, 0o644)


def _add_file(zf: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
