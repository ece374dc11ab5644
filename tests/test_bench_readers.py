"""benchmarks/bench_readers.py at sample scale: the report beside a serving server is measured
(the national figure is in RESULTS.md; `python benchmarks/bench_readers.py`)."""

from __future__ import annotations

import math

from benchmarks import bench_readers


def test_report_beside_the_server_at_sample_scale(sample_con):
    source = sample_con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    sample_con.execute("checkpoint")
    figures = bench_readers.measure(source, runs=2, sessions=3, pace=0.5, log=lambda text: None)
    assert figures["page runs"] >= 3
    for key in ("alone wall", "alone cpu", "beside wall", "beside cpu", "ratio wall"):
        assert 0 < figures[key] < math.inf, key
