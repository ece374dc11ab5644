"""数据管理 (管理员): upload exports, see every problem, preview the changes, confirm, restore."""

from __future__ import annotations

import json

import streamlit as st

from dashboard import auth, data_admin, labels, ui
from dashboard.contract import SHEETS
from dashboard.state import connection, current_user, filters, fresh, query
from dashboard.versions import restore_as

user = current_user()
if not user.is_admin:
    st.error(labels.NO_PERMISSION)
    st.stop()
f = filters()
ui.page_header(labels.PAGE_ADMIN_DATA, f)

data_admin.template_downloads()
uploaded = st.file_uploader(
    labels.UPLOAD, type=["xlsx", "csv"], accept_multiple_files=True, key="upload"
)
if uploaded:
    mapping = data_admin.header_mapping(uploaded)  # confirmed in the mapping step
    data_admin.show_mapping(mapping)
    preview = data_admin.run_import(uploaded, user.username, dry_run=True, mapping=mapping)
    if not preview.ok:
        if data_admin.can_map(preview):
            data_admin.mapping_step(preview, uploaded, user.username)
        data_admin.show_problems(preview)
    else:
        shrinks = data_admin.shrinks(preview)  # most of a sheet would go: say so, ask twice
        (st.warning if shrinks else st.success)(data_admin.upload_ok(shrinks))
        data_admin.show_changes(preview)
        if user.is_demo:  # real data retires the demo accounts, this one included
            st.warning(labels.IMPORT_AS_DEMO)
        if data_admin.confirm_import(shrinks):
            done = data_admin.run_import(uploaded, user.username, False, mapping)
            if done.ok:
                files = [u.name for u in uploaded]
                detail = {"import_id": done.import_id, "rows": done.rows, "files": files}
                auth.audit(connection(), user.username, "import", detail)
                st.success(done.summary())
            else:
                st.error(labels.UPLOAD_PROBLEMS.format(count=done.problem_count))
    if preview.warnings:
        with st.expander(labels.UPLOAD_WARNINGS):
            st.markdown("\n".join(f"- {ui.plain(w)}" for w in preview.warnings))

st.subheader(labels.HISTORY)
history = query("schema/import_history")
if not history.empty:
    shown = history.assign(
        kind=history["kind"].map(labels.KIND),
        files=[
            labels.LIST_SEP.join(x["name"] for x in json.loads(v or "[]")) for v in history["files"]
        ],
        rows=[sum(json.loads(v or "{}").values()) for v in history["rows"]],
    )[list(labels.HISTORY_COLUMNS)].rename(columns=labels.HISTORY_COLUMNS)
    shown = ui.dashed(shown)
    ui.show_table((shown, {}), "history", most=10, cards=data_admin.history_cards(shown))
    files = dict(zip(history["import_id"], shown[labels.HISTORY_COLUMNS["files"]], strict=True))
    named = {  # an import by its time and kind, not by its number alone; its files below
        i: labels.RESTORE_OPTION.format(id=i, at=f"{at:%Y-%m-%d %H:%M}", kind=k)
        for i, at, k in zip(
            history["import_id"], history["imported_at"], shown[labels.HISTORY_COLUMNS["kind"]]
        )
    }
    target = st.selectbox(labels.RESTORE_PICK, list(named), key="restore_id", format_func=named.get)
    st.caption(ui.plain(labels.RESTORE_FILES.format(files=files[target])))
    plan = fresh("schema/restore_preview", import_id=int(target))
    sheets = [s.name for s in SHEETS if s.name in set(plan["sheet"])]
    plan = plan.set_index("sheet").loc[sheets]
    changes = [labels.ROWS_CHANGE.format(sheet=k, now=r.rows_now, after=r.rows_after)
               for k, r in plan.iterrows()]  # fmt: skip
    question = labels.RESTORE_CONFIRM.format(
        import_id=target, changes=labels.LIST_SEP.join(changes)
    )
    if ui.confirm("restore", labels.RESTORE_BUTTON, question, labels.RESTORE_YES):
        ok, said = restore_as(connection(), int(target), user.username)
        (st.success if ok else st.error)(said)
