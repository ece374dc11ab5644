"""benchmarks/bench_inspections.py on the bundled sample: a plan is drawn and a record reaches the
watch list, and every figure is printed (no timing is asserted here; RESULTS.md has them)."""

from __future__ import annotations

import math

from benchmarks import bench_inspections


def test_a_plan_and_a_record_at_sample_scale(sample_copy):
    figures = bench_inspections.measure(sample_copy, runs=2, size=20)
    for name in ("candidates (floor)", "plan", "watch list (floor)", "record + watch list"):
        for kind in ("wall", "cpu"):
            assert 0 <= figures[f"{name} {kind}"] < math.inf
