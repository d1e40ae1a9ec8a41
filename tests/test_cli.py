"""The chiiki-lab command: datasets, doctor, lab, errors without tracebacks."""

from __future__ import annotations

import gc
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import chiiki_lab
from chiiki_lab import cli
from chiiki_lab.lab import copy_curriculum, first_notebook, lab_command

CLI = [sys.executable, "-m", "chiiki_lab.cli"]


def run_cli(*args, **kwargs):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, **kwargs)


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"chiiki-lab {chiiki_lab.__version__}"


def test_datasets_lists_every_dataset(capsys):
    assert cli.main(["datasets"]) == 0
    out = capsys.readouterr().out
    for name in chiiki_lab.datasets.catalog():
        assert name in out


def test_datasets_show(capsys):
    assert cli.main(["datasets", "show", "census2020"]) == 0
    out = capsys.readouterr().out
    assert "総務省統計局" in out and "population" in out


def test_unknown_dataset_prints_a_message_not_a_traceback():
    result = run_cli("datasets", "show", "cencus2020")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("エラー: データセット 'cencus2020' はありません")
    assert "census2020" in result.stderr


def test_english_switch():
    result = run_cli("--lang", "en", "datasets", "show", "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("Error: There is no dataset 'nope'")


def test_show_without_name_explains_usage():
    result = run_cli("datasets", "show")
    assert result.returncode == 2 and "chiiki-lab datasets show NAME" in result.stderr


@pytest.mark.slow
def test_doctor_gives_a_clear_verdict(capsys):
    code = cli.main(["doctor"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "判定: 問題ありません" in out
    assert "IPAexGothic" in out or "ipaexg" in out.lower()
    assert "✗" not in out


@pytest.mark.slow
def test_doctor_reports_a_corrupted_file(tmp_path, monkeypatch, capsys):
    from chiiki_lab import datasets

    copy = tmp_path / "datasets"
    shutil.copytree(datasets.data_dir(), copy)
    target = copy / datasets.info("juki2022")["file"]
    target.write_bytes(target.read_bytes()[:-10])
    monkeypatch.setattr(datasets, "data_dir", lambda: copy)
    monkeypatch.setattr(datasets, "_verified", set())
    assert cli.main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗" in out and "juki2022" in out and "判定: 問題があります" in out


def test_copy_curriculum_never_overwrites_learner_work(tmp_path):
    first = copy_curriculum(tmp_path)
    assert first.copied, "the curriculum should not be empty"
    edited = first.copied[0]
    edited.write_text("my work", encoding="utf-8")
    second = copy_curriculum(tmp_path)
    assert edited in second.kept and not second.copied
    assert edited.read_text(encoding="utf-8") == "my work"


def test_lab_command_opens_the_first_notebook_offline(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_b.ipynb").write_text("{}")
    (tmp_path / "notebooks" / "00_a.ipynb").write_text("{}")
    assert first_notebook(tmp_path).name == "00_a.ipynb"
    cmd = lab_command(tmp_path, port=9999, open_browser=False)
    assert "--LabApp.default_url=/lab/tree/notebooks/00_a.ipynb" in cmd
    assert "--LabApp.news_url=None" in cmd and "--no-browser" in cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_lab_starts_jupyterlab_on_loopback(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [*CLI, "lab", "--dir", str(tmp_path / "work"), "--port", str(port), "--no-browser",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=test-token"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        body = None
        deadline = time.time() + 90
        while time.time() < deadline and body is None:
            try:
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # ignore any proxy env
                with opener.open(f"http://127.0.0.1:{port}/lab?token=test-token", timeout=5) as r:
                    body = r.read().decode("utf-8")
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        assert body is not None, proc.stdout.read() if proc.poll() is not None else "server did not answer"
        assert "JupyterLab" in body
        assert (tmp_path / "work" / "notebooks").is_dir()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_doctor_says_what_is_wrong_and_how_to_fix_it_in_one_line(monkeypatch, capsys):
    from chiiki_lab import doctor

    monkeypatch.setattr(doctor, "REQUIRED_PACKAGES", ("pandas", "no_such_package_xyz"))
    assert cli.main(["doctor"]) == 1
    lines = capsys.readouterr().out.splitlines()
    bad = [line for line in lines if line.startswith("✗")]
    assert len(bad) == 1 and bad[0].startswith("✗ no_such_package_xyz: 読み込めません")
    assert "→ 直し方: 仮想環境を有効にしてから python -m pip install --force-reinstall chiiki-lab" in bad[0]
    assert [line for line in lines if line.startswith("✓ pandas")]


def test_profile_command_leaves_garbage_collection_on(capsys):
    # the single-card command pauses the collector while it builds; main() also runs inside notebooks and tests
    assert cli.main(["profile", "嬬恋町"]) == 2  # not found: the build stops with an error
    assert "もしかして: 嬬恋村" in capsys.readouterr().err
    assert gc.isenabled()
