#!/bin/sh
# Open the chiiki_lab curriculum in JupyterLab (stop with Ctrl+C).
HERE=$(cd "$(dirname "$0")" && pwd)
exec "$HERE/venv/bin/chiiki-lab" lab "$@"
