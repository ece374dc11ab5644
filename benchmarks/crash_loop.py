"""Crash safety: SIGKILL `studiodash import` at random moments and at its fault points, over and
over; after every kill the database must open and hold exactly the data before that import (or,
when the kill came after the commit, exactly the data after it); at the end a new import succeeds.

    python benchmarks/crash_loop.py [--scale city|province|national] [--kills 25] [--seed 1]

`make crash-loop` runs it at national scale (benchmarks/out/national from `studiodash sample
--scale national`, generated once; its CSV files pass the default max_csv_mb). The default
test suite runs the same loop at city scale (tests/test_crash.py).

How: the database first holds one export (the "old" data); another export ("new", another seed)
is then imported by child processes that are killed. Each child is started ahead of time and
waits, modules loaded, for a "go" on stdin, so the delay before the kill (uniform over the
length of a whole import, seeded) falls inside the import, not inside Python's start-up. The
fault points (importer.STEPS: after_read, after_write, before_commit) kill at the three moments
that matter most: there the child imports through tests/killed_import.py, whose on_step
callback SIGKILLs the process at its step. The state is compared as a digest: rows and an
order-free hash per sheet, the current version tables and the import log.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

from dashboard import store  # noqa: E402 (after the path)
from dashboard.importer import STEPS as FAULTS  # noqa: E402 (after the path)

CHILD = """
import contextlib, sys
from dashboard import cli, importer  # noqa: F401  (loaded before the go)
from tests.killed_import import killed_import
print("ready", flush=True)
if sys.stdin.readline().strip() != "go":
    sys.exit(3)
log_path, dbfile, fault, *files = sys.argv[1:]
with open(log_path, "w") as log, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
    if fault:
        code = killed_import(fault, dbfile, files)
    else:
        code = cli.main(["import", "--db", dbfile, *files])
sys.exit(code)
"""


def digest(con) -> dict:
    """What a user could see, compactly: rows and an order-free hash of every sheet, the
    version table each view shows, and the import log."""
    from dashboard.contract import SHEETS

    out = {
        "log": con.execute("select import_id, kind, rows from import_log order by 1").fetchall(),
        "views": con.execute(
            "select sheet, version_table, rows from import_state where "
            "import_id = (select max(import_id) from import_log) "
            "order by 1"
        ).fetchall(),
    }
    for sheet in SHEETS:
        out[sheet.table] = con.execute(
            f"select count(*), sum(hash(x)::hugeint) from raw_{sheet.table} as x"
        ).fetchall()[0]
    return out


def state_of(dbfile: Path) -> dict:
    """Open the database as the app would (read-write, schema ensured) and take its digest."""
    from dashboard import db

    con = db.connect(dbfile)
    try:
        return digest(con)
    finally:
        con.close()


class Child:
    """`studiodash import` in a process of its own, started now, importing when told to."""

    def __init__(self, dbfile: Path, files: list[Path], env: dict, fault: str | None = None):
        self.fault = fault
        self.log = dbfile.with_suffix(".log")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                str(self.log),
                str(dbfile),
                fault or "",
                *map(str, files),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        )

    def go(self) -> float:
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("child did not start: " + self.proc.stdout.read())
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        return time.perf_counter()

    def kill_after(self, delay: float) -> int:
        start = self.go()
        try:
            self.proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGKILL)
        code = self.proc.wait()
        self.seconds = time.perf_counter() - start
        return code

    def finish(self) -> tuple[int, str, float]:
        start = self.go()
        code = self.proc.wait()
        return code, self.log.read_text(errors="replace"), time.perf_counter() - start


@dataclass
class Report:
    kills: int = 0
    random_kills: int = 0
    fault_kills: int = 0
    before_commit: int = 0  # kills that left the old data (the import was cut off)
    after_commit: int = 0  # kills that came after the commit: the new data, whole
    import_seconds: float = 0.0  # one whole import, for the delays
    final_seconds: float = 0.0
    loop_seconds: float = 0.0
    bad: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.kills} kills ({self.random_kills} at random moments, {self.fault_kills} at "
            f"fault points): {self.before_commit} left the previous data, "
            f"{self.after_commit} came after the commit and left the new data; "
            f"whole import {self.import_seconds:.1f} s, loop {self.loop_seconds:.1f} s, "
            f"final import {self.final_seconds:.1f} s; "
            + ("no damage" if not self.bad else f"{len(self.bad)} BAD: {self.bad[:3]}")
        )


def crash_loop(
    old: list[Path],
    new: list[Path],
    workdir: Path,
    kills: int = 20,
    seed: int = 1,
    env: dict | None = None,
    log=print,
) -> Report:
    """Kill `kills` imports of `new` at seeded random moments, plus one at each fault point,
    into a database holding `old`; then import `new` for real. Returns what happened."""
    env = env or {}
    rng = random.Random(seed)
    report = Report()
    dbfile, pristine, done = (
        workdir / "crash.duckdb",
        workdir / "pristine.duckdb",
        workdir / "done.duckdb",
    )
    for f in (dbfile, pristine, done):
        f.unlink(missing_ok=True)
        Path(str(f) + ".wal").unlink(missing_ok=True)
    code, out, _ = Child(dbfile, old, env).finish()
    if code != 0:
        raise RuntimeError(f"the first import failed ({code}): {out[-2000:]}")
    before = state_of(dbfile)
    store.copy_database(dbfile, pristine)  # closed and checkpointed: no WAL
    store.copy_database(pristine, done)
    code, out, report.import_seconds = Child(done, new, env).finish()
    if code != 0:
        raise RuntimeError(
            f"the import under test fails even without a kill ({code}): {out[-2000:]}"
        )
    after = state_of(done)
    if after == before:
        raise RuntimeError("the two exports give the same data: a kill could not be seen")

    plan = [None] * kills + list(FAULTS)
    rng.shuffle(plan)
    start = time.perf_counter()
    # Two children warm up ahead: Python's start-up overlaps the kills and their checks.
    ahead = [Child(dbfile, new, env, fault) for fault in plan[:2]]
    for i, fault in enumerate(plan):
        delay = rng.uniform(0, report.import_seconds * 1.05) if fault is None else 600.0
        child = ahead.pop(0)
        code = child.kill_after(delay)
        if i + 2 < len(plan):
            ahead.append(Child(dbfile, new, env, plan[i + 2]))
        report.kills += 1
        report.fault_kills += fault is not None
        report.random_kills += fault is None
        what = fault or f"{delay:.2f} s"
        if code not in (0, -signal.SIGKILL):  # 0: it finished before the kill
            report.bad.append(f"kill {i} ({what}): import exited {code}")
        try:
            state = state_of(dbfile)
        except Exception as exc:  # the database must always open
            report.bad.append(f"kill {i} ({what}): database does not open: {exc}")
            state = None
        if state == before:
            report.before_commit += 1
        elif state == after:
            report.after_commit += 1
        else:
            report.bad.append(f"kill {i} ({what}): neither the previous nor the new data")
        if state != before:  # start the next kill from the previous data again
            Path(str(dbfile) + ".wal").unlink(missing_ok=True)
            store.copy_database(pristine, dbfile)
        log(
            f"  kill {i + 1:>2}/{len(plan)} at {what:>13}: exit {code}, "
            f"{'previous data' if state == before else 'new data' if state == after else 'DAMAGED'}"
        )
    report.loop_seconds = time.perf_counter() - start
    code, out, report.final_seconds = Child(dbfile, new, env).finish()
    if code != 0 or state_of(dbfile) != after:
        report.bad.append(f"the import after the kills failed ({code}): {out[-2000:]}")
    return report


def exports(scale: str, seed: int, folder: Path) -> list[Path]:
    """The two exports of a scale (generated once into folder/<scale>-<seed>)."""
    from dashboard.sample import write_sample

    out = folder / scale if seed == 42 else folder / f"{scale}-{seed}"  # 42: bench_import's
    if not (out / ".done").exists():
        out.mkdir(parents=True, exist_ok=True)
        write_sample(out, scale, seed)
        (out / ".done").touch()
    return [out]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", choices=("city", "province", "national"), default="national")
    p.add_argument("--kills", type=int, default=25)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    env: dict = {}  # the national CSVs pass the default max_csv_mb (2 GB)
    OUT.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    old, new = exports(args.scale, 42, OUT), exports(args.scale, 43, OUT)
    print(f"exports ready in {time.perf_counter() - t:.0f} s: {old[0]} and {new[0]}", flush=True)
    work = OUT / f"crash-{args.scale}"
    work.mkdir(exist_ok=True)
    report = crash_loop(
        old, new, work, args.kills, args.seed, env, log=lambda line: print(line, flush=True)
    )
    print(report)
    sys.exit(1 if report.bad else 0)


if __name__ == "__main__":
    main()
