"""Run one notebook's code cells in a sandboxed kernel and read its answers back as plain data.

The grader's side of the kernel protocol (:mod:`.grade` decides what to run and judges what comes back):
cells run one at a time with a time limit (interrupt, then stop the kernel if the cell ignores it), all
output counts toward a cap, and the answers are asked for in the reply to a request whose keys carry a
fresh nonce, validated as plain JSON and cleaned of control characters. Nothing else from the kernel is
trusted. See "Why the answers cannot be forged" in ``docs/exercises-design.md``.
"""

from __future__ import annotations

import ast
import json
import queue
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import tr
from .sandbox import KernelHost, Limits, SandboxError
from .submissions import printable

INTERRUPT_GRACE = 2.0  # seconds a cell gets to stop after an interrupt before its kernel is killed
OUTPUT_LIMIT = 20 * 2**20  # bytes of output per notebook; more stops the kernel
MESSAGE_LIMIT = 32 * 2**20  # largest message the grader accepts from a kernel
ANSWER_LIMIT = 2 * 2**20  # characters of one encoded answer
MAX_ITEMS = 5000


@dataclass
class Execution:
    """What one kernel run produced: the answers read back, the errors per cell, notes and timings."""

    answers: dict | None = None  # variable -> encoded answer (validated plain data)
    errors: list[dict] = field(default_factory=list)  # {"question", "ename", "evalue"}
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds: start, cells, answers, clean

    def lap(self, phase: str, since: float) -> float:
        now = time.monotonic()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - since
        return now


# --------------------------------------------------------------------------- notebook cells


def cell_text(cell) -> str:
    """A cell's source as one string (nbformat allows a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _metadata(cell) -> dict:
    info = cell.get("metadata", {}).get("chiiki_lab", {})
    return info if isinstance(info, dict) else {}


def cell_question(cell) -> str | None:
    """The question id a cell belongs to (``metadata.chiiki_lab.question``), if any."""
    value = _metadata(cell).get("question")
    return value if isinstance(value, str) else None


def cell_role(cell) -> str | None:
    """The cell's role in an exercise notebook (``"answer"``, ``"check"``…), if any."""
    return _metadata(cell).get("role")


# --------------------------------------------------------------------------- untrusted answers


def _plain(value, depth: int = 0):
    """``value`` if it is plain JSON data of bounded size (strings cleaned), else raise ValueError."""
    if depth > 4:
        raise ValueError("too deep")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return printable(value, MAX_ITEMS)
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise ValueError("too long")
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise ValueError("too long")
        return {printable(str(k), 200): _plain(v, depth + 1) for k, v in value.items()}
    raise ValueError(type(value).__name__)


def _answer_from(reply: dict) -> dict:
    """One answer from the kernel's reply to a user expression: validated plain data, never code."""
    invalid = {"t": "other", "type": tr("読めない値", "unreadable value"), "repr": ""}
    if reply.get("status") != "ok":
        return {"t": "missing", "ename": printable(reply.get("ename", ""), 80)}
    text = reply.get("data", {}).get("text/plain", "")
    if not isinstance(text, str) or len(text) > ANSWER_LIMIT:
        return invalid
    try:
        encoded = _plain(json.loads(ast.literal_eval(text)))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return invalid
    if not isinstance(encoded, dict) or not isinstance(encoded.get("t"), str):
        return invalid
    return encoded


# --------------------------------------------------------------------------- running one kernel


def _client(connection: Path):
    import zmq
    from jupyter_client import BlockingKernelClient

    context = zmq.Context()
    context.setsockopt(zmq.MAXMSGSIZE, MESSAGE_LIMIT)  # a flood cannot make the grader hold gigabytes
    context.setsockopt(zmq.RECONNECT_IVL, 10)  # the kernel binds just after the client connects: retry soon (default 100 ms)
    client = BlockingKernelClient(context=context)
    client.load_connection_file(str(connection))
    client.start_channels()
    return client, context


class _Stop(Exception):
    """The kernel had to be stopped (dead, stuck after an interrupt, or flooding); the reason is the text."""


def _receive(get, timeout: float) -> dict:
    """The next message from the kernel. One that cannot be decoded (learner code replaced ``json.dumps``
    or the session's packer) is the submission's doing: the kernel is stopped, never the class's grading."""
    try:
        return get(timeout=timeout)
    except queue.Empty:
        raise
    except (KeyError, ValueError, TypeError) as error:
        raise _Stop(tr("カーネルから読めないメッセージが届いたため、カーネルを停止しました（json など標準の機能を書き換えていませんか）。",
                       "The kernel sent a message that cannot be read, so it was stopped (was json or another "
                       "standard module replaced?).")) from error


def _ready_message(channel, ready: dict) -> dict | None:
    """The message waiting on ``channel`` if the poll found one (see :func:`_receive`)."""
    if channel.socket not in ready:
        return None
    try:
        return _receive(channel.get_msg, 0)
    except queue.Empty:
        return None


def _execute(host: KernelHost, client, code: str, timeout: float, counter: dict, silent: bool = False) -> list[dict]:
    """Run ``code``; return its errors. Interrupts at ``timeout``, raises :class:`_Stop` when that fails.

    The cell is done when its ``execute_reply`` arrives on the shell channel (that reply also carries the
    error, if any). The iopub channel is read only to count output: a message over the size limit is
    dropped by ZMQ there, so waiting for the "idle" status on iopub could wait for the time-out."""
    import zmq

    msg_id = client.execute(code, silent=silent, store_history=not silent, allow_stdin=False, stop_on_error=False)
    deadline, interrupted, errors = time.monotonic() + timeout, False, []
    poller = zmq.Poller()
    poller.register(client.iopub_channel.socket, zmq.POLLIN)
    poller.register(client.shell_channel.socket, zmq.POLLIN)
    while True:
        ready = dict(poller.poll(50))
        if not ready:
            if not host.kernel_alive():
                raise _Stop(tr("カーネルが止まりました（プロセスの終了やメモリ不足）。", "The kernel died (process exit or out of memory).")) from None
        msg = _ready_message(client.iopub_channel, ready)
        if msg:
            kind, content = msg.get("msg_type"), msg.get("content")
            content = content if isinstance(content, dict) else {}
            if kind in ("stream", "display_data", "execute_result", "update_display_data"):  # any cell's: all output counts
                counter["bytes"] += len(str(content.get("text", ""))) if kind == "stream" else len(json.dumps(content.get("data", "")))
                if counter["bytes"] > OUTPUT_LIMIT:
                    raise _Stop(tr(f"出力が多すぎるため（{OUTPUT_LIMIT // 2**20} MB 超）、カーネルを停止しました。",
                                   f"Too much output (over {OUTPUT_LIMIT // 2**20} MB): the kernel was stopped."))
        reply = _ready_message(client.shell_channel, ready)
        if reply:
            if reply.get("parent_header", {}).get("msg_id") == msg_id and reply.get("msg_type") == "execute_reply":
                content = reply.get("content")
                if isinstance(content, dict) and content.get("status") == "error":
                    errors.append({"ename": printable(str(content.get("ename", "")), 80),
                                   "evalue": printable(str(content.get("evalue", "")), 200)})
                return errors
        now = time.monotonic()
        if now > deadline and not interrupted:
            host.interrupt()
            interrupted, deadline = True, now + INTERRUPT_GRACE
            errors.append({"ename": "Timeout", "evalue": f"{timeout:g}"})
        elif now > deadline:
            raise _Stop(tr("セルが中断を無視したため、カーネルを停止しました。",
                           "A cell ignored the interrupt, so its kernel was stopped.")) from None


def _collect_answers(client, names: list[str], timeout: float = 30) -> dict | None:
    """Ask for the answer variables as plain data; keys carry a fresh nonce (see the module docstring)."""
    nonce = "chiiki" + secrets.token_hex(16)
    encoder = "__import__('chiiki_lab.exercises.forms', fromlist=['encode_answer']).encode_answer"
    expressions = {f"{nonce}{i}": f"__import__('json').dumps({encoder}({name}))" for i, name in enumerate(names)}
    msg_id = client.execute("", silent=True, store_history=False, user_expressions=expressions, allow_stdin=False)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reply = _receive(client.get_shell_msg, 0.2)
        except queue.Empty:
            continue
        if reply.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        got = reply.get("content", {}).get("user_expressions") or {}
        if not isinstance(got, dict) or set(got) != set(expressions):
            return None
        answers = {}
        for i, name in enumerate(names):
            encoded = _answer_from(got[f"{nonce}{i}"] if isinstance(got[f"{nonce}{i}"], dict) else {})
            if encoded["t"] != "missing":
                answers[name] = encoded
        return answers
    return None


def _wait_ready(host: KernelHost, client, timeout: float) -> None:
    """Until the kernel answers on both channels (no heartbeat: a busy machine misses beats)."""
    import zmq

    poller = zmq.Poller()
    poller.register(client.iopub_channel.socket, zmq.POLLIN)
    poller.register(client.shell_channel.socket, zmq.POLLIN)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not host.kernel_alive():
            raise SandboxError("kernel exited while starting")
        msg_id, shell, iopub = client.kernel_info(), False, False
        until = time.monotonic() + 2  # the iopub subscription may miss the first status: ask again
        while time.monotonic() < until and not (shell and iopub):
            ready = dict(poller.poll(50))
            for channel in (client.shell_channel, client.iopub_channel):
                msg = _ready_message(channel, ready)
                if msg and msg.get("parent_header", {}).get("msg_id") == msg_id:
                    shell, iopub = shell or channel is client.shell_channel, iopub or channel is client.iopub_channel
        if shell and iopub:
            return
    raise SandboxError(f"kernel did not start within {timeout:g} s")


def run_cells(host: KernelHost, cells: list[dict], names: list[str], cell_timeout: float, notebook_timeout: float,
         limits: Limits, setup: str = "") -> Execution:
    """Run ``cells`` in a fresh kernel of ``host``; read ``names``. Raises SandboxError if the sandbox fails."""
    run = Execution()
    started = lap = time.monotonic()
    connection = host.kernel_dir / "kernel.json"
    from jupyter_client.connect import write_connection_file

    write_connection_file(str(connection), transport="ipc", ip=str(host.kernel_dir / "ipc"))
    connection.chmod(0o644)
    host.run_kernel(connection, limits)
    client, context = _client(connection)
    counter = {"bytes": 0}
    try:
        _wait_ready(host, client, 60)
        if setup:
            _execute(host, client, setup, 30, counter, silent=True)
        lap = run.lap("start", lap)
        deadline = time.monotonic() + notebook_timeout
        for index, cell in enumerate(cells):
            left = deadline - time.monotonic()
            if left <= 0:
                run.notes.append(tr(f"ノートブック全体の制限時間（{notebook_timeout:g}秒）を超えたため、残りのセルは実行しませんでした。",
                                    f"The notebook time limit ({notebook_timeout:g} s) was reached; the remaining cells were not run."))
                break
            timeout = min(cell_timeout, left)
            for error in _execute(host, client, cell_text(cell), timeout, counter):
                run.errors.append({"question": cell_question(cell), **error})
                if error["ename"] == "Timeout":
                    run.notes.append(tr(f"セル {index + 1} が制限時間（{timeout:g}秒）を超えたので中断しました（無限ループ？）。",
                                        f"Cell {index + 1} exceeded the time limit ({timeout:g} s) and was interrupted (endless loop?)."))
        lap = run.lap("cells", lap)
        run.answers = _collect_answers(client, names)
        lap = run.lap("answers", lap)
        if run.answers is None:
            run.notes.append(tr("答えの変数を読み取れませんでした（カーネルが応答しないか、応答が不正です）。",
                                "The answer variables could not be read (kernel unresponsive or reply malformed)."))
    except _Stop as stop:
        run.notes.append(str(stop))
        run.answers = None
    finally:
        if "answers" not in run.phases:  # stopped early: the time so far belongs to the step it stopped in
            lap = run.lap("cells" if "start" in run.phases else "start", lap)
        client.stop_channels()
        context.destroy(linger=0)
        run.cpu_seconds = host.clean()
        run.lap("clean", lap)
    run.seconds = time.monotonic() - started
    return run
