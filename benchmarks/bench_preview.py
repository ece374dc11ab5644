"""What the import preview costs: count_changes and first_changes on a sheet staged as an edit of
the current data (every 1000th row changed, every 5000th removed, 20 added).

    python benchmarks/bench_preview.py [DATABASE] [--sheet 创新成果]
    (default: benchmarks/out/national.duckdb, made by run_all.py)

Reads the database through a store reader (db.connect_reader), so it runs beside a server; the
staged copy is a temporary table of the reader's in-memory database.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import db  # noqa: E402
from dashboard.contract import SHEETS_BY_NAME  # noqa: E402
from dashboard.db import ident  # noqa: E402
from dashboard.versions import count_changes, first_changes  # noqa: E402


def stage_edit(con, sheet) -> str:
    """stage_<table> as the importer leaves it (__row and the typed columns), an edit of raw."""
    cols = [c.name for c in sheet.columns]
    key = sheet.unique[0]
    edited = next(c.name for c in sheet.columns if c.kind == "text" and c.name not in key)
    changed = ", ".join(
        f"case when _row % 1000 = 7 then {ident(c)} || '（改）' else {ident(c)} end as {ident(c)}"
        if c == edited
        else ident(c)
        for c in cols
    )
    renamed = ", ".join(f"{ident(c)} || '-新'" if c == key[0] else ident(c) for c in cols)
    con.execute(
        f"create temp table stage_{sheet.table} as "
        f"select _row as __row, {changed} from raw_{sheet.table} where _row % 5000 <> 3 "
        f"union all select _row + 1000000000, {renamed} from raw_{sheet.table} where _row < 22"
    )
    return edited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default=ROOT / "benchmarks/out/national.duckdb")
    parser.add_argument("--sheet", default="创新成果")
    args = parser.parse_args()
    sheet = SHEETS_BY_NAME[args.sheet]
    con = db.connect_reader(args.database)
    rows = con.execute(f"select count(*) from raw_{sheet.table}").fetchone()[0]
    start = time.perf_counter()
    edited = stage_edit(con, sheet)
    print(f"{args.sheet}: {rows:,} rows, staged in {time.perf_counter() - start:.1f} s ({edited})")
    sources = {args.sheet: SimpleNamespace(sheet=sheet)}
    for step in (count_changes, first_changes):
        start = time.perf_counter()
        out = step(con, sources)[args.sheet]
        took = time.perf_counter() - start
        shown = out if step is count_changes else {k: len(v) for k, v in out.items()}
        print(f"{step.__name__}: {took:.2f} s  {shown}")


if __name__ == "__main__":
    main()
