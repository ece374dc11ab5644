"""benchmarks/bench_inspections.py on the bundled sample: a plan is drawn and a record reaches the
watch list, and every figure is printed (no timing is asserted here; RESULTS.md has them)."""

from __future__ import annotations

import math

from benchmarks import bench_inspections
from dashboard import store


def test_a_plan_and_a_record_at_sample_scale(sample_con, tmp_path):
    source = sample_con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    sample_con.execute("checkpoint")
    path = tmp_path / "bench.duckdb"
    store.copy_database(source, path)
    figures = bench_inspections.measure(path, runs=2, size=20)
    for name in ("candidates (floor)", "plan", "watch list (floor)", "record + watch list"):
        for kind in ("wall", "cpu"):
            assert 0 <= figures[f"{name} {kind}"] < math.inf
