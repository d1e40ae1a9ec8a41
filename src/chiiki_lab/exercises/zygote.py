"""Kernel host inside one grading sandbox: imports and data loaded once, one forked kernel per run.

Started by :mod:`.sandbox` as PID 1 of a bubblewrap sandbox (``python -m chiiki_lab.exercises.zygote``),
never imported by the library. It imports ipykernel, pandas, matplotlib and chiiki_lab and reads the
datasets once (the slow part of starting a kernel), then serves one-line JSON requests on stdin:

- ``{"op": "prepare", "datasets": [...], "variant": {"names": [...], "seed": N}}``: read the
  exercise's datasets and prepare the perturbed copies of variant grading (sent once the grader has
  read the exercise, while the sandbox is already up); answers ``{"op": "prepared"}``;
- ``{"op": "run", "connection": PATH, "limits": {...}, "env": {...}}``: fork a kernel that serves
  the connection file ``PATH``; answers ``{"op": "started", "pid": N}``;
- ``{"op": "interrupt"}``: send SIGINT to the kernel (a cell ran out of time);
- ``{"op": "kill"}``: kill every other process of the sandbox, reap them, empty the writable
  folders and System V IPC objects; answers ``{"op": "clean"}``.

When the kernel exits by itself it writes ``{"op": "exited", "status": N}``. Kernels run one at a
time, so a kernel never meets another learner's process or file. As PID 1 of its PID namespace
this process cannot be killed from inside the sandbox, and it is not dumpable, so a kernel cannot
ptrace it or read its memory.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys

_PR_SET_DUMPABLE = 4
_WIPE = ("WORK", "TMPDIR_ROOT", "SHM")
_loaded: dict[str, object] = {}  # dataset name -> the frame read once (kernels get copies)


def _prewarm(datasets: list[str]) -> None:
    fonts, config = "/opt/mplfonts", os.environ.get("MPLCONFIGDIR", "")
    if os.path.isdir(fonts) and os.path.isdir(config):  # matplotlib's font list, so it is not rebuilt
        for name in os.listdir(fonts):
            if name.startswith("fontlist-"):
                shutil.copy(os.path.join(fonts, name), config)
    import importlib

    for module in ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
                   "IPython.core.interactiveshell", "IPython.core.completerlib", "faulthandler",
                   "tornado.platform.asyncio", "chiiki_lab", "chiiki_lab.exercises", "chiiki_lab.plots"):
        importlib.import_module(module)  # what every kernel imports at start (debugpy alone is 0.4 s)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import chiiki_lab

    chiiki_lab.resolve("嬬恋村")  # builds the place index
    from chiiki_lab.exercises.bank import bank

    bank()  # the question files, read by the first check()
    figure = chiiki_lab.plots.pyramid("嬬恋村").figure  # first chart: Japanese font and glyph caches
    figure.canvas.draw()
    plt.close("all")

    import chiiki_lab.datasets

    original = chiiki_lab.datasets.load

    def load(name: str):
        return _loaded[name].copy() if name in _loaded else original(name)

    load.__doc__, load.__wrapped__ = original.__doc__, original
    chiiki_lab.load = chiiki_lab.datasets.load = load
    _prepare({"datasets": datasets})


def _prepare(request: dict) -> None:
    """Read the exercise's datasets and the variant's perturbed copies once; the kernels inherit them."""
    import chiiki_lab

    for name in request.get("datasets", []):
        if name not in _loaded:
            try:
                _loaded[name] = chiiki_lab.load(name)  # read and checksum-verified once
            except Exception:  # noqa: BLE001, S112  (a missing optional dataset only costs speed)
                continue
    variant = request.get("variant") or {}
    if variant.get("names"):
        from chiiki_lab.exercises.variants import perturbed

        for name in variant["names"]:
            perturbed(name, int(variant["seed"]))
    gc.collect()
    gc.freeze()  # all of it: a kernel's garbage collections skip these objects, so their pages stay shared


def _send(message: dict) -> None:
    os.write(1, (json.dumps(message) + "\n").encode())


def _limit(limits: dict) -> None:
    vsize = int(open("/proc/self/statm").read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    pairs = {
        resource.RLIMIT_AS: vsize + int(limits["memory"]),  # on top of what the prewarmed imports map
        resource.RLIMIT_NPROC: int(limits["processes"]),  # counted per user namespace: this sandbox only
        resource.RLIMIT_FSIZE: int(limits["file_size"]),
        resource.RLIMIT_CORE: 0,
    }
    for which, value in pairs.items():
        resource.setrlimit(which, (value, value))
    cpu = int(limits["cpu"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _kernel(request: dict) -> None:
    """In the forked child: drop the control pipe, apply limits, become the kernel (never returns)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, 1024)
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.environ.update(request.get("env", {}))
    os.chdir(os.environ["HOME"])
    _limit(request["limits"])
    from ipykernel import kernelapp

    try:
        # xmode=Minimal: the grader reads only an error's name and text, never a formatted traceback
        kernelapp.launch_new_instance(argv=["-f", request["connection"], "--HistoryManager.enabled=False",
                                            "--IPKernelApp.quiet=True", "--InteractiveShell.xmode=Minimal"])
    finally:
        os._exit(0)


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def _clean(pid: int | None) -> float:
    try:
        if os.getpid() == 1:
            os.kill(-1, signal.SIGKILL)  # every process of this PID namespace except PID 1 (this one)
        elif pid is not None:  # --unsafe (no sandbox): only the kernel's own session
            os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:  # nothing left to kill
        pass
    cpu = 0.0
    while True:
        try:
            cpu += _cpu(os.wait4(-1, 0)[2])
        except ChildProcessError:
            break
    for folder in filter(None, (os.environ.get(k) for k in _WIPE)):
        for entry in os.scandir(folder) if os.path.isdir(folder) else ():
            path = entry.path
            try:
                os.chmod(path, 0o700)
            except OSError:
                pass
            if entry.is_dir(follow_symlinks=False):
                subprocess.run(["chmod", "-R", "u+rwx", path], check=False, stderr=subprocess.DEVNULL)
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
    subprocess.run(["ipcrm", "--all"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cpu


def main() -> int:
    try:
        return _serve()
    except BaseException as error:  # tell the grader why (it reports the sandbox failure)
        import traceback

        _send({"op": "crash", "error": "".join(traceback.format_exception(error))[-3000:]})
        raise


def _serve() -> int:
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    _prewarm(json.loads(os.environ.get("CHIIKI_PREWARM", "[]")))
    _send({"op": "ready"})
    pid, buffer, cpu = None, b"", 0.0
    while True:
        while True:  # reap the kernel and orphans re-parented to PID 1
            try:
                done, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if done == 0:
                break
            cpu += _cpu(usage)
            if done == pid:
                _send({"op": "exited", "status": os.waitstatus_to_exitcode(status)})
                pid = None
        ready, _, _ = select.select([0], [], [], 0.05)
        if not ready:
            continue
        chunk = os.read(0, 65536)
        if not chunk:
            _clean(pid)
            return 0
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line)
            if request["op"] == "run":
                pid = os.fork()
                if pid == 0:
                    _kernel(request)
                _send({"op": "started", "pid": pid})
            elif request["op"] == "prepare":
                _prepare(request)
                _send({"op": "prepared"})
            elif request["op"] == "interrupt":
                if pid is not None:
                    os.kill(pid, signal.SIGINT)
                _send({"op": "interrupted"})
            elif request["op"] == "kill":
                cpu += _clean(pid)
                _send({"op": "clean", "cpu": cpu})  # CPU seconds of the kernel and its children
                pid, cpu = None, 0.0


if __name__ == "__main__":
    sys.exit(main())
