"""The heaviest marts, stored at import: each studio's status, the outcomes of the named
studios, risk (evidence and scores) and commendation.

Every page and the report open at the data's own date (queries/as_of_default.sql) under the
settings in force. Computing risk there takes a quarter of a second at national scale, and
three risk views, the studio file, the explorer, commendation and the report all need it. So
each import (and restore) stores the three marts for that date and those settings, in the same
transaction as the data, with their key in memo_keys. A query that reads them (queries/memos/)
takes a `memo` flag: db.run sets it true only when the query's as_of and settings are the key's
(queries/memo_ready.sql); any other date or setting computes the mart live from the one
definition in queries/marts/. The copy is made from that definition, so both give the same rows
(tests/test_memo.py).

成果效益 opens on its default period and compares it with the same span a year earlier, whose
date is not the stored status's: each would compute the benefit summary live, the 同比 from the
status and outcomes of a year earlier. So the store also holds benefit_summary_of for every
unit at the periods of marts/benefit_summary_periods.sql (memo_benefit_summary, one row set per
period, its key in memo_ columns; memos/benefit_summary.sql reads it for exactly those), and
its trend by year (memo_benefit_years, every unit at the stored date: memos/benefit_years.sql).

The status of every studio (marts/studio_status_of.sql) and the named studios' outcomes
(marts/named_outcomes_of.sql) are read by nearly every query, often through other marts; rather
than a flag threaded through them all, db.run sets the session variable status_memo to the
stored copies' date before each query, and marts/studio_status.sql and marts/named_outcomes.sql
read the copies when their as_of is that date.
"""

from __future__ import annotations

import hashlib

import duckdb

from . import db
from . import store as store_  # memo.store is this module's own verb

# the stored mart -> its live definition and the parameters it takes
MARTS = {
    "studio_status": ("studio_status_of", "cast($as_of as date), null"),
    "named_outcomes": (
        "named_outcomes_of",
        "cast($as_of as date), date '1900-01-01', cast($as_of as date), null",
    ),
    "risk_evidence": ("risk_evidence_of", "cast($as_of as date), null, $p"),
    "risk_scores": ("risk_scores_of", "cast($as_of as date), null, $p"),
    "commendation": ("commendation_of", "cast($as_of as date), null, $p, $c"),
    "benefit_years": ("benefit_years_of", "cast($as_of as date), null"),  # every unit only
    "gold_roll": ("gold_roll_of", "cast($as_of as date), null"),
}


# per period of benefit_summary_periods (the stored date's), every unit: the live definition
PERIODS = {
    "memo_benefit_summary": "benefit_summary_of($as_of, $period_start, $period_end, null)",
    "memo_top_outcomes": (
        "top_outcomes_of($as_of, $period_start, $period_end, null, benefit_top_stored())"
    ),
}

TABLES = [f"memo_{name}" for name in MARTS] + [*PERIODS, "memo_keys"]


def definition() -> str:
    """A digest of the SQL the copies are made from, and of all it reads (the macros, the
    staging views, every mart: named_outcomes_of copies stg_outcomes' columns, for one): a
    release that changes any of it stores the copies again, so that a copy and the live branch
    of its switch macro always have the same columns."""
    text = "".join(
        t for folder in ("macros", "staging", "marts") for _, t in db.definitions(folder)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def store(con: duckdb.DuckDBPyConnection) -> None:
    """Store the marts for the data's own date and the current settings, after an import, a
    restore or an inspection recorded in the app has committed. The key names the import the copy was made from, read first: if
    another import commits meanwhile, the copy is never used (memo_ready.sql wants the latest
    import), and that import stores its own."""
    from .report import commend_params, default_as_of, risk_params  # report imports db

    version = db.run(con, "data_version").iloc[0]
    params = {
        "import_id": int(version["import_id"]) or None,
        "app_changes": int(version["app_changes"]),
        "as_of": default_as_of(con),
        "p": risk_params(con),
        "c": commend_params(con),
    }
    point_status(con, False)  # the copies are made from the live definitions
    con.execute("begin")
    try:
        _copies(con, params)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    if db.is_owner(con):  # the readers of other processes (db.connect_reader) use them too
        store_.publish_memo(con, db.store_of(con), TABLES)


# The stored marts an inspection changes (the status and the outcomes do not read inspections).
BY_INSPECTIONS = ("risk_evidence", "risk_scores", "commendation")


def refresh_studio(cur: duckdb.DuckDBPyConnection, studio_id: str) -> bool:
    """After one change to a studio's inspections, in the caller's open transaction: make that
    studio's rows of the stored marts again (each studio's risk and commendation read its own
    rows only; tests/test_inspections.py checks the result against a whole store) and count the
    change in the key. Only when the copies were the data's just before the change and still
    answer at the data's date under the same settings; else False, and the caller stores all."""
    from .report import commend_params, loaded_sheets, risk_params, sheet_flags

    # p and c read the loaded sheets on a cursor of their own, which sees the data before this
    # transaction: the first record (or the void of the last) may turn a rule on (or off)
    if sheet_flags(loaded_sheets(cur, on_cursor=True)) != sheet_flags(loaded_sheets(cur)):
        return False
    as_of = cur.execute(db.sql("as_of_default")).fetchone()[0]  # in the transaction: the new date
    params = {"as_of": as_of, "p": risk_params(cur), "c": commend_params(cur)}
    current = cur.execute(
        "select count(*) from memo_keys where import_id = (select max(import_id) from import_log) "
        "and app_changes + 1 = (select count(*) + count(voided_at) from app_inspections) "
        "and as_of = $as_of and p = cast($p as varchar) and c = cast($c as varchar) "
        "and definition = $definition",
        {**params, "definition": definition()},
    ).fetchone()[0]
    if not current:
        return False
    point_status(cur, True)
    unit = cur.execute("select unit from stg_studios where studio_id = $s", {"s": studio_id})
    unit = unit.fetchone()
    if unit is None:  # a studio the registry no longer holds (its record counts nowhere)
        return False
    params |= {"s": studio_id, "unit": unit[0]}
    # The staging views show this studio's rows only (their only_studio filter): a fraction of
    # a second at national scale, where the whole tables took seconds.
    cur.execute("set variable only_studio = $s", {"s": studio_id})
    try:
        for memo in BY_INSPECTIONS:
            mart, args = MARTS[memo]
            args = args.replace("null", "$unit", 1)
            used = {k: v for k, v in params.items() if f"${k}" in args or k == "s"}
            cur.execute(f"delete from memo_{memo} where studio_id = $s", {"s": studio_id})
            cur.execute(
                f"insert into memo_{memo} select * from {mart}({args}) where studio_id = $s", used
            )
    finally:
        cur.execute("reset variable only_studio")
    cur.execute("update memo_keys set app_changes = app_changes + 1")
    return True


def ensure(con: duckdb.DuckDBPyConnection, compute: bool = True) -> None:
    """Store the copies when missing or made by another definition, then make the macros that
    read them (queries/memos/). A reader (db.connect_reader) does not compute them: it makes
    them empty, with no key, so every query computes live."""
    stored = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'memo_keys'"
    ).fetchone()[0]
    if not compute:
        if not _attach(con):
            _empty(con)
    elif (
        not stored
        or not con.execute(
            "select count(*) from memo_keys where definition = $d", {"d": definition()}
        ).fetchone()[0]
    ):
        store(con)
    for _, text in db.definitions("memos"):
        con.execute(text)


def _attach(con: duckdb.DuckDBPyConnection) -> bool:
    """A reader's copies: those the owner published, when made by this definition. Else False
    and none attached: an owner of an older release (or not yet restarted after an upgrade)
    published other tables, or the same with other columns."""
    try:
        if not store_.attach_memo(con, db.store_of(con), TABLES):
            return False
        same = con.execute(
            "select count(*) from memo_keys where definition = $d", {"d": definition()}
        ).fetchone()[0]
    except duckdb.CatalogException:  # a table this release stores is not there
        same = False
    if not same:
        for table in TABLES:
            con.execute(f"drop view if exists {table}")
        con.execute("detach database if exists memo_in")
    return bool(same)


def _empty(con: duckdb.DuckDBPyConnection) -> None:
    """The copies' tables with their columns and no rows, and an empty key."""
    from .report import commend_params, risk_params

    point_status(con, False)
    params = {"import_id": None, "app_changes": None, "as_of": None}
    _copies(con, {**params, "p": risk_params(con), "c": commend_params(con)}, empty=True)


def _copies(con: duckdb.DuckDBPyConnection, params: dict, empty: bool = False) -> None:
    """Every stored mart made from its live definition, and the key (no rows at all: empty)."""
    limit = " limit 0" if empty else ""
    for memo, (mart, args) in MARTS.items():
        used = {k: v for k, v in params.items() if f"${k}" in args}
        con.execute(
            f"create or replace table memo_{memo} as select * from {mart}({args}){limit}", used
        )
    _summaries(con, params["as_of"], empty)
    con.execute(
        "create or replace table memo_keys as select cast($import_id as bigint) as import_id, "
        "cast($app_changes as bigint) as app_changes, cast($as_of as date) as as_of, "
        "cast($p as varchar) as p, cast($c as varchar) as c, $definition as definition" + limit,
        {**params, "definition": definition()},
    )


def _summaries(con: duckdb.DuckDBPyConnection, as_of, empty: bool) -> None:
    """The PERIODS tables: each live definition at each stored period, keyed by its parameters
    (no rows at all: empty)."""
    periods = con.execute(
        "select unnest(benefit_summary_periods(cast($d as date)), recursive := true)",
        {"d": None if empty else as_of},
    ).fetchall()
    first, *rest = [dict(zip(("as_of", "period_start", "period_end"), p)) for p in periods]
    for table, mart in PERIODS.items():
        rows = (
            "select cast($as_of as date) as memo_as_of, cast($period_start as date) "
            f"as memo_period_start, cast($period_end as date) as memo_period_end, * from {mart}"
        )
        con.execute(
            f"create or replace table {table} as {rows}{' limit 0' if empty else ''}", first
        )
        for period in [] if empty else rest:
            con.execute(f"insert into {table} {rows}", period)


def point_status(con: duckdb.DuckDBPyConnection, use: bool) -> None:
    """Set status_memo for the next query on con: the stored status's date when `use` and the
    copy is the latest import's, else null (marts/studio_status.sql computes it live)."""
    if use:
        con.execute(
            "set variable status_memo = (select as_of from memo_keys "
            "where import_id = (select max(import_id) from import_log))"
        )
    else:
        con.execute("set variable status_memo = null")


def ready(con: duckdb.DuckDBPyConnection, params: dict) -> bool:
    """Whether the stored copies answer a query with these parameters."""
    if params.get("as_of") is None or params.get("p") is None:
        return False
    args = {"as_of": params["as_of"], "p": params["p"], "c": params.get("c")}
    return bool(con.execute(db.sql("memo_ready"), args).fetchone()[0])
