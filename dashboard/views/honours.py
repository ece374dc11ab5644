"""表彰与荣誉: the 金牌职工 roll (every leader of a plaqued studio, with its naming and 文号) and the
commendation candidates (表彰建议名单) with the evidence behind each criterion, and the near misses.

Figures come from queries/gold_workers.sql and queries/commendation.sql; C1-C4 windows and
thresholds are settings (commend_*); a criterion whose sheet was not imported is off. A national
list is long: the page shows its first MAX_ROWS rows, an export holds every row.
"""

from __future__ import annotations

import streamlit as st

from dashboard import honours_tables, labels, lists, ui
from dashboard.state import commend_params, criteria_off, filters, fresh, query, risk_params, shaped

MAX_ROWS = 500

f = filters()
ui.page_header(labels.PAGE_HONOURS, f)
as_of, scope_line = f.as_of.isoformat(), ui.scope_text(f.unit)


def shown_note(rows, total: int) -> None:
    if total > len(rows):
        st.caption(labels.HON_SHOWN.format(total=total, shown=len(rows)))


# --- 金牌职工 roll ----------------------------------------------------------------------------------
st.subheader(labels.HON_SECTION_ROLL)
st.caption(labels.HON_ROLL_NOTE)
left, middle, right = st.columns(3)
with left:
    years = query("campaigns", as_of=f.as_of)["campaign_year"].astype(int).tolist()
    campaign = ui.pick(labels.F_CAMPAIGN, years[::-1], "roll_year", labels.ALL, bind="query-params")
with middle:  # a unit user sees their own unit only
    units = query("units", unit=f.unit)["unit"].tolist()
    unit = f.unit or ui.pick(labels.F_UNITS, units, "roll_unit", labels.ALL, bind="query-params")
with right:
    state = st.pills(
        labels.F_ROLL_STATE, list(labels.ROLL_STATE), format_func=labels.ROLL_STATE.get,
        key="roll_state", bind="query-params",
    )  # fmt: skip
roll_args = dict(as_of=f.as_of, unit=unit, campaign=campaign, active=None)
chosen = [(labels.F_CAMPAIGN, campaign), (labels.F_UNITS, None if f.unit else unit)]
chosen.append((labels.F_ROLL_STATE, labels.ROLL_STATE.get(state) if state else None))
roll_filters = lists.describe(lists.chips([("", name, value) for name, value in chosen]))
if state:
    roll_args["active"] = state == "active"
roll = query("gold_workers", **roll_args, limit=MAX_ROWS)
total = 0 if roll.empty else int(roll["total"].iloc[0])
active = 0 if roll.empty else int(roll["active_total"].iloc[0])
st.caption(labels.HON_ROLL_COUNT.format(total=total, active=active))
shown_note(roll, total)
ui.show_table(
    honours_tables.roll_table(roll),
    "roll",
    pinned=labels.ROLL_PUBLISH["leader"],
    studio_ids=roll["studio_id"],
    cards=honours_tables.roll_cards(roll),
    total=total,
    more=labels.CARDS_MORE_FILTER,
)
ui.download(
    labels.EXPORT_XLSX,
    lambda: honours_tables.roll_workbook(
        honours_tables.roll_table(fresh("gold_workers", **roll_args, limit=None)),
        as_of,
        scope_line,
        roll_filters,
    ),
    labels.ROLL_EXPORT_FILE.format(date=as_of),
    key="roll_xlsx",
    detail={"page": labels.PAGE_HONOURS, "list": labels.HON_SECTION_ROLL, "rows": total},
)

# --- commendation candidates and near misses -----------------------------------------------------
c, off = commend_params(), criteria_off()
rules = honours_tables.criteria_lines(c, off)
args = dict(as_of=f.as_of, unit=f.unit, p=risk_params(), c=c)
# the two tables built once per parameters and data version (state.shaped), not on every run
parts = shaped(
    honours_tables.candidate_parts,
    "commendation",
    dict(args, most_missing=1, limit=MAX_ROWS),
    tuple(off),
)
for missing, title, note, none, file in (  # each list with its export
    (0, labels.HON_SECTION_CANDIDATES, labels.HON_CANDIDATES_NOTE, labels.HON_NONE,
     labels.CANDIDATES_EXPORT_FILE),
    (1, labels.HON_NEAR_MISS, labels.HON_NEAR_MISS_NOTE, labels.HON_NEAR_NONE,
     labels.NEAR_MISS_EXPORT_FILE),
):  # fmt: skip
    st.subheader(title)
    st.caption(note)
    if missing == 0:
        st.text("\n".join(rules))
    if missing not in parts:
        st.info(none)
        continue
    table, studio_ids, part_total, cards = parts[missing]
    shown_note(studio_ids, part_total)
    name = labels.COLUMNS["studio_name"]
    shown = dict(cards=cards, total=part_total, more=labels.CARDS_MORE_EXPORT)
    ui.show_table(table, f"commendation_{missing}", name, studio_ids, **shown)
    ui.download(
        labels.EXPORT_XLSX,
        lambda m=missing, t=title: honours_tables.candidates_workbook(
            honours_tables.candidates_table(
                honours_tables.only(fresh("commendation", **args, most_missing=m, limit=None), m),
                off,
            ),
            rules,
            as_of,
            scope_line,
            t,
        ),
        file.format(date=as_of),
        key="candidates_xlsx" if missing == 0 else "near_miss_xlsx",
        detail={"page": labels.PAGE_HONOURS, "list": title, "rows": part_total},
    )
