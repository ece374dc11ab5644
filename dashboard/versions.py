"""Versions of the data: every import adds a state to the store (store.py); a restore adds one
that is an older state again. One writer at a time; what a dry run would change; what the owner
of the app's database does when it sees a new state."""

from __future__ import annotations

import datetime as dt
import getpass
import threading
from contextlib import closing

import duckdb

from . import db, labels, memo, store
from .contract import SHEETS
from .db import ident, point_views, sql, version_table
from .sources import Source

# One writer at a time in this process (the app serves every session from one connection): two
# imports at once would both claim the next import id and one would fail at commit.
WRITE_LOCK = threading.Lock()
_COMMITS = threading.local()


def commits_here() -> int:
    """Imports and restores committed by this thread: a page run that imports sees its own
    write (state.py), while other sessions keep the snapshot their run started with."""
    return getattr(_COMMITS, "n", 0)


def note_commit() -> None:
    _COMMITS.n = commits_here() + 1


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def count_changes(
    con: duckdb.DuckDBPyConnection, sources: dict[str, Source]
) -> dict[str, dict[str, int]]:
    """Per carried sheet: rows added, removed, changed (same key, other values), unchanged.
    Sheets without a key compare whole rows, so an edited row counts as one removed, one added."""
    out = {}
    for name, src in sources.items():
        sheet = src.sheet
        cols = ", ".join(ident(c.name) for c in sheet.columns)
        new, old = (
            f"(select {cols} from stage_{sheet.table})",
            f"(select {cols} from raw_{sheet.table})",
        )
        same = con.execute(f"select count(*) from ({new} intersect all {old})").fetchone()[0]
        if sheet.unique:
            key = ", ".join(ident(c) for c in sheet.unique[0])
            common = con.execute(
                f"select count(*) from (select {key} from {new} intersect select {key} from {old})"
            ).fetchone()[0]
            total_new, total_old = count_rows(con, new), count_rows(con, old)
            out[name] = {
                "added": total_new - common,
                "removed": total_old - common,
                "changed": common - same,
                "unchanged": same,
            }
        else:
            out[name] = {
                "added": count_rows(con, f"({new} except all {old})"),
                "removed": count_rows(con, f"({old} except all {new})"),
                "changed": 0,
                "unchanged": same,
            }
    return out


def first_changes(
    con: duckdb.DuckDBPyConnection, sources: dict[str, Source], limit: int = 10
) -> dict[str, dict[str, list[dict]]]:
    """Per carried sheet with a key, what a person checks before confirming: the first `limit`
    changed rows in the file's order (its Excel row, its key and each changed column's (old,
    new) value), and the keys of the first `limit` rows added and removed. Joins on the key
    kept to `limit` rows by a top-N: nothing is materialised but the join's hash table. Sheets
    without a key have no changed rows (count_changes counts an edit as one removed and one
    added) and are left out."""
    out = {}
    for name, src in sources.items():
        sheet = src.sheet
        if not sheet.unique:
            continue
        key = sheet.unique[0]
        others = [c.name for c in sheet.columns if c.name not in key]
        new, old = f"stage_{sheet.table}", f"raw_{sheet.table}"
        on = " and ".join(f"n.{ident(k)} = o.{ident(k)}" for k in key)
        keys, old_keys = (", ".join(f"{t}.{ident(k)}" for k in key) for t in "no")
        differs = [f"n.{ident(c)} is distinct from o.{ident(c)}" for c in others]
        changed = []
        if others:
            pairs = ", ".join(
                f"{d}, o.{ident(c)}, n.{ident(c)}" for d, c in zip(differs, others, strict=True)
            )
            found = con.execute(
                f"select n.__row, {keys}, {pairs} from {new} as n join {old} as o on {on} "
                f"where {' or '.join(differs)} order by n.__row limit $limit",
                {"limit": limit},
            ).fetchall()
            for row in found:
                cells = row[1 + len(key) :]
                changed.append(
                    {
                        "row": row[0],
                        "key": dict(zip(key, row[1 : 1 + len(key)], strict=True)),
                        "cells": {
                            c: (cells[3 * i + 1], cells[3 * i + 2])
                            for i, c in enumerate(others)
                            if cells[3 * i]
                        },
                    }
                )
        added = con.execute(
            f"select {keys} from {new} as n anti join {old} as o on {on} "
            f"order by n.__row limit $limit",
            {"limit": limit},
        ).fetchall()
        removed = con.execute(
            f"select {old_keys} from {old} as o anti join {new} as n on {on} "
            f"order by all limit $limit",
            {"limit": limit},
        ).fetchall()
        out[name] = {
            "changed": changed,
            "added": [dict(zip(key, k, strict=True)) for k in added],
            "removed": [dict(zip(key, k, strict=True)) for k in removed],
        }
    return out


class RestoreRefused(ValueError):
    """A restore that would leave an inspection recorded in the app without its studio; the
    message (Chinese) names them."""


def restore(con: duckdb.DuckDBPyConnection, import_id: int, user: str | None = None) -> int | None:
    """Bring back the data as it was before import ``import_id``; returns the new log id (None
    for an unknown import). RestoreRefused, and nothing changed, when the app's inspection
    records would lose their studio."""
    where = db.store_of(con)
    with WRITE_LOCK, store.writing(where):
        catch_up(con)
        return _restore(con, where, import_id, user)


def restore_as(con: duckdb.DuckDBPyConnection, import_id: int, username: str) -> tuple[bool, str]:
    """An administrator's restore from the app, on a cursor of its own, audited: whether it was
    done, and what to tell them."""
    from .auth import audit

    cur = con.cursor()
    try:
        new_id = restore(cur, import_id, user=username)
    except RestoreRefused as refused:
        return False, str(refused)
    finally:
        cur.close()
    audit(con, username, "restore", {"before_import": import_id})
    return True, labels.RESTORE_OK.format(import_id=import_id, new_id=new_id)


def _restore(con, where, import_id: int, user: str | None) -> int | None:
    log = store.chain(where)
    if import_id not in {e["import_id"] for e in log}:
        return None
    before = [e for e in log if e["import_id"] < import_id]
    state = before[-1]["state"] if before else {}
    store.attach(con, where, {holder for holder, _ in state.values()})
    con.execute("begin")  # the views on the restored state, to ask; then put back
    try:
        point_views(
            con,
            {
                s.table: store.table_of(s.table, state[s.name][0])
                if s.name in state
                else version_table(s.table, 0)
                for s in SHEETS
            },
        )
        orphans = con.execute(sql("app_inspections_orphans")).fetchall()
    finally:
        con.execute("rollback")
    if orphans:  # the app's records must keep their studio (as an import's check holds)
        raise RestoreRefused(
            labels.RESTORE_ORPHANS.format(
                n=len(orphans),
                records=labels.LIST_SEP.join(
                    labels.RESTORE_ORPHAN.format(id=i, studio=s) for i, s in orphans[:10]
                ),
            )
        )
    new_id = store.next_id(where)
    store.commit(
        where,
        {
            "import_id": new_id,
            "kind": "restore",
            "imported_at": dt.datetime.now().isoformat(sep=" ", timespec="microseconds"),
            "by_user": user or whoami(),
            "files": [],
            "rows": {sheet: n for sheet, (_, n) in state.items()},
            "warnings": [],
            "restored_to": import_id,
            "is_sample": bool(before and before[-1]["is_sample"]),
            "previous": log[-1]["import_id"],
            "state": state,
        },
    )
    note_commit()
    catch_up(con)
    return new_id


def catch_up(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Bring con to the store's current state (store.sync), then do what follows a commit for
    what is new to it: an import or restore made here, or by another process."""
    new = store.sync(con, db.store_of(con))
    after_commit(con)
    return new


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """catch_up when the store's CURRENT moved since this process last looked (a stat): the
    server calls this at the start of every script run, on a cursor of its own."""
    with closing(con.cursor()) as cur:
        where = db.store_of(cur)
        mark = store.moved(where)
        # Busy: another run is catching up, or an import of this process is committing (and
        # will catch up itself); this run reads the state its snapshot has, whole.
        if mark is not None and WRITE_LOCK.acquire(blocking=False):
            try:
                catch_up(cur)
            finally:
                WRITE_LOCK.release()
            store.seen(where, mark)


def after_commit(con: duckdb.DuckDBPyConnection) -> None:
    """What the owner of the app's database does for every import or restore past the last one
    it did this for (`caught_up`, kept in the app's database: a server killed halfway does the
    rest at its next start): real data retires the demo accounts and voids the records made on
    the sample; then the stored marts and the readers' copies are made again. A reader does
    none of it (connect_reader retires sample records in its own copy)."""
    if not db.is_owner(con):
        return
    new = con.execute(
        "select import_id, kind, is_sample from import_log "
        "where import_id > (select max(import_id) from caught_up) order by import_id"
    ).fetchall()
    if not new:
        return
    from .auth import drop_demo_accounts  # auth imports this module

    for import_id, kind, is_sample in new:
        if kind == "import" and not is_sample:
            drop_demo_accounts(con)
            retire_sample_records(con, import_id)
    memo.store(con)
    store.mirror_app(con, db.store_of(con))
    con.execute("update caught_up set import_id = $id", {"id": new[-1][0]})


def retire_sample_records(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Inspections recorded in the app while the data was the bundled sample are demo records
    (its studio ids look like a real ledger's): real data voids them, kept with the reason, as
    it retires the demo accounts."""
    con.execute(
        "update app_inspections set voided_at = current_timestamp, voided_by = $by, "
        "void_reason = $why where voided_at is null and coalesce((select is_sample from "
        "import_log where import_id = (select max(import_id) from import_log "
        "where import_id < $id)), false)",
        {"id": import_id, "by": labels.VOID_BY_SYSTEM, "why": labels.VOID_SAMPLE},
    )


def whoami() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
