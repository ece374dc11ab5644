"""Each page's script run cold (empty data cache) and warm, at each scale, with AppTest.

    python benchmarks/bench_pages.py [--scales city,national] [--runs 5] [--pages progress,data]

Cold clears st.cache_data first (the connection stays open, as in a running server); warm
reruns with the cache filled. Median of several runs. Targets (issue 4): national <= 2 s cold,
<= 0.3 s warm.
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

PAGES = {
    "progress": "views/progress.py",
    "data": "views/data_status.py",
    "benefits": "views/benefits.py",
    "risk": "views/risk.py",
    "studio": "views/studio.py",
}


def query_params(page: str, path: Path) -> dict:
    """The URL a page is opened with: the studio file needs ?id= (the studio at highest risk)."""
    if page != "studio":
        return {}
    from dashboard import db, report

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


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,national")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--pages", default=",".join(PAGES))
    args = p.parse_args()
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.auth import ADMIN, User

    logging.disable(logging.WARNING)  # AppTest outside a server warns on every cached call

    print(f"{'scale':<10}{'page':<10}{'cold s':>8}{'warm s':>8}")
    for scale in args.scales.split(","):
        os.environ["STUDIODASH_DB"] = str(database(scale))
        urls = {page: query_params(page, database(scale)) for page in args.pages.split(",")}
        st.cache_resource.clear()
        for page in args.pages.split(","):
            url = urls[page]
            cold, warm = [], []
            for _ in range(args.runs):
                at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
                at.session_state["user"] = User("admin", ADMIN, None)  # pages need a sign-in
                at.session_state["login_at"] = dt.datetime.now()
                at.query_params.update(url)
                at.run()  # the router's first run; then switch to the page under test
                st.cache_data.clear()
                t = time.perf_counter()
                at.switch_page(PAGES[page]).run()
                cold.append(time.perf_counter() - t)
                assert not at.exception, at.exception
                t = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - t)
            print(
                f"{scale:<10}{page:<10}{statistics.median(cold):>8.3f}"
                f"{statistics.median(warm):>8.3f}",
                flush=True,
            )
        st.cache_resource.clear()


if __name__ == "__main__":
    main()
