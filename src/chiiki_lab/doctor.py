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
from pathlib import Path

from .i18n import tr

REQUIRED_PACKAGES = (
    "pandas", "geopandas", "shapely", "pyogrio", "pyarrow", "folium", "mapclassify",
    "matplotlib", "matplotlib_fontja", "ipywidgets", "jupyterlab", "jismesh", "nbformat", "nbclient", "openpyxl",
)


def _reinstall() -> str:
    return tr("仮想環境を有効にしてから python -m pip install --force-reinstall chiiki-lab を実行してください"
              "（フォルダから入れた場合は、そのフォルダで python -m pip install --force-reinstall .）",
              "activate your virtual environment, then run python -m pip install --force-reinstall chiiki-lab "
              "(installed from a folder: python -m pip install --force-reinstall . in that folder)")


@dataclass
class Check:
    label: str
    ok: bool
    detail: str
    fix: str = ""  # one line: what to do when the check fails

    def line(self) -> str:
        """The check as one line: ✓/✗, what was found and, when it failed, how to fix it."""
        text = f"{'✓' if self.ok else '✗'} {self.label}: {self.detail}"
        if not self.ok and self.fix:
            text += tr(" → 直し方: ", " → fix: ") + self.fix
        return " ".join(text.split())  # one line, whatever the messages contain


def check_python() -> Check:
    ok = sys.version_info >= (3, 10)
    return Check("Python", ok, f"{platform.python_version()} ({sys.executable})"
                 + ("" if ok else tr(" — 3.10 以上が必要です", " — 3.10 or newer is needed")),
                 tr("python.org などから Python 3.10 以上を入れ、その Python で仮想環境を作り直してください",
                    "install Python 3.10 or newer (e.g. from python.org) and make the virtual environment again with it"))


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
        return Check(name, False, tr(f"読み込めません（{error}）", f"cannot import ({error})"), _reinstall())


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
        return Check(label, False, tr(f"見つかりません（{error}）", f"not found ({error})"),
                     tr("python -m pip install --force-reinstall matplotlib-fontja を実行してください",
                        "run python -m pip install --force-reinstall matplotlib-fontja"))


def check_widgets_extension() -> Check:
    """The JupyterLab part of ipywidgets: without it the explorer shows "Error displaying widget"."""
    from jupyter_core.paths import jupyter_path

    label = tr("ウィジェット（JupyterLab 拡張）", "widgets (JupyterLab extension)")
    found = [Path(d) / "@jupyter-widgets" / "jupyterlab-manager" for d in jupyter_path("labextensions")]
    found = [d for d in found if (d / "package.json").is_file()]
    if found:
        return Check(label, True, str(found[0]))
    return Check(label, False, tr("見つかりません（ダッシュボード cl.explore() が表示されません）",
                                  "not found (the explorer cl.explore() cannot be displayed)"),
                 tr("python -m pip install --force-reinstall jupyterlab_widgets を実行し、JupyterLab を開き直してください",
                    "run python -m pip install --force-reinstall jupyterlab_widgets and reopen JupyterLab"))


def check_datasets() -> list[Check]:
    from . import datasets
    from .errors import ChiikiLabError

    checks = []
    try:
        entries = datasets.catalog()
    except ChiikiLabError as error:
        return [Check(tr("データ目録", "data catalog"), False, str(error), _reinstall())]
    bad = []
    for name in entries:
        try:
            datasets.verify(name)
        except ChiikiLabError as error:
            bad.append(f"{name}: {error}")
    total = sum(e["bytes"] for e in entries.values())
    detail = tr(f"{len(entries)} 件、{total / 1e6:.1f} MB、チェックサムすべて一致",
                f"{len(entries)} datasets, {total / 1e6:.1f} MB, all checksums match")
    checks.append(Check(tr("データ", "data"), not bad, detail if not bad else "; ".join(bad), _reinstall()))
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
        return Check(label, False, tr(f"オフラインでの動作確認に失敗（{error}）", f"offline check failed ({error})"),
                     _reinstall())
    finally:
        socket.socket.connect = original
    if attempts:
        return Check(label, False, tr(f"通信しようとしました: {attempts}", f"tried to connect: {attempts}"),
                     tr("chiiki_lab の不具合です。この行を講師か開発者に知らせてください",
                        "this is a chiiki_lab bug: please report this line to your trainer or the developers"))
    return Check(label, True, tr("不要（通信を遮断した状態でデータ読み込みと名前検索ができました）",
                                 "not needed (data loaded and names resolved with all connections refused)"))


def run_checks() -> list[Check]:
    """Run every check and return the results (nothing is sent over the network)."""
    return [check_python(), *(check_package(n) for n in REQUIRED_PACKAGES), check_japanese_font(),
            check_widgets_extension(), *check_datasets(), check_offline()]
