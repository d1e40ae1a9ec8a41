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
from .execution import Execution, cell_question, cell_role, cell_text, run_cells
from .sandbox import KernelHost, Limits, SandboxError, sandbox_problem
from .submissions import Collection, Submission, collect, printable

CELL_TIMEOUT = 15  # seconds per cell
DEFAULT_WORKERS = 3  # notebooks graded at once; on 2 cores 3 were as fast as 2 or faster in every paired run (design doc, Speed)
NOTEBOOK_TIMEOUT = 90  # seconds per notebook


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
    last = max((i for i, cell in enumerate(cells) if pattern.search(cell_text(cell))), default=-1)
    return cells[:last + 1]


def _judge_variant(main: QuestionResult, q: dict, run: Execution, plan: _VariantPlan, seed: int) -> QuestionResult:
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
        cells = [c for c in nb.cells if c.get("cell_type") == "code" and cell_text(c).strip()]
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
    answer_cells = {cell_question(c) for c in nb.cells if cell_question(c) and cell_role(c) == "answer"}
    specs = [question(q["id"]) for q in auto]
    names = [q["answer"] for q in auto] + sorted({s.town for s in specs} - {""})
    run = run_cells(host, cells, names, cell_timeout, notebook_timeout, limits)
    result.notes += run.notes
    result.kernel_seconds += run.seconds
    result.kernel_cpu_seconds += run.cpu_seconds
    result.phases.update(run.phases)
    judged = {}
    for q in bundle["questions"]:
        if q["manual"]:
            text = "\n\n".join(cell_text(c) for c in nb.cells if cell_question(c) == q["id"] and cell_role(c) == "answer")
            judged[q["id"]] = QuestionResult(q["id"], None, float(q["points"]),
                                             tr("自由課題: 教員が読んで採点します。", "Open task: graded by the instructor."),
                                             answer_text=printable(text, 20_000))
        else:
            judged[q["id"]] = _judge_question(q, run.answers, run.errors, answer_cells)
    plan = _variant_plan(auto, judged, run.answers)
    if plan.questions:
        variant = run_cells(host, _cells_for(cells, plan.variables()), names, cell_timeout, notebook_timeout, limits,
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
        return 0 if any(re.search(r"\bwhile\b", cell_text(c)) for c in cells if c.get("cell_type") == "code") else 1
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
