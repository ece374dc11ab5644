"""Versions of the data: every import writes new version tables and points the views at them;
a restore points them back. One writer at a time; what a dry run would change."""

from __future__ import annotations

import getpass
import json
import threading

import duckdb

from . import labels, memo
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


def save_state(
    con: duckdb.DuckDBPyConnection, import_id: int, state: dict[str, tuple[str, int]]
) -> None:
    if state:
        con.executemany(
            "insert into import_state values (?, ?, ?, ?)",
            [(import_id, sheet, table, n) for sheet, (table, n) in state.items()],
        )
    point_views(
        con,
        {
            s.table: state[s.name][0] if s.name in state else version_table(s.table, 0)
            for s in SHEETS
        },
    )


class RestoreRefused(ValueError):
    """A restore that would leave an inspection recorded in the app without its studio; the
    message (Chinese) names them."""


def restore(con: duckdb.DuckDBPyConnection, import_id: int, user: str | None = None) -> int | None:
    """Bring back the data as it was before import ``import_id``; returns the new log id (None
    for an unknown import). RestoreRefused, and nothing changed, when the app's inspection
    records would lose their studio."""
    with WRITE_LOCK:
        return _restore(con, import_id, user)


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


def _restore(con, import_id: int, user: str | None) -> int | None:
    con.execute("begin")
    try:
        if not con.execute(
            "select count(*) from import_log where import_id = $id", {"id": import_id}
        ).fetchone()[0]:
            con.execute("rollback")
            return None
        new_id = con.execute("select max(import_id) + 1 from import_log").fetchone()[0]
        state = {
            r[0]: (r[1], r[2])
            for r in con.execute(
                "select sheet, version_table, rows from import_state where import_id = "
                "(select max(import_id) from import_log where import_id < $id)",
                {"id": import_id},
            ).fetchall()
        }
        con.execute(
            "insert into import_log values ($id, 'restore', current_timestamp, $user, "
            "'[]', $rows, '[]', $to, "
            "coalesce((select is_sample from import_log where import_id = "
            "(select max(import_id) from import_log where import_id < $to)), false))",
            {
                "id": new_id,
                "user": user or whoami(),
                "to": import_id,
                "rows": json.dumps({k: v[1] for k, v in state.items()}, ensure_ascii=False),
            },
        )
        save_state(con, new_id, state)
        orphans = con.execute(sql("app_inspections_orphans")).fetchall()
        if orphans:  # the app's records must keep their studio (as an import's check holds)
            raise RestoreRefused(
                labels.RESTORE_ORPHANS.format(
                    n=len(orphans),
                    records=labels.LIST_SEP.join(
                        labels.RESTORE_ORPHAN.format(id=i, studio=s) for i, s in orphans[:10]
                    ),
                )
            )
        con.execute("commit")
        note_commit()
        memo.store(con)
        return new_id
    except BaseException:
        con.execute("rollback")
        raise


def whoami() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
