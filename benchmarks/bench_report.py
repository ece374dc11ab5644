"""The whole report (every figure of data-contract.md) at each scale: median of several runs.

    python benchmarks/bench_report.py [--scales city,national] [--runs 5]

Imports each scale once into benchmarks/out/<scale>.duckdb (reused), then times
report.build() in-process (the queries and their shaping, as the CLI and pages run them) and
the CLI end to end (`studiodash report --format json`, a new process). Targets (issue 3):
national <= 3 s, city <= 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_import import sample  # noqa: E402
from dashboard import db, report  # noqa: E402


def database(scale: str) -> Path:
    path = ROOT / "benchmarks" / "out" / f"{scale}.duckdb"
    if not path.exists():
        env = {**os.environ, "STUDIODASH_MAX_FILE_MB": "4096"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard.cli",
                "import",
                "--db",
                str(path),
                str(sample(scale)),
            ],
            check=True,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return path


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,national")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    print(f"{'scale':<10}{'report s':>10}{'CLI s':>8}{'risk rows':>11}")
    for scale in args.scales.split(","):
        path = database(scale)
        con = db.connect(path)
        report.build(con)  # first run: file pages into the OS cache
        runs = []
        for _ in range(args.runs):
            t = time.perf_counter()
            data = report.build(con)
            runs.append(time.perf_counter() - t)
        con.close()
        cli = []
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "dashboard.cli", "report", "--db", str(path)],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            cli.append(time.perf_counter() - t)
        print(
            f"{scale:<10}{statistics.median(runs):>10.3f}{statistics.median(cli):>8.2f}"
            f"{len(data['risk']):>11}"
        )


if __name__ == "__main__":
    main()
