"""A hostile class: every attack of issue 12, each with all answers wrong, graded as root and as a non-root user.

Each attacking notebook must score exactly what its wrong answers deserve (0), honest classmates
keep full marks, no file outside a submission's own folder changes, no host setting changes and
no process survives the run. The non-root run uses a user created here (``useradd``) and, when
Python lives in root's 0700 home, a private mount namespace in which ``/root`` is readable.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from test_exercises_grading import EXERCISE, CountingListener, RIGHT, WRONG, _answer_cell, _fill, _learner_notebook

pytestmark = pytest.mark.slow

INSTRUCTOR = "chiiki-grader"
SECRET_ENV = "CHIIKI_TEST_INSTRUCTOR_SECRET"
SECRET = "instructor-secret-" + hashlib.sha256(b"hostile").hexdigest()[:12]
BUNDLE_TOKEN = "SOLUTIONS-" + hashlib.sha256(b"bundle").hexdigest()[:12]
HOST_SETTINGS = ["/proc/sys/kernel/core_pattern", "/proc/sys/kernel/hostname", "/proc/sys/vm/overcommit_memory",
                 "/proc/sys/kernel/modprobe"]
REPO = Path(__file__).resolve().parents[1]


def _attacks(paths: dict) -> dict[str, str]:
    """name -> code added after the (wrong) answers; ``paths``: absolute paths the attacks aim at."""
    grab = (  # what a copied answer would look like: everything found goes into the answers
        "def _steal(found):\n"
        "    global rate_tsumagoi, oldest5, pyramid_total, largest_group, choice_1_5\n"
        "    rate_tsumagoi = found.get('rate_tsumagoi', rate_tsumagoi)\n"
        "    oldest5 = found.get('oldest5', oldest5)\n"
        "    pyramid_total = found.get('pyramid_total', pyramid_total)\n"
        "    largest_group = found.get('largest_group', largest_group)\n"
        "    choice_1_5 = found.get('choice_1_5', choice_1_5)\n"
    )
    kernels = (
        "import glob, json, os\n"
        "from jupyter_client import BlockingKernelClient\n"
        "files = set()\n"
        "for pattern in ['/tmp/**/kernel*.json', '/run/**/kernel*.json', '/root/**/kernel*.json', '/home/**/kernel*.json',\n"
        f"                {str(paths['work_glob'])!r}]:\n"
        "    files |= set(glob.glob(pattern, recursive=True))\n"
        "for pid in os.listdir('/proc'):\n"
        "    try:\n"
        "        files |= {a for a in open(f'/proc/{pid}/cmdline').read().split('\\0') if a.endswith('.json')}\n"
        "    except OSError:\n"
        "        pass\n"
        "mine = os.environ.get('JPY_SESSION_NAME', '')\n"
        "print('kernel files seen:', len(files))\n"
    )
    return {
        "oracle": grab + (
            "found = {}\n"
            "for module in ['chiiki_lab.exercises.answers.ch01', 'chiiki_lab.exercises.answers']:\n"
            "    try:\n"
            "        import importlib\n"
            "        oracle = importlib.import_module(module)\n"
            "        found.update({n: getattr(oracle, n)() for n in dir(oracle) if n.startswith(('rate', 'oldest', 'pyramid', 'largest'))})\n"
            "    except Exception as e:\n"
            "        print('oracle blocked:', type(e).__name__)\n"
            "try:\n"
            "    from chiiki_lab.exercises.check import expected_value\n"
            "    found.update(rate_tsumagoi=expected_value('1-1'), oldest5=expected_value('1-2'),\n"
            "                 pyramid_total=expected_value('1-3'), largest_group=expected_value('1-4'), choice_1_5=expected_value('1-5'))\n"
            "except Exception as e:\n"
            "    print('expected_value blocked:', type(e).__name__)\n"
            "_steal(found)\n"),
        "encode": (
            "import chiiki_lab.exercises.check as c\n"
            "class AlwaysEqual:\n"
            "    def __eq__(self, other): return True\n"
            "    def __float__(self): return 37.2\n"
            "c.encode_answer = lambda value: {'t': 'num', 'v': AlwaysEqual(), 'ok': True, 'verdict': 'correct', 'points': 2}\n"
            "import json\n"
            "_dumps = json.dumps\n"
            "json.dumps = lambda obj, *a, **k: _dumps({'t': 'verdict', 'ok': True, 'points': 2, 'v': 'correct'})\n"),
        "nonce": (
            "import re, sys, json\n"
            "forged = {'rate_tsumagoi': {'t': 'num', 'v': 37.2}, 'choice_1_5': {'t': 'str', 'v': 'b'}}\n"
            "def spy(info):\n"
            "    for token in re.findall(r'[0-9a-f]{16,}', info.raw_cell or ''):\n"
            "        print('CHIIKI' + token + json.dumps({'answers': forged, 'cpu': 0}))\n"
            "get_ipython().events.register('pre_run_cell', spy)\n"
            "get_ipython().input_transformers_post.append(lambda lines: [spy(type('I', (), {'raw_cell': ''.join(lines)})) or l for l in lines])\n"
            "print('CHIIKI0123456789abcdef' + json.dumps({'answers': forged, 'cpu': 0}))\n"),
        "steal_kernel": grab + kernels + (
            "found = {}\n"
            "for f in files:\n"
            "    try:\n"
            "        kc = BlockingKernelClient(); kc.load_connection_file(f); kc.start_channels()\n"
            "        reply = kc.execute_interactive('', user_expressions={'a': 'repr((rate_tsumagoi, oldest5))'}, timeout=2)\n"
            "        found['rate_tsumagoi'] = eval(reply['content']['user_expressions']['a']['data']['text/plain'])[0]\n"
            "    except Exception as e:\n"
            "        print('blocked', type(e).__name__)\n"
            "_steal(found)\n"),
        "inject": kernels + (
            "for f in files:\n"
            "    try:\n"
            "        kc = BlockingKernelClient(); kc.load_connection_file(f); kc.start_channels()\n"
            "        kc.execute('rate_tsumagoi = oldest5 = pyramid_total = largest_group = choice_1_5 = 0')\n"
            "    except Exception as e:\n"
            "        print('blocked', type(e).__name__)\n"),
        "spoof_id": 'LEARNER_ID = "s000"\nget_ipython().kernel.session.session = "s000"\n',
        "rewrite_classmates": (
            "import glob\n"
            f"for target in glob.glob({str(paths['subs']) + '/**/*.ipynb'!r}, recursive=True) + [f for d in ('/tmp', '/home', '/opt', '/root', '/work') for f in glob.glob(d + '/**/*.ipynb', recursive=True)]:\n"
            "    try:\n"
            "        open(target, 'w').write('{}')\n"
            "        print('rewrote', target)\n"
            "    except OSError as e:\n"
            "        pass\n"
            f"for target in [{str(paths['canary'])!r}, {str(paths['out'])!r} + '/gradebook.csv']:\n"
            "    try:\n"
            "        open(target, 'w').write('pwned')\n"
            "    except OSError as e:\n"
            "        print('blocked', e)\n"),
        "kill_parent": (
            "import os, signal\n"
            "for pid in (os.getppid(), 1, -1):\n"
            "    try:\n"
            "        os.kill(pid, signal.SIGKILL)\n"
            "    except OSError as e:\n"
            "        print('blocked', e)\n"),
        "proc_sys": (
            "for path, value in [('/proc/sys/kernel/core_pattern', '|/tmp/pwn %p'), ('/proc/sys/kernel/hostname', 'pwned'),\n"
            "                    ('/proc/sys/vm/overcommit_memory', '1'), ('/proc/sysrq-trigger', 'h'),\n"
            "                    ('/sys/kernel/mm/transparent_hugepage/enabled', 'never')]:\n"
            "    try:\n"
            "        open(path, 'w').write(value)\n"
            "        print('wrote', path)\n"
            "    except OSError as e:\n"
            "        print('blocked', path, e)\n"),
        "host_sockets": (
            "import socket, glob\n"
            f"targets = [{str(paths['unix_socket'])!r}] + glob.glob('/run/**/*.sock', recursive=True) + glob.glob('/var/run/*.sock') + glob.glob('/tmp/.X11-unix/*')\n"
            "for target in targets + ['\\0' + " + repr(paths['abstract']) + "]:\n"
            "    try:\n"
            "        s = socket.socket(socket.AF_UNIX); s.settimeout(1); s.connect(target); s.sendall(b'leak')\n"
            "        print('connected', target)\n"
            "    except OSError as e:\n"
            "        print('blocked', repr(target), e)\n"
            "try:\n"
            "    socket.create_connection(('127.0.0.1', " + str(paths['tcp_port']) + "), timeout=1).sendall(b'leak')\n"
            "except OSError as e:\n"
            "    print('blocked tcp', e)\n"),
        "read_secrets": grab + (
            "import os, glob\n"
            "found, loot = {}, []\n"
            f"for path in [{str(REPO / '.git' / 'HEAD')!r}, {str(paths['bundle'])!r}, '/root/.bash_history', '/etc/shadow',\n"
            f"             {str(REPO / 'exercises' / '_instructor')!r}, os.path.expanduser('~/.ssh/id_rsa')]:\n"
            "    try:\n"
            "        loot.append(open(path, errors='replace').read(200) if os.path.isfile(path) else str(os.listdir(path)))\n"
            "    except OSError as e:\n"
            "        print('blocked', path, type(e).__name__)\n"
            f"loot.append(os.environ.get({SECRET_ENV!r}, ''))\n"
            "largest_group = ' '.join(loot) or largest_group\n"),
        "memory": (
            "try:\n"
            "    hog = bytearray(6 * 2**30)\n"
            "    print('got 6 GB')\n"
            "except MemoryError:\n"
            "    print('blocked: MemoryError')\n"
            "import numpy as np\n"
            "try:\n"
            "    big = np.ones(6 * 2**30 // 8)\n"
            "except MemoryError:\n"
            "    print('blocked: numpy MemoryError')\n"),
        "fork_bomb": (
            "import os, time\n"
            "children = 0\n"
            "for _ in range(100000):\n"
            "    try:\n"
            "        if os.fork() == 0:\n"
            "            os.setsid()\n"
            "            while True:\n"
            "                time.sleep(0.1)\n"
            "        children += 1\n"
            "    except OSError:\n"
            "        break\n"
            "print('children', children)\n"
            "if os.fork() == 0:  # a daemon that tries to outlive the run\n"
            "    os.setsid()\n"
            "    time.sleep(3600)\n"),
        "flood": (
            "import sys\n"
            "print('\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mRED\\x1b[0m')\n"
            "largest_group = '\\x1b[2J\\x1b]0;title\\x07\\u202eevil'\n"
            "choice_1_5 = '\\x1b[31mz'\n"
            "for _ in range(200):\n"
            "    sys.stdout.write('x' * 2**20)\n"
            "raise ValueError('\\x1b[2J\\x1b]2;pwned\\x07 escape in an error')\n"),
        "unstoppable": (
            "import signal, time\n"
            "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "while True:\n"
            "    try:\n"
            "        pass\n"
            "    except BaseException:\n"
            "        pass\n"),
    }


def _typed(qid: str) -> str:
    """The right answer of ``qid`` (computed here with pandas, as RIGHT does) written as a literal."""
    import chiiki_lab

    namespace = {"census": chiiki_lab.load("census2020"), "age": chiiki_lab.load("census2020_age")}
    exec(RIGHT[qid], namespace)  # noqa: S102  (the test's own answer code)
    name = RIGHT[qid].split("=")[0].strip()
    value = namespace[name]
    return f"{name} = {(value.tolist() if hasattr(value, 'tolist') else value)!r}"


def make_hostile_class(folder: Path, paths: dict) -> dict[str, dict]:
    """Write the class; return {learner id: expected points per question}."""
    expected = {}
    zero = {q: 0.0 for q in RIGHT}
    for learner in ("s000", "s001", "s002"):  # honest classmates: the victims
        nbformat.write(_fill(_learner_notebook(), RIGHT), str(folder / f"{learner}.ipynb"))
        expected[learner] = {q: 2.0 for q in RIGHT}
    for name, code in _attacks(paths).items():
        nb = _fill(_learner_notebook(), WRONG)
        index = nb.cells.index(_answer_cell(nb, "1-5"))
        nb.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
        if name == "spoof_id":
            nb.cells[1].source = nb.cells[1].source.replace('LEARNER_ID = ""', 'LEARNER_ID = "s000"')
            nb.metadata["chiiki_lab"] = {"learner_id": "s000"}
        nbformat.write(nb, str(folder / f"x_{name}.ipynb"))
        expected[f"x_{name}"] = zero
    typed = _fill(_learner_notebook(), {q: _typed(q) for q in RIGHT})  # right numbers, typed in: the variants catch them
    nbformat.write(typed, str(folder / "x_typed.ipynb"))
    expected["x_typed"] = {"1-1": 0.0, "1-2": 0.0, "1-3": 0.0, "1-4": 2.0, "1-5": 2.0}  # 1-4, 1-5: no variant
    long_id = "学習者" + "x" * 86 + "終"  # 90 characters
    (folder / long_id).mkdir()
    nbformat.write(_fill(_learner_notebook(), WRONG), str(folder / long_id / "ch01_population.ipynb"))
    expected[long_id] = zero
    nbformat.write(_fill(_learner_notebook(), WRONG), str(folder / "x_upper.IPYNB"))
    expected["x_upper"] = zero
    (folder / "x_renamed.ipynb.txt").write_text("{}", encoding="utf-8")
    return expected


class Listeners(CountingListener):
    """A TCP, a UNIX-path and an abstract UNIX listener on the host that count connections."""

    def __init__(self, folder: Path):
        tcp = socket.socket()
        tcp.bind(("127.0.0.1", 0))
        self.port = tcp.getsockname()[1]
        unix = socket.socket(socket.AF_UNIX)
        self.unix_path = folder / "host.sock"
        unix.bind(str(self.unix_path))
        os.chmod(self.unix_path, 0o777)
        self.abstract = "chiiki-hostile-" + os.urandom(4).hex()
        abstract = socket.socket(socket.AF_UNIX)
        abstract.bind("\0" + self.abstract)
        super().__init__([tcp, unix, abstract])


def _snapshot(*folders: Path) -> dict[str, str]:
    files = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_socket() and "__pycache__" not in path.parts:
                files[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def _settings() -> dict[str, str]:
    return {p: Path(p).read_text() for p in HOST_SETTINGS if Path(p).exists()}


def _sandbox_processes(base: Path) -> set[str]:
    """Processes this run's sandboxes could leave behind: any with the run's folder in its arguments
    (bubblewrap binds the kernel folder under it; PID 1 of a sandbox takes its kernels down with it),
    and any of the instructor user."""
    out = subprocess.run(["ps", "-eo", "pid,user:20,args"], capture_output=True, text=True, check=True).stdout
    return {line.strip() for line in out.splitlines()[1:] if str(base) in line or line.split()[1] == INSTRUCTOR}


GRADE_SCRIPT = """
import json, sys
from chiiki_lab.exercises.grade import grade, GraderError
args = json.loads(sys.argv[1])
try:
    run = grade(args["subs"], args["exercise"], out=args["out"], cell_timeout=3, notebook_timeout=30, progress=False)
    failed = []
except GraderError as error:
    print(error, file=sys.stderr)
    sys.exit(3)
print(run.summary())
json.dump({"sandbox": run.sandbox, "problems": run.problems, "results": {r.learner: {
    "points": {q.question: q.points for q in r.questions if q.points is not None},
    "file": r.file, "notes": r.notes, "feedback": [q.feedback for q in r.questions]} for r in run.results}},
    open(args["result"], "w"), ensure_ascii=False)
"""


def _instructor() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(INSTRUCTOR)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", INSTRUCTOR], check=True)
        return pwd.getpwnam(INSTRUCTOR)


def _grade_as(user: str, args: dict, env: dict) -> subprocess.CompletedProcess:
    """Run the grader as root or, for "instructor", as an unprivileged user."""
    cmd = [sys.executable, "-c", GRADE_SCRIPT, json.dumps(args)]
    if user == "instructor":
        who = _instructor()
        drop = ["setpriv", f"--reuid={who.pw_uid}", f"--regid={who.pw_gid}", "--init-groups", "--"]
        if sys.base_prefix.startswith("/root/"):  # Python in root's 0700 home: make /root readable in a private view only
            hold = Path(args["out"]).parent / "hold"
            hold.mkdir()
            script = (f"set -e; mount --bind /root {hold}; mount -t tmpfs -o mode=0755 tmpfs /root; "
                      f"mkdir /root/.pyenv; mount --bind {hold}/.pyenv /root/.pyenv; exec \"$@\"")
            cmd = ["unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, "sh", *drop, *cmd]
        else:
            cmd = [*drop, *cmd]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, check=False)
    except subprocess.TimeoutExpired as error:  # reported by the tests; the fixture still cleans up
        return subprocess.CompletedProcess(cmd, -9, "", f"grader timed out after {error.timeout} s")


@pytest.fixture(scope="module", params=["root", "instructor"])
def hostile(request):
    if not sys.platform.startswith("linux") or not shutil.which("bwrap"):
        pytest.skip("bubblewrap is not installed")
    if os.geteuid() != 0:
        if request.param == "root":
            pytest.skip("the root run needs root")
    elif request.param == "instructor" and not shutil.which("useradd"):
        pytest.skip("useradd is missing")
    base = Path(tempfile.mkdtemp(prefix="chiiki_hostile_"))
    for name in ("subs", "out", "other", "tmp"):
        (base / name).mkdir()
    canary = base / "other" / "canary.txt"
    canary.write_text("untouched", encoding="utf-8")
    bundle = base / "other" / "chiiki_lab_grading.zip"
    bundle.write_text(BUNDLE_TOKEN, encoding="utf-8")
    listeners = Listeners(base / "other")
    paths = {"subs": base / "subs", "out": base / "out", "canary": canary, "bundle": bundle, "work_glob": "/tmp/chiiki_grade_*/**/*.json",
             "unix_socket": listeners.unix_path, "abstract": listeners.abstract, "tcp_port": listeners.port}
    expected = make_hostile_class(base / "subs", paths)
    fonts = Path.home() / ".cache" / "matplotlib"  # an instructor who has drawn a chart before has this
    if fonts.is_dir():
        shutil.copytree(fonts, base / "other" / ".cache" / "matplotlib")
    if request.param == "instructor":
        who = _instructor()
        for path in [base, *base.rglob("*")]:
            os.chown(path, who.pw_uid, who.pw_gid)
    os.chmod(base, 0o755)
    os.chmod(base / "tmp", 0o755)
    before_files = _snapshot(base / "subs", base / "other", REPO / "src", REPO / "exercises")
    before_settings, before_procs = _settings(), _sandbox_processes(base)
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(Path(__import__("chiiki_lab").__file__).parents[1]),
           "HOME": str(base / "other"), SECRET_ENV: SECRET, "CHIIKI_LAB_LANG": "ja", "TMPDIR": str(base / "tmp")}
    done = _grade_as(request.param, {"subs": str(base / "subs"), "out": str(base / "out"), "exercise": EXERCISE,
                                     "result": str(base / "out" / "result.json")}, env)
    listeners.close()
    yield {"done": done, "expected": expected, "base": base, "listeners": listeners,
           "before_files": before_files, "after_files": _snapshot(base / "subs", base / "other", REPO / "src", REPO / "exercises"),
           "before_settings": before_settings, "after_settings": _settings(),
           "before_procs": before_procs, "after_procs": _sandbox_processes(base), "user": request.param}
    shutil.rmtree(base, ignore_errors=True)


def _result(hostile) -> dict:
    assert hostile["done"].returncode == 0, hostile["done"].stderr[-3000:]
    return json.loads((hostile["base"] / "out" / "result.json").read_text(encoding="utf-8"))


def test_every_submission_scores_what_its_answers_deserve(hostile):
    result = _result(hostile)
    assert result["sandbox"] == "bubblewrap"
    got = {learner: r["points"] for learner, r in result["results"].items()}
    assert set(got) == set(hostile["expected"]), (sorted(got), sorted(hostile["expected"]))
    wrong = {learner: result["results"][learner] for learner, points in hostile["expected"].items() if got[learner] != points}
    assert not wrong, wrong


def test_nothing_outside_the_sandbox_changes(hostile):
    _result(hostile)
    assert hostile["after_files"] == hostile["before_files"]
    assert hostile["after_settings"] == hostile["before_settings"]
    assert hostile["listeners"].connections == 0
    assert hostile["before_procs"] == set() and hostile["after_procs"] == set()


def test_reports_are_clean_and_name_every_file(hostile):
    result = _result(hostile)
    out = hostile["base"] / "out"
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "\x1b" not in text and "\u202e" not in text, path
            assert SECRET not in text and "ref: refs/heads" not in text and BUNDLE_TOKEN not in text, path
    assert "\x1b" not in hostile["done"].stdout
    assert any("x_renamed.ipynb.txt" in p for p in result["problems"])
    long_id = next(learner for learner in result["results"] if learner.startswith("学習者"))
    assert len(long_id) == 90
    pages = {p.name for p in (out / "feedback").iterdir()}
    assert "s000.html" in pages and "x_spoof_id.html" in pages and len(pages) == len(result["results"])
    assert "中断を無視" in " ".join(result["results"]["x_unstoppable"]["notes"])


def test_the_oracle_cannot_be_called_inside_the_sandbox(tmp_path):
    from chiiki_lab.exercises.execution import run_cells as _run
    from chiiki_lab.exercises.sandbox import KernelHost, Limits, sandbox_problem

    if sandbox_problem():
        pytest.skip(f"no sandbox here: {sandbox_problem()}")
    code = (
        "import importlib, os, chiiki_lab.exercises.judge as j\n"
        "found = []\n"
        "try:\n"
        "    j.judge('1-1', j.encode_answer(61.4))\n"
        "    found.append('judged')\n"
        "except Exception as e:\n"
        "    found.append(type(e).__name__)\n"
        "try:\n"
        "    importlib.import_module('chiiki_lab.exercises.answers.ch01')\n"
        "    found.append('imported')\n"
        "except Exception as e:\n"
        "    found.append(type(e).__name__)\n"
        "found.append(str(os.listdir(os.path.dirname(j.__file__) + '/answers')))\n"
        "from chiiki_lab.exercises import check\n"
        "check('1-1', 61.4)\n"
    )
    host = KernelHost(tmp_path / "w")
    host.start()
    try:
        run = _run(host, [{"cell_type": "code", "source": code, "metadata": {}}], ["found"], 30, 60, Limits())
    finally:
        host.close()
    assert run.errors == [] and run.answers["found"]["v"] == ["AnswersUnavailable", "ModuleNotFoundError", "[]"]
