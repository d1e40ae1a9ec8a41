"""Grading sandboxes: bubblewrap, an unprivileged user, limits, and one prewarmed kernel host each.

Each grading worker owns one :class:`KernelHost`: a `bubblewrap <https://github.com/containers/bubblewrap>`_
sandbox (what Flatpak uses) whose PID 1 is :mod:`.zygote`. The sandbox has

- its own user, mount, PID, IPC, network, UTS and cgroup namespaces (no network at all, no other
  process visible, no new user namespaces inside);
- an **unprivileged host user**: when the grader runs as root, the sandbox is started as
  ``nobody``/``nogroup`` through ``setpriv`` *before* bubblewrap, so its user namespace does not
  map back to host root (bubblewrap started by root with ``--uid 65534`` could still write
  ``/proc/sys/kernel/core_pattern``); a non-root instructor's sandbox runs as that instructor,
  walled in the same way;
- read-only: the system (``/usr``, a few files of ``/etc``), Python, the chiiki_lab package
  **without its answers** (``exercises/answers`` is covered by an empty folder in every copy the
  sandbox can see, so the oracle cannot be called), the datasets and the question files;
- writable, size-limited and private: a home folder, ``/tmp`` and ``/dev/shm`` (tmpfs, emptied
  between kernels), and the folder holding this kernel's connection file and IPC sockets;
- no ``/sys``, a minimal ``/dev``, ``/proc`` with ``/proc/sys`` read-only; none of the checkout,
  ``.git``, the grading bundle, the submissions, the grade book, HOME or the instructor's
  environment (the environment is cleared; only what a kernel needs is set).

Kernels are forked by the zygote one at a time, each with limits on memory (address space),
processes (``RLIMIT_NPROC`` counts per user namespace, so per sandbox), file size and CPU time.
Between kernels every process of the sandbox is killed and its writable folders are emptied.

>>> from chiiki_lab.exercises.sandbox import sandbox_problem
>>> sandbox_problem() is None or isinstance(sandbox_problem(), str)
True
"""

from __future__ import annotations

import json
import os
import select
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SANDBOX_USER = 65534  # nobody / nogroup: the host user of the sandboxes when the grader runs as root
HOME = "/home/learner"
WORK_SIZE = 256 * 2**20
TMP_SIZE = 64 * 2**20
PREWARM = ["census2020", "census2020_age", "municipalities", "census_timeseries"]


@dataclass(frozen=True)
class Limits:
    """Limits of one kernel (bytes, processes, seconds)."""

    memory: int = 2 * 2**30  # address space on top of the prewarmed imports
    processes: int = 64  # tasks (threads count) of the sandbox's user
    file_size: int = 64 * 2**20
    cpu: int = 120  # seconds of CPU per kernel: an interrupt-proof loop dies by then at the latest

    def as_dict(self) -> dict:
        return {"memory": self.memory, "processes": self.processes, "file_size": self.file_size, "cpu": self.cpu}


def _package_dir() -> Path:
    return Path(__file__).resolve().parents[1]


def _etc_files() -> list[str]:
    wanted = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "fonts", "localtime", "mime.types"]
    return [f"/etc/{name}" for name in wanted if os.path.exists(f"/etc/{name}")]


def _python_dirs() -> list[Path]:
    """Folders Python needs: its prefixes and every site-packages folder on ``sys.path`` outside them."""
    dirs = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    for entry in sys.path:
        path = Path(entry or ".").resolve()
        if path.name in ("site-packages", "dist-packages") and path.is_dir():
            dirs.add(path)
    return sorted(d for d in dirs if not any(d != o and d.is_relative_to(o) for o in dirs))


def _answers_dirs(bound: list[Path]) -> list[Path]:
    """Every ``chiiki_lab/exercises/answers`` folder under the bound folders (the oracle): hidden."""
    found = []
    for root in bound:
        for candidate in (root / "chiiki_lab", root / "site-packages" / "chiiki_lab",
                          *root.glob("lib/python3*/site-packages/chiiki_lab")):
            if (candidate / "exercises" / "answers").is_dir():
                found.append(candidate / "exercises" / "answers")
    return found


@lru_cache(maxsize=1)
def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def _run_as() -> list[str]:
    """Prefix that starts bubblewrap as an unprivileged host user (root only; others already are)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={SANDBOX_USER}", f"--regid={SANDBOX_USER}", "--clear-groups", "--inh-caps=-all"]


class _Binds:
    """Folders to bind into a sandbox; as root, staged so that ``nobody`` can reach them.

    The sandbox user may not be able to reach a folder by its path (``/root`` is 0700 while
    Python lives in ``/root/.pyenv``; the grader's work folder is 0700). As root, the sandbox is
    therefore started inside a private mount namespace (``unshare -m``) in which each source is
    first bind-mounted under one fresh tmpfs; bubblewrap, already running as ``nobody``, binds
    them from there. Only what is bound becomes visible in the sandbox.
    """

    def __init__(self, stage: Path | None):
        self.stage = stage
        self.sources: list[str] = []

    def bind(self, source: Path | str, dest: str, writable: bool = False) -> list[str]:
        self.sources.append(str(source))
        src = f"{self.stage}/{len(self.sources) - 1}" if self.stage else str(source)
        return ["--bind" if writable else "--ro-bind", src, dest]

    def wrap(self, argv: list[str]) -> list[str]:
        """``argv`` (setpriv + bubblewrap + …) preceded by the staging step when there is one."""
        if not self.stage:
            return argv
        lines = ["set -e", f"mount -t tmpfs -o mode=0755,size=64k chiiki_stage {shlex.quote(str(self.stage))}"]
        for index, source in enumerate(self.sources):
            target = shlex.quote(f"{self.stage}/{index}")
            make = "mkdir" if Path(source).is_dir() else "touch"
            lines += [f"{make} {target}", f"mount --bind {shlex.quote(source)} {target}"]
        lines.append("exec " + " ".join(shlex.quote(a) for a in argv))
        return ["unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", "\n".join(lines)]


def bwrap_args(fds: _Binds, kernel_dir: Path) -> tuple[list[str], dict[str, str]]:
    """bubblewrap arguments for one sandbox, and the kernel environment (paths inside the sandbox)."""
    from ..datasets import data_dir

    args = ["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
            "--as-pid-1", "--clearenv", "--hostname", "grading", "--ro-bind", "/usr", "/usr"]
    for link in ("bin", "sbin", "lib", "lib64", "lib32", "libx32"):
        target = Path("/") / link
        if target.is_symlink():
            args += ["--symlink", os.readlink(target), f"/{link}"]
        elif target.is_dir():
            args += fds.bind(target, f"/{link}")
    for path in _etc_files():
        args += fds.bind(path, path)
    # the private /tmp and home first: a Python installed under /tmp (a CI venv) is bound on top of them
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(TMP_SIZE), "--tmpfs", "/dev/shm", "--size", str(TMP_SIZE), "--tmpfs", "/tmp",
             "--size", str(WORK_SIZE), "--tmpfs", HOME, "--size", str(TMP_SIZE), "--tmpfs", "/opt/mplcfg"]
    python = _python_dirs()
    for path in python:
        args += fds.bind(path, str(path))
    package = _package_dir()
    args += fds.bind(package, "/opt/chiiki/src/chiiki_lab")
    args += fds.bind(data_dir(), "/opt/chiiki/datasets")
    questions = package.parent.parent / "exercises" / "questions"
    if questions.is_dir() and not (package / "_bundle").is_dir():
        args += fds.bind(questions, "/opt/chiiki/exercises/questions")
    hidden = [Path("/opt/chiiki/src/chiiki_lab/exercises/answers")] if (package / "exercises" / "answers").is_dir() else []
    hidden += _answers_dirs(python)
    for path in hidden:
        args += ["--tmpfs", str(path), "--remount-ro", str(path)]
    fonts = Path.home() / ".cache" / "matplotlib"
    if any(fonts.glob("fontlist-v*.json")):
        args += fds.bind(fonts, "/opt/mplfonts")
    args += fds.bind(kernel_dir, str(kernel_dir), writable=True)
    args += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", HOME]
    env = {
        "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": HOME, "TMPDIR": "/tmp", "USER": "learner",
        "PYTHONPATH": "/opt/chiiki/src", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
        "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/opt/mplcfg", "IPYTHONDIR": f"{HOME}/.ipython",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "CHIIKI_LAB_LANG": os.environ.get("CHIIKI_LAB_LANG", "ja"), "CHIIKI_LAB_GRADING": "1",
        "WORK": HOME, "TMPDIR_ROOT": "/tmp", "SHM": "/dev/shm",
    }
    for key, value in env.items():
        args += ["--setenv", key, value]
    return args, env


class SandboxError(RuntimeError):
    """The sandbox could not be started (or died): grading the affected submissions failed."""


class KernelHost:
    """One bubblewrap sandbox with a prewarmed zygote that forks one kernel at a time."""

    def __init__(self, work: Path, unsafe: bool = False):
        self.work = work
        self.kernel_dir = work / "k"
        self.kernel_dir.mkdir(parents=True, exist_ok=True)
        self.unsafe = unsafe
        self.proc: subprocess.Popen | None = None
        self.buffer = b""
        self.start_seconds = 0.0
        self.kernel_exited: int | None = None

    def start(self) -> None:
        started = time.monotonic()
        cmd = [sys.executable, "-m", "chiiki_lab.exercises.zygote"]
        if self.unsafe:
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.kernel_dir),
                   "PYTHONPATH": str(_package_dir().parent), "MPLBACKEND": "Agg", "CHIIKI_LAB_GRADING": "1",
                   "WORK": str(self.kernel_dir), "OPENBLAS_NUM_THREADS": "1",
                   "CHIIKI_LAB_LANG": os.environ.get("CHIIKI_LAB_LANG", "ja"), "CHIIKI_PREWARM": json.dumps(PREWARM)}
            self.proc = subprocess.Popen(["setsid", *cmd], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, env=env, cwd=self.kernel_dir)
        else:
            with _staged() as binds:
                if os.geteuid() == 0:
                    os.chown(self.kernel_dir, SANDBOX_USER, SANDBOX_USER)
                args, _ = bwrap_args(binds, self.kernel_dir)
                args += ["--setenv", "CHIIKI_PREWARM", json.dumps(PREWARM)]
                argv = binds.wrap([*_run_as(), bwrap_path(), *args, "--", *cmd])
                self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE, env={"PATH": "/usr/bin:/bin"}, cwd="/")
                reply = self._read(timeout=120)
        if self.unsafe:
            reply = self._read(timeout=120)
        if not reply or reply.get("op") != "ready":
            self.proc.kill()
            err = self.proc.stderr.read()[-2000:]
            raise SandboxError(f"sandbox did not start: {err.decode(errors='replace')}")
        self.proc.stderr.close()  # (never read again: nothing is written there after the start)
        self.start_seconds = time.monotonic() - started

    def prepare(self, datasets: list[str], variant: dict | None = None) -> None:
        """Have the zygote read ``datasets`` and the perturbed copies of ``variant`` ({"names", "seed"}) once,
        before the first kernel; its time is added to :attr:`start_seconds`."""
        started = time.monotonic()
        self._request({"op": "prepare", "datasets": sorted(datasets), "variant": variant or {}}, "prepared", timeout=120)
        self.start_seconds += time.monotonic() - started

    def _read(self, timeout: float) -> dict | None:
        """The next message of the zygote (or None at time-out / when it is gone)."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc is None:
                return None
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        message = json.loads(line)
        if message.get("op") == "crash":
            raise SandboxError(f"sandbox failed: {message.get('error', '')}")
        if message.get("op") == "exited":
            self.kernel_exited = message.get("status", -1)
            return self._read(max(0.0, deadline - time.monotonic())) if timeout else message
        return message

    def _request(self, message: dict, want: str, timeout: float = 30) -> dict:
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise SandboxError(f"sandbox gone: {error}") from error
        while True:
            reply = self._read(timeout)
            if reply is None:
                raise SandboxError(f"sandbox did not answer {message['op']!r}")
            if reply.get("op") == want:
                return reply

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kernel_alive(self) -> bool:
        """False once the current kernel has exited (polls the zygote's messages without waiting)."""
        if self.kernel_exited is None and self.alive():
            ready, _, _ = select.select([self.proc.stdout], [], [], 0)
            if ready or b"\n" in self.buffer:
                message = self._read(0.01)
                if message and message.get("op") == "exited":
                    self.kernel_exited = message.get("status", -1)
        return self.kernel_exited is None and self.alive()

    def run_kernel(self, connection_file: Path, limits: Limits) -> int:
        self.kernel_exited = None
        env = {"HOME": HOME if not self.unsafe else str(self.kernel_dir)}
        return self._request({"op": "run", "connection": str(connection_file), "limits": limits.as_dict(),
                              "env": env}, "started")["pid"]

    def interrupt(self) -> None:
        self._request({"op": "interrupt"}, "interrupted")

    def clean(self) -> float:
        """Kill every process of the sandbox but the zygote; empty its folders. Returns the kernel's CPU seconds."""
        cpu = float(self._request({"op": "kill"}, "clean").get("cpu", 0.0))
        for entry in self.kernel_dir.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        return cpu

    def close(self) -> None:
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc = None


@contextmanager
def _staged():
    """The binds of one sandbox start; as root, with a fresh (host-side empty) staging mount point."""
    if os.geteuid() != 0:
        yield _Binds(None)
        return
    stage = Path(tempfile.mkdtemp(prefix="chiiki_stage_"))
    os.chmod(stage, 0o755)
    try:
        yield _Binds(stage)
    finally:
        stage.rmdir()  # the tmpfs on it lives in the sandbox's private mount namespace only


@lru_cache(maxsize=1)
def sandbox_problem() -> str | None:
    """None if grading sandboxes can be made here, else why not (in English, for the log)."""
    if not sys.platform.startswith("linux"):
        return "not Linux"
    if not bwrap_path():
        return "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        return "setpriv (util-linux) is missing: cannot drop root before starting the sandbox"
    with tempfile.TemporaryDirectory(prefix="chiiki_probe_") as tmp, _staged() as binds:
        work = Path(tmp)
        args, _ = bwrap_args(binds, work)
        argv = binds.wrap([*_run_as(), bwrap_path(), *args, "--", "/bin/sh", "-c",
                           "echo x > /home/learner/ok && ! (echo x > /proc/sys/kernel/core_pattern) 2>/dev/null && id -u"])
        try:
            done = subprocess.run(argv, capture_output=True, timeout=30, check=False, env={"PATH": "/usr/bin:/bin"})
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"bubblewrap failed: {error}"
    if done.returncode != 0:
        return f"bubblewrap failed: {done.stderr.decode(errors='replace').strip()[:300]}"
    if done.stdout.strip() == b"0":
        return "the sandbox would run as root"
    return None
