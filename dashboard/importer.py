"""Reads the federation's exports, normalises and validates them, and loads them all or nothing.

Flow: find the sheets in the files (sources.py: xlsx workbooks checked by xlsx_guard.py, per-sheet
CSV read by csv_source.py, folders) -> map each header to the contract's columns -> read each
sheet once into a temporary DuckDB table, its rows numbered and its cells normalised on the way
(load.py, with the SQL macros of ``queries/macros``: normalise.py) -> collect every problem with
its file, sheet, Excel row,
column and value (checks.py) -> if there is none, write the sheets as the store's next import
and make it current in one atomic step (store.py). Nothing is half-written: any failure leaves
the current state as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import db, labels, settings, store
from .checks import collect_problems, collect_warnings
from .contract import SHEETS
from .csv_source import sha256
from .db import ident
from .headers import Mapping, check_mapping
from .load import example_warnings, load_all
from .problems import Problem
from .sources import expand, find_sources
from .versions import (
    WRITE_LOCK,
    catch_up,
    count_changes,
    count_rows,
    first_changes,
    note_commit,
    whoami,
)

Progress = Callable[[str, str, float], None]  # (stage, what, fraction done)
# The named steps of an import at which on_step is called: a sheet's text loaded, a version
# table written, the commit about to be made. Tests kill the process there (tests/killed_import.py).
STEPS = ("after_read", "after_write", "before_commit")
OnStep = Callable[[str], None]


@dataclass
class ImportResult:
    ok: bool
    import_id: int | None = None
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[Problem] = field(default_factory=list)
    changes: dict[str, dict[str, int]] = field(default_factory=dict)  # dry run: per-sheet diff
    # dry run, per keyed sheet: the first changed rows and added/removed keys (first_changes)
    changed_rows: dict[str, dict[str, list[dict]]] = field(default_factory=dict)
    reconciled: int = 0  # inspections recorded in the app that this import's 检查记录 now holds
    log: dict | None = None  # the store's log entry of a committed import (store.py)
    skipped: bool = False  # the bundled sample, not loaded: the store holds data already
    # per sheet read: its file, header row and headers, the required columns missing, the
    # headers read as no column, and the layout's fingerprint (sources._find_header)
    layouts: dict[str, dict] = field(default_factory=dict)

    def summary(self) -> str:
        """A committed import in a sentence: its number, and the app's records it reconciled."""
        text = labels.UPLOAD_DONE.format(import_id=self.import_id)
        return text + (
            labels.IMPORT_RECONCILED.format(n=self.reconciled) if self.reconciled else ""
        )


def import_files(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[os.PathLike | str],
    user: str | None = None,
    progress: Progress | None = None,
    is_sample: bool = False,
    dry_run: bool = False,
    on_step: OnStep | None = None,
    mapping: Mapping | list[tuple] | None = None,
) -> ImportResult:
    """Import the files all or nothing; on any problem the database is left as it was.

    With dry_run, everything is checked and the per-sheet changes are counted (rows added,
    removed, changed, unchanged), then the transaction is rolled back: the preview.
    on_step(name) is called at each of STEPS as the import passes it. mapping reads a file's
    header as a contract column: {header: column} on every sheet, {(sheet, header): column} on
    one (headers.py), or such pairs in a list (the CLI's --map, refused when a header is twice); the result's layouts tell, per sheet read, the headers missing and unknown."""
    progress = progress or (lambda stage, what, frac: None)
    on_step = on_step or (lambda name: None)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    files = expand(paths)
    given, refused = check_mapping(mapping or {})
    if refused:
        return ImportResult(False, problems=refused, problem_count=len(refused))
    layouts: dict[str, dict] = {}
    where = db.store_of(con)
    with (
        tempfile.TemporaryDirectory(prefix="studiodash-") as workdir,
        store.incoming(con, where) as into,
    ):
        try:
            progress("read", "", 0.0)
            found = find_sources(files, Path(workdir), problems, warnings, given, layouts)
            # The sheets are staged before the transaction, in the file that becomes the
            # import's (store.incoming): a file DuckDB cannot read is a problem to list, and a
            # failed statement would abort the transaction.
            found = load_all(con, found, problems, progress, on_step, into)
            if dry_run:
                with WRITE_LOCK:
                    catch_up(con)
                result = _checked(con, files, found, problems, warnings, progress, dry_run=True)
                result.layouts = layouts
                return result
            with WRITE_LOCK, store.writing(where):
                catch_up(con)  # the state as it is now: another process may have imported
                if is_sample and store.current(where):  # real data came first: keep it
                    return ImportResult(False, skipped=True)
                con.execute("begin")
                try:
                    result = _checked(con, files, found, problems, warnings, progress)
                    con.execute("commit")  # its writes are the work tables only
                except BaseException:
                    con.execute("rollback")
                    raise
                result.layouts = layouts
                if result.ok:
                    result = _write(
                        con, where, into, files, found, result, user, is_sample, on_step
                    )
                    on_step("before_commit")
                    store.commit(where, result.log)
                    note_commit()
                    catch_up(con)
            progress("done", "", 1.0)
            return result
        finally:
            _drop_work_tables(con)


def _drop_work_tables(con) -> None:
    """The importer's temporary tables outlive a commit; drop them so the next import starts clean."""
    for (name,) in con.execute(
        "select view_name from duckdb_views() where temporary and not internal"
    ).fetchall():
        con.execute(f"drop view if exists temp.{ident(name)}")
    for (name,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall():
        con.execute(f"drop table if exists temp.{ident(name)}")


def _checked(con, files, found, problems, warnings, progress, dry_run: bool = False):
    """Normalise and check the sheets read: the problems, or the rows to write (and with dry_run
    the changes counted against the current data)."""
    sources = {s.sheet.name: s for s in found}
    warnings += example_warnings(con)  # template example rows left in, dropped by load.py
    progress("check", "", 0.0)
    cell_problems, count = collect_problems(con, sources, int(settings.get("max_problems")))
    if not problems and not sources:
        problems.append(
            Problem(
                "—",
                reason=labels.REASON["no_sheets"].format(
                    sheets=labels.LIST_SEP.join(s.name for s in SHEETS)
                ),
            )
        )
    if problems or count:
        all_problems = problems + cell_problems
        return ImportResult(
            False,
            problems=all_problems[: int(settings.get("max_problems"))],
            problem_count=len(problems) + count,
            warnings=warnings,
        )
    warnings += collect_warnings(con, sources)
    rows = {n: count_rows(con, f"stage_{s.sheet.table}") for n, s in sources.items()}
    if dry_run:
        return ImportResult(
            True,
            rows=rows,
            warnings=warnings,
            changes=count_changes(con, sources),
            changed_rows=first_changes(con, sources),
        )
    reconciled = _reconciled(con, sources)  # before the views show the new sheets
    return ImportResult(True, rows=rows, warnings=warnings, reconciled=reconciled)


def _write(con, where, into, files, found, checked, user, is_sample, on_step) -> ImportResult:
    """Keep the staged file (attached as `into`) as the store's next import (store.keep): each
    sheet's stage trimmed to its contract columns and _row, renamed raw_<table>, in the file's
    order as read (load.py numbers the rows as it reads them). Then its log entry, whose state
    carries the sheets this import did not bring from the current one."""
    import_id = store.next_id(where)
    previous = store.current(where)
    state = dict(store.entry(where, previous)["state"]) if previous else {}
    order = sorted(found, key=lambda src: SHEETS.index(src.sheet))
    tables = {}
    for src in order:
        staged = f"stage_{src.sheet.table}"
        held = {c.name for c in src.sheet.columns} | {"__row"}
        extra = [
            name
            for (name,) in con.execute(
                "select column_name from duckdb_columns() where database_name = $d "
                "and table_name = $t order by column_index",
                {"d": into, "t": staged},
            ).fetchall()
            if name not in held
        ]
        tables[staged] = [f"raw_{src.sheet.table}", extra, {"__row": "_row"}]
        state[src.sheet.name] = [import_id, checked.rows[src.sheet.name]]
    _drop_work_tables(con)  # the views on the staged tables, before they are renamed
    store.keep(con, where, into, import_id, tables)
    on_step("after_write")
    log = {
        "import_id": import_id,
        "kind": "import",
        "imported_at": dt.datetime.now().isoformat(sep=" ", timespec="microseconds"),
        "by_user": user or whoami(),
        "files": [{"name": f.name, "sha256": sha256(f), "bytes": f.stat().st_size} for f in files],
        "rows": {src.sheet.name: checked.rows[src.sheet.name] for src in order},
        "warnings": [str(w) for w in checked.warnings],
        "restored_to": None,
        "is_sample": is_sample,
        "previous": previous or None,
        "state": state,
    }
    return ImportResult(
        True,
        import_id,
        log["rows"],
        warnings=checked.warnings,
        reconciled=checked.reconciled,
        log=log,
    )


def _reconciled(con, sources) -> int:
    """The app's records (dashboard/inspections.py, not voided) whose 检查编号 the imported
    检查记录 holds and the data before it did not: from now on the imported row stands for each
    (stg_inspections). Read before the views show the new sheets."""
    src = next((s for s in sources.values() if s.sheet.table == "inspections"), None)
    if src is None:
        return 0
    key = ident(src.sheet.unique[0][0])
    return con.execute(
        f"select count(*) from app_inspections where voided_at is null "
        f"and {key} in (select {key} from stage_inspections) "
        f"and {key} not in (select {key} from raw_inspections)"
    ).fetchone()[0]
