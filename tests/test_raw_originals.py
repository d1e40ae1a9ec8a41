"""The published originals (datasets/raw_originals.toml), the raw scripts (datasets/raw_scripts/) and
``fetch_raw.py --from-originals`` that rebuilds the tidy raw files from them.

(a) every file in the raw folders' orig/ is registered with its size and sha256 (computed here with hashlib) and the
    author's orig/SHA256SUMS agree; so every original a raw script can open is registered;
(b) every entry names where its bytes are published and under which licence;
(c) the shipped scripts differ from the raw folder's only in the lines that locate the raw root;
(d) through a real local http.server laid out like raw.githubusercontent.com: downloads land, a changed byte is
    refused, an archive member is extracted and checked, no network is said plainly, and the code_history script
    rebuilds code_changes.csv with the sha256 registered in raw_inputs.toml.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import shutil
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
sys.path.insert(0, str(DATASETS))
import fetch_raw  # datasets/ is not a package

from test_raw_inputs import serving  # a real http.server on a free port

ORIGINALS = fetch_raw.load_originals()
REGISTRY = fetch_raw.load_registry()
RAW = fetch_raw.default_root()
GROUPS = fetch_raw.tomllib.loads((DATASETS / "raw_inputs.toml").read_text(encoding="utf-8"))["groups"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _need_raw():
    if not (RAW / "README.md").is_file():
        pytest.skip(f"raw data folder {RAW} is not beside the repository (a clean clone); nothing to compare")


def test_every_file_in_the_orig_folders_is_registered_with_its_size_and_hash():
    _need_raw()
    on_disk = {p.relative_to(RAW).as_posix(): p for p in RAW.glob("*/orig/**/*") if p.is_file()}
    lists = {p for p in on_disk if p.endswith("/SHA256SUMS")}
    # a script can only open what is in orig/, so this covers every original a raw script reads
    assert set(on_disk) - lists == set(ORIGINALS.files)
    assert len(ORIGINALS.files) == 293
    for relative, entry in {**ORIGINALS.files, **ORIGINALS.checksum_lists}.items():
        data = on_disk[relative].read_bytes()
        assert (len(data), _sha(data)) == (entry.bytes, entry.sha256), relative


def test_the_authors_checksum_lists_agree_and_are_rewritten_byte_for_byte():
    _need_raw()
    listed = {}
    for sums in sorted(RAW.glob("*/orig/SHA256SUMS")):
        folder = sums.parent.relative_to(RAW).as_posix()
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, name = line.split(maxsplit=1)
            listed[f"{folder}/{name.removeprefix('./')}"] = digest
    # stats, stats2, geo2 have lists; code_history has none
    assert {p: e.sha256 for p, e in ORIGINALS.files.items() if not p.startswith("code_history/")} == listed
    assert set(ORIGINALS.checksum_lists) == {"stats2/orig/SHA256SUMS", "geo2/orig/SHA256SUMS"}
    for relative in ORIGINALS.checksum_lists:
        text = fetch_raw.checksum_list_text(relative.removesuffix("/SHA256SUMS"), ORIGINALS.files)
        assert text.encode() == (RAW / relative).read_bytes()


def test_every_original_says_where_it_is_published_and_under_which_licence():
    for relative, entry in ORIGINALS.files.items():
        assert GROUPS[entry.group]["licence"], relative
        assert entry.read_by_scripts or entry.note, f"{relative}: say why it is kept"
        source = ORIGINALS.archives[entry.archive] if entry.archive else entry
        assert re.fullmatch(r"[0-9a-f]{40}", source.commit) and source.repo.count("/") == 1, relative
        assert source.url == f"https://raw.githubusercontent.com/{source.repo}/{source.commit}/{source.repo_path}"
        assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256) and entry.bytes > 0, relative
    # the scripts that derive tidy files from originals are the ones shipped, and every step's script exists
    for entry in REGISTRY.values():
        assert not entry.script or (REPO / entry.script).is_file(), entry.script
    for folder, scripts in ORIGINALS.steps:
        assert all((DATASETS / "raw_scripts" / folder / s).is_file() for s in scripts)


def test_the_shipped_scripts_change_only_the_lines_that_locate_the_raw_root():
    _need_raw()
    shipped = sorted((DATASETS / "raw_scripts").glob("*/*.py"))
    assert {p.relative_to(DATASETS / "raw_scripts") for p in shipped} == {
        p.relative_to(RAW).parent.parent / p.name for p in RAW.glob("*/scripts/*.py")}
    # removed: each expression that found the raw folder from the script's own location; added: the raw root
    removed_ok = re.compile(r'resolve\(\)\.parent\.parent|HERE\.parent|BASE\.parent|BASE / "scripts"')
    added_ok = re.compile(r'\bRAW\b|^\(BASE / "CHECKS\.log"\)|^from common import BASE(, ORIG)?$|^import os$'
                          r'|^from pathlib import Path$|^$|Path\(__file__\)\.resolve\(\)\.parent\.glob')
    for path in shipped:
        original = RAW / path.parent.name / "scripts" / path.name
        diff = difflib.unified_diff(original.read_text(encoding="utf-8").splitlines(),
                                    path.read_text(encoding="utf-8").splitlines(), lineterm="", n=0)
        changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        bad = [line for line in changed if not (removed_ok if line[0] == "-" else added_ok).search(line[1:])]
        assert bad == [], path.name


def _mirror(www: Path, entries) -> None:
    """Lay out copies of the real originals as raw.githubusercontent.com does: OWNER/REPO/COMMIT/PATH."""
    for entry in entries:
        target = www / entry.repo / entry.commit / entry.repo_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(RAW / entry.path, target)


@pytest.mark.slow  # runs the two code_history scripts (~15 s)
def test_code_history_is_rebuilt_from_originals_served_over_http(tmp_path, capsys):
    _need_raw()
    www, clone = tmp_path / "www", tmp_path / "clone_raw"
    code_history = ORIGINALS.only(["code_history"])
    _mirror(www, code_history.files.values())
    merger = code_history.files["code_history/orig/region-api/Merger.csv"]
    served = www / merger.repo / merger.commit / merger.repo_path
    good = served.read_bytes()
    served.write_bytes(good[:-2] + bytes([good[-2] ^ 1]) + good[-1:])  # one changed byte, same size
    args = ["--from-originals", "--only", "code_history", "--raw", str(clone), "--audit-opens", str(tmp_path / "opened"),
            "--originals-url", ""]
    with serving(www) as url:
        args[-1] = url.removesuffix("/raw")
        assert fetch_raw.main(args) == 1
        out = capsys.readouterr().out
        assert "Merger.csv" in out and "do not match the registry" in out
        assert not (clone / merger.path).exists() and not list(clone.rglob("*.part"))
        assert (clone / "code_history/orig/jpcity/absorption_separation.rds").is_file()  # the good ones landed
        assert not (clone / "code_history/code_changes.csv").exists()
        served.write_bytes(good)
        assert fetch_raw.main(args) == 0
    built = (clone / "code_history/code_changes.csv").read_bytes()
    assert _sha(built) == REGISTRY["code_history/code_changes.csv"].sha256
    opened = {Path(line) for line in (tmp_path / "opened").read_text(encoding="utf-8").splitlines()}
    read = {p.relative_to(clone).as_posix() for p in opened if p.is_relative_to(clone) and "orig" in p.parts}
    # the scripts open registered originals only, and all of them but the one marked as read by no script
    assert read == {p for p, e in code_history.files.items() if e.read_by_scripts}
    assert read != set(code_history.files)  # interval_city.rds
    assert "boundaries" in capsys.readouterr().out  # says where the hand-made files must come from


def _tiny_registry(tmp_path: Path, archive_bytes: bytes, member: bytes) -> Path:
    path = tmp_path / "originals.toml"
    path.write_text(f'''schema = 1
url_base = "https://raw.githubusercontent.com"
[[steps]]
folder = "stats"
scripts = []
[[archives]]
name = "a.tar.gz"
bytes = {len(archive_bytes)}
sha256 = "{_sha(archive_bytes)}"
repo = "o/r"
commit = "{'c' * 40}"
repo_path = "x/a.tar.gz"
url = "https://raw.githubusercontent.com/o/r/{'c' * 40}/x/a.tar.gz"
[[originals]]
path = "stats/orig/zaisei/H17.xls"
bytes = {len(member)}
sha256 = "{_sha(member)}"
archive = "a.tar.gz"
member = "indices/city/H17.xls"
[[originals]]
path = "stats/orig/p.csv"
bytes = 3
sha256 = "{_sha(b'a,b')}"
repo = "o/r"
commit = "{'c' * 40}"
repo_path = "p.csv"
url = "https://raw.githubusercontent.com/o/r/{'c' * 40}/p.csv"
''', encoding="utf-8")
    return path


def _targz(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_an_archive_member_is_extracted_and_checked_and_a_bad_archive_refused(tmp_path):
    member = "財政指標 H17\n".encode()
    archive = _targz("indices/city/H17.xls", member)
    originals = fetch_raw.load_originals(_tiny_registry(tmp_path, archive, member))
    www = tmp_path / "www" / "o/r" / ("c" * 40)
    (www / "x").mkdir(parents=True)
    (www / "p.csv").write_bytes(b"a,b")
    (www / "x/a.tar.gz").write_bytes(_targz("indices/city/H17.xls", b"tampered\n"))  # a different archive
    with serving(tmp_path / "www") as url:
        server = url.removesuffix("/raw")
        statuses, messages = fetch_raw.fetch_originals(tmp_path / "raw", originals, server)
        assert statuses == {"stats/orig/p.csv": "ok"}
        assert not (tmp_path / "raw/stats/orig/zaisei/H17.xls").exists()
        assert any("a.tar.gz" in m and "do not match" in m for m in messages)
        (www / "x/a.tar.gz").write_bytes(archive)
        statuses, _ = fetch_raw.fetch_originals(tmp_path / "raw", originals, server)
    assert statuses == {"stats/orig/zaisei/H17.xls": "ok"}
    assert (tmp_path / "raw/stats/orig/zaisei/H17.xls").read_bytes() == member


def test_without_network_from_originals_says_so(tmp_path, capsys):
    with serving(tmp_path) as url:
        closed = url.removesuffix("/raw")
    args = ["--from-originals", "--only", "code_history", "--raw", str(tmp_path / "raw"), "--originals-url", closed]
    assert fetch_raw.main(args) == 1
    out = capsys.readouterr().out
    assert "no network" in out and "not rebuilt" in out
