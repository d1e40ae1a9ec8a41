"""Execute curriculum notebooks in place, so that their stored outputs are what nbval compares.

    python tools/execute_notebooks.py notebooks/01_*.ipynb      # or no argument: every notebook

Each notebook runs top to bottom on a fresh kernel in its own folder (as nbval does). Then:
- outputs of cells whose first line is ``# NBVAL_IGNORE_OUTPUT`` (maps, widgets) are dropped, so no
  megabytes of map HTML reach git (they are re-created whenever a learner runs the cell);
- cells tagged ``nbval-skip`` (the explorer dashboard in 01: seconds of widget building that nbval skips
  too) are not run here either; they are stored without outputs;
- stored PNG figures are re-encoded as 256-colour palette PNGs (about a third of the size, no visible
  difference for charts; nbval does not compare images), so the notebooks stay under 400 KB;
- execution timing metadata is removed, so re-running an unchanged notebook changes nothing in git;
- a notebook whose metadata has ``"chiiki_lab": {"store_outputs": false}`` (00, whose text explains
  [ ] → [*] → [1]) is stored with no outputs and no execution counts; its cells carry the
  ``nbval-ignore-output`` tag, so nbval still runs them but compares nothing.
Prints each notebook's run time and stored size (limits: 15 s and 400 KB each).
"""

from __future__ import annotations

import base64
import io
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
IGNORE = "# NBVAL_IGNORE_OUTPUT"
SKIP = "nbval-skip"


def _cleared(cell):
    cell.outputs, cell.execution_count = [], None
    return cell


def smaller_png(data: str) -> str:
    """The base64 PNG ``data`` as a 256-colour palette PNG, if that is smaller."""
    image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    smaller = base64.b64encode(out.getvalue()).decode("ascii")
    return smaller if len(smaller) < len(data) else data


def execute(path: Path) -> tuple[float, int]:
    full = nbformat.read(path, as_version=4)
    nb = nbformat.from_dict(full)
    nb.cells = [c for c in full.cells if SKIP not in c.metadata.get("tags", [])]
    start = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    ran = iter(nb.cells)
    nb.cells = [next(ran) if SKIP not in c.metadata.get("tags", []) else _cleared(c) for c in full.cells]
    keep = nb.metadata.get("chiiki_lab", {}).get("store_outputs", True)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and (not keep or cell.source.lstrip().startswith(IGNORE)):
            cell.outputs = []
        if cell.cell_type == "code" and not keep:
            cell.execution_count = None
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output["data"]["image/png"] = smaller_png(output["data"]["image/png"])
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
