"""``chiiki-lab doctor``: check that the installation works, with no network.

>>> from chiiki_lab.doctor import run_checks
>>> all(check.ok for check in run_checks())   # doctest: +SKIP
True
"""

from __future__ import annotations

import importlib
import platform
import sys
from dataclasses import dataclass

from .i18n import tr

REQUIRED_PACKAGES = (
    "pandas", "geopandas", "shapely", "pyogrio", "pyarrow", "folium", "mapclassify",
    "matplotlib", "matplotlib_fontja", "ipywidgets", "jupyterlab", "jismesh", "nbformat", "nbclient", "openpyxl",
)


@dataclass
class Check:
    label: str
    ok: bool
    detail: str


def check_python() -> Check:
    ok = sys.version_info >= (3, 10)
    return Check("Python", ok, f"{platform.python_version()} ({sys.executable})"
                 + ("" if ok else tr(" — 3.10 以上が必要です", " — 3.10 or newer is needed")))


def check_package(name: str) -> Check:
    from importlib.metadata import PackageNotFoundError, version

    try:
        importlib.import_module(name)
        dist = {"matplotlib_fontja": "matplotlib-fontja"}.get(name, name)
        try:
            detail = version(dist)
        except PackageNotFoundError:
            detail = tr("読み込み可", "importable")
        return Check(name, True, detail)
    except Exception as error:  # any import failure is what the doctor must report
        return Check(name, False, tr(f"読み込めません（{error}）。pip install chiiki-lab をやり直してください。",
                                     f"cannot import ({error}). Reinstall with pip install chiiki-lab."))


def check_japanese_font() -> Check:
    label = tr("日本語フォント", "Japanese font")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib_fontja
        from matplotlib import font_manager

        matplotlib_fontja.japanize()
        path = font_manager.findfont(font_manager.FontProperties(family="IPAexGothic"), fallback_to_default=False)
        return Check(label, True, path)
    except Exception as error:
        return Check(label, False, tr(f"見つかりません（{error}）", f"not found ({error})"))


def check_datasets() -> list[Check]:
    from . import datasets
    from .errors import ChiikiLabError

    checks = []
    try:
        entries = datasets.catalog()
    except ChiikiLabError as error:
        return [Check(tr("データ目録", "data catalog"), False, str(error))]
    bad = []
    for name in entries:
        try:
            datasets.verify(name)
        except ChiikiLabError as error:
            bad.append(f"{name}: {error}")
    total = sum(e["bytes"] for e in entries.values())
    detail = tr(f"{len(entries)} 件、{total / 1e6:.1f} MB、チェックサムすべて一致",
                f"{len(entries)} datasets, {total / 1e6:.1f} MB, all checksums match")
    checks.append(Check(tr("データ", "data"), not bad, detail if not bad else "; ".join(bad)))
    return checks


def check_offline() -> Check:
    """Load data and resolve a name with every outgoing connection refused."""
    import socket

    label = tr("ネットワーク", "network")
    attempts = []
    original = socket.socket.connect

    def refuse(sock, address):
        attempts.append(address)
        raise OSError("chiiki-lab doctor: network disabled for this check")

    socket.socket.connect = refuse
    try:
        from . import codes, datasets

        datasets.load("census2020")
        codes.resolve("嬬恋村")
    except Exception as error:
        return Check(label, False, tr(f"オフラインでの動作確認に失敗（{error}）", f"offline check failed ({error})"))
    finally:
        socket.socket.connect = original
    if attempts:
        return Check(label, False, tr(f"通信しようとしました: {attempts}", f"tried to connect: {attempts}"))
    return Check(label, True, tr("不要（通信を遮断した状態でデータ読み込みと名前検索ができました）",
                                 "not needed (data loaded and names resolved with all connections refused)"))


def run_checks() -> list[Check]:
    """Run every check and return the results (nothing is sent over the network)."""
    return [check_python(), *(check_package(n) for n in REQUIRED_PACKAGES), check_japanese_font(),
            *check_datasets(), check_offline()]
