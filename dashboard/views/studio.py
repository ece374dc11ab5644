"""工作室档案: one studio's whole file — registry, risk, the nine conditions, history, inspections,
assessments, outcomes and activities — at /studio?id=<studio_id> (a link to share or print).

Every query takes the user's unit: a studio outside it returns no rows and the page says so.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import charts, contract, risk_export, studio_file, ui
from dashboard import labels as L
from dashboard.exports import mask_phone
from dashboard.state import filters, query, risk_params, rules_off

PICK_LIMIT = 500  # studios offered in the picker at once; typing narrows the search
S = L.STUDIO_COLUMNS

f = filters()
ui.page_header(L.PAGE_STUDIO, f)
st.html(studio_file.CSS)

# --- which studio: ?id= in the URL, or picked here (and then written to the URL) ---------------
studio_id = (st.query_params.get("id") or "").strip() or None
with st.container(key="studio_search"):
    search_col, pick_col = st.columns([1, 2])
    text = search_col.text_input(L.STUDIO_SEARCH, key="studio_q", placeholder=L.STUDIO_SEARCH_HINT,
                                 icon=":material/search:")
    found = query("studio_search", q=(text or "").strip() or None, unit=f.unit, limit=PICK_LIMIT)
    names = {r.studio_id: f"{r.studio_id} {r.studio_name}（{r.unit}）" for r in found.itertuples()}
    options = list(names)
    if studio_id and studio_id not in names:
        options.insert(0, studio_id)
    picked = pick_col.selectbox(L.STUDIO_PICK, options, key="studio_pick",
                                index=options.index(studio_id) if studio_id else None,
                                format_func=lambda s: names.get(s, s),
                                placeholder=L.STUDIO_PICK_HINT)
    total = 0 if found.empty else int(found["total"].iloc[0])
    if text and found.empty:
        st.caption(L.STUDIO_NO_MATCH.format(q=text))
    elif total > len(found):
        st.caption(L.STUDIO_PICK_MORE.format(total=total, shown=len(found)))
if picked and picked != studio_id:
    studio_id = picked
    st.query_params["id"] = picked
if not studio_id:
    st.info(L.STUDIO_NONE_PICKED)
    st.stop()

scope = dict(studio_id=studio_id, as_of=f.as_of, unit=f.unit)
profile = query("studio_profile", **scope)
if profile.empty:
    known = f.unit is not None and bool(query("studio_exists", studio_id=studio_id).iloc[0, 0])
    st.error(L.NO_PERMISSION_STUDIO if known else L.STUDIO_NOT_FOUND.format(id=studio_id))
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

# --- heading and KPI strip -----------------------------------------------------------------------
st.header(s["studio_name"], anchor=False)
st.caption(L.STUDIO_SUBTITLE.format(id=s["studio_id"], unit=s["unit"], type=s["studio_type"]))
status = L.STATUS.get(s["status_key"], "—") if pd.notna(s["status_key"]) else "—"
warned = pd.notna(s["is_warned"]) and bool(s["is_warned"])
recent = activities[activities["activity_date"] > pd.Timestamp(f.as_of - dt.timedelta(days=365))]
kpis = st.columns(4)
kpis[0].metric(L.KPI_STUDIO_STATUS, status, delta=L.STUDIO_WARNED if warned else None,
               delta_color="red", delta_arrow="off")
kpis[1].metric(L.KPI_STUDIO_RISK, L.STUDIO_NOT_RATED if risk.empty else L.STUDIO_RISK_VALUE.format(
    light=L.TIER_LIGHT[risk["tier"].iloc[0]], score=int(risk["score"].iloc[0])))
kpis[2].metric(L.KPI_STUDIO_OUTCOMES, L.ITEMS.format(n=len(outcomes)))
kpis[3].metric(L.KPI_STUDIO_ACTIVITIES,
               L.TIMES.format(n=len(recent)) if "活动记录" in loaded else "—")

# --- registry ------------------------------------------------------------------------------------
st.subheader(L.SECTION_REGISTRY, anchor=False)
shown = {**s.to_dict(), "phone": mask_phone(s["phone"]),
         "funding_wan": None if pd.isna(s["funding_wan"]) else f"{s['funding_wan']:,.2f}",
         "area_m2": None if pd.isna(s["area_m2"]) else f"{s['area_m2']:,.0f}",
         "applied_on": ui.day(s["applied_on"]), "first_named_on": ui.day(s["first_named_on"])}
for key in ("campaign_year", "members"):
    shown[key] = None if pd.isna(s[key]) else int(s[key])
st.html(studio_file.facts([(label, shown[key]) for key, label in L.REGISTRY_FIELDS.items()]))

# --- risk and the nine conditions ---------------------------------------------------------------
risk_col, check_col = st.columns(2)
with risk_col:
    st.subheader(L.SECTION_STUDIO_RISK, anchor=False)
    if risk.empty:
        st.info(L.STUDIO_NOT_NAMED.format(date=ui.day(f.as_of), status=status))
    else:
        r = risk.iloc[0]
        st.markdown(L.STUDIO_RISK_SCORE.format(score=int(r["score"]),
                                               light=L.TIER_LIGHT[r["tier"]]))
        reasons = list(r["reasons"])
        if reasons:
            st.html(studio_file.reasons(list(zip(risk_export.reason_texts(reasons),
                                                 (int(x["points"]) for x in reasons)))))
        else:
            st.success(L.STUDIO_RISK_CLEAN)
    if off:
        st.caption(L.STUDIO_RULES_OFF.format(rules="、".join(f"{x} {L.RULE_NAMES[x]}" for x in off)))
with check_col:
    st.subheader(L.SECTION_CONDITIONS, anchor=False)
    if "检查记录" not in loaded:
        st.info(L.SHEET_NOT_LOADED.format(sheet="检查记录"))
    elif inspections.empty:
        st.info(L.CONDITIONS_NONE)
    else:
        last = inspections.iloc[0]
        grades = list(last["conditions"])
        st.caption(L.CONDITIONS_FROM.format(
            date=ui.day(last["inspected_on"]), method=last["method"], id=last["inspection_id"],
            conclusion=last["conclusion"],
            score="—" if pd.isna(last["score"]) else f"{last['score']:g}"))
        st.html(studio_file.checklist(list(zip(contract.CONDITIONS, grades))))
        st.caption(L.CONDITIONS_TALLY.format(ok=grades.count("达标"), fair=grades.count("基本达标"),
                                             bad=grades.count("不达标")))
        if pd.notna(last["issues"]) and str(last["issues"]).strip():
            st.html(studio_file.facts([(L.ISSUES, last["issues"]),
                                       (L.RECTIFY_BY, ui.day(last["rectify_by"]))]))

# --- history and assessments --------------------------------------------------------------------
history_col, assess_col = st.columns(2)
with history_col:
    st.subheader(L.SECTION_HISTORY, anchor=False)
    if events.empty:
        st.info(L.NO_RECORDS)
    else:
        st.html(studio_file.timeline(events, ui.day))
with assess_col:
    st.subheader(L.SECTION_ASSESSMENTS, anchor=False)
    if "年度评估" not in loaded:
        st.info(L.SHEET_NOT_LOADED.format(sheet="年度评估"))
    elif assessments.empty:
        st.info(L.NO_RECORDS)
    else:
        st.table(pd.DataFrame({
            S["assessment_year"]: assessments["assessment_year"].astype(int).astype(str),
            S["submitted_on"]: assessments["submitted_on"].map(ui.day),
            S["grade"]: assessments["grade"].map(lambda g: f"{'❌ ' if g == '不合格' else ''}{g}"),
        }), hide_index=True)

# --- inspections ---------------------------------------------------------------------------------
st.subheader(L.SECTION_INSPECTIONS, anchor=False)
if "检查记录" not in loaded:
    st.info(L.SHEET_NOT_LOADED.format(sheet="检查记录"))
elif inspections.empty:
    st.info(L.NO_RECORDS)
else:
    st.container(key="wide_inspections").table(pd.DataFrame({
        S["inspected_on"]: inspections["inspected_on"].map(ui.day),
        S["inspection_id"]: inspections["inspection_id"],
        S["method"]: inspections["method"],
        S["score"]: inspections["score"].map(lambda x: "—" if pd.isna(x) else f"{x:g}"),
        S["conclusion"]: inspections["conclusion"],
        S["failed"]: inspections["failed"].astype(int),
        S["issues"]: inspections["issues"].fillna("—"),
        S["rectify_by"]: inspections["rectify_by"].map(ui.day),
        S["inspector"]: inspections["inspector"].fillna("—"),
    }), hide_index=True)

# --- outcomes ------------------------------------------------------------------------------------
st.subheader(L.SECTION_OUTCOMES, anchor=False)
if outcomes.empty:
    st.info(L.NO_RECORDS)
else:
    st.caption(L.OUTCOMES_SUMMARY.format(
        n=len(outcomes), benefit=ui.wan(outcomes["benefit_wan"].sum(min_count=1)),
        inv=int(outcomes["invention_patents"].sum()), util=int(outcomes["utility_patents"].sum()),
        design=int(outcomes["design_patents"].sum()), adopted=int(outcomes["is_adopted"].sum())))
    st.plotly_chart(charts.outcome_timeline(outcomes), key="outcome_timeline",
                    config={"displayModeBar": False})
    st.container(key="wide_outcomes").table(pd.DataFrame({
        S["completed_on"]: outcomes["completed_on"].map(ui.day),
        S["outcome_id"]: outcomes["outcome_id"],
        S["title"]: outcomes["title"],
        S["category"]: outcomes["category"],
        S["benefit_wan"]: outcomes["benefit_wan"].map(lambda x: "—" if pd.isna(x) else f"{x:,.2f}"),
        S["invention_patents"]: outcomes["invention_patents"].astype(int),
        S["utility_patents"]: outcomes["utility_patents"].astype(int),
        S["design_patents"]: outcomes["design_patents"].astype(int),
        S["adopted"]: outcomes["is_adopted"].map({True: L.YES, False: L.NO}),
        S["award_level"]: outcomes["award_level"].fillna("—"),
        S["social_benefit"]: outcomes["social_benefit"].fillna("—"),
    }), hide_index=True)

# --- activities ----------------------------------------------------------------------------------
st.subheader(L.SECTION_ACTIVITIES, anchor=False)
if "活动记录" not in loaded:
    st.info(L.SHEET_NOT_LOADED.format(sheet="活动记录"))
elif activities.empty:
    st.info(L.NO_RECORDS)
else:
    st.caption(L.ACTIVITIES_SUMMARY.format(recent=len(recent), n=len(activities),
                                           people=int(activities["participants"].sum())))
    st.table(pd.DataFrame({
        S["activity_date"]: activities["activity_date"].map(ui.day),
        S["activity_type"]: activities["activity_type"],
        S["participants"]: activities["participants"].map(lambda x: "—" if pd.isna(x) else int(x)),
    }), hide_index=True)

with st.container(key="studio_share"):
    st.caption(L.STUDIO_SHARE.format(id=studio_id))
