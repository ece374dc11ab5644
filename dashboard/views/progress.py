"""创建进度: how far the campaign is toward its target, against 序时进度, and which units lag."""

from __future__ import annotations

import streamlit as st

from dashboard import brief_button, charts, labels, lists, progress_tables, settings, ui
from dashboard.state import filters, kept, query

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
# the figures and the units table built once per parameters and data version (state.kept)
drawn = tuple(sorted(scope.items()))
ui.chart(
    lambda: charts.burnup(
        query("campaign_burnup", **scope), as_of=f.as_of, **progress_tables.burnup_inputs(progress)
    ),
    "burnup",
    note=progress_tables.projection_note(progress, ui.day),
    kept=drawn,
)

# --- units ------------------------------------------------------------------------------
st.subheader(labels.SECTION_UNITS)
amber = settings.get("light_amber_points")
units = query("campaign_units", **scope, amber_points=amber)
if not units.empty:
    st.caption(labels.LIGHT_RULE[units["light_rule"].iloc[0]] + labels.SHORTFALL_NOTE)
units, kind = ui.unit_kind_filter(units, "unit_kind")


def units_drawn() -> tuple:
    """The units table, as the grid draws it (pills on the lights) and as the phone's cards."""
    table = progress_tables.units_table(units)
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
    return table, shown, config, progress_tables.unit_cards(table.head(lists.MAX_CARDS))


table, shown, config, cards = kept("progress_units", (drawn, amber, kind), units_drawn)
with st.container(key="grid_units"):  # a phone sees the cards below instead (lists.py)
    ui.grid(
        shown,
        key="units_table",
        height=ui.table_height(len(table)),
        column_order=progress_tables.UNIT_ORDER,
        column_config=config,
    )
lists.show_cards(cards, "units", ui.TONE_OF, total=len(table))
unit = ui.pick(labels.PICK_UNIT, table["unit"].tolist(), "pick_unit", labels.PICK_UNIT_HINT)

# --- one unit's applicants --------------------------------------------------------------
if unit:
    st.subheader(labels.SECTION_APPLICANTS.format(unit=ui.plain(unit)))
    applicants = query("campaign_applicants", campaign=f.campaign, as_of=f.as_of, unit=unit)
    ui.grid(
        progress_tables.applicants_table(applicants),
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
    ui.chart(lambda: charts.funnel(query("campaign_funnel", **scope)), "funnel", kept=drawn)
with right:
    st.subheader(labels.SECTION_TYPES)
    ui.chart(lambda: charts.by_type(query("campaign_by_type", **scope)), "types", kept=drawn)
