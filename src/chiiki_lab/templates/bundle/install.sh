#!/bin/sh
# chiiki_lab {{version}} offline installer ({{platform_label}}, Python {{python}}). Needs no network.
# Creates ./venv next to this script and installs only from ./wheels.
# Another Python: PYTHON=/path/to/python{{python}} sh install.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
VENV="$HERE/venv"

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for candidate in python{{python}} python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then PY=$candidate; break; fi
  done
fi
if [ -z "$PY" ] || ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != ({{python_tuple}}))' 2>/dev/null; then
  echo "エラー: Python {{python}} が見つかりません。この一式は Python {{python}} 用です。" >&2
  echo "  Python {{python}} を入れてから、もう一度 sh install.sh を実行してください。" >&2
  echo "  別の場所にある場合: PYTHON=/path/to/python{{python}} sh install.sh" >&2
  exit 1
fi

echo "[1/4] 仮想環境を作成しています: $VENV"
"$PY" -m venv "$VENV"
echo "[2/4] パッケージをインストールしています（ネットワークは使いません）…"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-index --find-links "$HERE/wheels" chiiki-lab
echo "[3/4] JupyterLab をオフライン用に設定しています…"
"$VENV/bin/python" -c "from chiiki_lab.lab import install_jupyter_settings; install_jupyter_settings()"
echo "[4/4] 動作確認（chiiki-lab doctor）…"
"$VENV/bin/chiiki-lab" doctor
echo
echo "完了しました。教材を開くには: sh \"$HERE/start.sh\""
