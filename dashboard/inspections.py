"""Inspections recorded in the app on site (现场检查录入): validate, submit, void, drafts, export.

A record is a 检查记录 row like an imported one, kept in app_inspections beside who recorded it
and when; nothing is ever deleted (a void is a correction with its reason, and the audit log has
both). queries/staging/stg_inspections.sql shows the imported rows and the app's that are not
voided and not yet in an import, so every figure that reads inspections (R4, R5, R7, C1, the
studio file, the explorer, the report) counts a record the moment it is committed. An import whose
检查记录 holds the same 检查编号 replaces the app's row (reconciled); a restore of an earlier import
shows it again, because the app's rows are never touched by an import.

A form is checked by the importer's own code (load.py, normalise.py, checks.py), as a one-row
检查记录 sheet: the same rules and the same Chinese messages as an imported row.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import closing
from pathlib import Path

import duckdb
import pandas as pd

from . import auth, db, labels, memo, store
from .checks import collect_problems
from .contract import ADMIN, SHEET_NAMES, SHEETS_BY_NAME
from .db import ident
from .importer import _drop_work_tables
from .load import load_text
from .problems import Problem
from .sources import Source
from .versions import WRITE_LOCK, note_commit

SHEET = SHEETS_BY_NAME[SHEET_NAMES["inspections"]]
KEY = SHEET.unique[0][0]  # 检查编号
STUDIO = next(c.name for c in SHEET.columns if c.ref)  # 工作室编号
FIELDS = tuple(c.name for c in SHEET.columns if c.name != KEY)  # what the form fills
CAN_RECORD = auth.CAN_RECORD
ID_PREFIX = "XC"  # 现场: XC-20261129-0001, numbered per day of recording


class InspectionError(ValueError):
    """A refused record or void; the message is for the user (Chinese)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def validate(con: duckdb.DuckDBPyConnection, fields: dict[str, object]) -> list[Problem]:
    """Every problem of the form as the importer finds it in a 检查记录 row (row 2 of a sheet
    with the form's fields as its header), on a cursor of its own: its work tables are its own."""
    with closing(con.cursor()) as cur:
        try:
            return _stage(cur, fields)
        finally:
            _drop_work_tables(cur)


def _stage(cur: duckdb.DuckDBPyConnection, fields: dict[str, object]) -> list[Problem]:
    """The form as the importer stages a sheet (temp table stage_inspections on cur: each
    column's text and its normalised, typed value) and the problems it finds there."""
    names = [KEY, *FIELDS]
    values = [labels.FORM_NEW_ID, *(_text(fields.get(name)) for name in FIELDS)]
    src = Source(
        file=Path(labels.FORM_FILE),
        sheet=SHEET,
        kind="xlsx",
        rows=[names, values],
        header_row=1,
        mapping={name: n for n, name in enumerate(names)},
        width=len(names),
    )
    load_text(cur, src)
    problems, _ = collect_problems(cur, {SHEET.name: src}, 100, one_sheet=True)
    return sorted(problems, key=lambda p: names.index(p.column) if p.column in names else 0)


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _refuse_unless(user: auth.User | None, roles: frozenset[str]) -> None:
    if user is None or user.role not in roles:
        raise InspectionError(labels.INSPECT_NOT_ALLOWED)


def submit(con: duckdb.DuckDBPyConnection, user: auth.User, fields: dict[str, object]) -> str:
    """Record the form: checked as an imported row, numbered, stored, audited, the draft dropped
    and the stored marts brought up to date; returns the new 检查编号.

    Checked and stored under the write lock, on one cursor: no import can remove the studio
    between the check and the write, and what is stored is the importer's normalised value of
    each cell (the stage's typed columns), not the text typed."""
    _refuse_unless(user, CAN_RECORD)
    with WRITE_LOCK, closing(con.cursor()) as cur:
        try:
            problems = _stage(cur, fields)
            if problems:
                text = "\n".join(map(str, problems))
                raise InspectionError(
                    labels.INSPECT_REFUSED.format(n=len(problems)) + "\n" + text, problems
                )
            inspection_id, kept = _insert(cur, user, fields)
        finally:
            _drop_work_tables(cur)
        note_commit()
        if not kept:  # under the lock: two stores at once conflict in the catalog
            _store_marts(con)
        store.mirror_app(con, db.store_of(con))  # what readers in other processes see
    return inspection_id


def _insert(cur: duckdb.DuckDBPyConnection, user: auth.User, fields: dict) -> tuple[str, bool]:
    """The staged row into app_inspections with its number, who and when; the draft dropped,
    the audit entry and the studio's stored marts, all in one transaction. Returns the number
    and whether the stored marts were brought up to date (else they must be stored again)."""
    cur.execute("begin")
    try:
        now = cur.execute("select current_timestamp::timestamp").fetchone()[0]
        inspection_id = _next_id(cur, now.date())
        cols = ", ".join(ident(c) for c in FIELDS)
        cur.execute(
            f"insert into app_inspections ({ident(KEY)}, {cols}, recorded_by, recorded_at) "
            f"select $id, {cols}, $by, $at from stage_inspections",
            {"id": inspection_id, "by": user.username, "at": now},
        )
        studio_id = cur.execute(f"select {ident(STUDIO)} from stage_inspections").fetchone()[0]
        _drop_draft(cur, user.username, studio_id)
        _audit(cur, user, "inspection_add", {"inspection_id": inspection_id, **_shown(fields)})
        kept = memo.refresh_studio(cur, studio_id)
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise
    return inspection_id, kept


def _store_marts(con: duckdb.DuckDBPyConnection) -> None:
    """The stored marts (memo.py) for the data as it now is, on a cursor of its own."""
    with closing(con.cursor()) as cur:
        memo.store(cur)


def _next_id(cur: duckdb.DuckDBPyConnection, day: dt.date) -> str:
    prefix = f"{ID_PREFIX}-{day.strftime('%Y%m%d')}-"
    taken = {  # the app's own, and any an import holds (a ledger may hold one from elsewhere)
        r[0]
        for r in cur.execute(
            f"select {ident(KEY)} from app_inspections where starts_with({ident(KEY)}, $p) "
            f"union select {ident(KEY)} from raw_inspections where starts_with({ident(KEY)}, $p)",
            {"p": prefix},
        ).fetchall()
    }
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


def _shown(fields: dict[str, object]) -> dict[str, str | None]:
    return {name: _text(fields.get(name)) for name in FIELDS}


def _audit(cur: duckdb.DuckDBPyConnection, user: auth.User, action: str, detail: dict) -> None:
    cur.execute(
        "insert into audit_log (logged_at, username, action, detail) values "
        "(current_timestamp, $u, $a, $d)",
        {"u": user.username, "a": action, "d": json.dumps(detail, ensure_ascii=False)},
    )


def void(con: duckdb.DuckDBPyConnection, user: auth.User, inspection_id: str, reason: str) -> None:
    """An administrator's correction: the record stays, marked void with who, when and why; it
    no longer counts anywhere. Audited."""
    _refuse_unless(user, frozenset({ADMIN}))
    reason = (reason or "").strip()
    if not reason:
        raise InspectionError(labels.VOID_NEEDS_REASON)
    with WRITE_LOCK, closing(con.cursor()) as cur:
        cur.execute("begin")
        try:
            found = cur.execute(
                f"select voided_at, {ident(STUDIO)} from app_inspections where {ident(KEY)} = $id",
                {"id": inspection_id},
            ).fetchone()
            if found is None or found[0] is not None:
                raise InspectionError(labels.VOID_UNKNOWN.format(id=inspection_id))
            studio_id = found[1]
            cur.execute(
                "update app_inspections set voided_at = current_timestamp, voided_by = $by, "
                f"void_reason = $why where {ident(KEY)} = $id",
                {"id": inspection_id, "by": user.username, "why": reason},
            )
            _audit(cur, user, "inspection_void", {"inspection_id": inspection_id, "reason": reason})
            stored = memo.refresh_studio(cur, studio_id)
            cur.execute("commit")
        except BaseException:
            cur.execute("rollback")
            raise
        note_commit()
        if not stored:  # under the lock: two stores at once conflict in the catalog
            _store_marts(con)
        store.mirror_app(con, db.store_of(con))


def save_draft(
    con: duckdb.DuckDBPyConnection, user: auth.User, studio_id: str, fields: dict[str, object]
) -> None:
    """Keep the form as typed, on the server, per user and studio (a reload or a lost
    connection loses nothing)."""
    text = json.dumps(_shown(fields), ensure_ascii=False)
    auth._write(
        con,
        "insert or replace into inspection_drafts values ($u, $s, $f, current_timestamp)",
        {"u": user.username, "s": studio_id, "f": text},
    )


def load_draft(con: duckdb.DuckDBPyConnection, user: auth.User, studio_id: str) -> dict | None:
    with closing(con.cursor()) as cur:
        row = cur.execute(
            "select fields from inspection_drafts where username = $u and studio_id = $s",
            {"u": user.username, "s": studio_id},
        ).fetchone()
    return None if row is None else json.loads(row[0])


def drop_draft(con: duckdb.DuckDBPyConnection, user: auth.User, studio_id: str) -> None:
    with closing(con.cursor()) as cur:
        _drop_draft(cur, user.username, studio_id)


def _drop_draft(cur: duckdb.DuckDBPyConnection, username: str, studio_id: str) -> None:
    cur.execute(
        "delete from inspection_drafts where username = $u and studio_id = $s",
        {"u": username, "s": studio_id},
    )


def export_frame(
    con: duckdb.DuckDBPyConnection, since: dt.date | None = None, unit: str | None = None
) -> pd.DataFrame:
    """The app's records not voided and not yet in an import, recorded on or after `since`,
    in the unit scope: a 检查记录 sheet in the contract's exact columns."""
    from . import db

    frame = db.run(con, "app_inspections_export", since=since, unit=unit)
    return frame[[c.name for c in SHEET.columns]]


def sheet_files(frame: pd.DataFrame) -> dict[str, bytes]:
    """The sheet as 检查记录.xlsx (one sheet, its header in row 1) and 检查记录.csv (UTF-8 with
    BOM): formula-safe, as every export."""
    from .exports import csv_bytes, plain_xlsx

    return {
        f"{SHEET.name}.xlsx": plain_xlsx(SHEET.name, frame, dates=_dates()),
        f"{SHEET.name}.csv": csv_bytes(_as_text(frame)),
    }


def _dates() -> list[str]:
    return [c.name for c in SHEET.columns if c.kind == "date"]


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in _dates():
        out[name] = out[name].map(
            lambda d: None if pd.isna(d) else pd.Timestamp(d).date().isoformat()
        )
    return out
