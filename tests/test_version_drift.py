"""The newest-releases check: tools/version_drift.py says what moved, .ci/newest runs it, a weekly job runs .ci/newest."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("version_drift_tool", ROOT / "tools" / "version_drift.py")
version_drift = importlib.util.module_from_spec(_spec)
sys.modules["version_drift_tool"] = version_drift
_spec.loader.exec_module(version_drift)

CONSTRAINTS = """\
# Tested versions
pandas==3.1.1
Jupyter_Client==8.9.0
ipython==8.12.3
python-dateutil==2.9.0.post0
pyzmq==27.3.0
backcall==0.2.0
"""
FREEZE = """\
pandas==3.1.1
jupyter-client==8.10.0
ipython==9.18.1
python-dateutil==2.9.0
pyzmq==27.3.1
soupsieve==4.1.3
pip==26.3
setuptools==65.5.0
"""


def test_drift_names_each_moved_package_and_how_far():
    rows = version_drift.drift(version_drift.read_pins(CONSTRAINTS), version_drift.read_pins(FREEZE))
    assert rows == [  # alphabetical; same versions, pip and setuptools left out
        ("backcall", "0.2.0", "-", "not installed"),
        ("ipython", "8.12.3", "9.18.1", "major"),
        ("jupyter-client", "8.9.0", "8.10.0", "minor"),
        ("python-dateutil", "2.9.0.post0", "2.9.0", "older"),
        ("pyzmq", "27.3.0", "27.3.1", "patch"),
        ("soupsieve", "-", "4.1.3", "not pinned"),
    ]


def test_the_report_puts_major_moves_first_and_counts(tmp_path, capsys, monkeypatch):
    freeze = tmp_path / "newest-versions.txt"
    freeze.write_text(FREEZE, encoding="utf-8")
    monkeypatch.setattr(version_drift, "ROOT", tmp_path)
    (tmp_path / "constraints.txt").write_text(CONSTRAINTS, encoding="utf-8")
    assert version_drift.main([str(freeze)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == [
        "ipython", "jupyter-client", "pyzmq", "python-dateutil", "soupsieve", "backcall"]
    assert lines[-1] == ("6 packages differ from constraints.txt "
                         "(1 major, 1 minor, 1 patch, 1 older, 1 not pinned, 1 not installed)")


def test_ci_newest_reports_the_drift_and_runs_the_full_lane():
    script = (ROOT / ".ci" / "newest").read_text(encoding="utf-8")
    assert "tools/version_drift.py" in script
    assert '"$env_dir/bin/python" -m pytest --all' in script  # the venv's python: the newest set, not this one


def test_a_weekly_job_runs_ci_newest():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "newest.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "workflow_dispatch" in triggers
    minute, hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert [step["run"] for step in steps if "run" in step][-1] == ".ci/newest"
