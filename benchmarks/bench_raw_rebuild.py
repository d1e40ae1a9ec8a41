"""Rebuild of the tidy raw files from the published originals: registry figures and wall time.

    python benchmarks/bench_raw_rebuild.py [--raw DIR]    # DIR: the raw folder to copy originals from

Prints how many originals the registry (datasets/raw_originals.toml) lists, how many have a download URL (directly
or through an archive), their total bytes; then serves copies of them from a local http.server laid out like
raw.githubusercontent.com (OWNER/REPO/COMMIT/PATH), runs ``fetch_raw.py --from-originals`` into a temporary raw
folder (the boundaries copied in, as from a copy of the raw folder) and prints the time of each phase and whether
every tidy file came out with its registered sha256, and which files under orig/ the scripts opened (Python audit
hook, ``--audit-opens``) compared with the registry. Archive members (財政指標, inside indices.tar.gz, which the raw
folder does not keep) are copied in beforehand.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "datasets"))
import fetch_raw  # datasets/ is not a package


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line per file would bury the figures
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=fetch_raw.default_root())
    args = parser.parse_args()
    originals, registry = fetch_raw.load_originals(), fetch_raw.load_registry()
    direct = [e for e in originals.files.values() if e.url]
    members = [e for e in originals.files.values() if e.archive]
    print(f"originals: {len(originals.files)} files, {sum(e.bytes for e in originals.files.values()):,} bytes; "
          f"{len(direct)} with their own URL, {len(members)} as members of {len(originals.archives)} archive(s) "
          f"({sum(a.bytes for a in originals.archives.values()):,} bytes), "
          f"{len(originals.files) - len(direct) - len(members)} without; "
          f"{len(originals.checksum_lists)} checksum lists written from the registry")
    with tempfile.TemporaryDirectory() as tmp:
        www, raw = Path(tmp) / "www", Path(tmp) / "raw"
        for entry in direct:
            target = www / entry.repo / entry.commit / entry.repo_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(args.raw / entry.path, target)
        for entry in members + [e for e in registry.values() if not e.script]:
            (raw / entry.path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(args.raw / entry.path, raw / entry.path)
        handler = functools.partial(Quiet, directory=str(www))
        with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            url = f"http://127.0.0.1:{server.server_address[1]}"
            start = time.perf_counter()
            fetched, messages = fetch_raw.fetch_originals(raw, originals, url)
            fetch_s = time.perf_counter() - start
            server.shutdown()
        print(f"download of {list(fetched.values()).count('ok')} originals from a local server: {fetch_s:.1f} s "
              f"({len(messages)} problems)")
        start = time.perf_counter()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = fetch_raw.main(["--from-originals", "--raw", str(raw), "--originals-url", "http://127.0.0.1:9",
                                   "--audit-opens", str(Path(tmp) / "opened")])
        print(out.getvalue().rstrip())
        print(f"verify originals + run raw scripts (with the audit hook) + verify tidy files: "
              f"{time.perf_counter() - start:.1f} s, exit {code}")
        opened = {Path(p) for p in (Path(tmp) / "opened").read_text(encoding="utf-8").splitlines()}
        read = {p.relative_to(raw).as_posix() for p in opened if p.is_relative_to(raw) and "orig" in p.parts}
        registered = set(originals.files) | set(originals.checksum_lists)
        print(f"files under orig/ the scripts opened: {len(read)}; not registered: {sorted(read - registered)}; "
              f"registered but never opened: {sorted(registered - read)}")


if __name__ == "__main__":
    main()
