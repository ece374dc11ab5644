"""The whole report (every figure of data-contract.md) at each scale: median of several runs.

    python benchmarks/bench_report.py [--scales city,national] [--runs 5]

Imports each scale once into benchmarks/out/<scale>.duckdb (reused), then times
report.build() in-process (the queries and their shaping, as the CLI and pages run them) and
the CLI end to end (`studiodash report --format json`, a new process). Targets (issue 3):
national <= 3 s, city <= 0.3 s.

With --process: the report as whole processes against the pandas way as a whole process
(benchmarks/pandas_report.py: load the sheets into DataFrames, compute, and write the same
compact JSON), interleaved, each writing its JSON to a file; median wall and CPU (user + system
of the child) of each, and their ratios. Target (issue 21): the pandas way ≥ 5× the report.

Beside each figure, `load`: the median 1-minute load average read right after each of its runs
(what else the machine was running meanwhile).
"""

from __future__ import annotations

import argparse
import os
import resource
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
        env = dict(os.environ)  # the national CSVs pass the default max_csv_mb (2 GB)
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
        # The import wrote the store (a reader, as with a server running); opening the app's
        # database takes it up and stores the marts, as the server would.
        subprocess.run(
            [sys.executable, "-m", "dashboard.cli", "init", "--db", str(path)],
            check=True,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return path


PANDAS_PROCESS = r"""
import json, sys
from benchmarks import pandas_report
from dashboard import db
con = db.connect_reader(sys.argv[1])
data = pandas_report.report_from_db(con)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
"""


def load_average() -> float:
    """The 1-minute load average now."""
    return os.getloadavg()[0]


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def processes(path: Path, runs: int) -> dict:
    """The report and the pandas way as whole processes, interleaved (see the docstring)."""
    out = ROOT / "benchmarks" / "out"
    commands = {
        "report": [sys.executable, "-m", "dashboard.cli", "report", "--db", str(path)]
        + ["--out", str(out / "process-report.json")],
        "pandas": [
            sys.executable,
            "-c",
            PANDAS_PROCESS,
            str(path),
            str(out / "process-pandas.json"),
        ],
    }
    times: dict[str, list[tuple[float, float, float]]] = {k: [] for k in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append((*timed(command), load_average()))
    result = {
        f"{name} {kind}": statistics.median(t[i] for t in runs_)
        for name, runs_ in times.items()
        for i, kind in enumerate(("wall", "cpu", "load"))
    }
    import json

    same = json.loads((out / "process-report.json").read_text(encoding="utf-8")) == json.loads(
        (out / "process-pandas.json").read_text(encoding="utf-8")
    )
    return {**result, "same": same}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,national")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--process", action="store_true", help="whole processes against the pandas way")
    args = p.parse_args()
    if args.process:
        print(
            f"{'scale':<10}{'report wall (cpu) s':>22}{'load':>6}{'pandas wall (cpu) s':>22}"
            f"{'load':>6}{'ratio wall (cpu)':>19}  same JSON"
        )
        for scale in args.scales.split(","):
            r = processes(database(scale), args.runs)
            print(
                f"{scale:<10}{r['report wall']:>13.2f} ({r['report cpu']:.2f}){r['report load']:>6.2f}"
                f"{r['pandas wall']:>14.2f} ({r['pandas cpu']:.2f}){r['pandas load']:>6.2f}"
                f"{r['pandas wall'] / r['report wall']:>11.1f}× ({r['pandas cpu'] / r['report cpu']:.1f}×)  {r['same']}",
                flush=True,
            )
        return
    print(f"{'scale':<10}{'report s':>10}{'load':>6}{'CLI s':>8}{'load':>6}{'risk rows':>11}")
    for scale in args.scales.split(","):
        path = database(scale)
        con = db.connect(path)
        report.build(con)  # first run: file pages into the OS cache
        runs, loads = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            data = report.build(con)
            runs.append(time.perf_counter() - t)
            loads.append(load_average())
        con.close()
        cli, cli_loads = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "dashboard.cli", "report", "--db", str(path)],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            cli.append(time.perf_counter() - t)
            cli_loads.append(load_average())
        print(
            f"{scale:<10}{statistics.median(runs):>10.3f}{statistics.median(loads):>6.2f}"
            f"{statistics.median(cli):>8.2f}{statistics.median(cli_loads):>6.2f}"
            f"{len(data['risk']):>11}"
        )


if __name__ == "__main__":
    main()
