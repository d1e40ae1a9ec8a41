"""The ``chiiki-lab`` command.

    chiiki-lab datasets              # list the bundled datasets
    chiiki-lab datasets show NAME    # source, licence, vintage, columns of one dataset
    chiiki-lab datasets cite NAME    # 出典 (ja/en) and BibTeX of one dataset
    chiiki-lab doctor                # check the installation (works offline)
    chiiki-lab lab                   # copy the curriculum to a working folder and open JupyterLab
    chiiki-lab bundle OUT --platform windows --python 3.11   # offline installer zip (needs the index)
    chiiki-lab profile 嬬恋村 [--pref 群馬県] [--out FILE.html] [--pdf]   # 地域カルテ (HTML, PDF)
    chiiki-lab profile --pref 群馬県 --out DIR                   # every municipality's card + index.html
    chiiki-lab exercises build --out DIR                       # learner notebooks + zip, grading bundle
    chiiki-lab exercises grade SUBMISSIONS --exercise NAME     # grade a class (folder or zip of .ipynb)
    chiiki-lab exercises key NAME                               # answer key (instructors only)
    chiiki-lab exercises rubric NAME [--submissions DIR]        # blank rubric scoring sheet (CSV)
    chiiki-lab slides 01_population_aging [--out FILE] [--no-code] [--execute]   # offline reveal.js deck
    chiiki-lab handout ch01 [--out FILE] [--pdf] [--answers-blank]              # A4 handout (HTML, PDF)

Add ``--lang en`` for English. Errors print a short message (no traceback) and exit with status 2.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys

from . import __version__
from .errors import ChiikiLabError, ChiikiLabValueError
from .i18n import set_language, tr


def _cmd_datasets(args: argparse.Namespace) -> int:
    from . import datasets

    if args.action in ("show", "cite"):
        if not args.name:
            raise _usage_error(f"datasets {args.action} NAME")
        if args.action == "show":
            print(datasets.describe(args.name))
        else:
            citation = datasets.cite(args.name)
            print(f"{citation.ja}\n{citation.en}\n\n{citation.bibtex}")
        return 0
    table = datasets.list_datasets()
    width = max(len(n) for n in table["name"])
    for row in table.itertuples():
        print(f"{row.name:<{width}}  {row.rows:>8,}  {row.vintage:<24}  {row.title}")
    print()
    print(tr("詳しく: chiiki-lab datasets show NAME", "Details: chiiki-lab datasets show NAME"))
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import run_checks

    ok = True
    for check in run_checks():
        ok &= check.ok
        print(check.line())
    print()
    print(
        tr("判定: 問題ありません。ネットワークなしで使えます。", "Verdict: all good. Works without any network.")
        if ok
        else tr("判定: 問題があります（✗ の行を見てください）。", "Verdict: problems found (see the ✗ lines).")
    )
    return 0 if ok else 1


def _cmd_lab(args: argparse.Namespace, extra: list[str]) -> int:
    from .lab import copy_curriculum, start_lab

    report = copy_curriculum(args.dir)
    print(report.summary())
    if args.copy_only:
        return 0
    return start_lab(report.root, port=args.port, open_browser=not args.no_browser, extra_args=extra)


def _cmd_bundle(args: argparse.Namespace) -> int:
    from .bundle import build_bundle

    print(build_bundle(args.out, platform=args.platform, python=args.python, wheel=args.wheel).summary())
    return 0


def _save_document(built, out: str | None, pdf: bool, saved_ja: str, saved_en: str) -> int:
    """Save a profile or handout as HTML (``--out``), and also as PDF with ``--pdf`` or an ``--out`` ending in .pdf."""
    from pathlib import Path

    from .browser import pdf_engine

    path = Path(out) if out else None
    want_pdf = pdf or (path is not None and path.suffix.lower() == ".pdf")
    if path is not None and path.suffix.lower() == ".pdf":
        path = path.with_suffix(".html")
    html_path = built.save(path)
    print(tr(f"{saved_ja}: {html_path}", f"{saved_en}: {html_path}"))
    if want_pdf:
        pdf_path = built.save_pdf(html_path.with_suffix(".pdf"))
        print(tr(f"PDF を保存しました（エンジン: {pdf_engine()}）: {pdf_path}",
                 f"PDF saved (engine: {pdf_engine()}): {pdf_path}"))
    return 0


def _cmd_profile(args: argparse.Namespace) -> int:
    if not args.name:  # a trainer's batch: every municipality of the prefecture
        from .report import save_profiles

        if not args.pref or args.pdf:
            raise ChiikiLabValueError(
                "市区町村名を指定するか、--pref 都道府県 --out フォルダ で県内すべての地域カルテを作ってください"
                "（まとめて作るときは HTML のみ）。",
                "Give a municipality, or --pref PREFECTURE --out FOLDER for every municipality of a prefecture "
                "(HTML only in a batch).",
            )
        index = save_profiles(args.pref, args.out or f"profiles_{args.pref}")
        print(tr(f"地域カルテの一覧を保存しました: {index}", f"Profiles saved; index: {index}"))
        return 0
    # one card, and the command ends: cyclic garbage collection would only re-walk every object that
    # importing pandas and matplotlib and loading the data creates (~0.15–0.2 s of the command), so it
    # is off from the imports on; it is back on afterwards, as main() also runs in-process
    gc.disable()
    try:
        from .report import profile

        built = profile(" ".join(args.name), pref=args.pref)
    finally:
        gc.enable()
    return _save_document(built, args.out, args.pdf, "地域カルテを保存しました", "Profile saved")


def _cmd_exercises(args: argparse.Namespace) -> int:
    from .exercises import author

    if args.action == "build":
        paths = author.build(args.out or "exercises_build", source=args.source)
        print(tr(f"配布用: {paths['learner_zip']}（学習者用ノートブック: {paths['learner']}）\n"
                 f"教員用（配らない）: {paths['grading_zip']}",
                 f"Hand out: {paths['learner_zip']} (learner notebooks: {paths['learner']})\n"
                 f"Instructors only (do not hand out): {paths['grading_zip']}"))
        return 0
    if not args.target:
        raise _usage_error(f"exercises {args.action} " + ("SUBMISSIONS --exercise NAME" if args.action == "grade" else "NAME"))
    if args.action == "rubric":
        from pathlib import Path

        from .exercises.rubric import blank_sheet, load_rubric, submission_learners

        learners = submission_learners(args.submissions) if args.submissions else []
        bundle = author.load_bundle(args.target, bundle=args.bundle) if args.bundle else None
        sheet = blank_sheet(load_rubric(args.target, source=args.source, bundle=bundle), learners)
        if args.out:
            Path(args.out).write_text(sheet, encoding="utf-8-sig")
            print(tr(f"採点表を保存しました: {args.out}", f"Scoring sheet saved: {args.out}"))
        else:
            print(sheet, end="")
        return 0
    if args.action == "key":
        print(author.answer_key(args.target, source=args.source, bundle=args.bundle))
        return 0
    if not args.exercise:
        raise _usage_error("exercises grade SUBMISSIONS --exercise NAME")
    from .exercises.grade import GraderError, grade

    try:
        run = grade(args.target, args.exercise, out=args.out or "grades", bundle=args.bundle, source=args.source,
                    workers=args.workers, cell_timeout=args.cell_timeout, notebook_timeout=args.timeout,
                    rubric_scores=args.rubric_scores, unsafe=args.unsafe)
    except GraderError as error:  # the reports are written; the failed submissions are named
        print(tr(f"エラー: {error}", f"Error: {error}"), file=sys.stderr)
        return 3
    print(run.summary())
    print(tr(f"成績表: {run.files['gradebook']}  個別のフィードバック: {run.files['feedback']}",
             f"Grade book: {run.files['gradebook']}  feedback pages: {run.files['feedback']}"))
    return 0


def _cmd_slides(args: argparse.Namespace) -> int:
    from .slides import build_slides

    deck = build_slides(args.notebook, code=not args.no_code, execute=args.execute)
    path = deck.save(args.out)
    print(tr(f"スライドを保存しました（{deck.n_slides} 枚、ネットワークなしで開けます）: {path}",
             f"Slides saved ({deck.n_slides} slides, open offline): {path}"))
    return 0


def _cmd_handout(args: argparse.Namespace) -> int:
    from .handout import build_handout

    built = build_handout(args.notebook, answers_blank=args.answers_blank, execute=args.execute)
    return _save_document(built, args.out, args.pdf, "配布資料（A4）を保存しました", "Handout (A4) saved")


def _usage_error(usage: str) -> ChiikiLabError:
    return ChiikiLabValueError(f"使い方: chiiki-lab {usage}", f"Usage: chiiki-lab {usage}")


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and says 使い方 instead of usage in Japanese."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=prefix or tr("使い方: ", "usage: "))


def _localised_parser(sub, name: str, summary: str, description: str, epilog: str | None = None):
    """A sub-command whose --help is entirely in the current language; add its options to what this returns."""
    parser = sub.add_parser(name, help=summary, description=description, epilog=epilog, add_help=False,
                            formatter_class=_HelpFormatter)
    options = parser.add_argument_group(tr("オプション", "options"))  # replaces argparse's English heading
    options.add_argument("-h", "--help", action="help", help=tr("このヘルプを表示して終わります", "show this help and exit"))
    options.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS, help=tr(
        "表示言語（ja: 日本語、en: 英語）", "message language (ja: Japanese, en: English)"))
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chiiki-lab", description="地域ラボ / chiiki_lab")
    parser.add_argument("--version", action="version", version=f"chiiki-lab {__version__}")
    parser.add_argument("--lang", choices=["ja", "en"], help="message language / 表示言語")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("datasets", help="list or describe bundled datasets / データセット一覧")
    p.add_argument("action", nargs="?", choices=["list", "show", "cite"], default="list")
    p.add_argument("name", nargs="?")

    p = _localised_parser(sub, "doctor", "check the installation / 動作確認", tr(
        "インストールを確かめます（ネットワーク不要）。問題があれば、1行ごとに何が悪いかと直し方を表示します。",
        "Checks the installation (no network needed). Each problem is one line: what is wrong and how to fix it."))

    p = _localised_parser(sub, "lab", "open the curriculum in JupyterLab / 教材を開く", tr(
        "教材（notebooks と exercises）を作業フォルダにコピーし、JupyterLab をブラウザで開きます。\n"
        "最初に notebooks/00_introduction.ipynb が開きます。既にあるファイルは上書きしません（自分の作業は消えません）。\n"
        "終了するには、このコマンドを実行した画面で Ctrl+C を押します（JupyterLab も一緒に終わります）。",
        "Copies the curriculum (notebooks and exercises) into a working folder and opens JupyterLab in the browser.\n"
        "notebooks/00_introduction.ipynb opens first. Files already there are never overwritten (your work is kept).\n"
        "To stop, press Ctrl+C in the window where this command runs (JupyterLab stops with it)."), tr(
        "ここにないオプション（例 --ServerApp.ip=0.0.0.0）はそのまま JupyterLab に渡します。\n"
        "例: chiiki-lab lab --dir ~/研修 --port 8890 --no-browser",
        "Other options (e.g. --ServerApp.ip=0.0.0.0) are passed on to JupyterLab unchanged.\n"
        "Example: chiiki-lab lab --dir ~/training --port 8890 --no-browser"))
    p.add_argument("--dir", default=None, metavar="DIR", help=tr(
        "作業フォルダ（既定: ホームフォルダの chiiki_lab）。なければ作ります。",
        "working folder (default: chiiki_lab in your home folder); created if missing"))
    p.add_argument("--port", type=int, default=None, metavar="PORT", help=tr(
        "JupyterLab のポート番号（既定: 8888、使用中なら空いている番号）。指定した番号が使用中なら起動しません。",
        "port for JupyterLab (default: 8888, or a free one if taken); with --port, a taken port is an error"))
    p.add_argument("--no-browser", action="store_true", help=tr(
        "ブラウザを自動で開きません。表示される http://127.0.0.1:…?token=… を自分で開きます。",
        "do not open a browser; open the http://127.0.0.1:…?token=… address shown yourself"))
    p.add_argument("--copy-only", action="store_true", help=tr(
        "教材をコピーするだけで JupyterLab は起動しません（JupyterHub の起動時の配布などに）。",
        "copy the curriculum only, do not start JupyterLab (e.g. to hand out material on JupyterHub)"))

    p = sub.add_parser("bundle", help="offline installer zip for closed networks / オフライン版を作る")
    p.add_argument("out", help="zip file or folder to write / 出力先（.zip かフォルダ）")
    p.add_argument("--platform", required=True, choices=["windows", "linux", "macos"])
    p.add_argument("--python", default=None, help="target Python, e.g. 3.11 (default: this Python)")
    p.add_argument("--wheel", default=None, help="chiiki_lab wheel to use instead of building one")

    p = sub.add_parser("profile", help="one-page profile of a municipality / 地域カルテ")
    p.add_argument("name", nargs="*", help="name or code, e.g. 嬬恋村 or 10425; none with --pref: every "
                   "municipality of the prefecture / 市区町村名かコード（省略して --pref なら県内すべて）")
    p.add_argument("--pref", default=None, help="prefecture of a shared name, e.g. 東京都 / 都道府県（同名の市区町村を区別）")
    p.add_argument("--out", default=None, help="HTML file to write (default: ./<code>_<name>.html); folder for a "
                   "whole prefecture (default: ./profiles_<pref>)")
    p.add_argument("--pdf", action="store_true", help="also print a PDF with headless Chromium")
    p.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS, help="language / 表示言語")

    p = sub.add_parser("exercises", help="build, grade and key exercises (instructors) / 演習の作成・採点")
    p.add_argument("action", choices=["build", "grade", "key", "rubric"])
    p.add_argument("target", nargs="?", help="grade: folder or zip of .ipynb; key, rubric: exercise name")
    p.add_argument("--exercise", help="exercise to grade, e.g. ch01_population / 採点する演習")
    p.add_argument("--out", default=None, help="build: output folder (default ./exercises_build); grade: ./grades")
    p.add_argument("--source", default=None, help="folder of source notebooks (default exercises/_instructor/source)")
    p.add_argument("--bundle", default=None, help="grading bundle (.zip, folder or .grading.json) instead of sources")
    p.add_argument("--workers", type=int, default=3, help="notebooks graded at once (default 3, also on 2 cores: kernels often wait)")
    p.add_argument("--cell-timeout", type=float, default=15, help="seconds per cell (default 15)")
    p.add_argument("--timeout", type=float, default=90, help="seconds per notebook (default 90)")
    p.add_argument("--rubric-scores", default=None, help="grade: filled rubric sheet (CSV) / 記入済みのルーブリック採点表")
    p.add_argument("--unsafe", action="store_true",
                   help="grade: run kernels WITHOUT a sandbox when none can be made (trusted notebooks only) / 隔離なしで採点")
    p.add_argument("--submissions", default=None, help="rubric: list these learners in the sheet / 採点表に学習者を並べる")

    p = sub.add_parser("slides", help="offline reveal.js slides from a notebook / スライドを作る")
    p.add_argument("notebook", help="path, or a bundled name such as 01_population_aging, 01, ch01 / 教材名かパス")
    p.add_argument("--out", default=None, help="HTML file to write (default: ./<notebook>.slides.html)")
    p.add_argument("--no-code", action="store_true", help="hide code cells, keep their outputs / コードを隠す")
    p.add_argument("--execute", action="store_true", help="run the notebook first (nbclient) / 実行してから作る")

    p = sub.add_parser("handout", help="printable A4 handout from a notebook / 配布資料（A4）を作る")
    p.add_argument("notebook", help="path, or a bundled name such as 01_population_aging, 01, ch01 / 教材名かパス")
    p.add_argument("--out", default=None, help="HTML (or .pdf) file to write (default: ./<notebook>.handout.html)")
    p.add_argument("--pdf", action="store_true", help="also print a PDF with headless Chromium")
    p.add_argument("--answers-blank", action="store_true", help="blank answer boxes for exercises / 解答欄を付ける")
    p.add_argument("--execute", action="store_true", help="run the notebook first (nbclient) / 実行してから作る")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command of ``argv`` (default: the process's arguments) here; return its exit status."""
    return _execute(*_parse(sys.argv[1:] if argv is None else list(argv)))


def _parse(argv: list[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace, list[str]]:
    """The parser, the arguments and what only ``lab`` passes on; the language is set on the way."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    lang = early.parse_known_args(argv)[0].lang
    if lang in ("ja", "en"):  # before the parser: its help follows the language
        set_language(lang)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.lang:
        set_language(args.lang)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return parser, args, extra


def _execute(parser: argparse.ArgumentParser, args: argparse.Namespace, extra: list[str]) -> int:
    try:
        if args.command == "datasets":
            return _cmd_datasets(args)
        if args.command == "doctor":
            return _cmd_doctor(args)
        if args.command == "lab":
            return _cmd_lab(args, extra)
        if args.command == "bundle":
            return _cmd_bundle(args)
        if args.command == "profile":
            return _cmd_profile(args)
        if args.command == "exercises":
            return _cmd_exercises(args)
        if args.command == "slides":
            return _cmd_slides(args)
        if args.command == "handout":
            return _cmd_handout(args)
        parser.print_help()
        return 0
    except ChiikiLabError as error:
        print(tr("エラー: ", "Error: ") + str(error), file=sys.stderr)
        candidates = getattr(error, "candidates", [])
        if args.command == "profile" and candidates and hasattr(candidates[0], "pref_name"):
            example = f"chiiki-lab profile {' '.join(args.name)} --pref {candidates[0].pref_name}"
            print(tr(f"コマンドでは --pref で都道府県を指定します（例: {example}）。",
                     f"On the command line, give the prefecture with --pref (e.g. {example})."), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The ``chiiki-lab`` command in its own process (:func:`main` returns the exit status instead)."""
    parser, args, extra = _parse(sys.argv[1:])
    status = _execute(parser, args, extra)
    if args.command == "profile":
        # 地域カルテ: the cards are written (the batch's worker processes are joined) and nothing is left to
        # run, so the process leaves without the interpreter's tear-down, which would free one by one every
        # module and object that pandas, matplotlib and the data loaded (~0.1 s of a ~1.5 s command:
        # python benchmarks/bench_profile.py --cli). What was printed is flushed first.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    # other commands end normally; their last collection need not walk all that was loaded
    atexit.register(gc.freeze)
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
