"""工作室档案: one studio's whole file — registry, risk, the nine conditions, history, inspections,
assessments, outcomes and activities — at /studio?id=<studio_id> (a link to share or print).

Every query takes the user's unit: a studio outside it returns no rows and the page says so.
"""

from __future__ import annotations

import datetime as dt

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
    st.error(labels.NO_PERMISSION_STUDIO if known else labels.STUDIO_NOT_FOUND.format(id=studio_id))
    st.stop()
s = profile.iloc[0]
p, off = risk_params(), rules_off()
loaded = set(query("schema/current_state")["sheet"])
risk = query("studio_risk", **scope, p=p)
inspections = query("studio_inspections", **scope)
assessments = query("studio_assessments", **scope)
outcomes = query("studio_outcomes", **scope)
activities = query("studio_activities", **scope)
events = query("studio_events", **scope)


def has_rows(rows: pd.DataFrame, sheet: str | None = None) -> bool:
    """True when there are rows to show; else says why not (sheet not imported, or none)."""
    if sheet is not None and sheet not in loaded:
        st.info(labels.SHEET_NOT_LOADED.format(sheet=sheet))
    elif rows.empty:
        st.info(labels.NO_RECORDS)
    return (sheet is None or sheet in loaded) and not rows.empty


# --- heading and KPI strip -----------------------------------------------------------------------
st.header(s["studio_name"], anchor=False)
st.caption(labels.STUDIO_SUBTITLE.format(id=s["studio_id"], unit=s["unit"], type=s["studio_type"]))
status = labels.STATUS.get(s["status_key"], "—") if pd.notna(s["status_key"]) else "—"
warned = pd.notna(s["is_warned"]) and bool(s["is_warned"])
recent = activities[activities["activity_date"] > pd.Timestamp(f.as_of - dt.timedelta(days=365))]
kpis = st.columns(4)
kpis[0].metric(
    labels.KPI_STUDIO_STATUS,
    status,
    delta=labels.STUDIO_WARNED if warned else None,
    delta_color="red",
    delta_arrow="off",
)
kpis[1].metric(
    labels.KPI_STUDIO_RISK,
    labels.STUDIO_NOT_RATED
    if risk.empty
    else labels.STUDIO_RISK_VALUE.format(
        light=labels.TIER_LIGHT[risk["tier"].iloc[0]], score=int(risk["score"].iloc[0])
    ),
)
kpis[2].metric(labels.KPI_STUDIO_OUTCOMES, labels.ITEMS.format(n=len(outcomes)))
kpis[3].metric(
    labels.KPI_STUDIO_ACTIVITIES,
    labels.TIMES.format(n=len(recent)) if "活动记录" in loaded else "—",
)

# --- registry ------------------------------------------------------------------------------------
st.subheader(labels.SECTION_REGISTRY, anchor=False)
st.html(studio_file.facts(studio_file.registry_facts(s)))

# --- risk and the nine conditions ---------------------------------------------------------------
risk_col, check_col = st.columns(2)
with risk_col:
    st.subheader(labels.SECTION_STUDIO_RISK, anchor=False)
    if risk.empty:
        st.info(labels.STUDIO_NOT_NAMED.format(date=ui.day(f.as_of), status=status))
    else:
        r = risk.iloc[0]
        st.markdown(
            labels.STUDIO_RISK_SCORE.format(
                score=int(r["score"]), light=labels.TIER_LIGHT[r["tier"]]
            )
        )
        if len(r["reasons"]):
            st.html(studio_file.reasons(risk_tables.reason_points(list(r["reasons"]))))
        else:
            st.success(labels.STUDIO_RISK_CLEAN)
    if off:
        st.caption(
            labels.STUDIO_RULES_OFF.format(
                rules="、".join(f"{x} {labels.RULE_NAMES[x]}" for x in off)
            )
        )
with check_col:
    st.subheader(labels.SECTION_CONDITIONS, anchor=False)
    if "检查记录" not in loaded:
        st.info(labels.SHEET_NOT_LOADED.format(sheet="检查记录"))
    elif inspections.empty:
        st.info(labels.CONDITIONS_NONE)
    else:
        last = inspections.iloc[0]
        st.caption(studio_file.conditions_source(last))
        st.html(studio_file.checklist(list(zip(contract.CONDITIONS, last["conditions"]))))
        st.caption(studio_file.conditions_tally(list(last["conditions"])))
        if pd.notna(last["issues"]) and str(last["issues"]).strip():
            st.html(
                studio_file.facts(
                    [
                        (labels.ISSUES, last["issues"]),
                        (labels.RECTIFY_BY, ui.day(last["rectify_by"])),
                    ]
                )
            )

# --- history and assessments --------------------------------------------------------------------
history_col, assess_col = st.columns(2)
with history_col:
    st.subheader(labels.SECTION_HISTORY, anchor=False)
    if has_rows(events):
        st.html(studio_file.timeline(events, ui.day))
with assess_col:
    st.subheader(labels.SECTION_ASSESSMENTS, anchor=False)
    if has_rows(assessments, "年度评估"):
        st.table(studio_file.assessments_table(assessments), hide_index=True)

# --- inspections ---------------------------------------------------------------------------------
st.subheader(labels.SECTION_INSPECTIONS, anchor=False)
if has_rows(inspections, "检查记录"):
    st.container(key="wide_inspections").table(
        studio_file.inspections_table(inspections), hide_index=True
    )

# --- outcomes ------------------------------------------------------------------------------------
st.subheader(labels.SECTION_OUTCOMES, anchor=False)
if has_rows(outcomes):
    st.caption(studio_file.outcomes_summary(outcomes, ui.wan))
    st.plotly_chart(
        charts.outcome_timeline(outcomes), key="outcome_timeline", config={"displayModeBar": False}
    )
    st.container(key="wide_outcomes").table(studio_file.outcomes_table(outcomes), hide_index=True)

# --- activities ----------------------------------------------------------------------------------
st.subheader(labels.SECTION_ACTIVITIES, anchor=False)
if has_rows(activities, "活动记录"):
    st.caption(
        labels.ACTIVITIES_SUMMARY.format(
            recent=len(recent), n=len(activities), people=int(activities["participants"].sum())
        )
    )
    st.table(studio_file.activities_table(activities), hide_index=True)

with st.container(key="studio_share"):
    st.caption(labels.STUDIO_SHARE.format(id=studio_id))
