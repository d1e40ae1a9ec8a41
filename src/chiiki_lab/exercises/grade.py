"""Grade a class: run every submitted notebook in its own walled-in kernel and judge its answers.

For each submission (in parallel, one kernel per notebook, each in its own temporary folder):

1. the learner's code cells run in notebook order, with a time limit per cell (the kernel is
   interrupted and the next cell runs) and per notebook; errors never stop the grading;
2. a last cell turns the answer variables into plain data (numbers, text, lists) and prints them;
3. **outside the kernel**, each answer is judged by the one judge (:func:`.judge.judge`), the same
   call ``check`` makes, so the grade is what the learner saw (learner code can only lie about its
   own answers, which is no better than writing the right number by hand).

The kernel runs under ``unshare`` when it can (Linux; root, or user namespaces): no network,
its own folder is the only writable place, the hidden tests, the submissions and the grade book
are covered by empty folders, and it cannot see other processes. Otherwise it runs unconfined,
with a warning.

>>> from chiiki_lab.exercises.grade import grade           # doctest: +SKIP
>>> run = grade("submissions/", "ch01_population", out="grades/")   # doctest: +SKIP
>>> print(run.summary())                                    # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ChiikiLabValueError
from ..i18n import tr

CELL_TIMEOUT = 15  # seconds per cell
NOTEBOOK_TIMEOUT = 90  # seconds per notebook
_SANDBOX_SCRIPT = Path(__file__).with_name("_sandbox.py")
_UNSHARE = ["unshare", "-n", "-m", "-p", "-f", "--kill-child", "--mount-proc"]


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
    cpu_seconds: float = 0.0  # CPU time of the grading worker and of the kernel (as the kernel reports it)

    @property
    def points(self) -> float:
        return sum(q.points or 0 for q in self.questions)

    @property
    def max_points(self) -> float:
        return sum(q.max_points for q in self.questions if q.points is not None)


# --------------------------------------------------------------------------- sandbox


@lru_cache(maxsize=1)
def sandbox_mode() -> str:
    """``"full"`` (no network, private mounts and processes), ``"network"`` (no network only) or ``"none"``."""
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return "none"
    user = [] if os.geteuid() == 0 else ["-r"]
    with tempfile.TemporaryDirectory(prefix="chiiki_probe_") as tmp:
        root, hold = Path(tmp, "root"), Path(tmp, "hold")
        (root / "own").mkdir(parents=True)
        hold.mkdir()
        cmd = [*_UNSHARE[:1], *user, *_UNSHARE[1:], sys.executable, str(_SANDBOX_SCRIPT),
               str(root / "own"), str(hold), str(root), "--", sys.executable, "-c",
               "open('written', 'w').write('x')"]
        try:
            full = subprocess.run(cmd, capture_output=True, timeout=30, check=False).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            full = False
        if full and (root / "own" / "written").exists():
            return "full"
    try:
        net = subprocess.run(["unshare", *user, "-n", "true"], capture_output=True, timeout=10, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        net = False
    return "network" if net else "none"


def _kernel_spec(spec_dir: Path, own: Path, hold: Path, root: Path, hide: list[str], mode: str) -> None:
    """Write the kernelspec that starts the (walled-in) kernel of one submission."""
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", "--HistoryManager.enabled=False"]
    user = [] if os.geteuid() == 0 else ["-r"]
    if mode == "full":
        argv = [*_UNSHARE[:1], *user, *_UNSHARE[1:], sys.executable, str(_SANDBOX_SCRIPT),
                str(own), str(hold), str(root), *hide, "--", *kernel]
    elif mode == "network":
        argv = ["unshare", *user, "-n", *kernel]
    else:
        argv = kernel
    package_parent = str(Path(__file__).resolve().parents[2])
    env = {
        "PYTHONPATH": os.pathsep.join([package_parent, *filter(None, [os.environ.get("PYTHONPATH")])]),
        "HOME": str(own), "TMPDIR": str(own), "IPYTHONDIR": str(own / ".ipython"),
        "MPLCONFIGDIR": str(own / ".matplotlib"), "MPLBACKEND": "Agg",
        "CHIIKI_LAB_LANG": os.environ.get("CHIIKI_LAB_LANG", "ja"), "PYTHONDONTWRITEBYTECODE": "1",
        "CHIIKI_LAB_GRADING": "1",
    }
    spec = {"argv": argv, "display_name": "chiiki-lab grading", "language": "python",
            "interrupt_mode": "message" if mode == "full" else "signal", "env": env}
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


def _copy_font_cache(own: Path) -> None:
    """Give the kernel matplotlib's font list, so a plotting cell does not rebuild it (slow)."""
    target = own / ".matplotlib"
    target.mkdir()
    for folder in (os.environ.get("MPLCONFIGDIR"), Path.home() / ".cache" / "matplotlib", Path.home() / ".matplotlib"):
        if folder and Path(folder).is_dir():
            for font_list in Path(folder).glob("fontlist-v*.json"):
                shutil.copy2(font_list, target / font_list.name)


# --------------------------------------------------------------------------- submissions


def collect(submissions: str | Path, work: Path) -> list[Path]:
    """Notebook files of a folder (searched recursively) or of a zip (extracted into ``work``)."""
    path = Path(submissions)
    if path.is_file() and path.suffix.lower() == ".zip":
        out = work / "unzipped"
        out.mkdir(parents=True)
        found = []
        with zipfile.ZipFile(path) as z:
            for i, info in enumerate(z.infolist()):
                name = Path(info.filename).name  # never trust paths inside a zip
                if info.is_dir() or not name.endswith(".ipynb") or "__MACOSX" in info.filename or name.startswith("."):
                    continue
                target = out / f"{i:04d}" / name
                target.parent.mkdir()
                target.write_bytes(z.read(info))
                found.append(target)
        return found
    if path.is_dir():
        return sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    raise ChiikiLabValueError(
        f"提出物 {path} が見つかりません。.ipynb の入ったフォルダか zip を指定してください。",
        f"Submissions {path} not found. Give a folder or a zip of .ipynb files.",
    )


def learner_id(nb, path: Path) -> str:
    """Learner id: the ``LEARNER_ID = "…"`` of the notebook, else its metadata, else the file name."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            m = re.search(r"^LEARNER_ID\s*=\s*['\"]([^'\"\n]+)['\"]", _text(cell), re.MULTILINE)
            if m and m.group(1).strip():
                return m.group(1).strip()
    meta = nb.get("metadata", {}).get("chiiki_lab", {})
    if isinstance(meta, dict) and str(meta.get("learner_id", "")).strip():
        return str(meta["learner_id"]).strip()
    return path.stem


def _text(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


# --------------------------------------------------------------------------- one submission


def _question_of(cell) -> str | None:
    info = cell.get("metadata", {}).get("chiiki_lab", {})
    return info.get("question") if isinstance(info, dict) else None


def _role_of(cell) -> str | None:
    info = cell.get("metadata", {}).get("chiiki_lab", {})
    return info.get("role") if isinstance(info, dict) else None


def _dump_code(names: list[str], nonce: str) -> str:
    return (
        "def __chiiki_dump():\n"
        "    import json\n"
        "    from chiiki_lab.exercises.judge import encode_answer\n"
        "    g, out = globals(), {}\n"
        f"    for name in {names!r}:\n"
        "        if name in g:\n"
        "            try:\n"
        "                out[name] = encode_answer(g[name])\n"
        "            except Exception as e:\n"
        "                out[name] = {'t': 'other', 'type': type(e).__name__, 'repr': 'encode failed'}\n"
        "    import resource\n"
        "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        f"    print({nonce!r} + json.dumps({{'answers': out, 'cpu': usage.ru_utime + usage.ru_stime}}, ensure_ascii=True))\n"
        "__chiiki_dump()\n"
    )


def _run_notebook(nb, names: list[str], work: Path, hide: list[str], mode: str, cell_timeout: float,
                  notebook_timeout: float) -> tuple[dict | None, list[dict], list[str], float]:
    """Run the code cells; return (answers as plain data or None, cell errors, notes, kernel CPU seconds)."""
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    own, hold = work / "root" / "own", work / "hold"
    own.mkdir(parents=True)
    hold.mkdir()
    _copy_font_cache(own)
    _kernel_spec(work / "spec" / "chiiki-grade", own, hold, work / "root", hide, mode)
    km_args = {"transport": "ipc", "ip": str(own / "ipc")} if mode != "none" else {}
    km = AsyncKernelManager(kernel_name="chiiki-grade", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(work / "spec")]),
                            connection_file=str(own / "kernel.json"), **km_args)
    cells = [c for c in nb.cells if c.get("cell_type") == "code" and _text(c).strip()]
    run_nb = nbformat.v4.new_notebook(cells=cells)
    client = NotebookClient(run_nb, km=km, timeout=cell_timeout, interrupt_on_timeout=True, allow_errors=True,
                            error_on_timeout={"ename": "Timeout", "evalue": "", "traceback": []},
                            startup_timeout=60, iopub_timeout=5, resources={"metadata": {"path": str(own)}})
    errors, notes = [], []
    deadline = time.monotonic() + notebook_timeout
    nonce = "CHIIKI" + secrets.token_hex(8)
    answers, kernel_cpu = None, 0.0
    try:
        with client.setup_kernel(cwd=str(own)):
            for index, cell in enumerate(cells):
                left = deadline - time.monotonic()
                if left <= 0:
                    notes.append(tr(f"ノートブック全体の制限時間（{notebook_timeout:g}秒）を超えたため、残りのセルは実行しませんでした。",
                                    f"The notebook time limit ({notebook_timeout:g} s) was reached; the remaining cells were not run."))
                    break
                client.timeout = max(1, int(min(cell_timeout, left)))
                started = time.monotonic()
                client.execute_cell(cell, index)
                if time.monotonic() - started >= client.timeout - 0.05:
                    errors.append({"question": _question_of(cell), "ename": "Timeout", "evalue": f"{client.timeout}"})
                    notes.append(tr(f"セル {index + 1} が制限時間（{client.timeout}秒）を超えたので中断しました（無限ループ？）。",
                                    f"Cell {index + 1} exceeded the time limit ({client.timeout} s) and was interrupted (endless loop?)."))
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error":
                        errors.append({"question": _question_of(cell), "ename": out.get("ename", ""),
                                       "evalue": str(out.get("evalue", ""))[:200]})
            dump = nbformat.v4.new_code_cell(_dump_code(names, nonce))
            client.timeout = 30
            run_nb.cells.append(dump)
            client.execute_cell(dump, len(run_nb.cells) - 1)
            for out in dump.get("outputs", []):
                for line in str(out.get("text", "")).splitlines():
                    if line.startswith(nonce):
                        dumped = json.loads(line[len(nonce):])
                        answers, kernel_cpu = dumped["answers"], float(dumped["cpu"])
            if answers is None:
                notes.append(tr("答えの変数を読み取れませんでした（カーネルが応答しないか、出力が書き換えられています）。",
                                "The answer variables could not be read (kernel unresponsive or output tampered with)."))
    except DeadKernelError:
        notes.append(tr("カーネルが止まりました（プロセスの終了やメモリ不足）。", "The kernel died (process exit or out of memory)."))
    except Exception as error:  # noqa: BLE001  (a bad submission must never stop the class)
        notes.append(tr(f"実行できませんでした: {type(error).__name__}: {str(error)[:200]}",
                        f"Could not run: {type(error).__name__}: {str(error)[:200]}"))
    finally:  # nbclient leaves a kernel manager it was given running: kill the kernel (and its namespace)
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001, S110  (already dead, or never started)
            pass
    return answers, errors, notes, kernel_cpu


def _plain(encoded: dict | None):
    """A dumped scalar (the learner's chosen town) back as text or number; None if absent."""
    return encoded.get("v") if isinstance(encoded, dict) and encoded.get("t") in ("str", "num") else None


def _judge_question(q: dict, answers: dict | None, errors: list[dict], answer_cells: set[str]) -> QuestionResult:
    from .bank import question
    from .judge import Context, judge

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
    town = _plain(answers.get(spec.town)) if spec.town else None
    verdict = judge(qid, answers[name], Context(), town=town)  # the same judge as check(): same verdict
    return QuestionResult(qid, verdict.points, points, verdict.message, verdict.mistake)


def grade_one(path: str | Path, bundle: dict, hide: list[str] = (), mode: str = "none",
              cell_timeout: float = CELL_TIMEOUT, notebook_timeout: float = NOTEBOOK_TIMEOUT) -> SubmissionResult:
    """Grade one submitted notebook against a grading bundle; never raises for a bad submission."""
    import nbformat

    from .bank import bank

    path = Path(path)
    started, cpu_started = time.monotonic(), time.process_time()
    result = SubmissionResult(learner=path.stem, file=path.name)
    auto = [q for q in bundle["questions"] if not q["manual"]]
    try:
        nb = nbformat.reads(path.read_text(encoding="utf-8", errors="replace"), as_version=4)
    except Exception as error:  # noqa: BLE001
        result.notes.append(tr(f"ノートブックとして読めません（{type(error).__name__}）。", f"Not a readable notebook ({type(error).__name__})."))
        result.questions = [QuestionResult(q["id"], None if q["manual"] else 0.0, float(q["points"]),
                                           tr("読めないファイル", "unreadable file")) for q in bundle["questions"]]
        result.seconds = time.monotonic() - started
        return result
    result.learner = learner_id(nb, path)
    exercise = nb.get("metadata", {}).get("chiiki_lab", {})
    if isinstance(exercise, dict) and exercise.get("exercise") not in (None, bundle["exercise"]):
        result.notes.append(tr(f"別の演習（{exercise.get('exercise')}）のノートブックのようです。",
                               f"This looks like another exercise ({exercise.get('exercise')})."))
    answer_cells = {_question_of(c) for c in nb.cells if _question_of(c) and _role_of(c) == "answer"}
    with tempfile.TemporaryDirectory(prefix="chiiki_grade_") as tmp:
        names = [q["answer"] for q in auto] + sorted({bank()[q["id"]].town for q in auto} - {""})
        answers, errors, notes, kernel_cpu = _run_notebook(nb, names, Path(tmp), list(hide), mode,
                                               cell_timeout, notebook_timeout)
    result.notes += notes
    for q in bundle["questions"]:
        if q["manual"]:
            text = "\n\n".join(_text(c) for c in nb.cells if _question_of(c) == q["id"] and _role_of(c) == "answer")
            result.questions.append(QuestionResult(q["id"], None, float(q["points"]),
                                                   tr("自由課題: 教員が読んで採点します。", "Open task: graded by the instructor."),
                                                   answer_text=text))
        else:
            result.questions.append(_judge_question(q, answers, errors, answer_cells))
    result.seconds = time.monotonic() - started
    result.cpu_seconds = time.process_time() - cpu_started + kernel_cpu
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

    def summary(self) -> str:
        from .report import summary

        return summary(self)


def _safe_ids(results: list[SubmissionResult]) -> None:
    seen: dict[str, int] = {}
    for r in results:
        base = re.sub(r"[^\w.-]+", "_", r.learner).strip("._") or "learner"
        seen[base] = seen.get(base, 0) + 1
        r.learner = base if seen[base] == 1 else f"{base}_{seen[base]}"


def grade(submissions: str | Path, exercise: str, out: str | Path = "grades", *, bundle: str | Path | None = None,
          source: str | Path | None = None, workers: int = 2, cell_timeout: float = CELL_TIMEOUT,
          notebook_timeout: float = NOTEBOOK_TIMEOUT, progress: bool = True, sandbox: str | None = None,
          rubric_scores: str | Path | None = None) -> GradeRun:
    """Grade every notebook in ``submissions`` (folder or zip) for ``exercise``; write the grade book to ``out``.

    Writes ``out/gradebook.csv`` (learner, question, points, max, feedback), ``out/totals.csv`` and
    ``out/feedback/<learner>.html``. ``sandbox`` forces a mode ("full", "network", "none").
    ``rubric_scores``: a filled rubric sheet (:mod:`.rubric`); its points are added as one row per criterion.
    """
    from tqdm.auto import tqdm

    from ..datasets import data_dir
    from .author import load_bundle
    from .layout import source_dir
    from .report import write_reports

    started = time.monotonic()
    data = load_bundle(exercise, bundle=bundle, source=source)
    if rubric_scores:  # check the sheet before the (slow) run; learner names are checked after it
        from .rubric import load_rubric, merge_scores, read_scores_file

        rubric = load_rubric(data["exercise"], bundle=data)
        read_scores_file(rubric_scores, rubric)
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    mode = sandbox or sandbox_mode()
    if mode != "full":
        warnings.warn(tr(
            "このマシンでは採点用カーネルを完全には隔離できません"
            f"（{'ネットワークだけ遮断' if mode == 'network' else 'ネットワークもファイルも遮断なし'}）。"
            "信頼できない提出物は、root で動く Linux（unshare が使える環境）で採点してください。",
            f"Grading kernels cannot be fully isolated here ({'network blocked only' if mode == 'network' else 'no isolation at all'}). "
            "Grade untrusted submissions on Linux as root (where unshare works).",
        ), stacklevel=2)
    secret_dirs = {out, source_dir().parent.resolve()}
    if Path(submissions).is_dir():
        secret_dirs.add(Path(submissions).resolve())
    if source:
        secret_dirs.add(Path(source).resolve())
    if bundle:
        secret_dirs.add(Path(bundle).resolve() if Path(bundle).is_dir() else Path(bundle).resolve().parent)
    with tempfile.TemporaryDirectory(prefix="chiiki_collect_") as tmp:
        paths = collect(submissions, Path(tmp))
        secret_dirs.add(Path(tmp).resolve())
        needed = [Path(sys.prefix).resolve(), Path(__file__).resolve(), data_dir().resolve()]
        hide = sorted(str(d) for d in secret_dirs if d.is_dir() and not any(n.is_relative_to(d) for n in needed))
        results: list[SubmissionResult] = []
        bar = tqdm(total=len(paths), desc=tr("採点", "grading"), unit="nb", disable=not progress)
        with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = {pool.submit(grade_one, p, data, hide, mode, cell_timeout, notebook_timeout): p for p in paths}
            for future in as_completed(futures):
                try:
                    results.append(future.result())
                except Exception as error:  # noqa: BLE001  (a crashed worker must not lose the class)
                    p = futures[future]
                    r = SubmissionResult(p.stem, p.name, notes=[f"{type(error).__name__}: {error}"])
                    r.questions = [QuestionResult(q["id"], None if q["manual"] else 0.0, float(q["points"]),
                                                  tr("採点できませんでした", "could not be graded")) for q in data["questions"]]
                    results.append(r)
                bar.update(1)
        bar.close()
    results.sort(key=lambda r: (r.learner, r.file))
    _safe_ids(results)
    if rubric_scores:
        merge_scores(results, rubric, read_scores_file(rubric_scores, rubric, [r.learner for r in results]))
    run = GradeRun(data["exercise"], data["title"], results, mode, time.monotonic() - started)
    run.files = write_reports(run, out)
    return run
