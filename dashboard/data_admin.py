"""数据管理's upload steps, for views/admin_data.py: import the uploads (a preview first), show the
problems of a refused file and the changes of an accepted one."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import auth, exports, headers, labels, lists, ui
from dashboard.contract import SHEETS_BY_NAME
from dashboard.importer import ImportResult, import_files
from dashboard.problems import Problem
from dashboard.state import connection


def run_import(
    uploaded: list, username: str, dry_run: bool, mapping: dict | None = None
) -> ImportResult:
    """Save the uploads under their own names and import them (a cursor of our own), reading
    headers by the mapping confirmed in the mapping step (header_mapping)."""
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
            result = import_files(
                cur, paths, user=username, progress=progress, dry_run=dry_run, mapping=mapping
            )
        finally:
            cur.close()
    bar.empty()
    return result


def problem_card(problem: Problem) -> lists.Card:
    """One problem as a phone's card: where (file › sheet › row), the cell and its value, why,
    and the likely meant value."""
    row = labels.ROW.format(row=problem.row) if problem.row else ""
    where = labels.WHERE_SEP.join(p for p in (problem.file, problem.sheet, row) if p)
    cell = problem.column
    if problem.value is not None:
        cell = labels.CARD_PROBLEM_CELL.format(column=problem.column, value=problem.value)
    suggestion = problem.suggestion and labels.SUGGESTION.format(suggestion=problem.suggestion)
    return lists.Card(where, "", [t for t in (cell, problem.reason, suggestion) if t])


def history_cards(shown: pd.DataFrame) -> list[lists.Card]:
    """导入历史 (as the page shows it: labels.HISTORY_COLUMNS, — for nothing) as a phone's cards:
    number and time, the kind on the pill, the files, who and how many rows, and for a restore
    the import it went back before."""
    c = labels.HISTORY_COLUMNS
    cards = []
    for row in shown.head(lists.MAX_CARDS).to_dict("records"):
        by = labels.HISTORY_BY_ROWS if row[c["rows"]] else labels.HISTORY_BY
        facts = [row[c["files"]]] if row[c["files"]] not in ("", labels.MISSING) else []
        facts.append(by.format(user=row[c["by_user"]], rows=row[c["rows"]]))
        if row[c["restored_to"]] != labels.MISSING:
            facts.append(labels.HISTORY_RESTORED.format(import_id=row[c["restored_to"]]))
        title = labels.HISTORY_TITLE.format(id=row[c["import_id"]], at=row[c["imported_at"]])
        cards.append(lists.Card(title, row[c["kind"]], facts))
    return cards


def show_problems(preview: ImportResult) -> None:
    """Every problem of a refused upload, as a table and a CSV to fix the file by."""
    st.error(labels.UPLOAD_PROBLEMS.format(count=preview.problem_count))
    problems = pd.DataFrame([p.as_dict() for p in preview.problems]).rename(
        columns=labels.PROBLEM_COLUMNS
    )
    shown = problems.astype(object).where(problems.notna(), "")  # no grey "None" cells
    cards = [problem_card(p) for p in preview.problems[: lists.MAX_CARDS]]
    ui.show_table(
        (shown, {}),
        "problems",
        most=20,
        cards=cards,
        total=preview.problem_count,
        more=labels.CARDS_MORE_EXPORT,
    )
    ui.download(
        labels.UPLOAD_PROBLEMS_CSV,
        lambda: exports.csv_bytes(problems),
        labels.UPLOAD_PROBLEMS_FILE,
        key="problems_csv",
        mime="text/csv",
    )


def show_changes(preview: ImportResult) -> None:
    """What confirming would change, per sheet: rows added, removed, changed, unchanged; then per
    sheet with a key and a change, its first changed rows (each changed cell as 原值 → 新值 on
    amber: the colour is never the only sign) and the keys of its first rows added and removed."""
    changes = pd.DataFrame(
        [
            {"sheet": sheet, "rows": preview.rows[sheet], **counts}
            for sheet, counts in preview.changes.items()
        ]
    )
    ui.grid(changes.rename(columns=labels.CHANGE_COLUMNS), key="changes")
    moved = [s for s, c in preview.changes.items() if c["added"] or c["removed"] or c["changed"]]
    unkeyed = [s for s in moved if s not in preview.changed_rows]
    if unkeyed:
        st.caption(ui.plain(labels.CHANGES_NO_KEY.format(sheets=labels.LIST_SEP.join(unkeyed))))
    for n, sheet in enumerate(s for s in moved if s in preview.changed_rows):
        with st.expander(labels.CHANGE_DETAIL.format(sheet=sheet), expanded=n == 0):
            _sheet_detail(sheet, preview.changes[sheet], preview.changed_rows[sheet])


SHRINK = 0.5  # an import that leaves a sheet this much smaller is asked twice


def shrinks(preview: ImportResult) -> list[str]:
    """The sheets the previewed import would leave at least SHRINK smaller (in rows), each
    as 工作室名录 290 → 2 行 (a partial export uploaded by mistake would replace the whole sheet).
    None while the data is the bundled sample, which real data replaces in full."""
    out = []
    if auth.sample_shown(connection()):
        return out
    for sheet, c in preview.changes.items():
        now = c["removed"] + c["changed"] + c["unchanged"]  # rows, where edits count as kept
        if now and preview.rows[sheet] <= (1 - SHRINK) * now:
            out.append(labels.ROWS_CHANGE.format(sheet=sheet, now=now, after=preview.rows[sheet]))
    return out


def upload_ok(shrinks: list[str]) -> str:
    """The line above a clean preview's changes: 校验通过, or its warning when sheets shrink."""
    if not shrinks:
        return labels.UPLOAD_OK
    return labels.UPLOAD_SHRINK.format(changes=labels.LIST_SEP.join(shrinks))


def confirm_import(shrinks: list[str]) -> bool:
    """True on the run where the import is confirmed: one click, or, when sheets would shrink,
    a second step that names them again."""
    if not shrinks:
        return st.button(labels.UPLOAD_CONFIRM, type="primary", key="confirm_import")
    question = labels.UPLOAD_SHRINK_CONFIRM.format(changes=labels.LIST_SEP.join(shrinks))
    return ui.confirm("confirm_import", labels.UPLOAD_CONFIRM, question, labels.UPLOAD_SHRINK_YES)


def _sheet_detail(sheet: str, counts: dict[str, int], found: dict[str, list[dict]]) -> None:
    """One sheet's changed rows as a table from 640 px; below, one line per changed cell, which a
    phone reads without scrolling sideways (ui.CSS hides the other); then the added and removed."""
    table = SHEETS_BY_NAME[sheet].table
    st.caption(labels.CHANGE_DETAIL_NOTE.format(**counts, shown=len(found["changed"])))
    if found["changed"]:
        frame, key = changed_table(found["changed"])
        with st.container(key=f"grid_changed_{table}"):
            st.caption(labels.CHANGE_BLANK_NOTE)
            ui.grid(
                frame.style.map(_amber, subset=frame.columns[len(key) + 1 :]),
                key=f"changed_{table}",
                height=ui.table_height(len(frame)),
            )
        cells = changed_cells(found["changed"])
        with st.container(key=f"cards_changed_{table}"):
            ui.grid(
                cells.style.map(_amber, subset=[labels.CHANGE_VALUE]),
                key=f"cells_{table}",
                height=ui.table_height(len(cells)),
            )
    if found["added"] or found["removed"]:
        st.caption(labels.CHANGE_KEYS_NOTE)
        keys = [
            {labels.CHANGE_KIND: kind, **k}
            for kind, ks in ((labels.CHANGE_ADDED, found["added"]),
                             (labels.CHANGE_REMOVED, found["removed"]))
            for k in ks
        ]  # fmt: skip
        frame = pd.DataFrame(keys).astype(str)
        ui.grid(frame, key=f"keys_{table}", height=ui.table_height(len(frame)))


def changed_table(rows: list[dict]) -> tuple[pd.DataFrame, list[str]]:
    """versions.first_changes' changed rows as a table: the key, the file's row, then every
    column changed in any of them (原值 → 新值 where that row changed it, else blank)."""
    key = list(rows[0]["key"])
    columns = list(dict.fromkeys(c for r in rows for c in r["cells"]))
    frame = pd.DataFrame(
        [
            {
                **{k: _shown(v) for k, v in r["key"].items()},
                labels.CHANGE_ROW: str(r["row"]),
                **{c: _arrow(old, new) for c, (old, new) in r["cells"].items()},
            }
            for r in rows
        ],
        columns=[*key, labels.CHANGE_ROW, *columns],
    )
    return frame.fillna(""), key


def changed_cells(rows: list[dict]) -> pd.DataFrame:
    """The same changes one line per changed cell: the key, the column, 原值 → 新值."""
    key = list(rows[0]["key"])
    return pd.DataFrame(
        [
            {
                **{k: _shown(v) for k, v in r["key"].items()},
                labels.CHANGE_COLUMN: column,
                labels.CHANGE_VALUE: _arrow(old, new),
            }
            for r in rows
            for column, (old, new) in r["cells"].items()
        ],
        columns=[*key, labels.CHANGE_COLUMN, labels.CHANGE_VALUE],
    )


def _arrow(old: object, new: object) -> str:
    return labels.CHANGE_ARROW.format(old=_shown(old), new=_shown(new))


CHANGED_CELL = "background-color: #fde9b8"  # the 关注 amber of ui.CSS's pills


def _amber(value: str) -> str:
    return CHANGED_CELL if value else ""


def _shown(value: object) -> str:
    """A cell as the preview writes it: blank as —, 10.0 as 10, a date as YYYY-MM-DD."""
    if value is None:
        return labels.MISSING
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- the mapping step: headers the file writes its own way --------------------------------------
MAP_STATE = "header_mapping"  # session: {"files": the uploads' signature, "mapping": {...}}


def _signature(uploaded: list) -> tuple:
    return tuple((u.name, u.size) for u in uploaded)


def header_mapping(uploaded: list) -> dict | None:
    """The mapping confirmed in this session for these uploads: {(sheet, header): column}."""
    held = st.session_state.get(MAP_STATE)
    return held["mapping"] if held and held["files"] == _signature(uploaded) else None


def can_map(preview: ImportResult) -> bool:
    """A sheet misses required columns and has headers read as no column: the mapping step."""
    return any(layout["missing"] and layout["unknown"] for layout in preview.layouts.values())


def mapping_step(preview: ImportResult, uploaded: list, username: str) -> None:
    """Each missing column with a select of the sheet's unknown headers, preselected by the
    mapping confirmed for this layout before, else by similarity; confirming remembers it per
    layout (audited) and previews again with it."""
    layouts = {s: lay for s, lay in preview.layouts.items() if lay["missing"] and lay["unknown"]}
    memory = headers.recall(connection(), [lay["fingerprint"] for lay in layouts.values()])
    chosen: dict[str, dict[str, str]] = {}
    with st.container(border=True, key="mapping_step"):
        st.subheader(labels.MAP_TITLE, anchor=False)
        st.caption(labels.MAP_HELP)
        for sheet, layout in layouts.items():
            where = labels.MAP_SHEET.format(
                file=layout["file"], sheet=sheet, row=layout["header_row"]
            )
            st.markdown(f"**{ui.plain(where)}**")
            remembered = {
                column: header
                for header, column in memory.get(layout["fingerprint"], {}).items()
                if header in layout["unknown"] and column in layout["missing"]
            }
            if remembered:
                st.caption(labels.MAP_REMEMBERED)
            pre = {**headers.suggest(sheet, layout["missing"], layout["unknown"]), **remembered}
            options = [None, *layout["unknown"]]
            chosen[sheet] = {}
            for column in layout["missing"]:
                picked = st.selectbox(
                    labels.MAP_PICK.format(column=column),
                    options,
                    index=options.index(pre[column]) if column in pre else 0,
                    format_func=lambda h: labels.MAP_NONE if h is None else h,
                    key=f"map_{layout['fingerprint'][:16]}_{column}",
                )
                if picked is not None:
                    chosen[sheet][column] = picked
        if st.button(labels.MAP_CONFIRM, type="primary", key="map_confirm"):
            _confirm_mapping(layouts, chosen, uploaded, username)


def _confirm_mapping(layouts: dict, chosen: dict, uploaded: list, username: str) -> None:
    for picks in chosen.values():
        for header in {h for h in picks.values() if list(picks.values()).count(h) > 1}:
            columns = labels.LIST_SEP.join(c for c, h in picks.items() if h == header)
            st.error(ui.plain(labels.MAP_TWICE.format(header=header, columns=columns)))
            return
    if not any(chosen.values()):
        st.error(labels.MAP_EMPTY)
        return
    mapping = dict(header_mapping(uploaded) or {})
    for sheet, picks in chosen.items():
        if picks:
            pairs = {header: column for column, header in picks.items()}
            headers.remember(connection(), username, layouts[sheet], sheet, pairs)
            mapping |= {(sheet, header): column for header, column in pairs.items()}
    st.session_state[MAP_STATE] = {"files": _signature(uploaded), "mapping": mapping}
    st.rerun()


def show_mapping(mapping: dict | None) -> None:
    """The mapping in use for these uploads, and a button to choose again."""
    if not mapping:
        return
    pairs = [labels.MAP_PAIR.format(sheet=s, header=h, column=c) for (s, h), c in mapping.items()]
    st.info(ui.plain(labels.MAP_APPLIED.format(pairs=labels.LIST_SEP.join(pairs))))
    if st.button(labels.MAP_CLEAR, key="map_clear"):
        del st.session_state[MAP_STATE]
        st.rerun()


def template_downloads() -> None:
    """下载导入模板: the two workbooks of the contract (template.py), the unit dropdowns from the
    current data, each through the one export path (ui.download: role rule and audit)."""
    from dashboard import template
    from dashboard.contract import EXPORTS

    st.subheader(labels.TEMPLATE_SECTION)
    st.caption(labels.TEMPLATE_CAPTION)
    con = connection()  # the click is served in another thread: db.run takes its own cursor
    for column, export in zip(st.columns(len(EXPORTS)), EXPORTS):
        with column:
            ui.download(
                labels.TEMPLATE_DOWNLOAD.format(export=export),
                lambda export=export: template.workbook(export, *template.unit_names(con)),
                template.file_name(export),
                key=f"template_{EXPORTS[export][0].table}",  # template_units, template_outcomes
                detail={"template": export},
            )
