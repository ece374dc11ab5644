"""Two figures three ways: the product's SQL (DuckDB, fetched to Arrow and to pandas) against
polars, an independent implementation of the same definitions over the staging views exported
to parquet.

    python benchmarks/bench_polars.py [--scales city,national] [--runs 5]

The figures (data-contract.md, "Definitions"):

* status: the status of every studio as of the data's date (as_of), as the product computes it
  in queries/marts/studio_status_of.sql (read through marts/studio_status.sql);
* benefits: queries/benefits_by_unit.sql as 成果效益 runs it (本年至今: Jan 1 of as_of's year to
  as_of, every unit).

Each is timed as DuckDB SQL to Arrow (`to_arrow_table`), DuckDB SQL via `.df()` (pandas), and
polars lazy from the parquet files (`scan_parquet` … `collect`); Arrow through `db.arrow`
(DuckDB's relation API, no copy), pandas through `db.run`. The staging views are exported
once, before any timing (benchmarks/out/polars/<scale>/). DuckDB reads the database as a reader
does (db.connect_reader: the store's files, no marts stored at import), so both sides compute
every figure from the events and outcomes. Median of `runs` of wall time, CPU time of the
process (every thread: DuckDB's and polars' pools both use the 2 cores), and the 1-minute load
average read after each run; then the ratios SQL / polars. Before timing, each polars result is
checked equal to the SQL's (`differences`, as tests/test_bench_polars.py does).

The polars side follows the contract's words, not the SQL: it orders each studio's events by
date (then by the row of the export, for events of one day) and reads the status from the last
命名, 摘牌, 通报 and 整改完成 in that order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_report import database  # noqa: E402
from dashboard import db, report  # noqa: E402

# What the two figures read: every staging view they start from.
STAGING = ("stg_studios", "stg_status_events", "stg_outcomes", "stg_units")
NAMED, DELISTED, WARNED, CLEARED = "命名", "摘牌", "通报", "整改完成"
IN_REVIEW = ("申报", "受理", "现场考核")
REJECTED = ("未通过", "撤回")
APPLIED = "申报"
KEYS = {"status": ["studio_id"], "benefits": ["unit"]}


# --- parquet -------------------------------------------------------------------------------
def export(con, folder: Path) -> dict[str, Path]:
    """The staging views as parquet files in folder (written once; reused when present)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for view in STAGING:
        path = folder / f"{view}.parquet"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            con.execute(f"copy (select * from {view}) to '{tmp}' (format parquet)")
            tmp.rename(path)
        files[view] = path
    return files


def scans(files: dict[str, Path]) -> dict[str, pl.LazyFrame]:
    return {view: pl.scan_parquet(path) for view, path in files.items()}


# --- polars: the definitions of data-contract.md -------------------------------------------
def status(frames: dict[str, pl.LazyFrame], as_of: dt.date) -> pl.LazyFrame:
    """One row per studio with an event on or before as_of: its status as of that date.

    named: a 命名 and no 摘牌 after the last one; delisted: a 摘牌 and no 命名 after the last one;
    warned: a 通报 with no 整改完成 or 摘牌 after the last one; in review / rejected: the latest
    event is 申报, 受理, 现场考核 / 未通过, 撤回. status_key: the first of named, delisted,
    in_review, rejected that holds, else other."""
    events = (
        frames["stg_status_events"]
        .filter(pl.col("event_date") <= as_of)
        .select("studio_id", "event_date", "status", "source_row")
        .sort("studio_id", "event_date", "source_row")
        .with_row_index("order")  # the studio's history in time order; later = larger
    )
    status = pl.col("status")

    def last(when: pl.Expr) -> pl.Expr:
        return pl.col("order").filter(when).max()

    per_studio = events.group_by("studio_id").agg(
        pl.col("event_date").filter(status == APPLIED).min().alias("applied_on"),
        pl.col("event_date").filter(status == NAMED).min().alias("first_named_on"),
        pl.col("event_date").filter(status == NAMED).max().alias("named_on"),
        pl.col("event_date").filter(status == DELISTED).max().alias("delisted_on"),
        pl.col("event_date").filter(status == WARNED).max().alias("warned_on"),
        pl.col("status").last().alias("latest_status"),
        pl.col("event_date").last().alias("latest_on"),
        last(status == NAMED).alias("_named"),
        last(status == DELISTED).alias("_delisted"),
        last(status == WARNED).alias("_warned"),
        last(status.is_in([CLEARED, DELISTED])).alias("_cleared"),
    )
    named, delisted = pl.col("_named"), pl.col("_delisted")
    warned, cleared = pl.col("_warned"), pl.col("_cleared")
    flags = per_studio.with_columns(
        is_named=named.is_not_null() & (delisted.is_null() | (delisted < named)),
        is_delisted=delisted.is_not_null() & (named.is_null() | (delisted > named)),
        is_warned=warned.is_not_null() & (cleared.is_null() | (cleared < warned)),
        is_in_review=pl.col("latest_status").is_in(IN_REVIEW),
        is_rejected=pl.col("latest_status").is_in(REJECTED),
    )
    key = (
        pl.when("is_named")
        .then(pl.lit("named"))
        .when("is_delisted")
        .then(pl.lit("delisted"))
        .when("is_in_review")
        .then(pl.lit("in_review"))
        .when("is_rejected")
        .then(pl.lit("rejected"))
        .otherwise(pl.lit("other"))
    )
    return flags.with_columns(status_key=key).drop("_named", "_delisted", "_warned", "_cleared")


def benefits_by_unit(
    frames: dict[str, pl.LazyFrame], as_of: dt.date, start: dt.date, end: dt.date
) -> pl.LazyFrame:
    """Benefits as of D by unit: over outcomes completed in [start, min(end, D)] of studios named
    as of D, per 推荐单位 with a named studio: studios, outcomes, benefit_wan (sum, blanks
    ignored; null when every one is blank, 0 with no outcome), the three patent counts and
    adopted_share (推广应用 = 是 over outcomes; null with none). Ordered as the page shows it."""
    named = (
        status(frames, as_of)
        .filter("is_named")
        .join(frames["stg_studios"].select("studio_id", "unit"), on="studio_id")
    )
    studios = named.group_by("unit").agg(pl.len().alias("studios"))
    outcomes = (
        frames["stg_outcomes"]
        .filter(pl.col("completed_on").is_between(start, min(end, as_of)))
        .join(named.select("studio_id", "unit"), on="studio_id")
        .group_by("unit")
        .agg(
            pl.len().alias("outcomes"),
            pl.when(pl.col("benefit_wan").count() > 0)
            .then(pl.col("benefit_wan").sum().round(4, mode="half_away_from_zero"))
            .alias("benefit_wan"),
            pl.col("invention_patents").sum().cast(pl.Int64),
            pl.col("utility_patents").sum().cast(pl.Int64),
            pl.col("design_patents").sum().cast(pl.Int64),
            pl.col("is_adopted").sum().alias("_adopted"),
        )
    )
    joined = studios.join(outcomes, on="unit", how="left").join(
        frames["stg_units"].select("unit", "unit_kind", "sort_order"), on="unit", how="left"
    )
    has = pl.col("outcomes").is_not_null()
    return (
        joined.select(
            "unit",
            "unit_kind",
            "studios",
            pl.col("outcomes").fill_null(0),
            pl.when(has).then(pl.col("benefit_wan")).otherwise(0.0).alias("benefit_wan"),
            pl.col("invention_patents").fill_null(0),
            pl.col("utility_patents").fill_null(0),
            pl.col("design_patents").fill_null(0),
            (pl.col("_adopted") / pl.col("outcomes")).alias("adopted_share"),
            "sort_order",
        )
        .sort(
            ["benefit_wan", "outcomes", "sort_order", "unit"],
            descending=[True, True, False, False],
            nulls_last=True,
        )
        .drop("sort_order")
    )


# --- the product's SQL -----------------------------------------------------------------------
def sql_status(con, as_of: dt.date, fetch: str) -> object:
    """studio_status(as_of, null) computed from the events (never the copy stored at import)."""
    params = dict(as_of=as_of, unit=None, memo=False)
    if fetch == "arrow":
        return db.arrow(con, "bench_studio_status", **params)
    return db.run(con, "bench_studio_status", **params)


def sql_benefits(con, params: dict, fetch: str) -> object:
    """benefits_by_unit as the page ran it (a reader has no stored marts: computed live)."""
    if fetch == "arrow":
        return db.arrow(con, "benefits_by_unit", **params)
    return db.run(con, "benefits_by_unit", **params)


# --- equality --------------------------------------------------------------------------------
def differences(sql: pa.Table, peer: pl.DataFrame, keys: list[str], most: int = 5) -> list[str]:
    """What differs between the SQL's result and the peer's, both sorted by `keys`: the column
    names and order, the row count, then each value (numbers equal within 1e-9 relative: the
    two sum a column in different orders; everything else exactly). Empty when identical."""
    left = pl.from_arrow(sql)
    if left.columns != peer.columns:
        return [f"columns: SQL {left.columns} != polars {peer.columns}"]
    if left.height != peer.height:
        return [f"rows: SQL {left.height} != polars {peer.height}"]
    left, right = left.sort(keys, nulls_last=True), peer.sort(keys, nulls_last=True)
    out = []
    for column in left.columns:
        for n, (a, b) in enumerate(zip(left[column].to_list(), right[column].to_list())):
            if not _same(a, b):
                key = {k: left[k][n] for k in keys}
                out.append(f"{column} at {key}: SQL {a!r} != polars {b!r}")
                if len(out) >= most:
                    return out
    return out


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


# --- timing ----------------------------------------------------------------------------------
def timed(run: Callable[[], object], runs: int) -> dict:
    """Median wall and CPU seconds of run(), and the median 1-minute load average after each."""
    run()  # once untimed: files into the OS cache, plans made
    wall, cpu, load = [], [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        load.append(os.getloadavg()[0])
    return {
        "wall": statistics.median(wall),
        "cpu": statistics.median(cpu),
        "load": statistics.median(load),
    }


def figures(con, frames: dict[str, pl.LazyFrame]) -> dict[str, dict[str, Callable[[], object]]]:
    """For each figure, its three implementations as callables (and the polars one collected)."""
    as_of = report.default_as_of(con)
    start = dt.date(as_of.year, 1, 1)
    params = dict(as_of=as_of, period_start=start, period_end=as_of, unit=None)
    return {
        "status": {
            "sql arrow": lambda: sql_status(con, as_of, "arrow"),
            "sql df": lambda: sql_status(con, as_of, "df"),
            "polars": lambda: status(frames, as_of).collect(),
        },
        "benefits": {
            "sql arrow": lambda: sql_benefits(con, params, "arrow"),
            "sql df": lambda: sql_benefits(con, params, "df"),
            "polars": lambda: benefits_by_unit(frames, as_of, start, as_of).collect(),
        },
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,national")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    print(f"load average (1, 5, 15 min) at start: {os.getloadavg()}", flush=True)
    print(
        f"{'scale':<10}{'figure':<10}{'way':<11}{'wall s':>8}{'cpu s':>8}{'load':>6}"
        f"{'rows':>9}{'SQL/polars wall (cpu)':>24}",
        flush=True,
    )
    for scale in args.scales.split(","):
        con = db.connect_reader(database(scale))
        try:
            files = export(con, ROOT / "benchmarks" / "out" / "polars" / scale)
            frames = scans(files)
            for figure, ways in figures(con, frames).items():
                diff = differences(ways["sql arrow"](), ways["polars"](), KEYS[figure])
                if diff:
                    print(f"{scale:<10}{figure:<10}polars differs from SQL: {diff}", flush=True)
                results = {way: timed(run, args.runs) for way, run in ways.items()}
                rows = len(ways["polars"]())
                peer = results["polars"]
                for way, r in results.items():
                    ratio = (
                        f"{r['wall'] / peer['wall']:.2f}× ({r['cpu'] / peer['cpu']:.2f}×)"
                        if way != "polars"
                        else ""
                    )
                    print(
                        f"{scale:<10}{figure:<10}{way:<11}{r['wall']:>8.3f}{r['cpu']:>8.3f}"
                        f"{r['load']:>6.2f}{rows:>9}{ratio:>24}",
                        flush=True,
                    )
        finally:
            con.close()
    print(f"load average at end: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
