"""成果效益: what named studios produced in a period — benefit (万元), patents, adoption — by unit,
by category and by year, with 同比 against the same span a year earlier."""
from __future__ import annotations

import functools

import streamlit as st

from dashboard import benefits_export as B
from dashboard import charts, ui
from dashboard import labels as L
from dashboard.contract import OUTCOME_CATEGORIES, UNIT_KINDS
from dashboard.state import current_user, filters, query

TOP_UNITS = 15      # bars per ranked chart; the table below holds every unit
TOP_OUTCOMES = 20
NO_BAR = {"displayModeBar": False}
C = L.COLUMNS

f = filters()
ui.page_header(L.PAGE_BENEFITS, f)

# --- period and 同比 ---------------------------------------------------------------------------
years = query("benefits_by_year", as_of=f.as_of, unit=f.unit)
options = B.period_options(years["year"], f.as_of)
top_row = st.columns([5, 1], vertical_alignment="bottom")
with top_row[0]:
    choice = st.segmented_control(L.BENEFITS_PERIOD, options, default=B.YTD, required=True,
                                  wrap=True, format_func=B.option_label, key="period",
                                  bind="query-params") or B.YTD
export_slot = top_row[1].container()
start, end = B.period_bounds(choice, f.as_of)
params = dict(as_of=f.as_of, period_start=start, period_end=end, unit=f.unit)
units = query("benefits_by_unit", **params)
span = B.period_span(choice, start, end)
if choice == B.ALL:  # a running total: nothing to compare with
    prior = None
    st.caption(f"{span}。{L.YOY_NOTE_ALL}")
else:
    earlier = B.previous(f.as_of, start, end)
    prior = query("benefits_by_unit", **earlier, unit=f.unit)
    st.caption(f"{span}。" + L.YOY_NOTE.format(start=earlier["period_start"].isoformat(),
                                              end=earlier["period_end"].isoformat()))
if units.empty:
    st.info(L.BENEFITS_NONE)
    st.stop()

# --- KPI strip --------------------------------------------------------------------------------
now = B.totals(units)
before = B.totals(prior) if prior is not None else None


def kpi(column, label: str, key: str, text: str, points: bool = False) -> None:
    if before is None:
        column.metric(label, text)
        return
    delta, color = B.yoy(now[key], before[key], points=points)
    column.metric(label, text, delta=delta, delta_color=color, delta_arrow="off",
                  delta_description=L.YOY)


row1 = st.columns(4)
kpi(row1[0], L.KPI_BENEFIT, "benefit_wan", f"{now['benefit_wan']:,.2f}")
kpi(row1[1], L.KPI_OUTCOMES, "outcomes", f"{now['outcomes']:,}")
kpi(row1[2], L.KPI_PATENTS, "patents", f"{now['patents']:,}")
kpi(row1[3], L.KPI_ADOPTED, "adopted_share", ui.pct(now["adopted_share"]), points=True)
row2 = st.columns(4)
kpi(row2[0], L.KPI_STUDIOS, "studios", f"{now['studios']:,}")
kpi(row2[1], L.KPI_PER_STUDIO, "per_studio_wan",
    "—" if now["per_studio_wan"] is None else f"{now['per_studio_wan']:,.2f}")
kpi(row2[2], L.KPI_OUTCOMES_PER_STUDIO, "outcomes_per_studio",
    "—" if now["outcomes_per_studio"] is None else f"{now['outcomes_per_studio']:.1f}")
kpi(row2[3], L.KPI_INVENTION, "invention_patents", f"{now['invention_patents']:,}")

# --- by unit ----------------------------------------------------------------------------------
st.subheader(L.SECTION_BENEFIT_UNITS)
kinds = [k for k in UNIT_KINDS if k in set(units["unit_kind"])]
kind = st.segmented_control(L.UNIT_KIND_FILTER, [L.ALL, *kinds], default=L.ALL, required=True,
                            wrap=True, key="benefits_unit_kind")
shown = units if not kind or kind == L.ALL else units[units["unit_kind"] == kind]
left, right = st.columns(2)
with left:
    st.markdown(f"**{L.SECTION_BENEFIT_BARS}**")
    if len(shown) > TOP_UNITS:
        st.caption(L.CHART_TOP_UNITS.format(n=TOP_UNITS, total=len(shown)))
    st.plotly_chart(charts.benefit_bars(shown, TOP_UNITS), key="benefit_bars", config=NO_BAR)
with right:
    st.markdown(f"**{L.SECTION_PATENT_BARS}**")
    if len(shown) > TOP_UNITS:
        st.caption(L.CHART_TOP_PATENTS.format(n=TOP_UNITS))
    st.plotly_chart(charts.patent_stack(shown, TOP_UNITS), key="patent_stack", config=NO_BAR)

unit_table = B.units_table(shown, prior)
st.dataframe(
    unit_table[0].assign(**{C["adopted_share"]: unit_table[0][C["adopted_share"]] * 100}),
    hide_index=True, key="benefit_units", height=ui.table_height(len(shown), most=15),
    column_config={
        C["unit"]: st.column_config.TextColumn(pinned=True),
        C["benefit_wan"]: st.column_config.NumberColumn(format="%.2f"),
        L.COL_BENEFIT_PER_STUDIO: st.column_config.NumberColumn(format="%.2f"),
        L.COL_BENEFIT_PREV: st.column_config.NumberColumn(format="%.2f"),
        C["adopted_share"]: st.column_config.NumberColumn(format="%.1f%%"),
    })

# --- one unit's studios -----------------------------------------------------------------------
picked = st.selectbox(L.PICK_BENEFIT_UNIT, shown["unit"].tolist(), index=None,
                      key="benefits_unit", placeholder=L.PICK_UNIT_HINT)
studio_table = None
if picked:
    st.subheader(L.SECTION_STUDIOS.format(unit=picked))
    studios = query("benefits_studios", **{**params, "unit": picked})
    studio_table = B.studios_table(studios)
    frame = studio_table[0]
    st.dataframe(
        frame.assign(**{C["adopted_share"]: frame[C["adopted_share"]] * 100,
                        L.COL_FILE: studios["studio_id"].map(B.studio_url)}),
        hide_index=True, key="benefit_studios", height=ui.table_height(len(frame), most=15),
        column_order=[C["studio_name"], L.COL_FILE, *frame.columns[1:]],
        column_config={
            C["studio_name"]: st.column_config.TextColumn(pinned=True),
            L.COL_FILE: st.column_config.LinkColumn(display_text=L.OPEN_FILE),
            C["benefit_wan"]: st.column_config.NumberColumn(format="%.2f"),
            C["adopted_share"]: st.column_config.NumberColumn(format="%.1f%%"),
            L.COL_NAMED_ON: st.column_config.DateColumn(format="YYYY-MM-DD"),
        })

# --- by category and by year ------------------------------------------------------------------
category_table = B.categories_table(query("benefits_by_category", **params), OUTCOME_CATEGORIES)
year_table = B.years_table(years, f.as_of)
left, right = st.columns(2)
with left:
    st.subheader(L.SECTION_CATEGORIES)
    cats = category_table[0]
    st.plotly_chart(charts.category_bars(cats.rename(columns={
        C["category"]: "category", C["outcomes"]: "outcomes", C["benefit_wan"]: "benefit_wan"})),
        key="category_bars", config=NO_BAR)
with right:
    st.subheader(L.SECTION_TREND)
    st.caption(L.TREND_NOTE)
    st.plotly_chart(charts.benefit_trend(years, B.year_labels(years, f.as_of, sep="<br>")),
                    key="benefit_trend", config=NO_BAR)

# --- top outcomes -----------------------------------------------------------------------------
st.subheader(L.SECTION_TOP_OUTCOMES.format(n=TOP_OUTCOMES))
top = query("benefits_top_outcomes", **params, top=TOP_OUTCOMES)
top_table = B.top_table(top)
st.dataframe(
    top_table[0].assign(**{L.COL_FILE: top["studio_id"].map(B.studio_url)}),
    hide_index=True, key="benefit_top", height=ui.table_height(len(top), most=TOP_OUTCOMES),
    column_order=[L.COL_OUTCOME_TITLE, C["studio_name"], L.COL_FILE, C["unit"], C["category"],
                  L.COL_COMPLETED_ON, C["benefit_wan"], L.COL_PATENTS, L.COL_ADOPTED],
    column_config={
        L.COL_OUTCOME_TITLE: st.column_config.TextColumn(pinned=True),
        L.COL_FILE: st.column_config.LinkColumn(display_text=L.OPEN_FILE),
        L.COL_COMPLETED_ON: st.column_config.DateColumn(format="YYYY-MM-DD"),
        C["benefit_wan"]: st.column_config.NumberColumn(format="%.2f"),
    })

# --- export: the tables shown -----------------------------------------------------------------
tables = [("units", unit_table), ("categories", category_table), ("years", year_table),
          ("top", top_table)]
if studio_table is not None:
    tables.append(("studios", studio_table))
scope = L.SCOPE_UNIT.format(unit=f.unit) if f.unit else L.SCOPE_ALL
if kind and kind != L.ALL:
    scope += f" · {L.UNIT_KIND_FILTER}：{kind}"
if current_user() is None or current_user().can_export:
    with export_slot:
        st.download_button(
            L.BENEFITS_EXPORT, functools.partial(B.workbook, f.as_of, scope, span, tables),
            file_name=f"{L.BENEFITS_EXPORT_TITLE}_{B.period_label(choice).replace(' ', '')}_"
                      f"{f.as_of.isoformat()}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore", key="benefits_export", icon=":material/download:")
