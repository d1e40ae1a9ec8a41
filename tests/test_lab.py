"""`chiiki-lab lab`: its help, the first page it opens, and a clean stop on Ctrl+C and SIGTERM (real processes)."""

from __future__ import annotations

import json
import os
import pty
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from chiiki_lab import cli
from chiiki_lab.lab import lab_command

CLI = [sys.executable, "-m", "chiiki_lab.cli"]


def _help(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as stop:
        cli.main(list(argv))
    assert stop.value.code == 0
    return capsys.readouterr().out


def test_lab_help_explains_every_flag_in_japanese(capsys):
    out = _help(capsys, "lab", "--help")
    assert out.startswith("使い方: chiiki-lab lab")
    assert "usage" not in out and "options:" not in out and "show this help" not in out
    lines = {line.split()[0].rstrip(","): line for line in out.splitlines() if line.startswith("  -")}
    assert set(lines) == {"-h", "--lang", "--dir", "--port", "--no-browser", "--copy-only"}
    assert "作業フォルダ" in lines["--dir"] and "ポート番号" in lines["--port"]
    assert "ブラウザを自動で開きません" in lines["--no-browser"] and "コピーするだけ" in lines["--copy-only"]
    assert "Ctrl+C" in out and "00_introduction.ipynb" in out


@pytest.mark.parametrize("argv", [("lab", "--help", "--lang", "en"), ("--lang", "en", "lab", "--help")])
def test_lab_help_in_english(capsys, argv):
    out = _help(capsys, *argv)
    assert out.startswith("usage: chiiki-lab lab") and "working folder" in out and "作業フォルダ" not in out
    cli.set_language("ja")


def test_lab_command_sets_the_url_jupyterlab_opens_first(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for name in ("01_b.ipynb", "00_a.ipynb"):
        (tmp_path / "notebooks" / name).write_text("{}")
    cmd = lab_command(tmp_path, port=9999, open_browser=False)
    # ServerApp.default_url is overridden by JupyterLab's own LabApp.default_url (/lab)
    assert "--LabApp.default_url=/lab/tree/notebooks/00_a.ipynb" in cmd
    assert not any(arg.startswith("--ServerApp.default_url") for arg in cmd)
    assert "--ServerApp.answer_yes=True" in cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_is_free(port: int) -> bool:
    """Nothing listens (connections in TIME_WAIT may remain; a new server binds with SO_REUSEADDR like Jupyter)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="signals and a pseudo-terminal: POSIX")
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_lab_stops_cleanly(tmp_path, how):
    """Ctrl+C (SIGINT to the terminal's process group) or `kill PID` stops JupyterLab and its kernels, frees the port."""
    import psutil

    port = _free_port()
    master, slave = pty.openpty()  # a terminal: JupyterLab would ask "Shut down this Jupyter server (y/[n])?" on one
    env = {**os.environ, "HOME": str(tmp_path), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    proc = subprocess.Popen(
        [*CLI, "lab", "--dir", str(tmp_path / "work"), "--port", str(port), "--no-browser",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=t"],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        start_new_session=True)  # its own process group, as in a terminal
    os.close(slave)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                opener.open(f"{url}/api/status?token=t", timeout=5).read()
                break
            except OSError:
                assert proc.poll() is None and time.time() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
        request = urllib.request.Request(f"{url}/api/kernels?token=t", data=b"{}", method="POST")
        json.loads(opener.open(request, timeout=60).read())
        children = psutil.Process(proc.pid).children(recursive=True)
        assert len(children) >= 2, children  # JupyterLab and the kernel it started
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == 0, out
    assert "Shut down this Jupyter server" not in out
    assert "JupyterLab を終了しました" in out
    survivors = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert not survivors, survivors
    assert _port_is_free(port)
