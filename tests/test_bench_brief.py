"""benchmarks/bench_brief.py on the bundled sample: `studiodash brief --format pdf` runs as a
whole process and every figure is printed (no timing is asserted here; the README has them)."""

from __future__ import annotations

import math

from benchmarks import bench_brief


def test_the_brief_benchmark_at_sample_scale(sample_copy):
    figures = bench_brief.measure(sample_copy, runs=1)
    for name in ("process wall", "process cpu", "gather wall", "gather cpu", "render wall"):
        assert 0 < figures[name] < math.inf, name
    assert figures["bytes"] > 10_000  # a real PDF was written
