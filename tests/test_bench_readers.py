"""benchmarks/bench_readers.py at sample scale: the report beside a serving server is measured
(the national figure is in RESULTS.md; `python benchmarks/bench_readers.py`)."""

from __future__ import annotations

import math

from benchmarks import bench_readers


def test_report_beside_the_server_at_sample_scale(sample_copy):
    figures = bench_readers.measure(
        sample_copy, runs=1, sessions=2, pace=0.5, log=lambda text: None
    )
    assert figures["page runs"] >= 2  # each session drew before the report ran beside it
    for key in ("alone wall", "alone cpu", "beside wall", "beside cpu", "ratio wall"):
        assert 0 < figures[key] < math.inf, key
