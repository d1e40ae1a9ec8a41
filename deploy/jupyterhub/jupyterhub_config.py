# JupyterHub for a chiiki_lab class on one machine (see docs/jupyterhub.md).
#
#   jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Learners are system users (PAM login, LocalProcessSpawner): each works in their own home, as their own
# Unix user. chiiki_lab, jupyterhub and configurable-http-proxy (npm) are installed in ONE environment
# that every learner's server also uses. Tested (benchmarks/bench_hub.py, tests/test_hub.py) with this
# file loaded and only the login and spawner swapped for test ones (DummyAuthenticator,
# SimpleLocalProcessSpawner): the material hand-out, first page, offline settings and restarts are the
# same as here.
from pathlib import Path

from chiiki_lab.lab import JUPYTER_SETTINGS_DIR

c = get_config()  # noqa: F821 (provided by JupyterHub)
here = Path(__file__).resolve().parent

# --- material: every server start copies the curriculum into ~/chiiki_lab WITHOUT overwriting anything
# (`chiiki-lab lab --copy-only` keeps every file that is already there: a learner's edits are never lost,
# and material added to a newer chiiki_lab appears as new files). The link to hand out is then simply
#   https://<hub>/hub/user-redirect/lab/tree/chiiki_lab/notebooks/01_population_aging.ipynb
c.Spawner.cmd = ["bash", "-c",
                 'chiiki-lab lab --copy-only --dir "$HOME/chiiki_lab" >/dev/null && exec jupyterhub-singleuser "$@"',
                 "--"]  # JupyterHub appends the server's arguments after "--": they become "$@"
c.Spawner.default_url = "/lab/tree/chiiki_lab/notebooks/00_introduction.ipynb"
# offline JupyterLab: no news feed, no update checks, read-only extension manager (as `chiiki-lab lab`)
c.Spawner.environment = {"JUPYTER_CONFIG_PATH": str(JUPYTER_SETTINGS_DIR)}
# 20 learners starting at once on 2 shared cores took up to ~1.8 min (bench_hub.py): give them time
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

# --- restarts: learners' servers keep running (and their kernels) while the hub restarts or is upgraded
c.JupyterHub.cleanup_servers = False
c.JupyterHub.db_url = f"sqlite:///{here / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(here / "jupyterhub_cookie_secret")

# --- who may log in: system users listed one per line in class_list.txt next to this file
c.JupyterHub.authenticator_class = "pam"
c.JupyterHub.spawner_class = "localprocess"
class_list = here / "class_list.txt"
if class_list.is_file():
    c.Authenticator.allowed_users = set(class_list.read_text(encoding="utf-8").split())
c.Authenticator.admin_users = {"instructor"}
