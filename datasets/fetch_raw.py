#!/usr/bin/env python3
"""Fetch and verify the raw files that the dataset build reads (registry: ``datasets/raw_inputs.toml``).

Usage (from the repository root)::

    python datasets/fetch_raw.py                    # fetch what is missing (where a network exists), verify all
    python datasets/fetch_raw.py --verify-only      # only check size and sha256 of what is there
    python datasets/fetch_raw.py --base-url URL     # fetch missing files from a copy of the raw folder at URL
    python datasets/fetch_raw.py --print-hashes     # after updating raw data: the bytes/sha256 lines to paste
    python datasets/fetch_raw.py --from-originals   # download the published originals (datasets/raw_originals.toml),
                                                    # check them, run datasets/raw_scripts/ and verify the tidy files

``--from-originals`` fetches from ``https://raw.githubusercontent.com`` unless ``--originals-url URL`` (or
``$CHIIKI_LAB_ORIGINALS_URL``) names another server laid out as ``OWNER/REPO/COMMIT/PATH``; ``--only FOLDER``
(repeatable: code_history, stats, stats2, geo2) limits it to some raw folders. The boundaries have no originals
and no script (their author processed them with mapshaper): they come only from a copy of the raw folder
(``--base-url``).

The raw root is ``--raw DIR``, else the ``CHIIKI_LAB_RAW`` environment variable, else ``../shared/data/raw``
beside the repository. Prints one line per file (ok / missing / wrong size / wrong hash) and exits 1 on any
problem. The build (``datasets/build.py``) reads raw files only through :class:`RawInputs`, which verifies every
registered file first and refuses a path that is not registered.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import subprocess
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from chiiki_lab.datasets import sha256_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

REGISTRY = Path(__file__).resolve().with_name("raw_inputs.toml")
ORIGINALS = Path(__file__).resolve().with_name("raw_originals.toml")
RAW_SCRIPTS = Path(__file__).resolve().with_name("raw_scripts")
ENV_RAW, ENV_URL, ENV_ORIGINALS_URL = "CHIIKI_LAB_RAW", "CHIIKI_LAB_RAW_URL", "CHIIKI_LAB_ORIGINALS_URL"
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


def install(source, target: Path, size: int, sha256: str) -> str:
    """Copy the file object ``source`` to ``target`` if its size and sha256 match; return the resulting status."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as tmp:
        try:
            shutil.copyfileobj(source, tmp)
        except BaseException:
            Path(tmp.name).unlink()
            raise
    part = Path(tmp.name)
    if part.stat().st_size != size or sha256_of(part) != sha256:
        part.unlink()  # never leave wrong bytes where the build would read them
        return "wrong hash"
    part.replace(target)
    return "ok"


def download(url: str, target: Path, size: int, sha256: str) -> str:
    """Download ``url`` to ``target`` if its size and sha256 match; return the resulting status."""
    with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
        return install(response, target, size, sha256)


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
                fetched[entry.path] = download(url, root / entry.path, entry.bytes, entry.sha256)
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
    how = f"rebuild with {entry.script} (fetch_raw.py --from-originals)" if entry.script else entry.note
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


@dataclass(frozen=True)
class Original:
    """One published original (``[[originals]]``, ``[[archives]]`` or ``[[checksum_lists]]`` of raw_originals.toml)."""

    path: str  # under the raw root; for an archive its name
    bytes: int
    sha256: str
    group: str = ""  # the [groups.NAME] of raw_inputs.toml with licence, attribution and publisher
    repo: str = ""
    commit: str = ""
    repo_path: str = ""
    url: str = ""
    archive: str = ""  # an archive's name: this file is its `member`
    member: str = ""
    read_by_scripts: bool = True  # False: kept in orig/ beside the others, but no raw script opens it
    note: str = ""


@dataclass(frozen=True)
class Originals:
    """The registry of originals: files, the archives some of them come from, checksum lists, script steps."""

    url_base: str
    files: dict[str, Original]
    archives: dict[str, Original]
    checksum_lists: dict[str, Original]
    steps: tuple[tuple[str, tuple[str, ...]], ...]  # (raw folder, scripts in datasets/raw_scripts/<folder>/)

    def only(self, folders: list[str] | None) -> Originals:
        """The part that belongs to the raw ``folders`` (all of it for None)."""
        if not folders:
            return self
        keep = lambda entries: {p: e for p, e in entries.items() if p.split("/")[0] in folders}  # noqa: E731
        files = keep(self.files)
        archives = {n: a for n, a in self.archives.items() if any(f.archive == n for f in files.values())}
        return Originals(self.url_base, files, archives, keep(self.checksum_lists),
                         tuple(s for s in self.steps if s[0] in folders))


def load_originals(path: Path = ORIGINALS) -> Originals:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    files = {e["path"]: Original(**e) for e in data["originals"]}
    archives = {e["name"]: Original(path=e.pop("name"), **e) for e in data.get("archives", [])}
    lists = {e["path"]: Original(**e) for e in data.get("checksum_lists", [])}
    steps = tuple((s["folder"], tuple(s["scripts"])) for s in data["steps"])
    if len(files) != len(data["originals"]):
        raise RawInputError(f"{path.name}: a path is listed twice")
    return Originals(data["url_base"], files, archives, lists, steps)


def rebased(url: str, url_base: str, server: str | None) -> str:
    """``url`` on ``server`` (laid out as OWNER/REPO/COMMIT/PATH like raw.githubusercontent.com) when one is given."""
    return server.rstrip("/") + url.removeprefix(url_base) if server else url


def checksum_list_text(folder: str, files: dict[str, Original]) -> str:
    """An orig/SHA256SUMS as its author wrote it (``sha256sum`` lines, byte order) for the originals under ``folder``."""
    names = sorted(p.removeprefix(folder + "/") for p in files if p.startswith(folder + "/"))  # = UTF-8 byte order
    return "".join(f"{files[folder + '/' + name].sha256}  ./{name}\n" for name in names)


def fetch_originals(root: Path, originals: Originals, server: str | None = None) -> tuple[dict[str, str], list[str]]:
    """Download every missing original (archives: only the members needed); return (status per path, messages)."""
    fetched, messages = {}, []
    missing = [e for e in originals.files.values() if not (root / e.path).is_file()]
    with tempfile.TemporaryDirectory() as scratch:
        for entry in tqdm(missing, desc="originals", unit="file", disable=not missing, file=sys.stderr):
            source = originals.archives[entry.archive] if entry.archive else entry
            if not source.url:
                messages.append(f"{entry.path}: no public copy is known ({entry.note or 'see ' + ORIGINALS.name})")
                continue
            url = rebased(source.url, originals.url_base, server)
            try:
                if entry.archive:
                    archive = Path(scratch) / source.path
                    if not archive.is_file() and download(url, archive, source.bytes, source.sha256) != "ok":
                        messages.append(f"{source.path}: {url}: the downloaded bytes do not match the registry; discarded")
                        continue
                    with tarfile.open(archive) as tar, tar.extractfile(entry.member) as member:
                        fetched[entry.path] = install(member, root / entry.path, entry.bytes, entry.sha256)
                else:
                    fetched[entry.path] = download(url, root / entry.path, entry.bytes, entry.sha256)
            except urllib.error.HTTPError as error:
                fetched[entry.path] = "missing"
                messages.append(f"{entry.path}: {url}: HTTP {error.code}")
                continue
            except urllib.error.URLError as error:
                messages.append(f"no network (ネットワークに接続できません: {error.reason}); "
                                "the originals that are missing cannot be downloaded")
                return fetched, messages
            if fetched[entry.path] != "ok":
                messages.append(f"{entry.path}: {url}: the downloaded bytes do not match the registry; discarded")
    for relative in originals.checksum_lists:
        folder = relative.removesuffix("/SHA256SUMS")
        if not (root / relative).is_file():
            (root / relative).write_text(checksum_list_text(folder, originals.files), encoding="utf-8", newline="\n")
    return fetched, messages


# sitecustomize.py for --audit-opens: every Python process of the raw scripts appends each path it opens to the log
AUDIT_HOOK = """import os, sys
def _opened(event, args, log=os.environ["CHIIKI_LAB_AUDIT_LOG"]):
    if event in ("open", "sqlite3.connect") and isinstance(args[0], (str, os.PathLike)) and str(args[0]) != log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(os.path.abspath(os.fsdecode(args[0])) + "\\n")
sys.addaudithook(_opened)
"""


def run_scripts(root: Path, steps, log=print, audit: Path | None = None) -> bool:
    """Run the raw scripts of ``steps`` with the raw root ``root``; True when every one exits 0.

    With ``audit``, every file the scripts open (Python audit events) is appended to that file, one path a line.
    """
    env = {**os.environ, ENV_RAW: str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    hook = tempfile.TemporaryDirectory() if audit else contextlib.nullcontext()
    with hook as hook_dir:
        if audit:
            (Path(hook_dir) / "sitecustomize.py").write_text(AUDIT_HOOK, encoding="utf-8")
            env |= {"PYTHONPATH": os.pathsep.join(filter(None, [hook_dir, env.get("PYTHONPATH")])),
                    "CHIIKI_LAB_AUDIT_LOG": str(Path(audit).resolve())}
        return all(run_script(folder, script, env, log) for folder, scripts in steps for script in scripts)


def run_script(folder: str, script: str, env: dict[str, str], log) -> bool:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, script], cwd=RAW_SCRIPTS / folder, capture_output=True, text=True, env=env)
    log(f"ran datasets/raw_scripts/{folder}/{script}: exit {done.returncode} ({time.perf_counter() - start:.1f} s)")
    if done.returncode:
        log(done.stdout[-3000:] + done.stderr[-3000:])
    return done.returncode == 0


def from_originals(root: Path, registry: dict[str, RawFile], originals: Originals, server: str | None,
                   base_url: str | None, audit: Path | None = None) -> int:
    """Originals → check → raw scripts → tidy files verified against the registry (see the module docstring)."""
    folders = [folder for folder, _ in originals.steps]
    fetched, messages = fetch_originals(root, originals, server)
    for message in messages:
        print(message)
    if fetched:
        print(f"downloaded {list(fetched.values()).count('ok')} of {len(fetched)} missing originals")
    checked = {**originals.files, **originals.checksum_lists}
    statuses = verify(root, checked)
    bad = {p: s for p, s in statuses.items() if s != "ok"}
    print(f"originals: {len(statuses) - len(bad)} of {len(statuses)} ok "
          f"({sum(e.bytes for e in checked.values()):,} bytes)")
    if bad:
        print("\n".join(f"{s:<11}{p}  ← {checked[p].url or 'see ' + ORIGINALS.name}" for p, s in bad.items()))
        print("the tidy files are not rebuilt: the originals above are missing or altered")
        return 1
    by_hand = {p: e for p, e in registry.items() if not e.script}
    print(f"{len(by_hand)} raw files have no originals and no script (boundaries, processed by hand with mapshaper, "
          f"boundaries/PROVENANCE.md §2): they come only from a copy of the raw folder (--base-url) or the "
          "repository's own datasets/*.parquet")
    if base_url:
        for message in fetch(root, by_hand, base_url)[1]:
            print(message)
    if "geo2" in folders and any(s != "ok" for s in verify(root, by_hand, progress=False).values()):
        print("geo2 needs boundaries/jp_municipalities_2022.geojson: not rebuilt")
        originals = originals.only([f for f in folders if f != "geo2"])
    if not run_scripts(root, originals.steps, audit=audit):
        return 1
    built = [folder for folder, _ in originals.steps]
    tidy = {p: e for p, e in registry.items() if e.script and p.split("/")[0] in built}
    statuses = verify(root, tidy)
    print(report(statuses, tidy))
    return 0 if built == folders and all(s == "ok" for s in statuses.values()) else 1


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
    parser.add_argument("--from-originals", action="store_true",
                        help=f"rebuild the tidy files from the published originals ({ORIGINALS.name})")
    parser.add_argument("--originals-url", default=os.environ.get(ENV_ORIGINALS_URL),
                        help="server laid out as OWNER/REPO/COMMIT/PATH (default raw.githubusercontent.com; "
                             f"or ${ENV_ORIGINALS_URL})")
    parser.add_argument("--originals", type=Path, default=ORIGINALS, help="registry of originals (default %(default)s)")
    parser.add_argument("--audit-opens", type=Path, default=None, metavar="FILE",
                        help="with --from-originals: append every file the raw scripts open to FILE")
    parser.add_argument("--only", action="append", choices=["code_history", "stats", "stats2", "geo2"],
                        help="with --from-originals: only this raw folder (repeatable)")
    args = parser.parse_args(argv)
    root = (args.raw or default_root()).resolve()
    registry = load_registry(args.registry)
    if args.from_originals:
        print(f"raw folder: {root}")
        return from_originals(root, registry, load_originals(args.originals).only(args.only), args.originals_url,
                              args.base_url, args.audit_opens)
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
