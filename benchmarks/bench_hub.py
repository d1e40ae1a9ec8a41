"""A class on a real JupyterHub on this machine: N learners at once, then a hub restart, then grading.

    python benchmarks/bench_hub.py --learners 20          # the load test (about 5 minutes on 2 cores)
    python benchmarks/bench_hub.py --learners 3 --json out.json   # what tests/test_hub.py runs

Needs `jupyterhub` (pip) and `configurable-http-proxy` (npm) on PATH; runs offline on 127.0.0.1.
The hub loads deploy/jupyterhub/jupyterhub_config.py with only the login and the spawner swapped for
test ones (DummyAuthenticator, SimpleLocalProcessSpawner: homes in a temporary folder). Every learner,
all at once:
  1. has a server started through the hub's REST API (time to ready = request → server answers
     through the proxy; the server copies the curriculum into ~/chiiki_lab before it starts);
  2. opens notebooks/01_population_aging.ipynb in a session, runs every code cell over the kernel
     websocket as JupyterLab does, saves the notebook with its outputs (contents API);
  3. answers question 1-5 of exercises/ch01_population.ipynb (odd learners right, even learners
     wrong), writes LEARNER_ID and saves it: the submission.
Memory per learner = USS of its server plus its kernel, measured with notebook 01's kernel still alive;
CPU per learner = the CPU seconds (user + system) the server and kernel used from start to that point.
Then the hub is stopped (SIGTERM) and started again; every saved file must come back byte for byte
through the new hub. The instructor collects the submissions (deploy/jupyterhub/classroom.py
collect), grades them (`chiiki-lab exercises grade`) and returns the feedback pages into each home
(classroom.py return), where the learner's server serves them. Prints a table; --json writes the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
NOTEBOOK = "chiiki_lab/notebooks/01_population_aging.ipynb"
EXERCISE = "ch01_population"
SUBMISSION = f"chiiki_lab/exercises/{EXERCISE}.ipynb"
RIGHT, WRONG = '"b"', '"a"'  # question 1-5: 37 % is "about one in three" (b), not "one in two" (a)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(work: Path, port: int, token: str) -> Path:
    config = work / "jupyterhub_config.py"
    config.write_text(f"""
c = get_config()
load_subconfig({str(DEPLOY / 'jupyterhub_config.py')!r})
# test login and spawner; everything else as in the class configuration
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(work / 'homes' / '{username}')!r}
c.Spawner.args = ["--allow-root"] if __import__("os").geteuid() == 0 else []
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.pid_file = {str(work / 'proxy.pid')!r}
c.JupyterHub.pid_file = {str(work / 'hub.pid')!r}
c.JupyterHub.db_url = "sqlite:///{work / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(work / 'cookie_secret')!r}
c.JupyterHub.services = [{{"name": "bench", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "bench", "services": ["bench"],
                            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"]}}]
""", encoding="utf-8")
    return config


class Hub:
    """The jupyterhub process, started and stopped by this script only."""

    def __init__(self, work: Path, port: int, token: str):
        self.work, self.url, self.token = work, f"http://127.0.0.1:{port}", token
        self.config = write_config(work, port, token)
        self.proc = None
        self.client = AsyncHTTPClient(force_instance=True, max_clients=200)

    def start(self) -> float:
        begin = time.monotonic()
        self.log = open(self.work / "hub.log", "a")
        self.proc = subprocess.Popen(["jupyterhub", "-f", str(self.config)], cwd=self.work, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        asyncio.run(self.wait_ready())
        return time.monotonic() - begin

    async def wait_ready(self):
        deadline = time.monotonic() + 120
        while True:
            try:
                await self.api("GET", "/hub/api/")
                return
            except (OSError, HTTPClientError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"hub did not start, see {self.work / 'hub.log'}") from None
                await asyncio.sleep(0.5)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)
        self.log.close()

    async def api(self, method, path, body=None, token=None, timeout=120):
        request = HTTPRequest(self.url + path, method=method, request_timeout=timeout,
                              headers={"Authorization": f"token {token or self.token}"},
                              body=None if body is None else json.dumps(body), allow_nonstandard_methods=True)
        response = await self.client.fetch(request)
        return json.loads(response.body) if response.body else None


async def run_cells(hub: Hub, name: str, token: str, cells) -> tuple[list, float]:
    """Open a session on notebook 01, run its code cells over the kernel websocket; outputs per cell."""
    import nbformat

    base = f"/user/{name}/api"
    begin = time.monotonic()
    session = await hub.api("POST", f"{base}/sessions", {"path": NOTEBOOK, "type": "notebook", "name": "",
                                                         "kernel": {"name": "python3"}}, token=token)
    kernel = session["kernel"]["id"]
    ws = await websocket_connect(HTTPRequest(f"{hub.url.replace('http', 'ws')}{base}/kernels/{kernel}/channels",
                                             headers={"Authorization": f"token {token}"}))
    outputs = []
    try:
        for cell in cells:
            msg_id = uuid.uuid4().hex
            await ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": name, "session": uuid.uuid4().hex,
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": cell.source, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            produced, replied, idle = [], False, False
            while not (replied and idle):
                raw = await asyncio.wait_for(ws.read_message(), timeout=300)
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                if kind == "execute_reply":
                    replied = True
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
                elif kind in ("stream", "display_data", "execute_result", "error"):
                    produced.append(nbformat.v4.output_from_msg(msg))
            outputs.append(produced)
    finally:
        ws.close()
    return outputs, time.monotonic() - begin


def find_server(name: str) -> psutil.Process | None:
    """The learner's single-user server process (found by the JUPYTERHUB_USER the hub gave it)."""
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if "jupyterhub-singleuser" in " ".join(proc.info["cmdline"] or []) \
                    and proc.environ().get("JUPYTERHUB_USER") == name:
                return proc
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return None


def server_usage(name: str) -> tuple[float, float]:
    """(USS in MB, CPU seconds so far) of the learner's single-user server and its kernels."""
    server = find_server(name)
    if server is None:
        return float("nan"), float("nan")
    family = [server, *server.children(recursive=True)]
    cpu = sum(sum(p.cpu_times()[:4]) for p in family)  # user + system, own and of finished children
    return sum(p.memory_full_info().uss for p in family) / 2**20, cpu


async def learner(hub: Hub, i: int, record: dict):
    import nbformat

    name = f"learner{i:03d}"
    record.update(name=name, right=i % 2 == 1, errors=[])
    try:
        await hub.api("POST", "/hub/api/users", {"usernames": [name]})
        token = (await hub.api("POST", f"/hub/api/users/{name}/tokens", {"note": "bench"}))["token"]
        begin = time.monotonic()
        await hub.api("POST", f"/hub/api/users/{name}/server", {})
        while True:  # ready = the learner's server answers through the proxy
            try:
                await hub.api("GET", f"/user/{name}/api/status", token=token, timeout=10)
                break
            except (OSError, HTTPClientError):
                if time.monotonic() - begin > 240:
                    raise
                await asyncio.sleep(0.5)
        record["ready_s"] = time.monotonic() - begin
        model = await hub.api("GET", f"/user/{name}/api/contents/{NOTEBOOK}", token=token)
        record["first_notebook_s"] = time.monotonic() - begin
        nb = nbformat.from_dict(model["content"])
        code = [c for c in nb.cells if c.cell_type == "code"]
        outputs, record["run_s"] = await run_cells(hub, name, token, code)
        for count, (cell, produced) in enumerate(zip(code, outputs), start=1):
            cell.outputs, cell.execution_count = produced, count
            record["errors"] += [o.get("ename", "error") for o in produced if o.output_type == "error"]
        await hub.api("PUT", f"/user/{name}/api/contents/{NOTEBOOK}",
                      {"type": "notebook", "format": "json", "content": nb}, token=token)
        record["memory_mb"], record["cpu_s"] = await asyncio.to_thread(server_usage, name)
        exercise = nbformat.from_dict((await hub.api("GET", f"/user/{name}/api/contents/{SUBMISSION}",
                                                     token=token))["content"])
        for cell in exercise.cells:
            cell.source = cell.source.replace('LEARNER_ID = ""', f'LEARNER_ID = "{name}"')
            if cell.source.startswith("# ここに答えを書いてください") and "choice_1_5" in cell.source:
                cell.source = f"choice_1_5 = {RIGHT if record['right'] else WRONG}"
        await hub.api("PUT", f"/user/{name}/api/contents/{SUBMISSION}",
                      {"type": "notebook", "format": "json", "content": exercise}, token=token)
        record["saved"] = {path: await saved_digest(hub, name, token, path) for path in (NOTEBOOK, SUBMISSION)}
        record["token"] = token
    except Exception as error:  # one learner's failure is a figure of the load test, not the end of it
        record["errors"].append(f"{type(error).__name__}: {error}")


async def saved_digest(hub: Hub, name: str, token: str, path: str) -> str:
    model = await hub.api("GET", f"/user/{name}/api/contents/{path}?format=text&type=file", token=token)
    return hashlib.sha256(model["content"].encode("utf-8")).hexdigest()


async def after_restart(hub: Hub, records: list[dict]) -> int:
    """Saved files that did not come back identical through the restarted hub (missing counts as lost)."""
    lost = 0
    for record in records:
        for path, digest in record.get("saved", {}).items():
            try:
                lost += await saved_digest(hub, record["name"], record["token"], path) != digest
            except Exception:
                lost += 1
    return lost


async def stop_servers(hub: Hub, records: list[dict]):
    await asyncio.gather(*(hub.api("DELETE", f"/hub/api/users/{r['name']}/server") for r in records),
                         return_exceptions=True)
    for record in records:  # DELETE may answer 202 (stopping): wait until it is gone
        for _ in range(120):
            user = await hub.api("GET", f"/hub/api/users/{record['name']}")
            if not user["servers"]:
                break
            await asyncio.sleep(0.5)


def grade_and_return(work: Path, records: list[dict]) -> dict:
    homes = str(work / "homes" / "*")
    submissions, grades = work / "submissions", work / "grades"
    python = [sys.executable, str(DEPLOY / "classroom.py")]
    begin = time.monotonic()
    subprocess.run([*python, "collect", EXERCISE, "--homes", homes, "--out", str(submissions)], check=True)
    subprocess.run([sys.executable, "-m", "chiiki_lab.cli", "exercises", "grade", str(submissions / EXERCISE),
                    "--exercise", EXERCISE, "--out", str(grades), "--workers", "2"], check=True,
                   stdout=subprocess.DEVNULL)
    graded_s = time.monotonic() - begin
    subprocess.run([*python, "return", EXERCISE, str(grades), "--homes", homes], check=True)
    with open(grades / "gradebook.csv", encoding="utf-8-sig") as f:
        rows = [row for row in csv.DictReader(f) if row.get("question") == "1-5"]
    by_learner = {row["learner"]: float(row["points"]) for row in rows}
    expected = {r["name"]: r["right"] for r in records if "saved" in r}
    mismatched = [name for name, right in expected.items()
                  if name not in by_learner or (by_learner[name] > 0) != right]
    returned = [name for name in expected
                if (work / "homes" / name / "chiiki_lab" / "feedback" / f"{EXERCISE}.html").is_file()]
    return {"graded": len(by_learner), "grade_mismatches": mismatched, "feedback_returned": len(returned),
            "grading_s": graded_s}


def leftover_processes(work: Path) -> list[psutil.Process]:
    """Processes still running from this test (found by its temporary folder in their command or cwd)."""
    found = []
    for proc in psutil.process_iter(["cmdline", "cwd"]):
        text = " ".join(proc.info["cmdline"] or []) + " " + (proc.info["cwd"] or "")
        if str(work) in text and proc.pid != os.getpid():
            found.append(proc)
    return found


def run(n: int, work: Path) -> dict:
    hub = Hub(work, free_port(), secrets.token_hex(16))
    result = {"learners": n, "load_before": os.getloadavg()[0]}  # other work on the machine slows the class
    try:
        result["hub_start_s"] = hub.start()
        records = [{} for _ in range(n)]

        async def class_at_once():
            await asyncio.gather(*(learner(hub, i + 1, r) for i, r in enumerate(records)))

        begin = time.monotonic()
        asyncio.run(class_at_once())
        result["class_s"] = time.monotonic() - begin
        hub_process = psutil.Process(hub.proc.pid)
        result["hub_memory_mb"] = hub_process.memory_full_info().uss / 2**20
        proxy = psutil.Process(int((work / "proxy.pid").read_text()))
        result["proxy_memory_mb"] = proxy.memory_full_info().uss / 2**20
        hub.stop()
        result["servers_alive_while_hub_down"] = sum(find_server(r["name"]) is not None for r in records)
        result["hub_restart_s"] = hub.start()
        result["lost_after_restart"] = asyncio.run(after_restart(hub, records))
        asyncio.run(stop_servers(hub, records))
        result.update(grade_and_return(work, records))
        result["records"] = [{k: v for k, v in r.items() if k != "token"} for r in records]
    finally:
        if hub.proc is not None and hub.proc.poll() is None:
            hub.stop()
        for proc in leftover_processes(work):  # nothing of ours may outlive the test
            proc.kill()
    failed = [r for r in result.get("records", []) if r["errors"]]
    result["failures"] = len(failed)
    return result


def summarise(result: dict) -> str:
    records = [r for r in result["records"] if "ready_s" in r]
    ready = [r["ready_s"] for r in records]
    memory = [r["memory_mb"] for r in records if "memory_mb" in r]
    run_s = [r["run_s"] for r in records if "run_s" in r]
    cpu = [r["cpu_s"] for r in records if "cpu_s" in r]
    total = psutil.virtual_memory().total / 2**20
    per = max(memory) if memory else float("nan")
    capacity = int((total * 0.8 - result["hub_memory_mb"]) // per) if memory else 0
    lines = [
        "| learners | ready median / max (s) | notebook 01 run median / max (s) | memory per learner median / max (MB USS) "
        "| CPU per learner median (s) | failures | lost after hub restart |",
        "|---|---|---|---|---|---|---|",
        f"| {result['learners']} | {statistics.median(ready):.1f} / {max(ready):.1f} | "
        f"{statistics.median(run_s):.1f} / {max(run_s):.1f} | {statistics.median(memory):.0f} / {max(memory):.0f} | "
        f"{statistics.median(cpu):.1f} | {result['failures']} | {result['lost_after_restart']} |",
        "",
        f"hub start {result['hub_start_s']:.1f} s, restart {result['hub_restart_s']:.1f} s "
        f"({result['servers_alive_while_hub_down']} learner servers kept running meanwhile); "
        f"hub {result['hub_memory_mb']:.0f} MB + proxy {result['proxy_memory_mb']:.0f} MB; whole class {result['class_s']:.0f} s",
        f"grading: {result['graded']} submissions graded in {result['grading_s']:.0f} s, "
        f"{len(result['grade_mismatches'])} graded unlike their answer, {result['feedback_returned']} feedback pages returned",
        f"this machine: {total / 1024:.0f} GB, {os.cpu_count()} cores, load average {result['load_before']:.1f} "
        f"before the test -> about {capacity} learner servers in 80 % "
        f"of its memory at {per:.0f} MB each (CPU is the limit first: see docs/jupyterhub.md)",
    ]
    errors = [f"{r['name']}: {r['errors']}" for r in result["records"] if r["errors"]]
    return "\n".join(lines + errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (homes, hub log, grades)")
    args = parser.parse_args()
    if not shutil.which("configurable-http-proxy"):
        sys.exit("configurable-http-proxy not found: npm install -g configurable-http-proxy")
    work = Path(tempfile.mkdtemp(prefix="chiiki_hub_"))
    try:
        result = run(args.learners, work)
        print(summarise(result))
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if result["failures"] == 0 and result["lost_after_restart"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
