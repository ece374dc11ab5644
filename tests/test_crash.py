"""Crash safety at small scale: `studiodash import` killed (SIGKILL) at 10 seeded random moments
and at its three fault points, importing a generated city-scale outcome export into a database
holding the bundled sample. After every kill the database
opens and holds exactly the previous data (or, for a kill after the commit, exactly the new
data); at the end a new import succeeds. The national-scale run of the same loop is
`python benchmarks/crash_loop.py` (make crash-loop)."""

from __future__ import annotations

from benchmarks.crash_loop import FAULTS, crash_loop
from dashboard.sample import write_sample
from dashboard.settings import SAMPLE_DIR


def test_killed_imports_leave_the_previous_data(tmp_path):
    new = tmp_path / "new"
    write_sample(new, "city", seed=7)  # its outcome export (16,000 rows) is the import killed
    lines = []
    report = crash_loop(
        [SAMPLE_DIR], [new / "创新成果.xlsx"], tmp_path, kills=10, seed=2024, log=lines.append
    )
    assert [] == report.bad, "\n".join(lines)
    assert (10, len(FAULTS)) == (report.random_kills, report.fault_kills)
    assert report.kills == report.before_commit + report.after_commit
    assert report.before_commit >= len(FAULTS)  # the fault points all fall before the commit
    print(report)
