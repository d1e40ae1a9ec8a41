"""The registry of raw inputs (datasets/raw_inputs.toml) and datasets/fetch_raw.py that fetches and verifies them.

(a) the registry lists exactly the raw files the build scripts read, and the build reads none any other way;
(b) verification tells ok / missing / wrong size / wrong hash (expected hashes computed here with hashlib);
(c) fetching from a real local http.server installs good bytes and discards bad ones; no network is said plainly;
(d) the real raw folder, when it is beside the repository, matches the registry.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import http.server
import json
import re
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
sys.path.insert(0, str(DATASETS))
import fetch_raw  # datasets/ is not a package

BUILD_SCRIPTS = sorted(DATASETS.glob("build*.py"))
RAW_PATH = re.compile(r"(boundaries|code_history|stats|stats2|geo2)/[\w.-]+\.(csv|geojson|topojson|parquet)")
REGISTRY = fetch_raw.load_registry()


@functools.cache
def _trees():
    return {path.name: ast.parse(path.read_text(encoding="utf-8")) for path in BUILD_SCRIPTS}


def test_registry_lists_exactly_the_raw_files_named_in_the_build_scripts():
    named = {node.value for tree in _trees().values() for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and RAW_PATH.fullmatch(node.value)}
    assert len(named) == 36
    assert named == set(REGISTRY)


def test_build_scripts_open_raw_files_only_through_the_registry():
    for name, tree in _trees().items():
        for node in ast.walk(tree):
            # no path arithmetic on the raw root, no reaching around RawInputs.file()
            assert not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
                        and isinstance(node.left, ast.Name) and node.left.id == "raw"), f"{name}:{node.lineno}"
            assert not (isinstance(node, ast.Attribute) and node.attr == "root"), f"{name}:{node.lineno}"


def test_every_entry_says_where_it_comes_from_and_feeds_a_bundled_dataset():
    catalog = json.loads((DATASETS / "catalog.json").read_text(encoding="utf-8"))
    names = {entry["name"] for entry in catalog["datasets"]}
    fed = set()
    for path, entry in REGISTRY.items():
        assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256) and entry.bytes > 0, path
        for field in ("source", "mirror", "licence", "attribution", "vintage", "provenance"):
            assert getattr(entry, field), (path, field)
        assert entry.script or entry.note, f"{path}: say how the file was made"
        assert set(entry.datasets) <= names, path
        fed |= set(entry.datasets)
    assert fed == names


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def small(tmp_path):
    """A registry of two files (hashes computed here) and a raw folder holding them."""
    contents = {"stats/a.csv": b"code5,pop\n10425,8850\n", "geo2/b.csv": "name\n嬬恋村\n".encode()}
    registry = tmp_path / "registry.toml"
    lines = [('schema = 1\n[groups.g]\nsource = "s"\nmirror = "m"\nlicence = "l"\nattribution = "a"\n'
              'vintage = "v"\nprovenance = "p"\nnote = "made by hand"\n')]
    for path, data in contents.items():
        lines.append(f'[[files]]\npath = "{path}"\ngroup = "g"\nbytes = {len(data)}\nsha256 = "{_sha(data)}"\n')
    registry.write_text("\n".join(lines), encoding="utf-8")
    root = tmp_path / "raw"
    for path, data in contents.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return fetch_raw.load_registry(registry), registry, root, contents


def test_verification_detects_a_changed_byte_a_short_file_and_a_missing_file(small):
    registry, _, root, contents = small
    assert fetch_raw.verify(root, registry, progress=False) == {"stats/a.csv": "ok", "geo2/b.csv": "ok"}
    changed = bytearray(contents["stats/a.csv"])
    changed[-2] ^= 1  # 8850 → 8851: same size, different bytes
    (root / "stats/a.csv").write_bytes(bytes(changed))
    (root / "geo2/b.csv").write_bytes(contents["geo2/b.csv"][:-1])
    assert fetch_raw.verify(root, registry, progress=False) == {"stats/a.csv": "wrong hash", "geo2/b.csv": "wrong size"}
    (root / "geo2/b.csv").unlink()
    assert fetch_raw.status_of(root, registry["geo2/b.csv"]) == "missing"
    with pytest.raises(fetch_raw.RawInputError, match=r"wrong hash: stats/a.csv\n  missing: geo2/b.csv"):
        fetch_raw.RawInputs.verified(root, registry)


def test_raw_inputs_hand_out_registered_paths_only(small):
    registry, _, root, _ = small
    inputs = fetch_raw.RawInputs.verified(root, registry)
    assert inputs.file("stats/a.csv") == root / "stats/a.csv"
    with pytest.raises(fetch_raw.RawInputError, match="not registered"):
        inputs.file("stats/unlisted.csv")


@pytest.mark.slow  # imports the build's pandas/pyarrow stack (~3 s)
def test_the_build_refuses_an_unverified_raw_folder(tmp_path):
    import build

    with pytest.raises(fetch_raw.RawInputError, match=r"36 raw input\(s\)"):
        build.build(tmp_path / "empty", tmp_path / "out")
    assert not (tmp_path / "out").exists()


@contextlib.contextmanager
def serving(directory: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/raw"
        finally:
            server.shutdown()
            thread.join()


def test_fetch_from_a_local_http_server_installs_good_bytes_and_discards_bad(small, tmp_path, capsys):
    _, registry_path, served_root, contents = small
    served = tmp_path / "www"
    served.mkdir()
    served_root.rename(served / "raw")
    (served / "raw/geo2/b.csv").write_bytes(b"tampered\n")
    target = tmp_path / "clone_raw"
    with serving(served) as url:
        args = ["--raw", str(target), "--registry", str(registry_path), "--base-url", url]
        assert fetch_raw.main(args) == 1
        assert (target / "stats/a.csv").read_bytes() == contents["stats/a.csv"]
        assert not (target / "geo2/b.csv").exists() and not list(target.rglob("*.part"))
        out = capsys.readouterr().out
        assert "do not match the registry" in out and "missing    geo2/b.csv" in out
        (served / "raw/geo2/b.csv").write_bytes(contents["geo2/b.csv"])
        assert fetch_raw.main(args) == 0
    assert "2 files, 36 bytes: 2 ok" in capsys.readouterr().out


def test_without_network_fetch_says_so_and_verifies_what_is_there(small, capsys):
    _, registry_path, root, _ = small
    (root / "geo2/b.csv").unlink()
    with serving(root) as url:
        closed = url  # the server is shut down on leaving the block, so nothing listens there any more
    assert fetch_raw.main(["--raw", str(root), "--registry", str(registry_path), "--base-url", closed]) == 1
    out = capsys.readouterr().out
    assert "no network" in out and "ok         stats/a.csv" in out and "missing    geo2/b.csv" in out


def test_the_real_raw_folder_matches_the_registry():
    root = fetch_raw.default_root()
    if not (root / "README.md").is_file():
        pytest.skip(f"raw data folder {root} is not beside the repository (a clean clone); nothing to verify")
    statuses = fetch_raw.verify(root, REGISTRY, progress=False)
    assert {p: s for p, s in statuses.items() if s != "ok"} == {}
