"""申报审核: every applicant of the campaign with its form check (eligibility), late flag and
status; ineligible, unverified and late applicants first, with the reason in words.

Figures come from queries/applications.sql and campaign_progress.sql; the filters are bound to
the URL, so a link shares the view.
"""

from __future__ import annotations

import streamlit as st

from dashboard import applications_tables, labels, lists, ui
from dashboard.state import filters, query, shaped

MAX_ROWS = 200  # rows drawn (a national campaign has tens of thousands; each drawn row costs
# its colouring, benchmarks/RESULTS.md); the export holds all

f = filters()
ui.page_header(labels.PAGE_APPLICATIONS, f)
scope = dict(campaign=f.campaign, as_of=f.as_of, unit=f.unit)
progress = query("campaign_progress", **scope)
every_unit = query("applications_units", **scope, **applications_tables.NO_FILTERS)
if progress.empty or every_unit.empty:
    st.info(labels.APP_NONE)
    st.stop()
progress = progress.iloc[0]
ui.metrics(applications_tables.kpis(progress))

# --- filters (in the URL) -------------------------------------------------------------------------
left, middle, right = st.columns([2, 3, 2])
with left:
    if f.unit:  # a unit user sees their own unit only
        st.selectbox(labels.F_UNITS, [f.unit], key="unit_fixed", disabled=True)
    unit = f.unit or ui.pick(
        labels.F_UNITS,
        every_unit["unit"].tolist(),
        "unit",
        labels.APP_ALL_UNITS,
        bind="query-params",
    )
with middle:
    eligibility = st.pills(
        labels.F_ELIGIBILITY,
        list(labels.ELIGIBILITY_MARK),
        selection_mode="multi",
        key="eligibility",
        bind="query-params",
    )
with right:
    statuses = ui.choose_many(
        labels.F_STATUS,
        list(labels.STATUS),
        format_func=labels.STATUS.get,
        key="status",
        placeholder=labels.ALL,
        bind="query-params",
    )
late_only = st.checkbox(labels.F_LATE, key="late", bind="query-params")
chosen = applications_tables.filters(unit, eligibility, late_only, statuses)
active = lists.chips(
    [
        ("unit", labels.F_UNITS, None if f.unit else unit, None),
        ("eligibility", labels.F_ELIGIBILITY, eligibility),
    ]
    + [
        ("status", labels.F_STATUS, [labels.STATUS[s] for s in statuses or []]),
        ("late", labels.F_LATE, late_only),
    ]
)
lists.show_chips(active, "applications")
deadline = progress["application_deadline"]
rows = {**scope, **chosen, "limit": MAX_ROWS}
table, cards, count, problems = shaped(
    applications_tables.listed, "applications_list", rows, deadline
)

# --- the list ----------------------------------------------------------------------------------------
st.subheader(labels.APP_SECTION_LIST)
if not count:
    st.info(labels.APP_NONE)
else:
    st.caption(labels.APP_COUNT.format(total=count, problems=problems))
    if count > MAX_ROWS:
        st.caption(labels.HON_SHOWN.format(total=count, shown=MAX_ROWS))
    ids = table[0][labels.COLUMNS["studio_id"]]
    ui.show_table(
        table,
        "applications",
        pinned=labels.COLUMNS["studio_name"],
        studio_ids=ids,
        tones=[labels.COLUMNS["eligibility"]],
        cards=cards,
        total=count,
        more=labels.CARDS_MORE_FILTER,
    )
    ui.download(
        labels.EXPORT_XLSX,
        lambda: applications_tables.workbook(
            applications_tables.table(
                query("applications_list", **{**rows, "limit": None}), deadline
            ),
            f.as_of.isoformat(),
            ui.scope_text(f.unit),
            lists.describe(active),
        ),
        labels.APP_EXPORT_FILE.format(year=f.campaign, date=f.as_of.isoformat()),
        key="applications_xlsx",
        detail={"page": labels.PAGE_APPLICATIONS, "rows": count},
    )

# --- per unit -------------------------------------------------------------------------------------
st.subheader(labels.APP_SECTION_UNITS)
# of the applicants the filters keep once a unit is picked; else of all, every unit in a row
units = query("applications_units", **scope, **chosen) if unit else every_unit
unit_cards = applications_tables.unit_cards(units)
ui.show_table(applications_tables.per_unit(units), "applications_units", cards=unit_cards)
