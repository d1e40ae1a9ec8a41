"""Offline installer bundles: size and build time for each platform (needs the package index).

    python benchmarks/bench_bundle.py [--python 3.11] [--platform linux windows macos] [--out DIR]

Builds chiiki_lab's wheel once from this source tree, then one bundle per platform with
``chiiki-lab bundle`` (the same code trainers run), and prints each zip's size, its number of
wheels and its largest wheels. Times include pip's download (pip's own cache makes reruns faster).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=f"{sys.version_info.major}.{sys.version_info.minor}")
    parser.add_argument("--platform", nargs="+", default=["linux", "windows", "macos"])
    parser.add_argument("--out", type=Path, default=None, help="keep the bundles here (default: a temp folder)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        dist = Path(tmp) / "dist"
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                       check=True, capture_output=True)
        wheel = next(dist.glob("chiiki_lab-*.whl"))
        print(f"chiiki_lab wheel: {wheel.name} {wheel.stat().st_size / 1e6:.1f} MB")
        for platform in args.platform:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "chiiki_lab.cli", "bundle", str(out / platform), "--platform", platform,
                            "--python", args.python, "--wheel", str(wheel)], check=True, capture_output=True)
            seconds = time.perf_counter() - started
            zip_path = next((out / platform).glob("*.zip"))
            with zipfile.ZipFile(zip_path) as zf:
                wheels = sorted((i for i in zf.infolist() if i.filename.endswith(".whl")), key=lambda i: -i.file_size)
            largest = ", ".join(f"{Path(i.filename).name.split('-')[0]} {i.file_size / 1e6:.0f}" for i in wheels[:5])
            print(f"{platform:<8} Python {args.python}: {zip_path.stat().st_size / 1e6:6.1f} MB, {len(wheels)} wheels, "
                  f"built in {seconds:5.1f} s; largest (MB): {largest}")


if __name__ == "__main__":
    main()
