"""Where the instructor's files live: source notebooks and rubrics (never shipped in the wheel)."""

from __future__ import annotations

from pathlib import Path

from .._paths import bundle_dir


def source_dir() -> Path:
    """Default folder of the instructor's source notebooks (``exercises/_instructor/source``).

    The sources never ship in the wheel, so an installed chiiki_lab finds them in the repository
    checkout it is run from (the current folder); an editable install finds them beside the package.
    """
    relative = Path("exercises") / "_instructor" / "source"
    beside_package = bundle_dir("exercises") / "_instructor" / "source"
    for candidate in (beside_package, Path.cwd() / relative):
        if candidate.is_dir():
            return candidate
    return beside_package


def rubric_dir(source: str | Path | None = None) -> Path:
    """Folder of the rubrics: ``rubrics/`` next to the source-notebook folder."""
    return (Path(source) if source else source_dir()).parent / "rubrics"
