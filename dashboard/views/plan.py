"""检查计划: administrators and inspectors draw a plan (定期检查, 不定期抽查, 互查, 年度复核) from the
studios in scope with a seed, see how it was drawn, save it; everyone allowed opens a saved plan,
exports it (xlsx) and prints each planned studio's one-page checklist. Unit users are refused.

The drawing, pairing and saving are dashboard/plans.py; the tables, workbook and checklists are
dashboard/checklist.py. Per-studio reads go through the user's unit scope.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import checklist, labels, plans, printing, ui
from dashboard.contract import STUDIO_TYPES
from dashboard.state import connection, current_user, filters, query, risk_params

user = current_user()
if user is None or user.role not in checklist.READERS:
    st.error(labels.PLAN_NO_PERMISSION)
    st.stop()
f = filters()
ui.page_header(labels.PAGE_PLAN, f)
st.html(checklist.CSS + printing.stylesheet(labels.PAGE_PLAN, f.as_of))

# --- draw a plan (administrators, inspectors) -------------------------------------------------
if user.role in checklist.PLANNERS:
    st.subheader(labels.PLAN_SECTION_NEW, anchor=False)
    kind = st.segmented_control(
        labels.PLAN_KIND, checklist.KINDS, default=checklist.RANDOM, required=True, key="plan_kind"
    )
    with st.expander(labels.PLAN_SCOPE, expanded=True, icon=":material/filter_list:"):
        units, unit_kind = ui.unit_kind_filter(
            query("units", unit=f.unit), key="plan_uk", wrap=True
        )
        chosen = ui.choose_many(labels.F_UNITS, units["unit"].tolist(), key="plan_units")
        types = ui.choose_many(labels.F_TYPES, list(STUDIO_TYPES), key="plan_types")
        named = labels.STATUS_FILTER["named"]  # only named studios are inspected, by default
        statuses = ui.choose_many(
            labels.F_STATUSES, [*labels.STATUS_FILTER.values()], key="plan_statuses", default=named
        )
    left, right = st.columns(2)
    size = left.number_input(
        labels.PLAN_SIZE, 1, 5000, 20, key="plan_size", help=labels.PLAN_SIZE_HELP
    )
    seed = right.number_input(
        labels.PLAN_SEED, 0, 2**31 - 1, checklist.default_seed(dt.date.today()), key="plan_seed",
        help=labels.PLAN_SEED_HELP,
    )  # fmt: skip
    params = {
        "units": chosen or (units["unit"].tolist() if unit_kind else None),
        "studio_types": types or None,
        "statuses": [k for k, v in labels.STATUS_FILTER.items() if v in statuses] or None,
        "size": int(size),
        "seed": int(seed),
        "as_of": ui.day(f.as_of),
    }
    if st.button(labels.PLAN_DRAW, type="primary", key="plan_draw", icon=":material/casino:"):
        candidates = query(
            "plan_candidates", as_of=f.as_of, unit=f.unit, p=risk_params(),
            **{k: params[k] for k in ("units", "studio_types", "statuses")},
        )  # fmt: skip
        st.session_state["plan_draft"] = checklist.draw(candidates, kind, params)
    draft = st.session_state.get("plan_draft")
    if draft is not None and (draft.kind, draft.params) != (kind, params):
        st.info(labels.PLAN_STALE)
    elif draft is not None and draft.rows.empty:
        st.info(labels.PLAN_NONE_IN_SCOPE)
    elif draft is not None:
        checklist.show_draft(draft)
        if draft.complete and st.button(labels.PLAN_SAVE, key="plan_save", icon=":material/save:"):
            new_id = plans.save_plan(
                connection(), user, draft.kind, draft.params, draft.seed, draft.rows, draft.how
            )
            st.session_state.pop("plan_draft")
            st.session_state["plan_open"] = new_id
            st.toast(labels.PLAN_SAVED.format(id=new_id), icon=":material/check:")
            st.rerun()
else:
    st.info(labels.PLAN_READ_ONLY)

# --- saved plans: open one, export it, print its checklists -----------------------------------
st.subheader(labels.PLAN_SECTION_SAVED, anchor=False)
saved = plans.list_plans(connection())
if saved.empty:
    st.info(labels.PLAN_SAVED_NONE)
    st.stop()
ui.show_table(checklist.saved_table(saved), "saved", most=8, cards=checklist.saved_cards(saved))
by_id = {int(r["plan_id"]): r for r in saved.to_dict("records")}
plan_id = st.selectbox(
    labels.PLAN_OPEN, list(by_id), index=None, key="plan_open",
    format_func=lambda i: checklist.option(by_id[i]), placeholder=labels.PLAN_OPEN_HINT,
)  # fmt: skip
if plan_id is None:
    st.stop()
header, rows = plans.load_plan(connection(), plan_id, f.unit)
st.caption(ui.plain(checklist.header_line(header, len(rows))))
st.container(key="plan_how").text(header["how"] or "")
with st.container(key="print_actions", horizontal=True):
    ui.download(
        labels.EXPORT_XLSX,
        lambda: checklist.workbook(header, rows, f.as_of, ui.scope_text(f.unit)),
        labels.PLAN_EXPORT_FILE.format(id=plan_id, date=ui.day(f.as_of)),
        key="plan_xlsx",
        detail={"page": labels.PAGE_PLAN, "plan_id": plan_id},
        help=labels.PLAN_EXPORT_HELP,
    )
    show = st.toggle(labels.PLAN_SHOW_CHECKLISTS, key="plan_checklists")
    if show:
        printing.print_button()
st.caption(labels.PLAN_LIST)
checklist.show_plan(rows, header["kind"], user)  # the list, and 录入检查 on a studio of it
if (pairing := checklist.pairing_of(rows)) is not None:
    checklist.show_pairing(pairing, "plan_pairing")
if show:
    st.caption(labels.PLAN_CHECKLISTS_NOTE)
    scope = dict(as_of=f.as_of, unit=f.unit)
    checklist.show_checklists(header, rows, lambda name, **kw: query(name, **scope, **kw))
