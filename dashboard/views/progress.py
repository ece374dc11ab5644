"""创建进度: how far the campaign is toward its target, against 序时进度, and which units lag."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, settings, ui
from dashboard import labels as L
from dashboard.contract import UNIT_KINDS
from dashboard.state import filters, query

f = filters()
ui.page_header(L.PAGE_PROGRESS, f)
scope = dict(campaign=f.campaign, as_of=f.as_of, unit=f.unit)
progress = query("campaign_progress", **scope).iloc[0]

# --- KPI strip --------------------------------------------------------------------------
completion, elapsed = progress["completion"], progress["time_elapsed"]
gap = None if pd.isna(completion) else (completion - elapsed) * 100
start, deadline = (
    pd.Timestamp(progress["start_date"]).date(),
    pd.Timestamp(progress["deadline"]).date(),
)
projected = None if pd.isna(progress["projected"]) else float(progress["projected"])
row1 = st.columns(4)
row1[0].metric(L.KPI_TARGET, int(progress["target"]))
row1[1].metric(L.KPI_NAMED, int(progress["named"]))
row1[2].metric(
    L.KPI_COMPLETION,
    ui.pct(completion),
    delta=None
    if gap is None
    else (L.GAP_AHEAD if gap >= 0 else L.GAP_BEHIND).format(points=abs(gap)),
    delta_color="normal" if gap is None or gap >= 0 else "inverse",
    delta_arrow="up" if gap is not None and gap >= 0 else "down",
)
row1[3].metric(L.KPI_ELAPSED, ui.pct(elapsed))
row2 = st.columns(4)
row2[0].metric(L.KPI_APPLIED, int(progress["applied"]))
row2[1].metric(L.KPI_IN_REVIEW, int(progress["in_review"]))
row2[2].metric(L.KPI_REJECTED, int(progress["rejected"]))
days_left = int(progress["days_left"])
row2[3].metric(L.KPI_DAYS_LEFT, L.DAYS.format(days=days_left) if days_left >= 0 else L.DAYS_PASSED)

# --- burn-up ----------------------------------------------------------------------------
st.subheader(L.SECTION_BURNUP)
if projected is not None:
    st.caption(L.PROJECTION_NOTE.format(projected=projected, deadline=ui.day(deadline)))
steps = query("campaign_burnup", **scope)
st.plotly_chart(
    charts.burnup(
        steps, int(progress["target"]), start, deadline, f.as_of, int(progress["named"]), projected
    ),
    key="burnup",
    config={"displayModeBar": False},
)

# --- units ------------------------------------------------------------------------------
st.subheader(L.SECTION_UNITS)
units = query("campaign_units", **scope, amber_points=settings.get("light_amber_points"))
kinds = [k for k in UNIT_KINDS if k in set(units["unit_kind"])]
kind = st.segmented_control(L.UNIT_KIND_FILTER, [L.ALL, *kinds], default=L.ALL, key="unit_kind")
if kind and kind != L.ALL:
    units = units[units["unit_kind"] == kind]
table = units.assign(light=units["light"].map(L.LIGHT), completion_pct=units["completion"] * 100)
columns = L.COLUMNS
st.dataframe(
    table,
    hide_index=True,
    key="units_table",
    height=ui.table_height(len(table)),
    column_order=[
        "unit",
        "unit_kind",
        "quota",
        "applied",
        "in_review",
        "named",
        "completion_pct",
        "light",
    ],
    column_config={
        "unit": st.column_config.TextColumn(columns["unit"], pinned=True),
        "unit_kind": columns["unit_kind"],
        "quota": columns["quota"],
        "applied": columns["applied"],
        "in_review": columns["in_review"],
        "named": columns["named"],
        "completion_pct": st.column_config.ProgressColumn(
            columns["completion"], format="%.0f%%", min_value=0, max_value=100
        ),
        "light": L.COL_LIGHT,
    },
)
unit = st.selectbox(
    L.PICK_UNIT, table["unit"].tolist(), index=None, key="pick_unit", placeholder=L.PICK_UNIT_HINT
)

# --- one unit's applicants --------------------------------------------------------------
if unit:
    st.subheader(L.SECTION_APPLICANTS.format(unit=unit))
    applicants = query("campaign_applicants", campaign=f.campaign, as_of=f.as_of, unit=unit)
    st.dataframe(
        applicants.assign(status=applicants["status_key"].map(L.STATUS)),
        hide_index=True,
        key="applicants_table",
        column_order=[
            "studio_id",
            "studio_name",
            "studio_type",
            "leader",
            "host",
            "applied_on",
            "status",
            "latest_status",
            "latest_on",
        ],
        column_config={
            "studio_id": columns["studio_id"],
            "studio_name": columns["studio_name"],
            "studio_type": columns["studio_type"],
            "leader": columns["leader"],
            "host": columns["host"],
            "applied_on": st.column_config.DateColumn(L.COL_APPLIED_ON, format="YYYY-MM-DD"),
            "status": L.COL_STATUS,
            "latest_status": L.COL_LATEST,
            "latest_on": st.column_config.DateColumn(L.COL_LATEST + "日期", format="YYYY-MM-DD"),
        },
    )

# --- funnel and types -------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(L.SECTION_FUNNEL)
    st.plotly_chart(
        charts.funnel(query("campaign_funnel", **scope)),
        key="funnel",
        config={"displayModeBar": False},
    )
with right:
    st.subheader(L.SECTION_TYPES)
    st.plotly_chart(
        charts.by_type(query("campaign_by_type", **scope)),
        key="types",
        config={"displayModeBar": False},
    )
