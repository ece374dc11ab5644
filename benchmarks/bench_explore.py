"""检查查询: how long a filter change takes to answer, at each scale (AppTest, median of runs).

    python benchmarks/bench_explore.py [--scales city,national] [--runs 5]

Each change is a new combination of filters, so its query is never in the cache: what an
inspector waits for after touching a filter. Target (issue 7): <= 1 s at national scale.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_report import database  # noqa: E402

CHANGES = [("q", "张"), ("r", ["高"]), ("s", ["已命名"]), ("k", ["开发区"]), ("q", "")]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,national")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print(f"{'scale':<10}{'change':<14}{'answer s':>9}")
    for scale in args.scales.split(","):
        os.environ["STUDIODASH_DB"] = str(database(scale))
        st.cache_resource.clear()
        times: dict[str, list[float]] = {}
        for _ in range(args.runs):
            st.cache_data.clear()
            at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120).run()
            at.switch_page("views/explore.py").run()
            for key, value in CHANGES:
                widget = at.text_input(key=key) if key == "q" else at.multiselect(key=key)
                widget.set_value(value)
                t = time.perf_counter()
                at.run()
                times.setdefault(f"{key}={value}", []).append(time.perf_counter() - t)
                assert not at.exception, at.exception
        for change, runs in times.items():
            print(f"{scale:<10}{change:<14}{statistics.median(runs):>9.3f}", flush=True)
        st.cache_resource.clear()


if __name__ == "__main__":
    main()
