"""工作室档案: one studio's whole file — registry, risk, the nine conditions, history, inspections,
assessments, outcomes and activities — at /studio?id=<studio_id> (a link to share or print).

Every query takes the user's unit: a studio outside it returns no rows and the page says so."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, contract, inspect_form, labels, printing, risk_tables, studio_file, ui
from dashboard.state import filters, query, risk_params, rules_off

f = filters()
ui.page_header(labels.PAGE_STUDIO, f)
st.html(studio_file.CSS + printing.stylesheet(labels.PAGE_STUDIO, f.as_of))

studio_id = ui.studio_picker(f.unit)  # ?id= in the URL, or picked here (then written to the URL)
if not studio_id:
    st.info(labels.STUDIO_NONE_PICKED)
    st.stop()

scope = dict(studio_id=studio_id, as_of=f.as_of, unit=f.unit)
profile = query("studio_profile", **scope)
if profile.empty:
    known = f.unit is not None and bool(query("studio_exists", studio_id=studio_id).iloc[0, 0])
    st.error(labels.NO_PERMISSION_STUDIO if known else studio_file.not_found(studio_id))
    st.stop()
s = profile.iloc[0]
risk, off = query("studio_risk", **scope, p=risk_params()), rules_off()
loaded = studio_file.loaded_tables(query("schema/current_state")["sheet"])
parts = {x: query(f"studio_{x}", **scope) for x in studio_file.PARTS}  # studio_events.sql, …
events, inspections, assessments, outcomes, activities = parts.values()


def has_rows(rows: pd.DataFrame, table: str | None = None, none: str = labels.NO_RECORDS) -> bool:
    """True when there are rows to show; else says why not (sheet not imported, or `none`)."""
    if why := studio_file.why_empty(rows, table, loaded, none):
        st.info(why)
    return not why


# --- heading, print and export, KPI strip --------------------------------------------------------
st.header(ui.plain(s["studio_name"]), anchor=False)
st.caption(studio_file.subtitle(s))
recent = len(studio_file.recent(activities, f.as_of))  # activities in the past year
cells = studio_file.kpis(s, risk, len(outcomes), recent if "activities" in loaded else None)
with st.container(key="print_actions", horizontal=True):
    printing.print_button()
    inspect_form.record_link(studio_id)  # 录入检查, for those who record inspections
    ui.download(
        labels.EXPORT_XLSX,
        lambda: studio_file.workbook(s, cells, risk, off, parts, f.as_of, ui.scope_text(f.unit)),
        studio_file.export_name(studio_id, f.as_of),
        key="studio_xlsx",
        detail={"page": labels.PAGE_STUDIO, "studio_id": studio_id},
        help=labels.STUDIO_EXPORT_HELP,
    )
ui.metrics(cells)

# --- registry ------------------------------------------------------------------------------------
st.subheader(labels.SECTION_REGISTRY, anchor=False)
st.html(studio_file.facts(studio_file.registry_facts(s)))

# --- risk and the nine conditions ---------------------------------------------------------------
risk_col, check_col = st.columns(2)
with risk_col:
    st.subheader(labels.SECTION_STUDIO_RISK, anchor=False)
    if risk.empty:
        st.info(studio_file.not_named(s, f.as_of))
    else:
        r = risk.iloc[0]
        st.markdown(studio_file.risk_score(r))
        if len(r["reasons"]):
            st.html(studio_file.reasons(risk_tables.reason_points(list(r["reasons"]))))
        else:
            st.success(labels.STUDIO_RISK_CLEAN)
    if off:
        st.caption(studio_file.rules_off_note(off))
with check_col:
    st.subheader(labels.SECTION_CONDITIONS, anchor=False)
    if has_rows(inspections, "inspections", none=labels.CONDITIONS_NONE):
        last = inspections.iloc[0]
        st.caption(studio_file.conditions_source(last))
        st.html(studio_file.checklist(list(zip(contract.CONDITIONS, last["conditions"]))))
        st.caption(studio_file.conditions_tally(list(last["conditions"])))
        if issues := studio_file.issue_facts(last):
            st.html(studio_file.facts(issues))

# --- history and assessments --------------------------------------------------------------------
history_col, assess_col = st.columns(2)
with history_col:
    st.subheader(labels.SECTION_HISTORY, anchor=False)
    if has_rows(events):
        st.html(studio_file.timeline(events, ui.day))
with assess_col:
    st.subheader(labels.SECTION_ASSESSMENTS, anchor=False)
    if has_rows(assessments, "assessments"):
        st.table(studio_file.assessments_table(assessments), hide_index=True)

# --- inspections ---------------------------------------------------------------------------------
st.subheader(labels.SECTION_INSPECTIONS, anchor=False)
if has_rows(inspections, "inspections"):
    studio_file.show_list("inspections", inspections)

# --- outcomes ------------------------------------------------------------------------------------
st.subheader(labels.SECTION_OUTCOMES, anchor=False)
if has_rows(outcomes):
    st.caption(studio_file.outcomes_summary(outcomes, ui.wan))
    timeline = lambda: charts.outcome_timeline(outcomes)  # noqa: E731
    ui.chart(timeline, "outcome_timeline", labels.OUTCOME_TIMELINE_NOTE, kept=(*scope.items(),))
    studio_file.show_list("outcomes", outcomes)

# --- activities ----------------------------------------------------------------------------------
st.subheader(labels.SECTION_ACTIVITIES, anchor=False)
if has_rows(activities, "activities"):
    st.caption(studio_file.activities_summary(activities, recent))
    studio_file.show_activities(activities)

st.container(key="studio_share").caption(studio_file.share_note(studio_id))
