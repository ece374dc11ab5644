"""现场检查录入: an inspector records a visit on a phone — the nine conditions, 总分, 结论, the
issues and their deadline — at /inspect?id=<studio_id>[&method=<检查方式>].

Every change is kept on the server as the user's draft (a reload or a lost connection loses
nothing); 提交 checks the record as an imported 检查记录 row is checked, numbers it and counts it
at once everywhere (the file, the risk rules, the commendation, the explorer, the report).
Administrators and inspectors record; the page refuses anyone else, however it was reached.
"""

from __future__ import annotations

import streamlit as st

from dashboard import auth, inspect_form, labels, studio_file, ui
from dashboard.state import current_user, filters, query

user = current_user()
if user is None or user.role not in auth.CAN_RECORD:
    st.error(labels.INSPECT_NO_PERMISSION)
    st.stop()
f = filters()
ui.page_header(labels.PAGE_INSPECT, f)
st.html(inspect_form.CSS)
inspect_form.export_section(f.unit)

studio_id = ui.studio_picker(f.unit)  # ?id= in the URL, or picked here (then written to the URL)
if not studio_id:
    st.info(labels.INSPECT_NONE_PICKED)
    st.stop()
scope = dict(studio_id=studio_id, as_of=f.as_of, unit=f.unit)
profile = query("studio_profile", **scope)
if profile.empty:
    st.error(studio_file.not_found(studio_id))
    st.stop()
inspect_form.heading(profile.iloc[0], query("studio_inspections", **scope))

# --- the form: restored from the draft, saved on every change, submitted explicitly -------------
method = inspect_form.method_from_url(st.query_params.get("method"))
inspect_form.prepare(user, studio_id, method)
st.subheader(labels.INSPECT_FORM, anchor=False)
has_draft = inspect_form.draft_note(user, studio_id)
inspect_form.draw(user, studio_id)
if has_draft:
    inspect_form.clear_draft(user, studio_id)

# --- administrators: this studio's records made here, and 作废 with a reason ---------------------
if user.is_admin:
    inspect_form.void_section(
        user, query("studio_app_inspections", studio_id=studio_id, unit=f.unit)
    )
