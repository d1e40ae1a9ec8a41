"""Configs for classes on a server (repo2docker/Binder, JupyterHub) and the offline JupyterLab settings."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import venv
from pathlib import Path

import pytest

from chiiki_lab.lab import JUPYTER_SETTINGS_DIR, install_jupyter_settings, lab_environment

ROOT = Path(__file__).resolve().parents[1]
SERVER_CONFIG = JUPYTER_SETTINGS_DIR / "jupyter_server_config.json"
OVERRIDES = JUPYTER_SETTINGS_DIR / "labconfig" / "default_setting_overrides.d" / "chiiki_lab.json"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


# --------------------------------------------------------------------------- repo2docker / Binder


def test_repo2docker_reads_the_root_config():
    # a binder/ or .binder/ folder would make repo2docker ignore environment.yml and postBuild at the root
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    # with environment.yml present, a requirements.txt would be silently ignored: don't let one mislead
    assert not (ROOT / "requirements.txt").exists()
    post_build = ROOT / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild only if it is executable"
    syntax = subprocess.run(["bash", "-n", str(post_build)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr


def test_binder_environment_installs_the_package_and_every_dependency():
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert "-e ." in pip, "the image must install chiiki_lab itself (repo2docker stages the repo for it)"
    names = {_name(d) for d in env["dependencies"] if isinstance(d, str)} | {_name(r) for r in pip}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    missing = {_name(r) for r in project["dependencies"]} - names
    assert not missing, f"pyproject.toml dependencies missing from environment.yml: {missing}"


def test_post_build_writes_offline_settings_and_opens_the_first_notebook(tmp_path):
    prefix = tmp_path / "env"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(prefix)
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    for name in ("01_population.ipynb", "00_introduction.ipynb"):
        (repo / "notebooks" / name).write_text("{}", encoding="utf-8")
    env = {**os.environ, "PATH": f"{prefix / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(["bash", str(ROOT / "postBuild")], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    config = json.loads((prefix / "etc" / "jupyter" / "jupyter_server_config.json").read_text(encoding="utf-8"))
    # LabApp.default_url: JupyterLab's own default (/lab) overrides ServerApp.default_url
    assert config["LabApp"] == {"news_url": None, "extension_manager": "readonly",
                                "default_url": "/lab/tree/notebooks/00_introduction.ipynb"}
    assert (prefix / "etc" / "jupyter" / OVERRIDES.relative_to(JUPYTER_SETTINGS_DIR)).is_file()


# --------------------------------------------------------------------------- JupyterLab settings


def test_settings_overrides_are_valid_for_this_jupyterlab():
    """Plugin ids, property names and values must match JupyterLab's own schemas (a typo is silently ignored)."""
    import jsonschema
    from jupyterlab.commands import get_app_dir

    from jupyter_core.paths import jupyter_path

    # JupyterLab's own plugins, then those of prebuilt extensions such as ipywidgets
    schema_dirs = [Path(get_app_dir()) / "schemas"] + [
        d for base in jupyter_path("labextensions") for d in Path(base).glob("**/schemas")]
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"] == {"saveState": True}
    for plugin_id, values in overrides.items():
        package, plugin = plugin_id.split(":")
        path = next(d / package / f"{plugin}.json" for d in schema_dirs if (d / package / f"{plugin}.json").is_file())
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert set(values) <= set(schema["properties"]), plugin_id
        jsonschema.validate(values, {k: v for k, v in schema.items() if not k.startswith("jupyter.lab")})


def test_server_config_names_real_lab_traits():
    from jupyterlab.labapp import LabApp

    config = json.loads(SERVER_CONFIG.read_text(encoding="utf-8"))
    traits = LabApp.class_traits(config=True)
    assert set(config["LabApp"]) <= set(traits)
    assert config["LabApp"]["news_url"] is None  # JSON null = no news feed at all


def test_install_jupyter_settings_merges_with_existing_config(tmp_path):
    etc = tmp_path / "etc" / "jupyter"
    etc.mkdir(parents=True)
    (etc / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"ip": "0.0.0.0"}, "LabApp": {"news_url": "https://example.invalid/feed"}}))
    written = install_jupyter_settings(tmp_path)
    assert etc / "jupyter_server_config.json" in written
    merged = json.loads((etc / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert merged["ServerApp"] == {"ip": "0.0.0.0"}  # the admin's own settings stay
    assert merged["LabApp"] == {"news_url": None, "extension_manager": "readonly"}
    # and Jupyter finds the overrides there
    code = ("from jupyter_server.services.config.manager import ConfigManager\n"
            "import json; print(json.dumps(ConfigManager(config_dir_name='labconfig').get('default_setting_overrides')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "JUPYTER_CONFIG_PATH": str(etc)}).stdout
    assert json.loads(out)["@jupyterlab/extensionmanager-extension:plugin"] == {"enabled": False}


def test_lab_environment_puts_the_settings_first_and_keeps_others():
    env = lab_environment({"JUPYTER_CONFIG_PATH": os.pathsep.join(["/site/jupyter", str(JUPYTER_SETTINGS_DIR)])})
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(JUPYTER_SETTINGS_DIR), "/site/jupyter"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_chiiki_lab_lab_serves_jupyterlab_without_news_or_extension_manager(tmp_path):
    """What the browser gets from `chiiki-lab lab`: no news prompt, read-only extension manager."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "chiiki_lab.cli", "lab", "--dir", str(tmp_path / "work"), "--port", str(port),
         "--no-browser", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=t"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(path: str) -> str:
        with opener.open(f"http://127.0.0.1:{port}{path}?token=t", timeout=10) as response:
            return response.read().decode("utf-8")

    try:
        deadline = time.time() + 90
        while True:
            try:
                get("/api/status")
                break
            except OSError:
                assert proc.poll() is None and time.time() < deadline, proc.stdout.read() if proc.poll() is not None else "timeout"
                time.sleep(0.5)
        notification = json.loads(get("/lab/api/settings/@jupyterlab/apputils-extension:notification"))
        defaults = {k: v.get("default") for k, v in notification["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
        page = get("/lab")
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, re.DOTALL).group(1))
        assert config["news"] == {"disabled": True}
        assert config["extensionManager"]["can_install"] is False
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
