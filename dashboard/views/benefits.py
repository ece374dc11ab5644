"""成果效益: what named studios produced in a period — benefit (万元), patents, adoption — by unit,
by category and by year, with 同比 against the same span a year earlier."""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import benefits_tables, charts, labels, ui
from dashboard.contract import OUTCOME_CATEGORIES
from dashboard.state import filters, kept, query, shaped

TOP_UNITS = 15  # bars per ranked chart; the table below holds every unit
TOP_OUTCOMES = 20
columns = labels.COLUMNS

f = filters()
ui.page_header(labels.PAGE_BENEFITS, f)

# --- period and 同比 ---------------------------------------------------------------------------
years = query("benefits_by_year", as_of=f.as_of, unit=f.unit)
options = benefits_tables.period_options(years["year"], f.as_of)
top_row = st.columns([5, 1], vertical_alignment="bottom")
with top_row[0]:
    choice = st.segmented_control(
        labels.BENEFITS_PERIOD, options, default=benefits_tables.YTD, required=True, wrap=True,
        format_func=benefits_tables.option_label, key="period", bind="query-params",
    ) or benefits_tables.YTD  # fmt: skip
export_slot = top_row[1].container()
start, end = benefits_tables.period_bounds(choice, f.as_of)
params = dict(as_of=f.as_of, period_start=start, period_end=end, unit=f.unit)
earlier = benefits_tables.earlier_params(choice, params)  # None for 全部: a running total
# by unit, by category and in total from one query, and one for the year earlier (benefit_summary)
units, categories, now_row = shaped(benefits_tables.summary_parts, "benefits_summary", params)
prior_parts = earlier and shaped(benefits_tables.summary_parts, "benefits_summary", earlier)
prior, _, before_row = prior_parts or (None, None, None)
span = benefits_tables.period_span(choice, start, end)
st.caption(benefits_tables.period_note(span, earlier))
if units.empty:
    st.info(labels.BENEFITS_NONE)
    st.stop()

# --- KPI strip --------------------------------------------------------------------------------
now = benefits_tables.totals(now_row)
before = None if before_row is None else benefits_tables.totals(before_row)
ui.metrics(benefits_tables.kpi_metrics(now, before, ui.pct))

# --- by unit ----------------------------------------------------------------------------------
st.subheader(labels.SECTION_BENEFIT_UNITS)
shown, kind = ui.unit_kind_filter(units, "benefits_unit_kind", required=True, wrap=True)
# figures and units table built once per parameters, kind, setting and data version (state.kept)
drawn = (tuple(sorted(params.items())), kind, benefits_tables.min_base())
bars_note, patents_note = benefits_tables.top_notes(len(shown), TOP_UNITS)
left, right = st.columns(2)
with left:
    st.markdown(f"**{labels.SECTION_BENEFIT_BARS}**")
    ui.chart(lambda: charts.benefit_bars(shown, TOP_UNITS), "benefit_bars", bars_note, drawn)
with right:
    st.markdown(f"**{labels.SECTION_PATENT_BARS}**")
    ui.chart(lambda: charts.patent_stack(shown, TOP_UNITS), "patent_stack", patents_note, drawn)

unit_table = kept("benefit_units", drawn, lambda: benefits_tables.units_table(shown, prior))
cards = benefits_tables.unit_cards(unit_table[0])  # a phone: no inner grid of 21 rows
ui.show_table(
    unit_table, "benefit_units", columns["unit"], tones=[labels.COL_BENEFIT_YOY], cards=cards
)

# --- one unit's studios -----------------------------------------------------------------------
unit_names = shown["unit"].tolist()
picked = ui.pick(labels.PICK_BENEFIT_UNIT, unit_names, "benefits_unit", labels.PICK_UNIT_HINT)
studio_table = None
if picked:
    st.subheader(labels.SECTION_STUDIOS.format(unit=ui.plain(picked)))
    studios = query("benefits_studios", **{**params, "unit": picked})
    studio_table = benefits_tables.studios_table(studios)
    ui.show_table(studio_table, "benefit_studios", columns["studio_name"], studios["studio_id"])

# --- by category and by year ------------------------------------------------------------------
category_table = benefits_tables.categories_table(categories, OUTCOME_CATEGORIES)
year_table = benefits_tables.years_table(years, f.as_of)
left, right = st.columns(2)
with left:
    st.subheader(labels.SECTION_CATEGORIES)
    bars_data = benefits_tables.category_bars_data(category_table)
    ui.chart(lambda: charts.category_bars(bars_data), "category_bars", kept=drawn[0])
with right:
    st.subheader(labels.SECTION_TREND)
    ticks = benefits_tables.year_labels(years, f.as_of, sep="\n")
    trend = lambda: charts.benefit_trend(years, ticks)  # noqa: E731
    ui.chart(trend, "benefit_trend", labels.TREND_NOTE, kept=(f.as_of, f.unit))

# --- top outcomes -----------------------------------------------------------------------------
st.subheader(labels.SECTION_TOP_OUTCOMES.format(n=TOP_OUTCOMES))
top = query("benefits_top_outcomes", **params, top=TOP_OUTCOMES)
top_table, top_cards = benefits_tables.top_table(top), benefits_tables.top_cards(top)
title = labels.COL_OUTCOME_TITLE  # a phone reads cards: the 万元 column would be off-screen
ui.show_table(top_table, "benefit_top", title, top["studio_id"], most=TOP_OUTCOMES, cards=top_cards)

# --- export: the tables shown -----------------------------------------------------------------
tables = dict(units=unit_table, categories=category_table, years=year_table, top=top_table)
if studio_table is not None:
    tables["studios"] = studio_table
scope = benefits_tables.export_scope(ui.scope_text(f.unit), kind)
with export_slot:
    ui.download(
        labels.EXPORT_XLSX,
        functools.partial(benefits_tables.workbook, f.as_of, scope, span, list(tables.items())),
        benefits_tables.export_name(choice, f.as_of),
        key="benefits_tables",
        detail={"page": labels.PAGE_BENEFITS, "scope": scope},
    )
