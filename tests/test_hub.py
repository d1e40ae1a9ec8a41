"""A class on a real JupyterHub (deploy/jupyterhub/): configuration, and a small class run end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"


@pytest.mark.slow  # imports JupyterHub (seconds)
def test_hub_config_names_real_traits():
    """A misspelt trait is silently ignored by JupyterHub: every one set must exist."""
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import Spawner
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()
    for cls in (JupyterHub, Spawner, Authenticator):
        assert set(config[cls.__name__]) <= set(cls.class_traits(config=True)), cls.__name__
    assert config.Spawner.default_url == "/lab/tree/chiiki_lab/notebooks/00_introduction.ipynb"
    assert "--copy-only" in config.Spawner.cmd[2] and config.Spawner.cmd[-1] == "--"
    assert config.JupyterHub.cleanup_servers is False  # learners' servers survive a hub restart


def test_z2jh_values_match_the_one_machine_class():
    """Kubernetes and the one-machine hub hand out the material and open notebook 00 the same way."""
    import yaml
    from traitlets.config.loader import PyFileConfigLoader

    values = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
    hub = PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()
    single = values["singleuser"]
    assert single["defaultUrl"] == hub.Spawner.default_url
    assert single["lifecycleHooks"]["postStart"]["exec"]["command"][:3] == ["chiiki-lab", "lab", "--copy-only"]
    assert single["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False  # offline by design
    # memory from the load test: ~450 MB per learner with notebook 01 run must fit the guarantee
    assert single["memory"]["guarantee"] == "512M" and single["memory"]["limit"] == "1.5G"


@pytest.mark.slow
def test_three_learners_work_restart_and_get_graded(tmp_path):
    """Three learners at once run notebook 01 and submit; the hub restarts; nothing is lost; grades come back."""
    if not shutil.which("configurable-http-proxy"):
        pytest.fail("configurable-http-proxy is missing: .ci/run installs it with npm")
    out = tmp_path / "hub.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_hub.py"), "--learners", "3",
                          "--json", str(out)], capture_output=True, text=True, timeout=600)
    assert out.is_file(), run.stdout + run.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    records = result["records"]
    assert [r["errors"] for r in records] == [[], [], []], run.stdout
    assert result["failures"] == 0 and run.returncode == 0
    assert all(len(r["saved"]) == 2 for r in records)
    assert result["servers_alive_while_hub_down"] == 3
    assert result["lost_after_restart"] == 0
    assert result["graded"] == 3 and result["grade_mismatches"] == []  # right answers scored, wrong ones not
    assert result["feedback_returned"] == 3
    assert all(50 < r["memory_mb"] < 2000 for r in records)  # server + kernel measured
