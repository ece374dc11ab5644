"""创建进度: how far the campaign is toward its target, against 序时进度, and which units lag."""

from __future__ import annotations

import streamlit as st

from dashboard import brief_button, charts, labels, lists, progress_tables, settings, ui
from dashboard.state import filters, query

f = filters()
ui.page_header(labels.PAGE_PROGRESS, f)
brief_button.show(f)  # 打印简报: the one-page PDF for leadership
scope = dict(campaign=f.campaign, as_of=f.as_of, unit=f.unit)
progress = query("campaign_progress", **scope).iloc[0]
columns = labels.COLUMNS

# --- KPI strip --------------------------------------------------------------------------
ui.metrics(progress_tables.kpis(progress, ui.pct))
st.info(progress_tables.pipeline_note(progress, ui.day))

# --- burn-up ----------------------------------------------------------------------------
st.subheader(labels.SECTION_BURNUP)
steps = query("campaign_burnup", **scope)
ui.chart(
    charts.burnup(steps, as_of=f.as_of, **progress_tables.burnup_inputs(progress)),
    "burnup",
    note=progress_tables.projection_note(progress, ui.day),
)

# --- units ------------------------------------------------------------------------------
st.subheader(labels.SECTION_UNITS)
units = query("campaign_units", **scope, amber_points=settings.get("light_amber_points"))
if not units.empty:
    st.caption(labels.LIGHT_RULE[units["light_rule"].iloc[0]])
units, _ = ui.unit_kind_filter(units, "unit_kind")
table = progress_tables.units_table(units)
with st.container(key="grid_units"):  # a phone sees the cards below instead (lists.py)
    shown, config = ui.toned(
        table,
        ["light"],
        {
            **progress_tables.UNIT_HEADERS,
            "unit": st.column_config.TextColumn(columns["unit"], pinned=True),
            "completion_pct": st.column_config.ProgressColumn(
                columns["completion"], format="%.0f%%", min_value=0, max_value=100
            ),
        },
    )
    st.dataframe(
        shown,
        hide_index=True,
        key="units_table",
        height=ui.table_height(len(table)),
        column_order=progress_tables.UNIT_ORDER,
        column_config=config,
    )
cards = progress_tables.unit_cards(table.head(lists.MAX_CARDS))
lists.show_cards(cards, "units", ui.TONE_OF, total=len(table))
unit = ui.pick(labels.PICK_UNIT, table["unit"].tolist(), "pick_unit", labels.PICK_UNIT_HINT)

# --- one unit's applicants --------------------------------------------------------------
if unit:
    st.subheader(labels.SECTION_APPLICANTS.format(unit=ui.plain(unit)))
    applicants = query("campaign_applicants", campaign=f.campaign, as_of=f.as_of, unit=unit)
    st.dataframe(
        progress_tables.applicants_table(applicants),
        hide_index=True,
        key="applicants_table",
        column_order=progress_tables.APPLICANT_ORDER,
        column_config={
            **progress_tables.APPLICANT_HEADERS,
            "applied_on": st.column_config.DateColumn(labels.COL_APPLIED_ON, format="YYYY-MM-DD"),
            "latest_on": st.column_config.DateColumn(labels.COL_LATEST_ON, format="YYYY-MM-DD"),
        },
    )

# --- funnel and types -------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(labels.SECTION_FUNNEL)
    ui.chart(charts.funnel(query("campaign_funnel", **scope)), "funnel")
with right:
    st.subheader(labels.SECTION_TYPES)
    ui.chart(charts.by_type(query("campaign_by_type", **scope)), "types")
