"""工作室档案: one studio's whole file — registry, risk, the nine conditions, history, inspections,
assessments, outcomes and activities — at /studio?id=<studio_id> (a link to share or print).

Every query takes the user's unit: a studio outside it returns no rows and the page says so.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, contract, labels, risk_tables, studio_file, ui
from dashboard.state import filters, query, risk_params, rules_off

f = filters()
ui.page_header(labels.PAGE_STUDIO, f)
st.html(studio_file.CSS)

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
p, off = risk_params(), rules_off()
sheets = set(query("schema/current_state")["sheet"])
loaded = {t for t, name in contract.SHEET_NAMES.items() if name in sheets}  # table keys
risk = query("studio_risk", **scope, p=p)
inspections = query("studio_inspections", **scope)
assessments = query("studio_assessments", **scope)
outcomes = query("studio_outcomes", **scope)
activities = query("studio_activities", **scope)
events = query("studio_events", **scope)


def has_rows(rows: pd.DataFrame, table: str | None = None, none: str = labels.NO_RECORDS) -> bool:
    """True when there are rows to show; else says why not (sheet not imported, or `none`)."""
    if table is not None and table not in loaded:
        st.info(labels.SHEET_NOT_LOADED.format(sheet=contract.SHEET_NAMES[table]))
    elif rows.empty:
        st.info(none)
    return (table is None or table in loaded) and not rows.empty


# --- heading and KPI strip -----------------------------------------------------------------------
st.header(ui.plain(s["studio_name"]), anchor=False)
st.caption(studio_file.subtitle(s))
recent = len(studio_file.recent(activities, f.as_of))  # activities in the past year
ui.metrics(studio_file.kpis(s, risk, len(outcomes), recent if "activities" in loaded else None))

# --- registry ------------------------------------------------------------------------------------
st.subheader(labels.SECTION_REGISTRY, anchor=False)
st.html(studio_file.facts(studio_file.registry_facts(s)))

# --- risk and the nine conditions ---------------------------------------------------------------
risk_col, check_col = st.columns(2)
with risk_col:
    st.subheader(labels.SECTION_STUDIO_RISK, anchor=False)
    if risk.empty:
        status = studio_file.status_text(s)
        st.info(labels.STUDIO_NOT_NAMED.format(date=ui.day(f.as_of), status=status))
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
    st.container(key="wide_inspections").table(
        studio_file.inspections_table(inspections), hide_index=True
    )

# --- outcomes ------------------------------------------------------------------------------------
st.subheader(labels.SECTION_OUTCOMES, anchor=False)
if has_rows(outcomes):
    st.caption(studio_file.outcomes_summary(outcomes, ui.wan))
    ui.chart(charts.outcome_timeline(outcomes), "outcome_timeline")
    st.container(key="wide_outcomes").table(studio_file.outcomes_table(outcomes), hide_index=True)

# --- activities ----------------------------------------------------------------------------------
st.subheader(labels.SECTION_ACTIVITIES, anchor=False)
if has_rows(activities, "activities"):
    st.caption(studio_file.activities_summary(activities, recent))
    st.table(studio_file.activities_table(activities), hide_index=True)

with st.container(key="studio_share"):
    st.caption(studio_file.share_note(studio_id))
