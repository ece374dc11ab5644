"""The leadership briefing (issue 19): `studiodash brief --format pdf` as a whole process, the way
cron or systemd runs it, median of several runs, wall time with the CPU time of the process tree
beside it (Python, Playwright's driver and Chromium); then its two halves in one process.

    python benchmarks/bench_brief.py [--db PATH | --scale sample|city|province|national]
                                     [--runs 5] [--format pdf|png|md] [--unit NAME]

--db measures a database as it is (opened by the command as the CLI opens it); --scale sample
(the default) builds the bundled sample into a temporary database, and city, province and
national use benchmarks/out/<scale>.duckdb (bench_report.database builds it once). Every run
passes --allow-stale: the sample's data are years old on purpose.

- process: `python -m dashboard.cli brief --format pdf` from start to exit. CPU is the children's
  rusage, which counts Chromium and the driver as they are reaped. Target: ≤ 5 s at national.
- gather: brief.gather alone (the queries), in this process, the database open.
- render: brief.pdf of the gathered figures (Chromium started, page drawn, printed).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import brief, db  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process(path: Path, out: Path, fmt: str, unit: str | None) -> tuple[float, float]:
    """One whole `studiodash brief` run: (wall, CPU of the process tree)."""
    command = [sys.executable, "-m", "dashboard.cli", "brief", "--db", str(path), "--format", fmt]
    command += ["--out", str(out), "--allow-stale"] + (["--unit", unit] if unit else [])
    cpu, wall = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"studiodash brief failed ({done.returncode}): {done.stderr}")
    return wall, cpu


def in_process(path: Path, fmt: str, unit: str | None) -> dict[str, float]:
    """gather (wall, cpu) and render (wall) in this process."""
    con = db.connect(path)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        data = brief.gather(con, unit=unit)
        figures = {
            "gather wall": time.perf_counter() - wall,
            "gather cpu": time.process_time() - cpu,
        }
    finally:
        con.close()
    render = {"pdf": brief.pdf, "png": brief.png, "md": brief.markdown}[fmt]
    wall = time.perf_counter()
    render(data)
    figures["render wall"] = time.perf_counter() - wall
    return figures


def measure(path: Path, runs: int = 5, fmt: str = "pdf", unit: str | None = None) -> dict:
    """Median of `runs` of each figure: process wall and cpu, gather wall and cpu, render wall;
    and the size of the file the command wrote."""
    out = Path(tempfile.mkdtemp(prefix="bench-brief-")) / f"brief.{fmt}"
    whole = [process(path, out, fmt, unit) for _ in range(runs)]
    parts = [in_process(path, fmt, unit) for _ in range(runs)]
    figures = {
        "process wall": statistics.median(w for w, _ in whole),
        "process cpu": statistics.median(c for _, c in whole),
        **{k: statistics.median(p[k] for p in parts) for k in parts[0]},
        "bytes": out.stat().st_size,
    }
    return figures


def sample_database() -> Path:
    """The bundled sample in a temporary database (`studiodash init`)."""
    path = Path(tempfile.mkdtemp(prefix="bench-brief-db-")) / "sample.duckdb"
    subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "init", "--db", str(path)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database to measure as it is")
    parser.add_argument(
        "--scale", default="sample", choices=("sample", "city", "province", "national")
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--format", default="pdf", choices=("pdf", "png", "md"))
    parser.add_argument("--unit")
    args = parser.parse_args()
    if args.db:
        path, name = args.db, str(args.db)
    elif args.scale == "sample":
        path, name = sample_database(), "sample"
    else:
        from benchmarks.bench_report import database

        path, name = database(args.scale), args.scale
    m = measure(path, args.runs, args.format, args.unit)
    scope = f", unit {args.unit}" if args.unit else ""
    print(
        f"studiodash brief --format {args.format} on {name}{scope}: median of {args.runs} runs, s"
    )
    print(f"  whole process   wall {m['process wall']:6.3f}  cpu {m['process cpu']:6.3f}")
    print(f"  gather (queries) wall {m['gather wall']:6.3f}  cpu {m['gather cpu']:6.3f}")
    print(f"  render ({args.format})    wall {m['render wall']:6.3f}")
    print(f"  file: {m['bytes']:,} bytes")


if __name__ == "__main__":
    main()
