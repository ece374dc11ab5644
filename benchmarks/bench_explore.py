"""检查查询: how long a filter change takes to answer, at each scale (AppTest, median of runs).

    python benchmarks/bench_explore.py [--scales city,national] [--runs 5]

Each change is a new combination of filters, so its query is never in the cache: what an
inspector waits for after touching a filter. Target (issue 7): <= 1 s at national scale.
The measuring itself is run_all.bench_explore, which `make bench` runs too.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_report import database  # noqa: E402
from benchmarks.run_all import bench_explore  # noqa: E402  (also silences AppTest's warnings)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,national")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    import streamlit as st

    print(f"{'scale':<10}{'change':<14}{'answer s':>9}")
    for scale in args.scales.split(","):
        os.environ["STUDIODASH_DB"] = str(database(scale))
        st.cache_resource.clear()
        for change, seconds in bench_explore(args.runs)["each"].items():
            print(f"{scale:<10}{change:<14}{seconds:>9.3f}", flush=True)
        st.cache_resource.clear()


if __name__ == "__main__":
    main()
