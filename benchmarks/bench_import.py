"""Import speed and peak memory at city, province and national scale.

    python benchmarks/bench_import.py [--scales city,province,national] [--runs 5]

Generates each scale once into benchmarks/out/<scale> (reused afterwards), then imports it into
a fresh database in a child process, several times, and prints the median wall time and the
median peak RSS of the child (os.wait4). Targets (issue 2): national <= 60 s and <= 2 GB;
city <= 3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

from dashboard.sample import write_sample  # noqa: E402


def sample(scale: str) -> Path:
    folder = OUT / scale
    done = folder / ".done"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        write_sample(folder, scale, 42)
        print(f"  generated {scale} in {time.perf_counter() - t:.1f} s", flush=True)
        done.touch()
    return folder


def import_once(folder: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `studiodash import` into a new database."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "dashboard.cli",
            "import",
            "--db",
            f"{tmp}/b.duckdb",
            str(folder),
        ]
        log = open(f"{tmp}/out.txt", "w+")
        t = time.perf_counter()
        # National exports exceed the default 100 MB per-file limit; the benchmark lifts it.
        env = {**os.environ, "STUDIODASH_MAX_FILE_MB": "4096"}
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        if status != 0:
            log.seek(0)
            raise SystemExit(f"import failed: {log.read()[:2000]}")
        return seconds, usage.ru_maxrss / 1024


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,province,national")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    rows = []
    for scale in args.scales.split(","):
        folder = sample(scale)
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1024 / 1024
        runs = [import_once(folder) for _ in range(args.runs)]
        rows.append(
            (
                scale,
                size,
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
                len(runs),
            )
        )
        print(f"  {scale}: " + ", ".join(f"{s:.2f}s/{m:.0f}MB" for s, m in runs), flush=True)
    print(f"\n{'scale':<10}{'input MB':>10}{'import s':>10}{'peak RSS MB':>13}{'runs':>6}")
    for scale, size, seconds, rss, n in rows:
        print(f"{scale:<10}{size:>10.1f}{seconds:>10.2f}{rss:>13.0f}{n:>6}")


if __name__ == "__main__":
    main()
