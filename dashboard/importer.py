"""Reads the federation's exports, normalises and validates them, and loads them all or nothing.

Flow: find the sheets in the files (sources.py: xlsx workbooks checked by xlsx_guard.py, per-sheet
CSV read by csv_source.py, folders) -> map each header to the contract's columns -> load every
cell as text into a temporary DuckDB table (load.py) -> normalise with the SQL macros of
``queries/macros`` (normalise.py) -> collect every problem with its file, sheet, Excel row,
column and value (checks.py) -> if there is none, write new version tables and point the views
at them, in the same transaction (versions.py). Nothing is half-written: any failure rolls back.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import labels, memo, settings
from .auth import drop_demo_accounts
from .checks import collect_problems, collect_warnings
from .contract import SHEETS
from .db import ident, version_table
from .load import load_all
from .normalise import normalise
from .problems import Problem
from .sources import expand, find_sources
from .versions import WRITE_LOCK, count_changes, count_rows, note_commit, save_state, whoami

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
    reconciled: int = 0  # inspections recorded in the app that this import's 检查记录 now holds

    def summary(self) -> str:
        """A committed import in a sentence: its number, and the app's records it reconciled."""
        text = labels.UPLOAD_DONE.format(import_id=self.import_id)
        return text + (
            labels.IMPORT_RECONCILED.format(n=self.reconciled) if self.reconciled else ""
        )


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_files(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[os.PathLike | str],
    user: str | None = None,
    progress: Progress | None = None,
    is_sample: bool = False,
    dry_run: bool = False,
    on_step: OnStep | None = None,
) -> ImportResult:
    """Import the files all or nothing; on any problem the database is left as it was.

    With dry_run, everything is checked and the per-sheet changes are counted (rows added,
    removed, changed, unchanged), then the transaction is rolled back: the preview.
    on_step(name) is called at each of STEPS as the import passes it."""
    progress = progress or (lambda stage, what, frac: None)
    on_step = on_step or (lambda name: None)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    files = expand(paths)
    with tempfile.TemporaryDirectory(prefix="studiodash-") as workdir:
        try:
            progress("read", "", 0.0)
            found = find_sources(files, Path(workdir), problems, warnings)
            # Text goes into temporary tables before the transaction: a file DuckDB cannot
            # read is a problem to list, and a failed statement would abort the transaction.
            found = load_all(con, found, problems, progress, on_step)
            with WRITE_LOCK if not dry_run else _NO_LOCK:
                con.execute("begin")
                try:
                    result = _import_in_transaction(
                        con,
                        files,
                        found,
                        problems,
                        warnings,
                        user,
                        progress,
                        on_step,
                        is_sample,
                        dry_run,
                    )
                    if result.ok and not dry_run:
                        on_step("before_commit")
                        con.execute("commit")
                        note_commit()
                        memo.store(con)
                    else:
                        con.execute("rollback")
                except BaseException:
                    con.execute("rollback")
                    raise
            progress("done", "", 1.0)
            return result
        finally:
            _drop_work_tables(con)


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_NO_LOCK = _NoLock()


def _drop_work_tables(con) -> None:
    """The importer's temporary tables outlive a commit; drop them so the next import starts clean."""
    for (name,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall():
        con.execute(f"drop table if exists temp.{ident(name)}")


def _import_in_transaction(
    con, files, found, problems, warnings, user, progress, on_step, is_sample, dry_run=False
):
    sources = {s.sheet.name: s for s in found}
    for n, src in enumerate(found):
        progress("check", src.sheet.name, n / max(len(found), 1))
        normalise(con, src.sheet)
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
    if dry_run:
        return ImportResult(
            True,
            rows={n: count_rows(con, f"stage_{s.sheet.table}") for n, s in sources.items()},
            warnings=warnings,
            changes=count_changes(con, sources),
        )
    import_id = con.execute("select coalesce(max(import_id), 0) + 1 from import_log").fetchone()[0]
    state = {
        r[0]: (r[1], r[2])
        for r in con.execute(
            "select sheet, version_table, rows from import_state "
            "where import_id = (select max(import_id) from import_log)"
        ).fetchall()
    }
    rows = {}
    for n, (name, src) in enumerate(
        sorted(sources.items(), key=lambda kv: SHEETS.index(kv[1].sheet))
    ):
        progress("write", name, n / max(len(sources), 1))
        table = version_table(src.sheet.table, import_id)
        cols = ", ".join(ident(c.name) for c in src.sheet.columns)
        # Sorted: DuckDB's parallel steps need not keep the file's order (see
        # tests/test_import.py::test_large_csv_keeps_the_file_order).
        con.execute(
            f"create table {table} as select {cols}, __row as _row "
            f"from stage_{src.sheet.table} order by __row"
        )
        rows[name] = con.execute(f"select count(*) from {table}").fetchone()[0]
        state[name] = (table, rows[name])
        on_step("after_write")
    con.execute(
        "insert into import_log values ($id, 'import', current_timestamp, $user, $files, "
        "$rows, $warnings, null, $sample)",
        {
            "id": import_id,
            "user": user or whoami(),
            "files": json.dumps(
                [{"name": f.name, "sha256": sha256(f), "bytes": f.stat().st_size} for f in files],
                ensure_ascii=False,
            ),
            "rows": json.dumps(rows, ensure_ascii=False),
            "warnings": json.dumps([str(w) for w in warnings], ensure_ascii=False),
            "sample": is_sample,
        },
    )
    if not is_sample:  # real data retires the demo accounts, in this same transaction
        drop_demo_accounts(con)
        _retire_sample_records(con, import_id)
    reconciled = _reconciled(con, sources)  # before the views show the new sheets
    save_state(con, import_id, state)
    return ImportResult(True, import_id, rows, warnings=warnings, reconciled=reconciled)


def _retire_sample_records(con, import_id: int) -> None:
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
