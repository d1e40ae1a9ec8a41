"""Copy the curriculum into a working folder and start JupyterLab there.

The installed notebooks and exercises are never edited: learners work on copies. Files that already
exist in the working folder are kept as they are (a learner's work is never overwritten).

>>> from chiiki_lab.lab import copy_curriculum
>>> report = copy_curriculum("/tmp/my_chiiki_lab")   # doctest: +SKIP
>>> print(report.summary())                          # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ._paths import bundle_dir
from .i18n import tr

CURRICULUM_PARTS = ("notebooks", "exercises")
_SKIP = {"__pycache__", ".ipynb_checkpoints", "_instructor"}  # _instructor: solutions and hidden tests
JUPYTER_SETTINGS_DIR = Path(__file__).resolve().parent / "jupyter_settings"


@dataclass
class CopyReport:
    """What :func:`copy_curriculum` did."""

    root: Path
    copied: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return tr(
            f"作業フォルダ: {self.root}\n  新しくコピーしたファイル: {len(self.copied)}、"
            f"既にあったので残したファイル: {len(self.kept)}",
            f"Working folder: {self.root}\n  files copied: {len(self.copied)}, "
            f"already there and kept: {len(self.kept)}",
        )


def default_workdir() -> Path:
    """``~/chiiki_lab``: where ``chiiki-lab lab`` puts the learner's copies by default."""
    return Path.home() / "chiiki_lab"


def copy_curriculum(target: str | os.PathLike | None = None) -> CopyReport:
    """Copy the bundled notebooks and exercises into ``target`` without overwriting existing files."""
    root = Path(target).expanduser().resolve() if target else default_workdir()
    report = CopyReport(root=root)
    for part in CURRICULUM_PARTS:
        source = bundle_dir(part)
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source)
            if path.is_dir() or _SKIP & set(rel.parts):
                continue
            dest = root / part / rel
            if dest.exists():
                report.kept.append(dest)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            dest.chmod(0o644)  # installed files may be read-only; the copy is the learner's to edit
            report.copied.append(dest)
    return report


def first_notebook(root: Path) -> Path | None:
    """The notebook JupyterLab opens first: the lowest-numbered one in ``notebooks/``."""
    notebooks = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    return notebooks[0] if notebooks else None


def lab_command(root: Path, port: int | None = None, open_browser: bool = True, extra_args=()) -> list[str]:
    """The JupyterLab command line ``chiiki-lab lab`` runs (offline-friendly settings included)."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}"]
    start = first_notebook(root)
    if start is not None:
        # LabApp's own default_url (/lab) wins over ServerApp.default_url: set the one JupyterLab reads
        cmd.append(f"--LabApp.default_url=/lab/tree/{start.relative_to(root).as_posix()}")
    if port is not None:
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI often run as root; JupyterLab would refuse to start
    # Ctrl+C stops at once: no "Shut down this Jupyter server (y/[n])?" prompt left behind in the terminal
    cmd.append("--ServerApp.answer_yes=True")
    # Offline offices: no news feed, no extension manager queries to package indexes.
    cmd += ["--LabApp.news_url=None", "--LabApp.extension_manager=readonly"]
    return cmd + list(extra_args)


def lab_environment(base: dict | None = None) -> dict:
    """Environment for JupyterLab: the offline settings in ``jupyter_settings/`` come first on ``JUPYTER_CONFIG_PATH``.

    >>> env = lab_environment({})
    >>> env["JUPYTER_CONFIG_PATH"].endswith("jupyter_settings")
    True
    """
    env = dict(os.environ if base is None else base)
    paths = [str(JUPYTER_SETTINGS_DIR), *filter(None, env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def install_jupyter_settings(prefix: str | os.PathLike | None = None) -> list[Path]:
    """Merge the offline JupyterLab settings into ``{prefix}/etc/jupyter`` (default: this Python's ``sys.prefix``).

    Used by the offline installer and by JupyterHub/Binder images, so that ``jupyter lab`` started any
    way (not only through ``chiiki-lab lab``) never fetches news nor queries package indexes. A JSON
    file that is already there is updated key by key (other settings in it are kept).

    >>> written = install_jupyter_settings("/opt/conda")   # doctest: +SKIP
    """
    target = Path(prefix if prefix is not None else sys.prefix) / "etc" / "jupyter"
    written = []
    for source in sorted(JUPYTER_SETTINGS_DIR.rglob("*.json")):
        dest = target / source.relative_to(JUPYTER_SETTINGS_DIR)
        settings = json.loads(dest.read_text(encoding="utf-8")) if dest.is_file() else {}
        _merge(settings, json.loads(source.read_text(encoding="utf-8")))
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(dest)
    return written


def _merge(into: dict, new: dict) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


# Signals that end `chiiki-lab lab`: Ctrl+C, `kill PID`, a closed terminal.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
STOP_TIMEOUT = 20  # seconds JupyterLab gets to shut its kernels down before it is killed


def start_lab(root: Path, port: int | None = None, open_browser: bool = True, extra_args=()) -> int:
    """Run JupyterLab on ``root`` until Ctrl+C or SIGTERM; return its exit status.

    On POSIX JupyterLab runs in its own session, so a Ctrl+C reaches only this process, which then
    asks JupyterLab to stop (SIGTERM: it shuts its kernels down and frees the port) and waits for it.
    Stopping ``chiiki-lab lab`` by its PID therefore leaves no server behind either.
    """
    cmd = lab_command(root, port=port, open_browser=open_browser, extra_args=extra_args)
    print(tr("JupyterLab を起動します（終了は Ctrl+C）…", "Starting JupyterLab (stop with Ctrl+C)…"), flush=True)
    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, cwd=root, env=lab_environment(), start_new_session=posix)
    stopping = []

    def stop(signum, frame):
        if not stopping:
            print(tr("\nJupyterLab を終了しています…", "\nStopping JupyterLab…"), flush=True)
        stopping.append(signum)
        if posix and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        # On Windows Ctrl+C reaches JupyterLab too (same console), and it stops by itself.

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    deadline = None
    try:
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if stopping and deadline is None:
                    deadline = time.monotonic() + STOP_TIMEOUT
                if deadline is not None and time.monotonic() > deadline:
                    proc.kill()  # still running long after it was asked to stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stopping:
        print(tr("JupyterLab を終了しました。", "JupyterLab stopped."), flush=True)
        return 0
    return code
