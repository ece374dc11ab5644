"""成果效益: what named studios produced in a period — benefit (万元), patents, adoption — by unit,
by category and by year, with 同比 against the same span a year earlier."""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import benefits_tables, charts, labels, ui
from dashboard.contract import OUTCOME_CATEGORIES, UNIT_KINDS
from dashboard.state import filters, query

TOP_UNITS = 15  # bars per ranked chart; the table below holds every unit
TOP_OUTCOMES = 20
NO_BAR = {"displayModeBar": False}
columns = labels.COLUMNS

f = filters()
ui.page_header(labels.PAGE_BENEFITS, f)

# --- period and 同比 ---------------------------------------------------------------------------
years = query("benefits_by_year", as_of=f.as_of, unit=f.unit)
options = benefits_tables.period_options(years["year"], f.as_of)
top_row = st.columns([5, 1], vertical_alignment="bottom")
with top_row[0]:
    choice = (
        st.segmented_control(
            labels.BENEFITS_PERIOD,
            options,
            default=benefits_tables.YTD,
            required=True,
            wrap=True,
            format_func=benefits_tables.option_label,
            key="period",
            bind="query-params",
        )
        or benefits_tables.YTD
    )
export_slot = top_row[1].container()
start, end = benefits_tables.period_bounds(choice, f.as_of)
params = dict(as_of=f.as_of, period_start=start, period_end=end, unit=f.unit)
units = query("benefits_by_unit", **params)
span = benefits_tables.period_span(choice, start, end)
if choice == benefits_tables.ALL:  # a running total: nothing to compare with
    prior = None
    st.caption(f"{span}。{labels.YOY_NOTE_ALL}")
else:
    earlier = benefits_tables.previous(f.as_of, start, end)
    prior = query("benefits_by_unit", **earlier, unit=f.unit)
    st.caption(
        f"{span}。"
        + labels.YOY_NOTE.format(
            start=earlier["period_start"].isoformat(), end=earlier["period_end"].isoformat()
        )
    )
if units.empty:
    st.info(labels.BENEFITS_NONE)
    st.stop()

# --- KPI strip --------------------------------------------------------------------------------
now = benefits_tables.totals(query("benefits_totals", **params))
before = (
    benefits_tables.totals(query("benefits_totals", **earlier, unit=f.unit))
    if prior is not None
    else None
)


def kpi(column, label: str, key: str, text: str, points: bool = False) -> None:
    if before is None:
        column.metric(label, text)
        return
    delta, color = benefits_tables.yoy(now[key], before[key], points=points)
    column.metric(
        label, text, delta=delta, delta_color=color, delta_arrow="off", delta_description=labels.YOY
    )


for n, (label, key, text, points) in enumerate(benefits_tables.kpi_cells(now, ui.pct)):
    if n % 4 == 0:
        row = st.columns(4)
    kpi(row[n % 4], label, key, text, points)

# --- by unit ----------------------------------------------------------------------------------
st.subheader(labels.SECTION_BENEFIT_UNITS)
kinds = [k for k in UNIT_KINDS if k in set(units["unit_kind"])]
kind = st.segmented_control(
    labels.UNIT_KIND_FILTER,
    [labels.ALL, *kinds],
    default=labels.ALL,
    required=True,
    wrap=True,
    key="benefits_unit_kind",
)
shown = units if not kind or kind == labels.ALL else units[units["unit_kind"] == kind]
left, right = st.columns(2)
with left:
    st.markdown(f"**{labels.SECTION_BENEFIT_BARS}**")
    if len(shown) > TOP_UNITS:
        st.caption(labels.CHART_TOP_UNITS.format(n=TOP_UNITS, total=len(shown)))
    st.plotly_chart(charts.benefit_bars(shown, TOP_UNITS), key="benefit_bars", config=NO_BAR)
with right:
    st.markdown(f"**{labels.SECTION_PATENT_BARS}**")
    if len(shown) > TOP_UNITS:
        st.caption(labels.CHART_TOP_PATENTS.format(n=TOP_UNITS))
    st.plotly_chart(charts.patent_stack(shown, TOP_UNITS), key="patent_stack", config=NO_BAR)

unit_table = benefits_tables.units_table(shown, prior)
ui.show_table(unit_table, "benefit_units", pinned=columns["unit"])

# --- one unit's studios -----------------------------------------------------------------------
picked = st.selectbox(
    labels.PICK_BENEFIT_UNIT,
    shown["unit"].tolist(),
    index=None,
    key="benefits_unit",
    placeholder=labels.PICK_UNIT_HINT,
)
studio_table = None
if picked:
    st.subheader(labels.SECTION_STUDIOS.format(unit=picked))
    studios = query("benefits_studios", **{**params, "unit": picked})
    studio_table = benefits_tables.studios_table(studios)
    ui.show_table(
        studio_table,
        "benefit_studios",
        pinned=columns["studio_name"],
        studio_ids=studios["studio_id"],
    )

# --- by category and by year ------------------------------------------------------------------
category_table = benefits_tables.categories_table(
    query("benefits_by_category", **params), OUTCOME_CATEGORIES
)
year_table = benefits_tables.years_table(years, f.as_of)
left, right = st.columns(2)
with left:
    st.subheader(labels.SECTION_CATEGORIES)
    cats = category_table[0]
    st.plotly_chart(
        charts.category_bars(
            cats.rename(
                columns={
                    columns["category"]: "category",
                    columns["outcomes"]: "outcomes",
                    columns["benefit_wan"]: "benefit_wan",
                }
            )
        ),
        key="category_bars",
        config=NO_BAR,
    )
with right:
    st.subheader(labels.SECTION_TREND)
    st.caption(labels.TREND_NOTE)
    st.plotly_chart(
        charts.benefit_trend(years, benefits_tables.year_labels(years, f.as_of, sep="<br>")),
        key="benefit_trend",
        config=NO_BAR,
    )

# --- top outcomes -----------------------------------------------------------------------------
st.subheader(labels.SECTION_TOP_OUTCOMES.format(n=TOP_OUTCOMES))
top = query("benefits_top_outcomes", **params, top=TOP_OUTCOMES)
top_table = benefits_tables.top_table(top)
ui.show_table(
    top_table,
    "benefit_top",
    pinned=labels.COL_OUTCOME_TITLE,
    studio_ids=top["studio_id"],
    most=TOP_OUTCOMES,
)

# --- export: the tables shown -----------------------------------------------------------------
tables = [
    ("units", unit_table),
    ("categories", category_table),
    ("years", year_table),
    ("top", top_table),
]
if studio_table is not None:
    tables.append(("studios", studio_table))
scope = labels.SCOPE_UNIT.format(unit=f.unit) if f.unit else labels.SCOPE_ALL
if kind and kind != labels.ALL:
    scope += f" · {labels.UNIT_KIND_FILTER}：{kind}"
with export_slot:
    ui.download(
        labels.BENEFITS_EXPORT,
        functools.partial(benefits_tables.workbook, f.as_of, scope, span, tables),
        f"{labels.BENEFITS_EXPORT_TITLE}_{benefits_tables.period_label(choice).replace(' ', '')}_"
        f"{f.as_of.isoformat()}.xlsx",
        key="benefits_tables",
        detail={"page": labels.PAGE_BENEFITS, "scope": scope},
    )
