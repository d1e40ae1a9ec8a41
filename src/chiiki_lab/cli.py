"""The ``chiiki-lab`` command.

    chiiki-lab datasets              # list the bundled datasets
    chiiki-lab datasets show NAME    # source, licence, vintage, columns of one dataset
    chiiki-lab datasets cite NAME    # 出典 (ja/en) and BibTeX of one dataset
    chiiki-lab doctor                # check the installation (works offline)
    chiiki-lab lab                   # copy the curriculum to a working folder and open JupyterLab

Add ``--lang en`` for English. Errors print a short message (no traceback) and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .errors import ChiikiLabError
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
        mark = "✓" if check.ok else "✗"
        ok &= check.ok
        print(f"{mark} {check.label}: {check.detail}")
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


def _usage_error(usage: str) -> ChiikiLabError:
    from .errors import ChiikiLabValueError

    return ChiikiLabValueError(f"使い方: chiiki-lab {usage}", f"Usage: chiiki-lab {usage}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chiiki-lab", description="地域ラボ / chiiki_lab")
    parser.add_argument("--version", action="version", version=f"chiiki-lab {__version__}")
    parser.add_argument("--lang", choices=["ja", "en"], help="message language / 表示言語")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("datasets", help="list or describe bundled datasets / データセット一覧")
    p.add_argument("action", nargs="?", choices=["list", "show", "cite"], default="list")
    p.add_argument("name", nargs="?")

    sub.add_parser("doctor", help="check the installation / 動作確認")

    p = sub.add_parser("lab", help="open the curriculum in JupyterLab / 教材を開く")
    p.add_argument("--dir", default=None, help="working folder (default: ~/chiiki_lab)")
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--copy-only", action="store_true", help="copy the notebooks, do not start JupyterLab")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.lang:
        set_language(args.lang)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.command == "datasets":
            return _cmd_datasets(args)
        if args.command == "doctor":
            return _cmd_doctor(args)
        if args.command == "lab":
            return _cmd_lab(args, extra)
        parser.print_help()
        return 0
    except ChiikiLabError as error:
        print(tr("エラー: ", "Error: ") + str(error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
