"""benchmarks/bench_brief.py on the bundled sample: `studiodash brief --format pdf` runs as a
whole process and every figure is printed (no timing is asserted here; the README has them)."""

from __future__ import annotations

import math

from benchmarks import bench_brief
from dashboard import store


def test_the_brief_benchmark_at_sample_scale(sample_con, tmp_path, capsys):
    source = sample_con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    sample_con.execute("checkpoint")
    path = tmp_path / "bench.duckdb"
    store.copy_database(source, path)
    figures = bench_brief.measure(path, runs=1)
    for name in ("process wall", "process cpu", "gather wall", "gather cpu", "render wall"):
        assert 0 < figures[name] < math.inf, name
    assert figures["bytes"] > 10_000  # a real PDF was written
