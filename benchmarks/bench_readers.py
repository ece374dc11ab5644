"""`studiodash report` while the dashboard serves, against the same command alone.

    python benchmarks/bench_readers.py [--scale national] [--runs 5] [--sessions 10]

On a copy of benchmarks/out/<scale>.duckdb (bench_report.database builds it once) with its store:
the report as a whole process (compact JSON to a file), first with no server, then with the
server running and --sessions signed-in sessions reading 数据概况 and 创建进度 over Streamlit's
WebSocket protocol (tests/streamlit_client.py, no browser), each a page every --pace seconds
(default 5; 0 runs them back to back, which on 2 cores leaves the report half the CPU). Prints the median wall
and CPU (user + system of the child) of each, the load average, and the ratio.
Target (issue 19): the report while the server serves ≤ 1.5× its time alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_report import database, timed  # noqa: E402
from dashboard import auth, db, store  # noqa: E402
from dashboard.auth import ADMIN  # noqa: E402
from tests.browser import Server  # noqa: E402
from tests.streamlit_client import Session  # noqa: E402

PAGES = ("data", "")  # 数据概况, 创建进度


def measure(source: Path, runs: int = 5, sessions: int = 10, pace: float = 5.0, log=print) -> dict:
    """Median wall and CPU of the report alone and while the server serves `sessions` readers,
    each opening a page every `pace` seconds (0: back to back, a stress test)."""
    with tempfile.TemporaryDirectory(prefix="readers-") as folder:
        path = Path(folder) / "app.duckdb"
        store.copy_database(source, path)
        con = db.connect(path)
        auth.add_user(con, "bench", "bench-password-1", ADMIN, None)
        tokens = [auth.start_session(con, "bench") for _ in range(sessions)]
        con.close()
        out = Path(folder) / "report.json"
        command = [sys.executable, "-m", "dashboard.cli", "report", "--db", str(path)]
        command += ["--out", str(out)]
        alone, beside, loads, page_runs = [], [], [], [0]
        for _ in range(runs):
            alone.append(timed(command))
        srv = Server(path)
        stop = threading.Event()
        errors: list[str] = []

        def reader(k: int) -> None:
            try:
                with Session(srv.port, {auth.SESSION_COOKIE: tokens[k]}) as session:
                    while not stop.is_set():
                        drawn = session.run(PAGES[page_runs[0] % len(PAGES)])
                        if drawn.exception:
                            errors.append(drawn.exception[0])
                        page_runs[0] += 1
                        stop.wait(pace)  # a person reads the page before the next
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=reader, args=(k,)) for k in range(sessions)]
        try:
            for t in threads:
                t.start()
            while page_runs[0] < sessions:  # every session has drawn once: the server is warm
                stop.wait(0.2)
            for _ in range(runs):
                loads.append(os.getloadavg()[0])
                beside.append(timed(command))
        finally:
            stop.set()
            for t in threads:
                t.join()
            srv.stop()
        if errors:
            raise RuntimeError(f"a session failed: {errors[:3]}")
    figures = {
        "alone wall": statistics.median(w for w, _ in alone),
        "alone cpu": statistics.median(c for _, c in alone),
        "beside wall": statistics.median(w for w, _ in beside),
        "beside cpu": statistics.median(c for _, c in beside),
        "load": statistics.median(loads),
        "page runs": page_runs[0],
    }
    figures["ratio wall"] = figures["beside wall"] / figures["alone wall"]
    figures["ratio cpu"] = figures["beside cpu"] / figures["alone cpu"]
    log(
        f"report alone: {figures['alone wall']:.2f} s wall, {figures['alone cpu']:.2f} s cpu; "
        f"beside the server ({sessions} sessions, a page each every {pace:g} s, "
        f"{page_runs[0]} page runs, load "
        f"{figures['load']:.1f}): {figures['beside wall']:.2f} s wall, "
        f"{figures['beside cpu']:.2f} s cpu; ratio {figures['ratio wall']:.2f}× wall, "
        f"{figures['ratio cpu']:.2f}× cpu (target ≤ 1.5×)"
    )
    return figures


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", default="national")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--sessions", type=int, default=10)
    p.add_argument("--pace", type=float, default=5.0, help="seconds between a session's pages")
    args = p.parse_args()
    measure(database(args.scale), args.runs, args.sessions, args.pace)


if __name__ == "__main__":
    main()
