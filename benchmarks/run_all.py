"""Every benchmark at city, province and national scale in one run, as one table.

    python benchmarks/run_all.py [--scales city,province,national] [--runs 5] [--max-load 1.0]
                                 [--label TEXT] [--no-write]
    (make bench)

For each scale: generate the sample once (benchmarks/out/<scale>, reused), then measure
* import: `studiodash import` into a fresh database in a child process — wall time and peak RSS
  of the child (os.wait4);
* each page (AppTest, signed in as bench_pages.app does): its script run cold (st.cache_data
  cleared, connection open, as in a running server) and warm (rerun, cache filled), wall and
  CPU time; and its queries alone — the db.run calls one cold run made, recorded and replayed
  directly on the connection;
* 检查查询 filter changes: each a new filter combination, so never in the cache;
* the report: report.build in-process, and the same report the pandas way
  (benchmarks/pandas_report.py: load the sheets into DataFrames, compute with pandas, the
  campaign cycle's lists included), with the ratio of the two, measured in the same run, and
  whether the two results are equal at that scale;
* growth: the national/city ratio of each time against the ratio of the data's rows.
Every figure is the median of --runs runs. CPU time is the process's, every thread included:
on 2 cores it can exceed the wall time. The table is printed and, unless --no-write, written
into benchmarks/RESULTS.md between the "latest run" markers together with the machine, the
versions, the date and the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# AppTest outside a server warns on every cached call, and each run re-reads the config, which
# resets Streamlit's log levels: silence warnings process-wide instead.
logging.disable(logging.WARNING)

from benchmarks import pandas_report  # noqa: E402
from benchmarks.bench_import import floor_once, import_once, sample  # noqa: E402
from benchmarks.bench_pages import TARGETS as PAGE_TARGETS  # noqa: E402
from benchmarks.bench_pages import Recorder, app, clear_caches, load_average, query_params, replay  # noqa: E402
from benchmarks.bench_report import database, processes  # noqa: E402
from dashboard import db, report  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BEGIN, END = "<!-- BEGIN latest run (benchmarks/run_all.py) -->", "<!-- END latest run -->"
SCALES = ("city", "province", "national")
PAGES = {
    "progress": "views/progress.py",
    "benefits": "views/benefits.py",
    "explore": "views/explore.py",
    "risk": "views/risk.py",
    "studio": "views/studio.py",
    "data": "views/data_status.py",
    "applications": "views/applications.py",
    "honours": "views/honours.py",
}
EXPLORE_CHANGES = [("q", "张"), ("r", ["高"]), ("s", ["已命名"]), ("k", ["开发区"]), ("q", "")]
# Targets at national scale (issue: benchmarks), as (limit, "max"|"min").
TARGETS = {
    "import s": 60,
    "import peak RSS MB": 1536,
    "cold s": 2.0,  # the campaign cycle's pages: bench_pages.TARGETS
    "warm s": 0.3,
    "explore change s": 1.0,
    "report s": 3.0,
    "pandas/report ×": 5.0,
}


def median(values) -> float:
    return statistics.median(values)


# --- the machine ---------------------------------------------------------------------------------
def machine() -> dict:
    import duckdb
    import pandas
    import streamlit

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "streamlit": streamlit.__version__,
        "pandas": pandas.__version__,
        "os": platform.platform(),
    }


def wait_for_quiet(max_load: float, minutes: int = 10) -> float:
    """Wait (60 s steps, at most `minutes`) until the 1-minute load average is <= max_load."""
    for _ in range(minutes):
        load = os.getloadavg()[0]
        if load <= max_load:
            return load
        print(f"  load average {load:.2f} > {max_load}: waiting 60 s", flush=True)
        time.sleep(60)
    return os.getloadavg()[0]


# --- measurements --------------------------------------------------------------------------------
def data_size(path: Path, folder: Path) -> dict:
    con = db.connect(path)
    try:
        counts = {
            t: con.execute(f"select count(*) from stg_{t}").fetchone()[0]
            for t in ("studios", "status_events", "outcomes", "inspections", "activities")
        }
    finally:
        con.close()
    counts["rows"] = sum(counts.values())
    counts["input MB"] = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20
    return counts


def bench_import(folder: Path, runs: int) -> dict:
    """`studiodash import` interleaved with its floor (DuckDB reading the same CSV files as
    all-varchar tables into a new file: bench_import.floor_once), wall and CPU of each."""
    results, floors = [], []
    for _ in range(runs):
        results.append((*import_once(folder), os.getloadavg()[0]))
        floors.append(floor_once(folder))
    out = {
        "import s": median(r[0] for r in results),
        "import peak RSS MB": median(r[1] for r in results),
        "import cpu s": median(r[2] for r in results),
        "import load": median(r[3] for r in results),
    }
    if all(floors):
        out["floor s"] = median(f[0] for f in floors)
        out["floor cpu s"] = median(f[1] for f in floors)
        out["import/floor cpu ×"] = out["import cpu s"] / out["floor cpu s"]
        out["import/floor ×"] = out["import s"] / out["floor s"]
    return out


def bench_report_processes(path: Path, runs: int) -> dict:
    """The report against the pandas way as whole processes, interleaved (bench_report)."""
    r = processes(path, runs)
    r["pandas/report ×"] = r["pandas wall"] / r["report wall"]
    r["pandas/report cpu ×"] = r["pandas cpu"] / r["report cpu"]
    return r


def bench_pages(path: Path, runs: int) -> dict:
    import streamlit as st

    os.environ["STUDIODASH_DB"] = str(path)
    st.cache_resource.clear()
    out: dict = {}
    con = db.connect(path)
    try:
        for page, script in PAGES.items():
            url = query_params(page, path)
            cold, cold_cpu, warm, warm_cpu, alone, loads = [], [], [], [], [], []
            for _ in range(runs):
                at = app(url)
                at.run()  # the router's first run; then switch to the page under test
                clear_caches()
                with Recorder() as rec:
                    t, c = time.perf_counter(), time.process_time()
                    at.switch_page(script).run()
                    cold.append(time.perf_counter() - t)
                    cold_cpu.append(time.process_time() - c)
                loads.append(load_average())
                assert not at.exception, (page, at.exception)
                t, c = time.perf_counter(), time.process_time()
                at.run()
                warm.append(time.perf_counter() - t)
                warm_cpu.append(time.process_time() - c)
                loads.append(load_average())
                assert not at.exception, (page, at.exception)
                alone.append(replay(con, rec.calls))
            out[page] = {
                "cold s": median(cold),
                "cold cpu s": median(cold_cpu),
                "warm s": median(warm),
                "warm cpu s": median(warm_cpu),
                "queries s": median(alone),
                "queries": len(rec.calls),
                "load": median(loads),
            }
            print(
                f"    {page:<12} cold {out[page]['cold s']:.3f} (cpu {out[page]['cold cpu s']:.3f})"
                f"  warm {out[page]['warm s']:.3f} (cpu {out[page]['warm cpu s']:.3f})"
                f"  queries {out[page]['queries s']:.3f} ({len(rec.calls)})"
                f"  load {out[page]['load']:.2f}",
                flush=True,
            )
        out["explore change s"] = bench_explore(runs)
    finally:
        con.close()
        st.cache_resource.clear()
    return out


def bench_explore(runs: int) -> dict:
    """检查查询: seconds per filter change (never cached), median over runs; and the slowest."""
    import streamlit as st

    times: dict[str, list[float]] = {}
    for _ in range(runs):
        st.cache_data.clear()
        at = app({})
        at.run()
        at.switch_page(PAGES["explore"]).run()
        for key, value in EXPLORE_CHANGES:
            widget = at.text_input(key=key) if key == "q" else at.multiselect(key=key)
            widget.set_value(value)
            t = time.perf_counter()
            at.run()
            times.setdefault(f"{key}={value}", []).append(time.perf_counter() - t)
            assert not at.exception, at.exception
    medians = {change: median(runs) for change, runs in times.items()}
    return {"median": median(medians.values()), "max": max(medians.values()), "each": medians}


def bench_report(path: Path, runs: int) -> dict:
    con = db.connect(path)
    try:
        expected = report.build(con)  # also files pages into the OS cache
        sql, sql_cpu, sql_load = [], [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            report.build(con)
            sql.append(time.perf_counter() - t)
            sql_cpu.append(time.process_time() - c)
            sql_load.append(load_average())
        actual = pandas_report.report_from_db(con)  # a fair yardstick only if equal
        differ = [k for k in expected if expected[k] != actual.get(k)]
        same = not differ and expected.keys() == actual.keys()
        del expected, actual
        load, compute, total, total_cpu, pandas_load = [], [], [], [], []
        for _ in range(runs):
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            frames = pandas_report.load(con)
            t1 = time.perf_counter()
            actual = pandas_report.report(frames)
            t2 = time.perf_counter()
            load.append(t1 - t)
            compute.append(t2 - t1)
            total.append(t2 - t)
            total_cpu.append(time.process_time() - c)
            pandas_load.append(load_average())
            del frames, actual
    finally:
        con.close()
    gc.collect()
    r = {
        "report s": median(sql),
        "report cpu s": median(sql_cpu),
        "report load": median(sql_load),
        "pandas s": median(total),
        "pandas cpu s": median(total_cpu),
        "pandas load": median(pandas_load),
        "pandas load s": median(load),
        "pandas compute s": median(compute),
        "same result": "yes" if same else "no",
    }
    if not same:
        print(f"    the pandas way differs from report.build (sections: {differ})", flush=True)
    r["pandas/report ×"] = r["pandas s"] / r["report s"]
    r["compute/report ×"] = r["pandas compute s"] / r["report s"]
    return r


# --- the table -----------------------------------------------------------------------------------
def rows(results: dict) -> list[tuple[str, dict, str]]:
    """(metric, {scale: value text}, target) in table order."""
    scales = list(results)
    out = []

    def add(label, get, fmt, target=""):
        values = {}
        for s in scales:
            try:
                v = get(results[s])
            except KeyError:
                continue
            values[s] = fmt.format(v) if v is not None else "—"
        if values:  # a part skipped (--skip) leaves no row
            out.append((label, values, target))

    add("studios", lambda r: r["size"]["studios"], "{:,}")
    add("outcomes", lambda r: r["size"]["outcomes"], "{:,}")
    add("rows, all sheets", lambda r: r["size"]["rows"], "{:,}")
    add("input MB", lambda r: r["size"]["input MB"], "{:.1f}")
    add("import s", lambda r: r["import"]["import s"], "{:.2f}", "≤ 60")
    add("import peak RSS MB", lambda r: r["import"]["import peak RSS MB"], "{:.0f}", "≤ 1536")
    add("import CPU s", lambda r: r["import"]["import cpu s"], "{:.1f}")
    add("import load average", lambda r: r["import"]["import load"], "{:.2f}")
    add("floor s (DuckDB: the CSVs as all-varchar)", lambda r: r["import"]["floor s"], "{:.2f}")
    add("floor CPU s", lambda r: r["import"]["floor cpu s"], "{:.1f}")
    add("import / floor, CPU", lambda r: r["import"]["import/floor cpu ×"], "{:.2f}×", "≤ 2×")
    add("import / floor, wall", lambda r: r["import"]["import/floor ×"], "{:.2f}×")
    for page in PAGES:
        cold, warm = PAGE_TARGETS.get(page, (TARGETS["cold s"], TARGETS["warm s"]))
        add(
            f"page {page}: cold s", lambda r, p=page: r["pages"][p]["cold s"], "{:.3f}", f"≤ {cold}"
        )
        add(f"page {page}: cold CPU s", lambda r, p=page: r["pages"][p]["cold cpu s"], "{:.3f}")
        add(
            f"page {page}: warm s", lambda r, p=page: r["pages"][p]["warm s"], "{:.3f}", f"≤ {warm}"
        )
        add(f"page {page}: warm CPU s", lambda r, p=page: r["pages"][p]["warm cpu s"], "{:.3f}")
        add(f"page {page}: queries alone s", lambda r, p=page: r["pages"][p]["queries s"], "{:.3f}")
        add(f"page {page}: load average", lambda r, p=page: r["pages"][p]["load"], "{:.2f}")
    add(
        "explore filter change s (median)",
        lambda r: r["pages"]["explore change s"]["median"],
        "{:.3f}",
        "≤ 1",
    )
    add(
        "explore filter change s (slowest)",
        lambda r: r["pages"]["explore change s"]["max"],
        "{:.3f}",
        "≤ 1",
    )
    add("report s (report.build)", lambda r: r["report"]["report s"], "{:.3f}", "≤ 3")
    add("report CPU s", lambda r: r["report"]["report cpu s"], "{:.3f}")
    add("report load average", lambda r: r["report"]["report load"], "{:.2f}")
    add("pandas way s (load + compute)", lambda r: r["report"]["pandas s"], "{:.3f}")
    add("pandas way CPU s", lambda r: r["report"]["pandas cpu s"], "{:.3f}")
    add("pandas way load average", lambda r: r["report"]["pandas load"], "{:.2f}")
    add("  of which load s", lambda r: r["report"]["pandas load s"], "{:.3f}")
    add("  of which compute s", lambda r: r["report"]["pandas compute s"], "{:.3f}")
    add("pandas way / report", lambda r: r["report"]["pandas/report ×"], "{:.1f}×", "≥ 5×")
    add("pandas compute only / report", lambda r: r["report"]["compute/report ×"], "{:.1f}×")
    add("pandas way = report (whole dict)", lambda r: r["report"]["same result"], "{}")
    rp = "report processes"
    add("`studiodash report` process s", lambda r: r[rp]["report wall"], "{:.3f}")
    add("`studiodash report` process CPU s", lambda r: r[rp]["report cpu"], "{:.3f}")
    add("pandas way process s", lambda r: r[rp]["pandas wall"], "{:.3f}")
    add("pandas way process CPU s", lambda r: r[rp]["pandas cpu"], "{:.3f}")
    add("processes load average", lambda r: r[rp]["report load"], "{:.2f}")
    add("pandas process / report process", lambda r: r[rp]["pandas/report ×"], "{:.1f}×", "≥ 5×")
    add("  by CPU", lambda r: r[rp]["pandas/report cpu ×"], "{:.1f}×")
    add("  same JSON", lambda r: "yes" if r[rp]["same"] else "no", "{}")
    return out


def growth(results: dict, metric_rows) -> dict[str, str]:
    """National/city ratio of each time, next to the ratio of rows (linear growth)."""
    if "city" not in results or "national" not in results:
        return {}
    data = results["national"]["size"]["rows"] / results["city"]["size"]["rows"]
    out = {}
    for label, values, _ in metric_rows:
        if label.endswith(" s") or " s (" in label or label.endswith("MB") and "import" in label:
            try:
                a = float(values["city"].replace(",", ""))
                b = float(values["national"].replace(",", ""))
            except (KeyError, ValueError):
                continue
            if a > 0:
                out[label] = f"{b / a:.1f}×"
    out["rows, all sheets"] = f"{data:.0f}×"
    return out


def table(results: dict) -> str:
    metric_rows = rows(results)
    grow = growth(results, metric_rows)
    scales = list(results)
    head = ["metric", *scales, "target (national)", "national/city"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, values, target in metric_rows:
        cells = [label, *(values.get(s, "") for s in scales), target, grow.get(label, "")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_results(text: str) -> None:
    block = f"{BEGIN}\n{text}\n{END}"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + block + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default=",".join(SCALES))
    p.add_argument("--runs", type=int, default=5)
    p.add_argument(
        "--max-load",
        type=float,
        default=1.0,
        help="wait (up to 10 min) for the 1-minute load average to drop below this",
    )
    p.add_argument("--label", default="latest run")
    p.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    p.add_argument("--skip", default="", help="comma list of parts to skip: import,pages,report")
    args = p.parse_args()
    assert args.runs >= 1
    skip = set(filter(None, args.skip.split(",")))
    info = machine()
    load_before = wait_for_quiet(args.max_load)
    started = dt.datetime.now()
    print(
        f"{info['cpus']} × {info['cpu']}, {info['ram_gb']} GB; load {load_before:.2f}", flush=True
    )
    results: dict = {}
    for scale in args.scales.split(","):
        print(f"{scale}:", flush=True)
        folder = sample(scale)
        path = database(scale)
        r = results[scale] = {"size": data_size(path, folder)}
        if "import" not in skip:
            r["import"] = bench_import(folder, args.runs)
            print(
                f"    import {r['import']['import s']:.2f} s, "
                f"{r['import']['import peak RSS MB']:.0f} MB",
                flush=True,
            )
        if "pages" not in skip:
            r["pages"] = bench_pages(path, args.runs)
        if "report" not in skip:
            r["report"] = bench_report(path, args.runs)
            rep = r["report"]
            print(
                f"    report {rep['report s']:.3f} s (cpu {rep['report cpu s']:.3f}), pandas"
                f" {rep['pandas s']:.3f} s (cpu {rep['pandas cpu s']:.3f}):"
                f" {rep['pandas/report ×']:.1f}×, same result: {rep['same result']}",
                flush=True,
            )
            r["report processes"] = bench_report_processes(path, args.runs)
            rp = r["report processes"]
            print(
                f"    report process {rp['report wall']:.3f} s (cpu {rp['report cpu']:.3f}),"
                f" pandas process {rp['pandas wall']:.3f} s: {rp['pandas/report ×']:.1f}×",
                flush=True,
            )
    load_after = os.getloadavg()
    text = "\n".join(
        [
            f"### {args.label}: {started:%Y-%m-%d %H:%M}",
            "",
            f"Machine: {info['cpus']} CPUs (`nproc`), {info['cpu']}, {info['ram_gb']} GB RAM; "
            f"{info['os']}; Python {info['python']}, DuckDB {info['duckdb']}, "
            f"Streamlit {info['streamlit']}, pandas {info['pandas']}. "
            f"Load average at start {load_before:.2f}, at end {load_after[0]:.2f} "
            f"(5 min {load_after[1]:.2f}). Median of {args.runs} runs; "
            f"took {(dt.datetime.now() - started).total_seconds() / 60:.0f} min.",
            "",
            table(results),
        ]
    )
    print("\n" + text)
    if not args.no_write:
        write_results(text)
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
