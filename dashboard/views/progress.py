"""创建进度: how far the campaign is toward its target, against 序时进度, and which units lag."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, labels, settings, ui
from dashboard.contract import UNIT_KINDS
from dashboard.state import filters, query

f = filters()
ui.page_header(labels.PAGE_PROGRESS, f)
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
row1[0].metric(labels.KPI_TARGET, int(progress["target"]))
row1[1].metric(labels.KPI_NAMED, int(progress["named"]))
row1[2].metric(
    labels.KPI_COMPLETION,
    ui.pct(completion),
    delta=None
    if gap is None
    else (labels.GAP_AHEAD if gap >= 0 else labels.GAP_BEHIND).format(points=abs(gap)),
    delta_color="normal" if gap is None or gap >= 0 else "inverse",
    delta_arrow="up" if gap is not None and gap >= 0 else "down",
)
row1[3].metric(labels.KPI_ELAPSED, ui.pct(elapsed))
row2 = st.columns(4)
row2[0].metric(labels.KPI_APPLIED, int(progress["applied"]))
row2[1].metric(labels.KPI_IN_REVIEW, int(progress["in_review"]))
row2[2].metric(labels.KPI_REJECTED, int(progress["rejected"]))
days_left = int(progress["days_left"])
row2[3].metric(
    labels.KPI_DAYS_LEFT,
    labels.DAYS.format(days=days_left) if days_left >= 0 else labels.DAYS_PASSED,
)

# --- burn-up ----------------------------------------------------------------------------
st.subheader(labels.SECTION_BURNUP)
if projected is not None:
    st.caption(labels.PROJECTION_NOTE.format(projected=projected, deadline=ui.day(deadline)))
steps = query("campaign_burnup", **scope)
st.plotly_chart(
    charts.burnup(
        steps, int(progress["target"]), start, deadline, f.as_of, int(progress["named"]), projected
    ),
    key="burnup",
    config={"displayModeBar": False},
)

# --- units ------------------------------------------------------------------------------
st.subheader(labels.SECTION_UNITS)
units = query("campaign_units", **scope, amber_points=settings.get("light_amber_points"))
kinds = [k for k in UNIT_KINDS if k in set(units["unit_kind"])]
kind = st.segmented_control(
    labels.UNIT_KIND_FILTER, [labels.ALL, *kinds], default=labels.ALL, key="unit_kind"
)
if kind and kind != labels.ALL:
    units = units[units["unit_kind"] == kind]
table = units.assign(
    light=units["light"].map(labels.LIGHT), completion_pct=units["completion"] * 100
)
columns = labels.COLUMNS
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
        "light": labels.COL_LIGHT,
    },
)
unit = st.selectbox(
    labels.PICK_UNIT,
    table["unit"].tolist(),
    index=None,
    key="pick_unit",
    placeholder=labels.PICK_UNIT_HINT,
)

# --- one unit's applicants --------------------------------------------------------------
if unit:
    st.subheader(labels.SECTION_APPLICANTS.format(unit=unit))
    applicants = query("campaign_applicants", campaign=f.campaign, as_of=f.as_of, unit=unit)
    st.dataframe(
        applicants.assign(status=applicants["status_key"].map(labels.STATUS)),
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
            "applied_on": st.column_config.DateColumn(labels.COL_APPLIED_ON, format="YYYY-MM-DD"),
            "status": labels.COL_STATUS,
            "latest_status": labels.COL_LATEST,
            "latest_on": st.column_config.DateColumn(
                labels.COL_LATEST + "日期", format="YYYY-MM-DD"
            ),
        },
    )

# --- funnel and types -------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(labels.SECTION_FUNNEL)
    st.plotly_chart(
        charts.funnel(query("campaign_funnel", **scope)),
        key="funnel",
        config={"displayModeBar": False},
    )
with right:
    st.subheader(labels.SECTION_TYPES)
    st.plotly_chart(
        charts.by_type(query("campaign_by_type", **scope)),
        key="types",
        config={"displayModeBar": False},
    )
