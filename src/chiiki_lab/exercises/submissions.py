"""Collecting a class's submissions: which file is whose, from the collection layout only.

The learner id never comes from the notebook (code or metadata the learner controls): it comes
from where the file sits in the collection. Supported layouts (a folder, or a zip of one):

================================  ==========================================  ======================
layout                            example                                     learner id
================================  ==========================================  ======================
folder of files named by learner  ``subs/s001.ipynb``                         ``s001``
a folder per learner              ``subs/s001/ch01_population.ipynb``         ``s001``
nbgrader / JupyterHub course      ``course/submitted/s001/ch01/ch01.ipynb``   ``s001``
nbgrader exchange inbound         ``inbound/s001+ch01+2026-…+ab12/x.ipynb``   ``s001`` (newest kept)
Moodle assignment download        ``Yamada Taro_123_assignsubmission_file_/``  ``Yamada Taro_123``
Canvas submissions download       ``yamadataro_123_456_ch01.ipynb``           ``yamadataro_123``
================================  ==========================================  ======================

A folder that holds only one folder (``subs/class1/…``) is looked into. Every file that is not
graded is reported (:attr:`Collection.skipped`, with the reason), as is every learner with more
than one notebook (:attr:`Collection.duplicates`; each one is graded, under ``id (2)`` …).

>>> safe_filename("../../etc/passwd")
'etc_passwd-3754d6cb'
>>> safe_filename("田中 花子"), safe_filename("s001")
('田中_花子-fae7dc6d', 's001')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import ChiikiLabValueError
from ..i18n import tr

MAX_ZIP_BYTES = 500 * 2**20  # uncompressed, all members (a zip bomb stops here)
MAX_NOTEBOOK_BYTES = 50 * 2**20
_EXCHANGE = re.compile(r"^(?P<id>[^+]+)\+(?P<assignment>[^+]+)\+(?P<time>[^+]+)(\+.*)?$")
_MOODLE = re.compile(r"^(?P<id>.+_\d+)_(assignsubmission|onlinetext)_\w*$")
_CANVAS = re.compile(r"^(?P<id>[a-z0-9]+(?:_LATE)?_\d+)_\d+_.+$")
_IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints", ".git"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Submission:
    """One notebook to grade: its learner (from the layout), the file, where it sat in the collection."""

    learner: str
    path: Path
    shown: str  # the file's place in the collection, for reports


@dataclass
class Collection:
    """The submissions to grade and, loudly, what was not graded and who handed in more than once."""

    submissions: list[Submission] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # learner -> files

    def problems(self) -> list[str]:
        """Lines for the instructor (Japanese/English by the current language)."""
        lines = [tr(f"採点しなかったファイル: {f}（{why}）", f"Not graded: {f} ({why})") for f, why in self.skipped]
        for learner, files in self.duplicates.items():
            lines.append(tr(f"同じ学習者 {learner} の提出が {len(files)} 件あります（全部採点しました）: {', '.join(files)}",
                            f"Learner {learner} handed in {len(files)} notebooks (all graded): {', '.join(files)}"))
        return lines


def printable(text: str, limit: int = 200) -> str:
    """``text`` without control characters, escape sequences or bidi overrides, at most ``limit`` characters."""
    text = re.sub(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|.)", "", str(text))
    text = _CONTROL.sub(lambda m: "\n" if m.group() == "\n" else ("\t" if m.group() == "\t" else ""), text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_filename(learner: str, max_bytes: int = 120) -> str:
    """A file name for ``learner`` that is safe on every system: the id itself when it is plain
    (word characters, ``.``, ``-``), else a cleaned, shortened id and a short hash that keeps
    different ids apart when they clean up to the same text (``a/b`` and ``a_b``).
    """
    base = re.sub(r"[^\w.-]+", "_", unicodedata.normalize("NFC", printable(learner, 10_000))).strip("._-") or "learner"
    if base == learner and len(base.encode("utf-8")) <= max_bytes:
        return base
    while len(base.encode("utf-8")) > max_bytes:
        base = base[:-1]
    return f"{base}-{hashlib.sha256(learner.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def _is_notebook(name: str) -> bool:
    return name.lower().endswith(".ipynb")


def _skip_reason(name: str) -> str | None:
    lower = name.lower()
    if re.search(r"\.ipynb\.\w+$", lower) or lower.endswith((".json", ".txt", ".py", ".html", ".pdf")):
        return tr("ノートブック（.ipynb）ではありません。名前を変えられた？", "not a notebook (.ipynb); renamed?")
    return None


def _learner_of(parts: tuple[str, ...]) -> tuple[str, str | None]:
    """(learner id, exchange timestamp or None) of a notebook at ``parts`` below the collection root."""
    if len(parts) >= 3 and parts[0] == "submitted":  # nbgrader course folder
        return parts[1], None
    if len(parts) >= 2:
        folder = parts[0]
        if m := _EXCHANGE.match(folder):
            return m.group("id"), m.group("time")
        if m := _MOODLE.match(folder):
            return m.group("id"), None
        return folder, None
    stem = parts[0][: -len(".ipynb")]
    if m := _CANVAS.match(stem):
        return m.group("id"), None
    return stem, None


def _extract(archive: Path, work: Path) -> Path:
    """Extract the notebooks of a zip into ``work/unzipped`` (paths cleaned, sizes limited)."""
    out = work / "unzipped"
    out.mkdir(parents=True)
    total = 0
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            parts = [p for p in PurePosixPath(info.filename.replace("\\", "/")).parts if p not in ("", ".", "..", "/")]
            if info.is_dir() or not parts:
                continue
            total += info.file_size
            if total > MAX_ZIP_BYTES or info.file_size > MAX_NOTEBOOK_BYTES:
                raise ChiikiLabValueError(
                    f"zip {archive.name} が大きすぎます（展開後 {MAX_ZIP_BYTES // 2**20} MB まで、1ファイル "
                    f"{MAX_NOTEBOOK_BYTES // 2**20} MB まで）。",
                    f"The zip {archive.name} is too large (at most {MAX_ZIP_BYTES // 2**20} MB unpacked, "
                    f"{MAX_NOTEBOOK_BYTES // 2**20} MB per file).")
            target = out.joinpath(*[p if len(p.encode()) < 200 else safe_filename(p) + Path(p).suffix for p in parts])
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, target.open("wb") as dst:
                dst.write(src.read(MAX_NOTEBOOK_BYTES + 1))
    return out


def collect(submissions: str | Path, work: Path) -> Collection:
    """The notebooks of a folder or zip (extracted into ``work``), each with its learner id."""
    path = Path(submissions)
    if path.is_file() and path.suffix.lower() == ".zip":
        path = _extract(path, work)
    elif not path.is_dir():
        raise ChiikiLabValueError(
            f"提出物 {path} が見つかりません。.ipynb の入ったフォルダか zip を指定してください。",
            f"Submissions {path} not found. Give a folder or a zip of .ipynb files.",
        )
    root = path
    while True:  # a folder holding only one folder of several notebooks or folders (subs/class1/…): look into it
        entries = [e for e in root.iterdir() if e.name not in _IGNORED_PARTS and not e.name.startswith(".")]
        if len(entries) != 1 or not entries[0].is_dir() or entries[0].is_symlink() or entries[0].name == "submitted":
            break
        inner = [e for e in entries[0].iterdir() if e.name not in _IGNORED_PARTS and not e.name.startswith(".")]
        if sum(_is_notebook(e.name) for e in inner) == 1:  # one learner's folder
            break
        root = entries[0]
    found = Collection()
    newest: dict[str, str] = {}
    candidates: list[tuple[str, Path, str, str | None]] = []
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root)
        if any(p in _IGNORED_PARTS or p.startswith(".") for p in rel.parts) or file.is_dir():
            continue
        shown = printable(str(PurePosixPath(*rel.parts)), 300)
        if file.is_symlink() or not file.is_file():
            found.skipped.append((shown, tr("リンクや特殊ファイルは採点しません", "links and special files are not graded")))
            continue
        if not _is_notebook(file.name):
            reason = _skip_reason(file.name)
            if reason:
                found.skipped.append((shown, reason))
            continue
        learner, stamp = _learner_of(rel.parts)
        learner = printable(learner, 200).strip() or "learner"
        candidates.append((learner, file, shown, stamp))
        if stamp is not None and stamp > newest.get(learner, ""):
            newest[learner] = stamp
    counts: dict[str, int] = {}
    for learner, file, shown, stamp in candidates:
        if stamp is not None and stamp != newest[learner]:
            found.skipped.append((shown, tr(f"{learner} のもっと新しい提出があります", f"{learner} has a newer submission")))
            continue
        counts[learner] = counts.get(learner, 0) + 1
        name = learner if counts[learner] == 1 else f"{learner} ({counts[learner]})"
        found.submissions.append(Submission(name, file, shown))
        found.duplicates.setdefault(learner, []).append(shown)
    found.duplicates = {k: v for k, v in found.duplicates.items() if len(v) > 1}
    return found
