"""Start a grading kernel walled in: run as ``unshare -n -m -p -f --kill-child --mount-proc python _sandbox.py …``.

Inside the new namespaces (no network, own mounts, own process ids) this script, still privileged:

1. moves the submission's own folder ``OWN`` aside, covers ``ROOT`` (the folder holding every
   submission's folder) with an empty tmpfs, and puts ``OWN`` back at the same path, so the
   kernel sees its own folder only;
2. covers each ``HIDE`` folder (hidden tests, the submissions, the grade book…) with an empty tmpfs;
3. makes every other mount read-only, so the kernel can write only in ``OWN``;
4. drops every capability (``setpriv``), so the kernel cannot undo any of this, and runs ``CMD``.

Usage: ``python _sandbox.py OWN HOLD ROOT [HIDE …] -- CMD …`` (``HOLD``: an empty folder outside ROOT).
Run as a script (not imported by chiiki_lab).
"""

from __future__ import annotations

import os
import subprocess
import sys

_KEEP_WRITABLE = ("/proc", "/sys", "/dev")


def _mount(*args: str) -> bool:
    done = subprocess.run(["mount", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return done.returncode == 0


def _mount_points() -> list[str]:
    with open("/proc/self/mounts", encoding="utf-8") as f:
        points = [line.split()[1].replace("\\040", " ") for line in f]
    return sorted(set(points), key=len)


def main(argv: list[str]) -> int:
    sep = argv.index("--")
    own, hold, root, *hide = argv[:sep]
    cmd = argv[sep + 1:]
    ok = _mount("--bind", own, hold)
    ok = ok and _mount("-t", "tmpfs", "-o", "size=64k,mode=755", "tmpfs", root)
    if ok:
        os.makedirs(own, exist_ok=True)
        ok = _mount("--move", hold, own)
    if not ok:
        print("chiiki_lab sandbox: mount failed", file=sys.stderr)
        return 3
    for folder in hide:
        if os.path.isdir(folder) and not own.startswith(folder.rstrip("/") + "/"):
            _mount("-t", "tmpfs", "-o", "size=64k,mode=755", "tmpfs", folder)
    for point in _mount_points():
        if point == own or point.startswith(own + "/") or point in _KEEP_WRITABLE:
            continue
        if point.startswith(("/proc/", "/sys/", "/dev/pts")):
            continue
        _mount("-o", "remount,bind,ro", point)
    os.chdir(own)
    os.execvp("setpriv", ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--", *cmd])
    return 0  # pragma: no cover  (exec does not return)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
