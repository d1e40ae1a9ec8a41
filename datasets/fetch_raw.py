#!/usr/bin/env python3
"""Fetch and verify the raw files that the dataset build reads (registry: ``datasets/raw_inputs.toml``).

Usage (from the repository root)::

    python datasets/fetch_raw.py                    # fetch what is missing (where a network exists), verify all
    python datasets/fetch_raw.py --verify-only      # only check size and sha256 of what is there
    python datasets/fetch_raw.py --base-url URL     # fetch missing files from a copy of the raw folder at URL
    python datasets/fetch_raw.py --print-hashes     # after updating raw data: the bytes/sha256 lines to paste

The raw root is ``--raw DIR``, else the ``CHIIKI_LAB_RAW`` environment variable, else ``../shared/data/raw``
beside the repository. Prints one line per file (ok / missing / wrong size / wrong hash) and exits 1 on any
problem. The build (``datasets/build.py``) reads raw files only through :class:`RawInputs`, which verifies every
registered file first and refuses a path that is not registered.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

REGISTRY = Path(__file__).resolve().with_name("raw_inputs.toml")
ENV_RAW, ENV_URL = "CHIIKI_LAB_RAW", "CHIIKI_LAB_RAW_URL"
TIMEOUT_S = 30


def default_root() -> Path:
    """The raw root: ``$CHIIKI_LAB_RAW``, else ``shared/data/raw`` beside the repository (as the build always used)."""
    env = os.environ.get(ENV_RAW)
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"


class RawInputError(RuntimeError):
    """A raw input is missing, altered, or not in the registry."""


@dataclass(frozen=True)
class RawFile:
    """One registry entry, with its group's fields filled in."""

    path: str
    sha256: str
    bytes: int
    datasets: tuple[str, ...]
    source: str
    mirror: str
    url: str
    derived_from: tuple[str, ...]
    script: str
    licence: str
    attribution: str
    vintage: str
    provenance: str
    note: str


def load_registry(path: Path = REGISTRY) -> dict[str, RawFile]:
    """The registry as ``{relative path: RawFile}``; a file's own fields override its group's."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    files = {}
    for entry in data["files"]:
        fields = {"url": "", "note": "", "script": "", "derived_from": [], "datasets": []}
        fields |= data["groups"][entry["group"]] if "group" in entry else {}
        fields |= {k: v for k, v in entry.items() if k != "group"}
        fields["derived_from"], fields["datasets"] = tuple(fields["derived_from"]), tuple(fields["datasets"])
        if fields["path"] in files:
            raise RawInputError(f"{path.name}: {fields['path']} is listed twice")
        files[fields["path"]] = RawFile(**fields)
    return files


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def status_of(root: Path, entry: RawFile) -> str:
    """``ok``, ``missing``, ``wrong size`` or ``wrong hash`` for one registered file under ``root``."""
    path = root / entry.path
    if not path.is_file():
        return "missing"
    if path.stat().st_size != entry.bytes:
        return "wrong size"
    return "ok" if sha256_of(path) == entry.sha256 else "wrong hash"


def verify(root: Path, registry: dict[str, RawFile], progress: bool = True) -> dict[str, str]:
    """Status of every registered file (see :func:`status_of`), with a tqdm bar over the bytes."""
    statuses = {}
    with tqdm(total=sum(e.bytes for e in registry.values()), unit="B", unit_scale=True, desc="verify",
              disable=not progress, file=sys.stderr) as bar:
        for relative, entry in registry.items():
            statuses[relative] = status_of(root, entry)
            bar.update(entry.bytes)
    return statuses


def candidate_urls(entry: RawFile, base_url: str | None) -> list[str]:
    """Where these exact bytes can be downloaded: a copy of the raw folder first, then the entry's own URL."""
    urls = [base_url.rstrip("/") + "/" + entry.path] if base_url else []
    return urls + ([entry.url] if entry.url else [])


def download(url: str, target: Path, entry: RawFile) -> str:
    """Download ``url`` to ``target`` if its size and sha256 match the entry; return the resulting status."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as tmp:
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
                shutil.copyfileobj(response, tmp)
        except BaseException:
            Path(tmp.name).unlink()
            raise
    part = Path(tmp.name)
    if part.stat().st_size != entry.bytes or sha256_of(part) != entry.sha256:
        part.unlink()  # never leave wrong bytes where the build would read them
        return "wrong hash"
    part.replace(target)
    return "ok"


def fetch(root: Path, registry: dict[str, RawFile], base_url: str | None = None) -> tuple[dict[str, str], list[str]]:
    """Download every missing file that has a URL; return (status per fetched path, messages)."""
    fetched, messages = {}, []
    missing = [e for e in registry.values() if not (root / e.path).is_file()]
    for entry in tqdm(missing, desc="fetch", unit="file", disable=not missing, file=sys.stderr):
        urls = candidate_urls(entry, base_url)
        if not urls:
            continue
        for url in urls:
            try:
                fetched[entry.path] = download(url, root / entry.path, entry)
            except urllib.error.HTTPError as error:  # this server lacks the file: try the next URL
                fetched[entry.path] = "missing"
                messages.append(f"{entry.path}: {url}: HTTP {error.code}")
                continue
            except urllib.error.URLError as error:
                messages.append(f"no network (ネットワークに接続できません: {error.reason}); verifying what is there")
                return fetched, messages
            if fetched[entry.path] == "ok":
                break
            messages.append(f"{entry.path}: {url}: the downloaded bytes do not match the registry; discarded")
    return fetched, messages


def hint(entry: RawFile) -> str:
    """What to do about a missing or wrong file."""
    if entry.url:
        return f"download {entry.url}"
    how = f"rebuild with {entry.script}" if entry.script else entry.note
    return f"no public copy of these bytes; {how} (from {', '.join(entry.derived_from) or entry.mirror})"


def report(statuses: dict[str, str], registry: dict[str, RawFile]) -> str:
    """The table printed by the command line."""
    width = max(len(p) for p in statuses)
    lines = [f"{'status':<11}{'path':<{width}}  {'bytes':>11}"]
    for relative, status in statuses.items():
        entry = registry[relative]
        line = f"{status:<11}{relative:<{width}}  {entry.bytes:>11,}"
        lines.append(line if status == "ok" else f"{line}  ← {hint(entry)}")
    counts = {s: list(statuses.values()).count(s) for s in dict.fromkeys(statuses.values())}
    total = sum(e.bytes for e in registry.values())
    lines.append(f"{len(statuses)} files, {total:,} bytes: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


class RawInputs:
    """The raw root as the build sees it: every registered file verified, only registered paths handed out."""

    def __init__(self, root: Path, registry: dict[str, RawFile] | None = None):
        self.root = Path(root)
        self.registry = load_registry() if registry is None else registry

    @classmethod
    def verified(cls, root: Path, registry: dict[str, RawFile] | None = None) -> RawInputs:
        """Open ``root`` after checking every registered file; RawInputError naming each bad file otherwise."""
        inputs = cls(root, registry)
        bad = {p: s for p, s in verify(inputs.root, inputs.registry).items() if s != "ok"}
        if bad:
            listing = "\n".join(f"  {s}: {p}" for p, s in bad.items())
            raise RawInputError(f"{len(bad)} raw input(s) under {inputs.root} are not as registered in "
                                f"{REGISTRY.name}:\n{listing}\nrun: python datasets/fetch_raw.py --raw {inputs.root}")
        return inputs

    def file(self, relative: str) -> Path:
        """Path of the registered raw file ``relative`` (e.g. ``"stats/census2020_municipal.csv"``)."""
        if relative not in self.registry:
            raise RawInputError(f"{relative} is not registered in {REGISTRY.name}; add it (with its provenance)")
        return self.root / relative

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", type=Path, default=None, help=f"raw folder (default ${ENV_RAW} or {default_root()})")
    parser.add_argument("--registry", type=Path, default=REGISTRY, help="registry TOML (default %(default)s)")
    parser.add_argument("--verify-only", action="store_true", help="do not download, only verify")
    parser.add_argument("--base-url", default=os.environ.get(ENV_URL),
                        help=f"URL of a copy of the raw folder to fetch missing files from (or ${ENV_URL})")
    parser.add_argument("--print-hashes", action="store_true",
                        help="print path/bytes/sha256 of every registered file as found under the raw folder")
    args = parser.parse_args(argv)
    root = (args.raw or default_root()).resolve()
    registry = load_registry(args.registry)
    if args.print_hashes:
        for relative in registry:
            path = root / relative
            print(f'path = "{relative}"\nbytes = {path.stat().st_size}\nsha256 = "{sha256_of(path)}"\n')
        return 0
    print(f"raw folder: {root}")
    if not args.verify_only:
        fetched, messages = fetch(root, registry, args.base_url)
        for message in messages:
            print(message)
        if fetched:
            print(f"downloaded {list(fetched.values()).count('ok')} of {len(fetched)} attempted files")
    statuses = verify(root, registry)
    print(report(statuses, registry))
    return 0 if all(s == "ok" for s in statuses.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
