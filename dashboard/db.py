"""The database: connection, schema, and ``run(name, **params) -> DataFrame``. Imports no streamlit.

The shape of the database, in one place:

* ``<store>/<N>.duckdb`` — the sheets loaded by import N, as ``raw_<table>``: the contract's
  Chinese column names, typed values, and ``_row`` (the row number in the source file). A file
  of its own, written once, attached read-only as ``s<N>`` (store.py: why, and how an import
  commits). Restoring points the views back at older files, so nothing is copied or lost.
* ``import_log`` / ``import_state`` — one row per import or restore; the state after it, as the
  table of every sheet; brought from the store's log by ``store.sync``.
* ``users`` / ``sessions`` / ``audit_log`` — accounts (scrypt hashes), signed-in browsers (hashed
  cookie tokens) and the audit trail (auth.py).
* ``raw_<table>`` — a view on the current version of each sheet (an empty ``raw_<table>__v0``
  until imported).
* ``queries/macros/*.sql`` — the normalisation macros of the importer.
* ``queries/staging/stg_<table>.sql`` — views that rename to English and cast; nothing else.
* ``queries/marts/*.sql`` — table macros that model the figures (status as of a date, risk, …).
* ``queries/*.sql`` — the queries pages and the report run, through ``run``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from . import settings, store
from .contract import SHEETS

QUERIES = settings.QUERIES


# DuckDB (2.0.0 and 2.0.1, seen 2026-11) takes a LEFT JOIN whose right side its statistics prove
# empty (an ON condition on the right side alone that no row can meet) to return no rows at all,
# so an integer sum over it is "always NULL" and `coalesce(sum(x), 0) >= k` is folded to false:
#   create table s(id int); insert into s values (1), (2); create table a(id int);
#   select coalesce(sum(1), 0) >= 1 from s left join a on a.id > 5;  -- false, should be true
# The risk score is such a sum (marts/risk_reasons.sql joins this year's assessments), and 2.0.1's
# join order exposed it: a score of 60 got tier 低. Statistics propagation is the step that draws
# the wrong conclusion; with it off every query is answered from the data, at no cost measured
# (report at province scale within noise). tests/test_engine.py holds the reproduction.
ENGINE_WORKAROUNDS = {"disabled_optimizers": "statistics_propagation"}


# What app_inspections keeps beside the contract's columns: who recorded it and when, and a void.
APP_COLUMNS = (
    "recorded_by varchar not null, recorded_at timestamp not null, "
    "voided_at timestamp, voided_by varchar, void_reason varchar"
)


def ident(name: str) -> str:
    """A quoted SQL identifier (our own sheet and column names only; values go as parameters)."""
    return '"' + name.replace('"', '""') + '"'


def version_table(table: str, import_id: int) -> str:
    return f"raw_{table}__v{import_id}"


def _open(target: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(
        target,
        read_only=read_only,
        config={
            "memory_limit": str(settings.get("duckdb_memory_limit")),
            "threads": int(settings.get("duckdb_threads")),
            **ENGINE_WORKAROUNDS,
        },
    )
    con.execute("set enable_progress_bar = false")  # else DuckDB draws a bar in the CLI output
    return con


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the app's database read-write (created if missing; one process at a time), with the
    schema in place and the views on the store's current state (store.py)."""
    path = settings.db_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(str(path))
    ensure_schema(con)
    from .versions import after_commit  # versions imports this module

    after_commit(con)  # for imports made by another process while no owner was running
    store.mirror_app(con, store_of(con))
    return con


def connect_reader(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A reader of the data while another process owns the app's database (the server): an
    in-memory database on the store's current state, read-only, and the app's inspection records
    as the owner last wrote them. No accounts, sessions or stored marts (queries compute live)."""
    path = settings.db_path(path)
    where = store.directory(path)
    if path.exists() and not (where / store.CURRENT).exists():
        try:  # a database made before the store: its owner moves its data there first
            connect(path).close()
        except duckdb.IOException:
            pass  # its owner (a server) is running, and does so at its start
    con = _open(":memory:")
    con.execute("create table store_location as select $dir as dir", {"dir": str(where)})
    ensure_schema(con, compute_memo=False)
    mirrored_at = store.load_app_mirror(con, where)
    from .versions import retire_sample_records  # versions imports this module

    for (import_id,) in con.execute(  # real data the owner has not caught up with yet
        "select import_id from import_log where import_id > $at and kind = 'import' "
        "and not is_sample order by import_id",
        {"at": mirrored_at},
    ).fetchall():
        retire_sample_records(con, import_id)
    return con


def is_owner(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether con (or a cursor of it) holds the app's database file, rather than being a reader."""
    return bool(
        con.execute(
            "select path from duckdb_databases() where database_name = current_database()"
        ).fetchone()[0]
    )


def store_of(con: duckdb.DuckDBPyConnection) -> Path:
    """The store directory of a connection (or cursor) made by connect or connect_reader: beside
    the database file, or where a reader's in-memory database was told."""
    path = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    if path:
        return store.directory(path)
    return Path(con.execute("select dir from store_location").fetchone()[0])


@functools.cache
def sql(name: str) -> str:
    """The text of queries/<name>.sql."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def definitions(folder: str) -> list[tuple[str, str]]:
    return [
        (p.stem, p.read_text(encoding="utf-8")) for p in sorted((QUERIES / folder).glob("*.sql"))
    ]


def ensure_schema(con: duckdb.DuckDBPyConnection, compute_memo: bool = True) -> list[dict]:
    """Create the log, the empty first versions and every view and macro, and bring the views to
    the store's current state (returns the log entries that were new); safe to repeat."""
    con.execute("begin")
    try:
        con.execute(sql("schema/import_log"))
        con.execute(sql("schema/import_state"))
        con.execute(sql("schema/users"))
        con.execute(sql("schema/login_failures"))
        con.execute(sql("schema/audit_log"))
        con.execute(sql("schema/sessions"))
        con.execute(sql("schema/inspection_drafts"))
        con.execute(sql("schema/inspection_plans"))
        con.execute(sql("schema/header_mappings"))
        for sheet in SHEETS:
            cols = ", ".join(f"{ident(c.name)} {c.sql_type}" for c in sheet.columns)
            con.execute(
                f"create table if not exists {version_table(sheet.table, 0)} ({cols}, _row BIGINT)"
            )
            exists = con.execute(
                "select count(*) from duckdb_views() where view_name = $v and not internal",
                {"v": f"raw_{sheet.table}"},
            ).fetchone()[0]
            if not exists:
                point_views(con, {sheet.table: version_table(sheet.table, 0)})
            if sheet.table == "inspections":  # recorded in the app: the contract's columns and who
                con.execute(
                    f"create table if not exists app_inspections ({cols}, {APP_COLUMNS}, "
                    f"primary key ({ident(sheet.unique[0][0])}))"
                )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    # The stored status and outcomes (memo.py) must exist for marts/studio_status.sql and
    # marts/named_outcomes.sql to be made; memo.ensure replaces these stand-ins before any
    # query reads them.
    # The last import or restore whose consequences the owner has drawn (versions.after_commit):
    # made at the latest one, so a database from before the marker redoes nothing.
    con.execute(
        "create table if not exists caught_up as "
        "select coalesce(max(import_id), 0) as import_id from import_log"
    )
    con.execute("create table if not exists memo_studio_status (studio_id varchar)")
    con.execute("create table if not exists memo_named_outcomes (studio_id varchar)")
    if is_owner(con):
        with store.writing(store_of(con)):
            store.migrate(con, store_of(con))  # a database made before the store
    store.attach_known(con, store_of(con))  # the imported data the views read
    # Outside the transaction: a definition that fails for a missing dependency is retried.
    _create_all(con, definitions("macros"), macro=True)
    _create_all(con, definitions("staging"), macro=False)
    _create_all(con, definitions("marts"), macro=True)
    new = store.sync(con, store_of(con))
    from . import memo  # memo reads the report's parameters, and report imports this module

    memo.ensure(con, compute=compute_memo)
    return new


def _create_all(con, definitions, macro: bool) -> None:
    """Create views (or run macro definitions) in an order that satisfies their dependencies."""
    pending = list(definitions)
    while pending:
        failed = []
        for name, text in pending:
            try:
                con.execute(text if macro else f"create or replace view {name} as {text}")
            except (duckdb.CatalogException, duckdb.BinderException):
                failed.append((name, text))
        if len(failed) == len(pending):
            name, text = failed[0]
            con.execute(text if macro else f"create or replace view {name} as {text}")
        pending = failed


def point_views(con: duckdb.DuckDBPyConnection, versions: dict[str, str]) -> None:
    """Make raw_<table> show the given version tables."""
    for table, version in versions.items():
        con.execute(f"create or replace view raw_{table} as select * from {version}")


@functools.cache
def _param_names(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\$([A-Za-z_]\w*)", sql(name)))


def _used(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> dict:
    """The parameters the query names (DuckDB refuses unused ones). A query reading a stored
    mart (queries/memos/) gets `memo`: whether the copy answers these parameters."""
    names = _param_names(name)
    used = {k: v for k, v in params.items() if k in names}
    if "memo" in names and "memo" not in used:
        from . import memo

        used["memo"] = memo.ready(con, params)
    return used


def _execute(cur: duckdb.DuckDBPyConnection, name: str, params: dict) -> duckdb.DuckDBPyConnection:
    """Run the query on cur, after telling marts/studio_status.sql whether the stored status
    answers (the date it was stored for, when dated queries may read it)."""
    from . import memo

    memo.point_status(cur, "as_of" in params and params.get("memo") is not False)
    return cur.execute(sql(name), _used(cur, name, params))


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run queries/<name>.sql with named parameters, on a cursor of its own (thread safety)."""
    cur = con.cursor()
    try:
        return _execute(cur, name, params).df()
    finally:
        cur.close()


def run_in(cur: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Like run, on the caller's own cursor: inside the read snapshot it holds (state.py)."""
    return _execute(cur, name, params).df()


def arrow(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pa.Table:
    """Like run, as an Arrow table, with no DataFrame between: for results handed on as Arrow
    (benchmarks/bench_polars.py). Through the relation API: an Arrow fetch of an executed
    statement copies every row once more."""
    from . import memo

    cur = con.cursor()
    try:
        memo.point_status(cur, "as_of" in params and params.get("memo") is not False)
        return cur.sql(sql(name), params=_used(cur, name, params)).to_arrow_table()
    finally:
        cur.close()


def columns(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> dict[str, list]:
    """Like run, as one Python list per column (None for null): for the largest results
    consumed row by row (the report's risk list), as it fetches column by column in bulk —
    several times faster than records. Text and number columns only."""
    return {column: _list(values) for column, values in arrays(con, name, **params).items()}


def arrays(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> dict[str, np.ndarray]:
    """Like run, as one numpy array per column (masked where null), with no DataFrame between:
    for results turned straight into JSON (report.py)."""
    cur = con.cursor()
    try:
        _execute(cur, name, params)
        return cur.fetchnumpy()
    finally:
        cur.close()


def _list(values: np.ndarray) -> list:
    if isinstance(values, np.ma.MaskedArray):  # a column with nulls
        data = np.ma.getdata(values).astype(object)
        data[np.ma.getmaskarray(values)] = None
        return data.tolist()
    return values.tolist()


def current_state(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per loaded sheet of the current state: sheet, version_table, rows."""
    return run(con, "schema/current_state")
