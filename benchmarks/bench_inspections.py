"""Inspections at scale (issue 18): drawing a plan, and recording one on site until the watch
list shows it. Median of several runs, CPU time beside wall, each against a floor measured in
the same run.

    python benchmarks/bench_inspections.py [--scales national] [--runs 5] [--size 500]

Works on a copy of benchmarks/out/<scale>.duckdb (bench_report.database builds it once), so the
benchmark's records never reach the other benchmarks' data.

- plan: the candidates of the whole scope (queries/plan_candidates.sql: status, risk score,
  overdue) and a stratified, risk-weighted draw of `size` (plans.draw_sample), as the page does.
  Floor: the candidates query alone (what any list of studios with their risk costs).
  Target: ≤ 1 s at national scale.
- record: inspections.submit of a complete 不合格 form for a named studio (the importer's
  checks, the insert, the audit, that studio's stored risk and commendation made again), then
  the watch list (queries/risk_watchlist.sql, its first 50, as 摘牌风险 reads it), which must
  show the studio (the riskiest studios without R4 are recorded, so 40 + 30 points put each on
  top). Floor: the watch list read alone.
  Target: ≤ 1 s at national scale.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_report import database  # noqa: E402
from dashboard import auth, db, inspections, plans, report, store  # noqa: E402
from dashboard.contract import CONDITIONS, INSPECTOR  # noqa: E402

USER = auth.User("bench-inspector", INSPECTOR, None)


def timed(work: object) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = work()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def candidates(con, as_of):
    return db.run(
        con,
        "plan_candidates",
        as_of=as_of,
        unit=None,
        p=report.risk_params(con),
        units=None,
        studio_types=None,
        statuses=None,
    )


def watchlist(con, as_of):
    return db.run(
        con,
        "risk_watchlist",
        as_of=as_of,
        unit=None,
        p=report.risk_params(con),
        tiers=None,
        rule=None,
        limit=50,
    )


def form(studio: str, as_of) -> dict:
    return {
        "工作室编号": studio,
        "检查日期": as_of.isoformat(),
        "检查方式": "不定期抽查",
        **{c: "不达标" for c in CONDITIONS},
        "总分": "30",
        "结论": "不合格",
        "检查人": "基准测试",
    }


def measure(path: Path, runs: int, size: int) -> dict[str, float]:
    con = db.connect(path)
    as_of = report.default_as_of(con)
    named = con.execute(  # the riskiest studios R4 does not flag: a record puts each on top
        "select studio_id from risk_evidence_of($d, null, $p) group by studio_id "
        "having count(*) filter (where rule = 'R4') = 0 "
        "order by max(score) desc, studio_id limit $n",
        {"d": as_of, "p": report.risk_params(con), "n": runs + 1},
    ).fetchall()
    figures: dict[str, list[float]] = {}

    def note(name: str, wall: float, cpu: float) -> None:
        figures.setdefault(f"{name} wall", []).append(wall)
        figures.setdefault(f"{name} cpu", []).append(cpu)

    watchlist(con, as_of)  # warm: the first read pays for the file's pages
    for run in range(runs):
        wall, cpu, found = timed(lambda: candidates(con, as_of))
        note("candidates (floor)", wall, cpu)
        wall, cpu, sample = timed(
            lambda seed=run + 1: plans.draw_sample(candidates(con, as_of), size, seed=seed)
        )
        assert len(sample.rows) >= min(size, len(found))
        note("plan", wall, cpu)
        wall, cpu, _ = timed(lambda: watchlist(con, as_of))
        note("watch list (floor)", wall, cpu)
        studio = named[run][0]

        def record(studio: str = studio) -> object:
            inspections.submit(con, USER, form(studio, as_of))
            return watchlist(con, as_of)

        wall, cpu, listed = timed(record)
        assert studio in set(listed["studio_id"]), "the record is not in the watch list"
        note("record + watch list", wall, cpu)
    con.close()
    return {k: statistics.median(v) for k, v in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="national")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=500)
    args = parser.parse_args()
    for scale in args.scales.split(","):
        with tempfile.TemporaryDirectory(prefix="bench-inspections-") as folder:
            path = Path(folder) / f"{scale}.duckdb"
            store.copy_database(database(scale), path)
            db.connect(path).close()  # the schema and stored marts of this release, untimed
            m = measure(path, args.runs, args.size)
        print(f"{scale}: median of {args.runs} runs, seconds")
        for name in ("candidates (floor)", "plan", "watch list (floor)", "record + watch list"):
            print(f"  {name:<22} wall {m[name + ' wall']:6.3f}  cpu {m[name + ' cpu']:6.3f}")
        print(
            f"  plan of {args.size}: {m['plan wall']:.3f} s (target ≤ 1 s), "
            f"{m['plan wall'] / m['candidates (floor) wall']:.2f}× its floor"
        )
        print(
            f"  record → watch list: {m['record + watch list wall']:.3f} s (target ≤ 1 s), "
            f"{m['record + watch list wall'] / m['watch list (floor) wall']:.2f}× its floor"
        )


if __name__ == "__main__":
    main()
