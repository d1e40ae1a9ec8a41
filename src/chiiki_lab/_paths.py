"""Where the bundled files live.

In an installed wheel the top-level ``datasets/``, ``notebooks/`` and ``exercises/`` folders are
shipped inside the package as ``chiiki_lab/_bundle/…`` (see ``pyproject.toml``). In a source
checkout used without installing they are found at the repository root instead.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundle_dir(kind: str) -> Path:
    """Return the folder (or file) of bundled ``kind`` ("datasets", "notebooks", "exercises", "constraints.txt")."""
    installed = _PACKAGE_DIR / "_bundle" / kind
    if installed.exists():
        return installed
    return _PACKAGE_DIR.parent.parent / kind
