"""Each page's script run cold (empty data cache) and warm, at each scale, with AppTest.

    python benchmarks/bench_pages.py [--scales city,national] [--runs 5] [--pages progress,data]
                                     [--queries]

Cold clears st.cache_data and the figures pages keep (state.kept) first (the connection stays
open, as in a running server); warm reruns with the caches filled. Median of several runs, wall
time and CPU time of the process (every thread, DuckDB's included: on 2 shared cores CPU above
wall means parallel work, wall well above CPU means waiting for the other tenant), and the
median 1-minute load average read right after each cold and each warm run (`load`: what else
the machine was running). With --queries, each query a cold run
issues (recorded through dashboard.db) is also timed alone, directly on a connection.
Targets at national scale (issue 21): every page within 0.5 s cold and 0.1 s warm (TARGETS).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_report import database  # noqa: E402
from dashboard import db  # noqa: E402

PAGES = {
    "progress": "views/progress.py",
    "data": "views/data_status.py",
    "benefits": "views/benefits.py",
    "risk": "views/risk.py",
    "studio": "views/studio.py",
    "applications": "views/applications.py",  # 申报审核
    "honours": "views/honours.py",  # 表彰与荣誉
    "explore": "views/explore.py",  # 检查查询
    "admin-data": "views/admin_data.py",  # 数据管理
    "admin-users": "views/admin_users.py",  # 用户与审计
}
# (cold s, warm s) at national scale: every page's, since issue 21 (was 2.0 / 0.3 but for the
# campaign cycle's pages).
TARGETS = dict.fromkeys(PAGES, (0.5, 0.1))


class Recorder:
    """Wraps the query functions of dashboard.db to note every query a page runs (its name and
    parameters); replay() then runs them again directly on a connection."""

    FUNCTIONS = ("run", "records", "columns", "run_in")  # run_in: on a run's snapshot cursor

    def __init__(self):
        self.calls: list[tuple[str, str, dict]] = []
        self._saved = {f: getattr(db, f) for f in self.FUNCTIONS if hasattr(db, f)}

    def _wrap(self, how, original):
        def wrapper(con, name, **params):
            self.calls.append((how, name, params))
            return original(con, name, **params)

        return wrapper

    def __enter__(self):
        for how, original in self._saved.items():
            setattr(db, how, self._wrap(how, original))
        return self

    def __exit__(self, *exc):
        for how, original in self._saved.items():
            setattr(db, how, original)


def _call(con, how: str, name: str, params: dict):
    return getattr(db, "run" if how == "run_in" else how)(con, name, **params)


def replay(con, calls) -> float:
    """Seconds to run the recorded queries directly, one after the other."""
    t = time.perf_counter()
    for how, name, params in calls:
        _call(con, how, name, params)
    return time.perf_counter() - t


def each_query(con, calls, runs: int) -> list[tuple[str, float, float]]:
    """(query name, median wall s, median CPU s) of each recorded query run alone."""
    out = []
    for how, name, params in calls:
        wall, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            _call(con, how, name, params)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        out.append((name, statistics.median(wall), statistics.median(cpu)))
    return out


def query_params(page: str, path: Path) -> dict:
    """The URL a page is opened with: the studio file needs ?id= (the studio at highest risk)."""
    if page != "studio":
        return {}
    from dashboard import report

    con = db.connect(path)
    try:
        top = db.run(
            con,
            "risk_watchlist",
            as_of=report.default_as_of(con),
            unit=None,
            p=report.risk_params(con),
            tiers=None,
            rule=None,
            limit=1,
        )
        return {"id": top["studio_id"].iloc[0]}
    finally:
        con.close()


BENCH_USER, BENCH_PASSWORD = "bench-admin", "bench-password-1"


def app(url: dict):
    """The app as a signed-in administrator sees it, opened at url (the database is
    $STUDIODASH_DB). The app rechecks the tab's account and session on every run, and imported
    data retires the demo accounts: the benchmark keeps a real administrator of its own in its
    database and gives the tab a session token, as a login does."""
    from streamlit.testing.v1 import AppTest

    from dashboard import auth, session
    from dashboard.state import connection

    con = connection()
    try:
        auth.add_user(con, BENCH_USER, BENCH_PASSWORD, auth.ADMIN, None)
    except auth.AuthError:
        pass  # made by an earlier run
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
    at.session_state["user"] = auth.User(BENCH_USER, auth.ADMIN, None, is_demo=False)
    at.session_state["login_at"] = dt.datetime.now()
    at.session_state[session.TOKEN] = auth.start_session(con, BENCH_USER)
    at.query_params.update(url)
    return at


def load_average() -> float:
    """The 1-minute load average now."""
    return os.getloadavg()[0]


def clear_caches() -> None:
    """What a cold run starts without: the data cache and the figures pages keep."""
    import streamlit as st

    from dashboard import state

    st.cache_data.clear()
    state.clear_kept()


def time_page(page: str, url: dict, runs: int) -> dict:
    """Median cold and warm wall and CPU seconds of one page, the load average after each, and
    the queries of a cold run."""
    cold, cold_cpu, warm, warm_cpu, loads = [], [], [], [], []
    for _ in range(runs):
        at = app(url)
        at.run()  # the router's first run; then switch to the page under test
        clear_caches()
        with Recorder() as rec:
            t, c = time.perf_counter(), time.process_time()
            at.switch_page(PAGES[page]).run()
            cold.append(time.perf_counter() - t)
            cold_cpu.append(time.process_time() - c)
        loads.append(load_average())
        assert not at.exception, (page, at.exception)
        t, c = time.perf_counter(), time.process_time()
        at.run()
        warm.append(time.perf_counter() - t)
        warm_cpu.append(time.process_time() - c)
        loads.append(load_average())
        assert not at.exception, (page, at.exception)
    return {
        "cold s": statistics.median(cold),
        "cold cpu s": statistics.median(cold_cpu),
        "warm s": statistics.median(warm),
        "warm cpu s": statistics.median(warm_cpu),
        "load": statistics.median(loads),
        "calls": rec.calls,
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,national")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--pages", default=",".join(PAGES))
    p.add_argument("--queries", action="store_true", help="also time each query of a cold run")
    args = p.parse_args()
    import streamlit as st

    logging.disable(logging.WARNING)  # AppTest outside a server warns on every cached call

    print(
        f"{'scale':<10}{'page':<14}{'cold s':>8}{'(cpu)':>8}{'warm s':>8}{'(cpu)':>8}{'load':>6}"
        f"{'target cold/warm':>18}",
        flush=True,
    )
    for scale in args.scales.split(","):
        path = database(scale)
        os.environ["STUDIODASH_DB"] = str(path)
        urls = {page: query_params(page, path) for page in args.pages.split(",")}
        st.cache_resource.clear()
        con = db.connect(path) if args.queries else None
        try:
            for page in args.pages.split(","):
                r = time_page(page, urls[page], args.runs)
                cold_target, warm_target = TARGETS[page]
                missed = ""
                if scale == "national":
                    over = [
                        f"{what} +{r[key] - limit:.3f} s"
                        for what, key, limit in (
                            ("cold", "cold s", cold_target),
                            ("warm", "warm s", warm_target),
                        )
                        if r[key] > limit
                    ]
                    missed = "  MISSED: " + ", ".join(over) if over else ""
                print(
                    f"{scale:<10}{page:<14}{r['cold s']:>8.3f}{r['cold cpu s']:>8.3f}"
                    f"{r['warm s']:>8.3f}{r['warm cpu s']:>8.3f}{r['load']:>6.2f}"
                    f"{f'≤ {cold_target} / ≤ {warm_target}':>18}{missed}",
                    flush=True,
                )
                if con is not None:
                    for name, wall, cpu in each_query(con, r["calls"], args.runs):
                        print(f"{'':<10}  query {name:<28}{wall:>8.3f}{cpu:>8.3f}", flush=True)
        finally:
            if con is not None:
                con.close()
            st.cache_resource.clear()


if __name__ == "__main__":
    main()
