"""Grade a class: run every submitted notebook in a sandboxed kernel and judge its answers outside.

For each submission (``workers`` at a time, each worker with its own sandbox, :mod:`.sandbox`):

1. the learner's code cells run in notebook order in a fresh kernel forked from a prewarmed one,
   with a time limit per cell (interrupt, then kill if the cell ignores it) and per notebook;
   errors never stop the grading;
2. the grader asks the kernel for the answer variables as plain data (numbers, text, lists) in
   the reply to a request whose keys carry a fresh nonce (see "Why the answers cannot be forged"
   in ``docs/exercises-design.md``); nothing else from the kernel is trusted: no verdict, no tag,
   no checker;
3. **outside the kernel**, each answer is judged by the public check and, if that passes, by the
   hidden tests of the grading bundle; the expected values exist only in the grader process;
4. questions that allow it are graded again on a **variant**: the answer cells re-run in a fresh
   kernel with another town, and the answer must be right for that town too, so a hard-coded or
   copied number fails while code that computes it passes.

The learner id comes from the collection layout (:mod:`.submissions`), never from the notebook.
Without a sandbox (:func:`.sandbox.sandbox_problem`), :func:`grade` refuses unless ``unsafe=True``.

>>> from chiiki_lab.exercises.grade import grade           # doctest: +SKIP
>>> run = grade("submissions/", "ch01_population", out="grades/")   # doctest: +SKIP
>>> print(run.summary())                                    # doctest: +SKIP
"""

from __future__ import annotations

import ast
import json
import queue
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ChiikiLabError, ChiikiLabValueError
from ..i18n import tr
from .sandbox import KernelHost, Limits, SandboxError, sandbox_problem
from .submissions import Collection, Submission, collect, printable

CELL_TIMEOUT = 15  # seconds per cell
DEFAULT_WORKERS = 3  # notebooks graded at once; on 2 cores 3 were as fast as 2 or faster in every paired run (design doc, Speed)
NOTEBOOK_TIMEOUT = 90  # seconds per notebook
INTERRUPT_GRACE = 2.0  # seconds a cell gets to stop after an interrupt before its kernel is killed
OUTPUT_LIMIT = 20 * 2**20  # bytes of output per notebook; more stops the kernel
MESSAGE_LIMIT = 32 * 2**20  # largest message the grader accepts from a kernel
ANSWER_LIMIT = 2 * 2**20  # characters of one encoded answer
MAX_ITEMS = 5000


class GraderError(ChiikiLabError):
    """Grading itself failed for some submissions (not their fault); names them."""


@dataclass
class QuestionResult:
    """Points and feedback of one question of one submission."""

    question: str
    points: float | None  # None: open task graded by hand
    max_points: float
    feedback: str
    mistake: bool = False
    answer_text: str = ""  # the learner's answer cell(s), shown for open tasks
    title: str = ""  # rubric criteria only (questions take their title from the question bank)


@dataclass
class SubmissionResult:
    """Everything the grader found about one submitted notebook."""

    learner: str
    file: str
    questions: list[QuestionResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # notebook-level reasons (timeouts, errors…)
    seconds: float = 0.0
    kernel_seconds: float = 0.0  # wall time of the kernel runs (main and variants)
    kernel_cpu_seconds: float = 0.0  # CPU time of those kernels and their children
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds per step ("variant " + step for the re-run)
    failed: bool = False  # the grader (not the submission) failed: not graded

    @property
    def points(self) -> float:
        return sum(q.points or 0 for q in self.questions)

    @property
    def max_points(self) -> float:
        return sum(q.max_points for q in self.questions if q.points is not None)


@dataclass
class _Execution:
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


def _text(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _info(cell) -> dict:
    info = cell.get("metadata", {}).get("chiiki_lab", {})
    return info if isinstance(info, dict) else {}


def _question_of(cell) -> str | None:
    value = _info(cell).get("question")
    return value if isinstance(value, str) else None


def _role_of(cell) -> str | None:
    return _info(cell).get("role")


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


def _run(host: KernelHost, cells: list[dict], names: list[str], cell_timeout: float, notebook_timeout: float,
         limits: Limits, setup: str = "") -> _Execution:
    """Run ``cells`` in a fresh kernel of ``host``; read ``names``. Raises SandboxError if the sandbox fails."""
    run = _Execution()
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
            for error in _execute(host, client, _text(cell), timeout, counter):
                run.errors.append({"question": _question_of(cell), **error})
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


# --------------------------------------------------------------------------- judging


def _scalar_of(encoded: dict | None):
    """A dumped scalar (the learner's chosen town) back as text or number; None if absent."""
    return encoded.get("v") if isinstance(encoded, dict) and encoded.get("t") in ("str", "num") else None


def _judge_question(q: dict, answers: dict | None, errors: list[dict], answer_cells: set[str],
                    ctx=None) -> QuestionResult:
    """Judge one answer with the one judge (the call ``check()`` makes), outside the kernel."""
    from .bank import question
    from .judge import judge

    qid, name, points = q["id"], q["answer"], float(q["points"])
    if answers is None:
        return QuestionResult(qid, 0.0, points, tr("答えを読み取れなかったため0点です。", "No answers could be read: 0 points."))
    if name not in answers:
        reason = tr(f"変数 {name} がありません。", f"The variable {name} does not exist.")
        mine = [e for e in errors if e["question"] == qid]
        if qid not in answer_cells:
            reason += tr("解答セルが見つかりません（削除された？）。", " The answer cell is missing (deleted?).")
        if mine:
            reason += tr(f"この問題のセルでエラー: {mine[0]['ename']}: {mine[0]['evalue']}",
                         f" Error in a cell of this question: {mine[0]['ename']}: {mine[0]['evalue']}")
        return QuestionResult(qid, 0.0, points, reason)
    spec = question(qid)
    town = _scalar_of(answers.get(spec.town)) if spec.town else None
    try:
        verdict = judge(qid, answers[name], ctx, town=town)
    except Exception:  # noqa: BLE001  (odd plain data must not stop the class)
        return QuestionResult(qid, 0.0, points, tr("答えの形が読み取れません。", "The answer's form cannot be read."))
    return QuestionResult(qid, float(verdict.points or 0.0), points, verdict.message, verdict.mistake)


@dataclass
class _VariantPlan:
    """One re-run of a submission: variables pinned to other towns, datasets perturbed, questions to judge again."""

    towns: dict[str, str] = field(default_factory=dict)  # variable -> 5-digit code
    perturb: set[str] = field(default_factory=set)
    questions: list[dict] = field(default_factory=list)

    def variables(self) -> set[str]:
        """The notebook variables the re-run is judged on: answers, the questions' towns, the pinned variables."""
        from .bank import question

        towns = {question(q["id"]).town for q in self.questions} - {""}
        return {q["answer"] for q in self.questions} | towns | set(self.towns)

    def context(self, spec, seed: int):
        """The judge's context for question ``spec`` on this re-run: its variant town and the perturbed data."""
        from .judge import Context
        from .variants import loader

        town = self.towns.get(spec.variant.variable) if spec.variant.variable else None
        return Context(town=town, variant=f"{sorted(self.perturb)}:{seed}",
                       loader=loader(tuple(sorted(self.perturb)), seed) if self.perturb else None)

    def setup(self, seed: int) -> str:
        from .variants import kernel_setup, pin_variable

        code = "".join(pin_variable(variable, town) for variable, town in sorted(self.towns.items()))
        return code + (kernel_setup(tuple(sorted(self.perturb)), seed) if self.perturb else "")


def _variant_plan(auto: list[dict], judged: dict[str, QuestionResult], answers: dict | None) -> _VariantPlan:
    """What to re-run: the variant questions whose answers earned points (only those can lose them)."""
    from ..codes import resolve
    from .bank import question

    plan = _VariantPlan()
    for q in auto:
        spec = question(q["id"])
        if not spec.variant or not judged[q["id"]].points:
            continue
        plan.questions.append(q)
        plan.perturb |= set(spec.variant.perturb)
        if spec.variant.variable and spec.variant.variable not in plan.towns:
            own = _scalar_of((answers or {}).get(spec.variant.variable))
            own_code = None
            try:
                own_code = resolve(str(own)).code if own is not None else None
            except ChiikiLabError:
                pass
            towns = [resolve(t).code for t in spec.variant.towns] or ["13206", "01101"]
            plan.towns[spec.variant.variable] = next(t for t in towns + ["01101"] if t != own_code)
    return plan


def _cells_for(cells: list[dict], variables: set[str]) -> list[dict]:
    """``cells`` up to the last one whose source names any of ``variables``: the variant re-run needs no later cell.

    A later cell cannot change those variables without naming them (short of ``globals()`` tricks, which
    can only make the re-run see the values the earlier cells computed, and the grade is the lower of the
    two runs). Stopping there spares, for example, an endless loop after the answers a second time-out."""
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(v) for v in sorted(variables)) + r")(?!\w)")
    last = max((i for i, cell in enumerate(cells) if pattern.search(_text(cell))), default=-1)
    return cells[:last + 1]


def _judge_variant(main: QuestionResult, q: dict, run: _Execution, plan: _VariantPlan, seed: int) -> QuestionResult:
    """The main result, unless the answer is worse on the variant (then the variant's points, and why)."""
    from .bank import question

    spec = question(q["id"])
    ctx = plan.context(spec, seed)
    town = ctx.town
    again = _judge_question(q, run.answers, run.errors, {q["id"]}, ctx)
    if (again.points or 0.0) >= (main.points or 0.0):
        return main
    what = []
    if town:
        what.append(tr(f"{spec.variant.variable} を別の市町村（{town}）にして", f"with {spec.variant.variable} set to another municipality ({town})"))
    if plan.perturb:
        what.append(tr("市町村のデータを入れ替えた模擬データで", "on a copy of the data with municipalities' numbers swapped"))
    return QuestionResult(main.question, again.points, main.max_points, tr(
        "採点では" + "、".join(what) + "同じセルを実行し直します。そのときの答えが合いませんでした"
        f"（{again.feedback}）。数値を直接書かず、データからコードで計算してください。",
        "Grading re-runs the same cells " + " and ".join(what) + f"; the answer was then wrong ({again.feedback}). "
        "Compute it from the data in code instead of typing the number."), True)


# --------------------------------------------------------------------------- one submission


def grade_one(host: KernelHost, submission: Submission, bundle: dict, cell_timeout: float = CELL_TIMEOUT,
              notebook_timeout: float = NOTEBOOK_TIMEOUT, limits: Limits = Limits(), seed: int = 0) -> SubmissionResult:
    """Grade one notebook in ``host``'s sandbox (``seed``: of the variant data). Raises :class:`.sandbox.SandboxError`
    only if the sandbox fails."""
    import nbformat

    from .bank import question

    started = time.monotonic()
    result = SubmissionResult(learner=submission.learner, file=submission.shown)
    auto = [q for q in bundle["questions"] if not q["manual"]]
    try:
        if submission.path.stat().st_size > 50 * 2**20:
            raise ValueError("larger than 50 MB")
        nb = nbformat.reads(submission.path.read_text(encoding="utf-8", errors="replace"), as_version=4)
        cells = [c for c in nb.cells if c.get("cell_type") == "code" and _text(c).strip()]
    except Exception as error:  # noqa: BLE001
        result.notes.append(tr(f"ノートブックとして読めません（{type(error).__name__}）。", f"Not a readable notebook ({type(error).__name__})."))
        result.questions = [QuestionResult(q["id"], None if q["manual"] else 0.0, float(q["points"]),
                                           tr("読めないファイル", "unreadable file")) for q in bundle["questions"]]
        result.seconds = time.monotonic() - started
        return result
    exercise = nb.get("metadata", {}).get("chiiki_lab", {})
    if isinstance(exercise, dict) and exercise.get("exercise") not in (None, bundle["exercise"]):
        result.notes.append(printable(tr(f"別の演習（{exercise.get('exercise')}）のノートブックのようです。",
                                         f"This looks like another exercise ({exercise.get('exercise')}).")))
    answer_cells = {_question_of(c) for c in nb.cells if _question_of(c) and _role_of(c) == "answer"}
    specs = [question(q["id"]) for q in auto]
    names = [q["answer"] for q in auto] + sorted({s.town for s in specs} - {""})
    run = _run(host, cells, names, cell_timeout, notebook_timeout, limits)
    result.notes += run.notes
    result.kernel_seconds += run.seconds
    result.kernel_cpu_seconds += run.cpu_seconds
    result.phases.update(run.phases)
    judged = {}
    for q in bundle["questions"]:
        if q["manual"]:
            text = "\n\n".join(_text(c) for c in nb.cells if _question_of(c) == q["id"] and _role_of(c) == "answer")
            judged[q["id"]] = QuestionResult(q["id"], None, float(q["points"]),
                                             tr("自由課題: 教員が読んで採点します。", "Open task: graded by the instructor."),
                                             answer_text=printable(text, 20_000))
        else:
            judged[q["id"]] = _judge_question(q, run.answers, run.errors, answer_cells)
    plan = _variant_plan(auto, judged, run.answers)
    if plan.questions:
        variant = _run(host, _cells_for(cells, plan.variables()), names, cell_timeout, notebook_timeout, limits,
                       setup=plan.setup(seed))
        result.kernel_seconds += variant.seconds
        result.kernel_cpu_seconds += variant.cpu_seconds
        result.phases.update({f"variant {k}": v for k, v in variant.phases.items()})
        for q in plan.questions:
            judged[q["id"]] = _judge_variant(judged[q["id"]], q, variant, plan, seed)
    result.questions = [judged[q["id"]] for q in bundle["questions"]]
    result.seconds = time.monotonic() - started
    return result


# --------------------------------------------------------------------------- a class


@dataclass
class GradeRun:
    """The results of grading a class, with where the grade book and feedback were written."""

    exercise: str
    title: str
    results: list[SubmissionResult]
    sandbox: str
    seconds: float
    files: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # collection problems (skipped files, duplicates)
    sandbox_start_seconds: list[float] = field(default_factory=list)

    @property
    def failed(self) -> list[SubmissionResult]:
        """Submissions the grader could not grade (its own failure, not theirs)."""
        return [r for r in self.results if r.failed]

    def summary(self) -> str:
        from .report import summary

        return summary(self)


def _datasets_of(bundle: dict) -> list[str]:
    """Datasets the exercise's notebook and solutions load (the sandboxes load them once, before any kernel)."""
    from .._paths import bundle_dir

    texts = [q.get("solution", "") for q in bundle["questions"]]
    notebook = bundle_dir("exercises") / f"{bundle['exercise']}.ipynb"
    if notebook.is_file():
        texts.append(notebook.read_text(encoding="utf-8"))
    return sorted({m for text in texts for m in re.findall(r"load\(\\?[\"']([a-z0-9_]+)\\?[\"']\)", text)})


def _warm_up(bundle: dict, seed: int) -> None:
    """While the sandboxes start: import what grading needs and compute the expected values of the main run
    and of a full variant run once (the judge caches them), so that the first notebooks do not pay for it."""
    import nbformat  # noqa: F401  (imported by grade_one)
    from jupyter_client import BlockingKernelClient  # noqa: F401  (imported by _client)

    from ..codes import resolve
    from .bank import question
    from .judge import Context, prepare

    resolve("01101")  # the place index, used to read place answers and to choose variant towns
    auto = [q for q in bundle["questions"] if not q["manual"]]
    plan = _variant_plan(auto, {q["id"]: QuestionResult(q["id"], 1.0, 1.0, "") for q in auto}, None)
    contexts = [(q["id"], Context()) for q in auto if not question(q["id"]).town]
    contexts += [(q["id"], plan.context(question(q["id"]), seed)) for q in plan.questions]
    for qid, ctx in contexts:
        try:
            prepare(qid, ctx)
        except Exception:  # noqa: BLE001, S112  (judging the notebooks reports it, per question)
            continue


def _loops_first(submission: Submission) -> int:
    """Queue order: notebooks with a ``while`` loop in a code cell first. An endless ``while`` is the usual way a
    notebook costs a whole cell time-out; run last, it would keep one worker busy while the others have
    nothing left to do. A guess for speed only: the order never changes a grade."""
    try:
        cells = json.loads(submission.path.read_bytes()).get("cells", [])
        return 0 if any(re.search(r"\bwhile\b", _text(c)) for c in cells if c.get("cell_type") == "code") else 1
    except (OSError, ValueError, AttributeError, TypeError):
        return 1


@dataclass
class _Exercise:
    """What the workers need of the exercise, published once the main thread has read it."""

    ready: threading.Event = field(default_factory=threading.Event)
    bundle: dict | None = None  # None once ready: grading was called off
    variant: dict = field(default_factory=dict)  # {"names": datasets to perturb, "seed": N}


def _start_host(work: Path, unsafe: bool, exercise: _Exercise) -> KernelHost:
    """A started sandbox, prepared for the exercise as soon as it is known."""
    host = KernelHost(work / f"w{secrets.token_hex(4)}", unsafe=unsafe)
    try:
        host.start()
        exercise.ready.wait()
        if exercise.bundle is not None:
            host.prepare(_datasets_of(exercise.bundle), exercise.variant)
    except BaseException:
        host.close()
        raise
    return host


def _worker(jobs: queue.Queue, results: list, exercise: _Exercise, work: Path, unsafe: bool, settings: dict,
            starts: list, bar) -> None:
    """One worker thread: its own sandbox, started at once (while the exercise is read); a sandbox failure is
    retried once in a new sandbox."""
    host = None
    try:
        try:
            host = _start_host(work, unsafe, exercise)
            starts.append(host.start_seconds)
        except Exception:  # noqa: BLE001, S110  (tried again for the first submission, which reports it)
            pass
        exercise.ready.wait()
        bundle = exercise.bundle
        while bundle is not None:
            try:
                submission = jobs.get_nowait()
            except queue.Empty:
                return
            for attempt in range(2):
                try:
                    if host is None or not host.alive():
                        if host is not None:
                            host.close()
                        host = _start_host(work, unsafe, exercise)
                        starts.append(host.start_seconds)
                    results.append(grade_one(host, submission, bundle, **settings))
                    break
                except Exception as error:  # noqa: BLE001  (the sandbox or the grader failed, not the learner)
                    if host is not None:
                        host.close()
                    host = None
                    if attempt == 1 or not isinstance(error, SandboxError):
                        failed = SubmissionResult(submission.learner, submission.shown, failed=True,
                                                  notes=[printable(tr(f"採点環境の障害: {error}", f"Grader failure: {error}"), 500)])
                        failed.questions = [QuestionResult(q["id"], None, float(q["points"]), tr("採点できませんでした", "not graded"))
                                            for q in bundle["questions"]]
                        results.append(failed)
                        break
            bar.update(1)
    finally:
        if host is not None:
            host.close()


def grade(submissions: str | Path, exercise: str, out: str | Path = "grades", *, bundle: str | Path | None = None,
          source: str | Path | None = None, workers: int = DEFAULT_WORKERS, cell_timeout: float = CELL_TIMEOUT,
          notebook_timeout: float = NOTEBOOK_TIMEOUT, progress: bool = True, unsafe: bool = False,
          rubric_scores: str | Path | None = None, limits: Limits = Limits()) -> GradeRun:
    """Grade every notebook in ``submissions`` (folder or zip) for ``exercise``; write the grade book to ``out``.

    Writes ``out/gradebook.csv`` (learner, question, points, max, feedback), ``out/totals.csv`` and
    ``out/feedback/<learner>.html``. Refuses to run without a sandbox unless ``unsafe=True``.
    ``rubric_scores``: a filled rubric sheet (:mod:`.rubric`); its points are added as one row per criterion.
    Raises :class:`GraderError` after writing the reports if the grader failed on some submissions.
    """
    from tqdm.auto import tqdm

    from .author import load_bundle
    from .bank import question
    from .report import write_reports

    started = time.monotonic()
    problem = sandbox_problem()
    if problem and not unsafe:
        raise ChiikiLabValueError(
            f"採点用の隔離環境（bubblewrap）を作れません: {problem}。信頼できない提出物は隔離なしでは採点しません。"
            "bubblewrap を入れる（apt-get install bubblewrap）か、自分で書いたノートブックだけなら --unsafe を付けてください。",
            f"No grading sandbox (bubblewrap) can be made here: {problem}. Untrusted submissions are not graded "
            "without one. Install bubblewrap (apt-get install bubblewrap), or pass --unsafe for notebooks you trust.")
    from .layout import source_dir

    data = None
    if not Path(bundle or (Path(source) if source else source_dir()) / f"{exercise}.ipynb").exists():
        data = load_bundle(exercise, bundle=bundle, source=source)  # an unknown exercise fails before any sandbox starts
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="chiiki_grade_"))
    shared, threads, jobs = _Exercise(), [], queue.Queue()
    try:
        found: Collection = collect(submissions, work / "collected")
        for submission in sorted(found.submissions, key=_loops_first):
            jobs.put(submission)
        results: list[SubmissionResult] = []
        starts: list[float] = []
        settings = {"cell_timeout": cell_timeout, "notebook_timeout": notebook_timeout, "limits": limits,
                    "seed": secrets.randbits(31)}
        bar = tqdm(total=len(found.submissions), desc=tr("採点", "grading"), unit="nb", disable=not progress)
        threads = [threading.Thread(target=_worker, args=(jobs, results, shared, work, unsafe and bool(problem), settings,
                                                          starts, bar), daemon=True)
                   for _ in range(min(max(1, workers), len(found.submissions)))]
        for thread in threads:  # the sandboxes start while the exercise is read (importing nbformat alone takes 1–2 s)
            thread.start()
        data = data or load_bundle(exercise, bundle=bundle, source=source)
        if rubric_scores:  # check the sheet before the (slow) run; learner names are checked after it
            from .rubric import load_rubric, merge_scores, read_scores_file

            rubric = load_rubric(data["exercise"], bundle=data)
            read_scores_file(rubric_scores, rubric)
        perturb = sorted({name for q in data["questions"] if not q["manual"] and question(q["id"]).variant
                          for name in question(q["id"]).variant.perturb})
        shared.variant, shared.bundle = {"names": perturb, "seed": settings["seed"]}, data
        shared.ready.set()
        _warm_up(data, settings["seed"])
        for thread in threads:
            thread.join()
        bar.close()
    finally:  # after an error (or Ctrl-C) above: no new notebook starts; workers still starting close their sandbox
        shared.ready.set()
        with jobs.mutex:
            jobs.queue.clear()
        for thread in threads:
            thread.join(timeout=15)
        shutil.rmtree(work, ignore_errors=True)
    results.sort(key=lambda r: (r.learner, r.file))
    if rubric_scores:
        merge_scores(results, rubric, read_scores_file(rubric_scores, rubric, [r.learner for r in results]), QuestionResult)
    run = GradeRun(data["exercise"], data["title"], results, "none" if problem else "bubblewrap",
                   time.monotonic() - started, problems=found.problems(), sandbox_start_seconds=starts)
    run.files = write_reports(run, out)
    if run.failed:
        names = ", ".join(f"{r.learner} ({r.file})" for r in run.failed)
        raise GraderError(f"採点環境の障害のため、次の提出物は採点できませんでした（成績表では空欄）: {names}",
                          f"The grader failed on these submissions (left empty in the grade book): {names}")
    return run
