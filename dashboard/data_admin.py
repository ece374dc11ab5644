"""数据管理's upload steps, for views/admin_data.py: import the uploads (a preview first), show the
problems of a refused file and the changes of an accepted one."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import exports, labels, ui
from dashboard.importer import ImportResult, import_files
from dashboard.state import connection


def run_import(uploaded: list, username: str, dry_run: bool) -> ImportResult:
    """Save the uploads under their own names and import them (a cursor of our own)."""
    bar = st.progress(0.0, text=labels.UPLOAD_CHECKING)

    def progress(stage: str, what: str, frac: float) -> None:
        bar.progress(min(max(frac, 0.0), 1.0), text=f"{labels.PROGRESS[stage]} {ui.plain(what)}")

    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        paths = []
        for file in uploaded:
            path = Path(folder) / Path(file.name).name
            path.write_bytes(file.getvalue())
            paths.append(path)
        cur = connection().cursor()
        try:
            result = import_files(cur, paths, user=username, progress=progress, dry_run=dry_run)
        finally:
            cur.close()
    bar.empty()
    return result


def show_problems(preview: ImportResult) -> None:
    """Every problem of a refused upload, as a table and a CSV to fix the file by."""
    st.error(labels.UPLOAD_PROBLEMS.format(count=preview.problem_count))
    problems = pd.DataFrame([p.as_dict() for p in preview.problems]).rename(
        columns=labels.PROBLEM_COLUMNS
    )
    st.dataframe(problems, hide_index=True, key="problems", height=ui.table_height(len(problems)))
    ui.download(
        labels.UPLOAD_PROBLEMS_CSV,
        lambda: exports.csv_bytes(problems),
        labels.UPLOAD_PROBLEMS_FILE,
        key="problems_csv",
        mime="text/csv",
    )


def show_changes(preview: ImportResult) -> None:
    """What confirming would change, per sheet: rows added, removed, changed, unchanged."""
    changes = pd.DataFrame(
        [
            {"sheet": sheet, "rows": preview.rows[sheet], **counts}
            for sheet, counts in preview.changes.items()
        ]
    )
    st.dataframe(changes.rename(columns=labels.CHANGE_COLUMNS), hide_index=True, key="changes")
