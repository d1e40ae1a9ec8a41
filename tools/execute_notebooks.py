"""Execute curriculum notebooks in place, so that their stored outputs are what nbval compares.

    python tools/execute_notebooks.py notebooks/01_*.ipynb      # or no argument: every notebook

Each notebook runs top to bottom on a fresh kernel in its own folder (as nbval does). Then:
- outputs of cells whose first line is ``# NBVAL_IGNORE_OUTPUT`` (maps, widgets) are dropped, so no
  megabytes of map HTML reach git (they are re-created whenever a learner runs the cell);
- execution timing metadata is removed, so re-running an unchanged notebook changes nothing in git;
- a notebook whose metadata has ``"chiiki_lab": {"store_outputs": false}`` (00, whose text explains
  [ ] → [*] → [1]) is stored with no outputs and no execution counts; its cells carry the
  ``nbval-ignore-output`` tag, so nbval still runs them but compares nothing.
Prints each notebook's run time and stored size (limits: 15 s and 400 KB each).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
IGNORE = "# NBVAL_IGNORE_OUTPUT"


def execute(path: Path) -> tuple[float, int]:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    keep = nb.metadata.get("chiiki_lab", {}).get("store_outputs", True)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and (not keep or cell.source.lstrip().startswith(IGNORE)):
            cell.outputs = []
        if cell.cell_type == "code" and not keep:
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return seconds, path.stat().st_size


def main(paths: list[str]) -> int:
    notebooks = [Path(p) for p in paths] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    total = 0.0
    worst = 0
    for path in notebooks:
        seconds, size = execute(path)
        total += seconds
        flag = "" if seconds <= 15 and size <= 400_000 else "  <-- over the limit"
        worst |= bool(flag)
        print(f"{path.name:<40} {seconds:6.1f} s {size / 1000:8.1f} KB{flag}")
    print(f"{'total':<40} {total:6.1f} s")
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
