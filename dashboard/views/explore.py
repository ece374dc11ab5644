"""检查查询: inspectors filter studios on a phone, open one's file, export, share the link.

Every filter is a widget bound to the URL (bind="query-params"), so a copied link opens the same
results elsewhere. Filtering happens in SQL with parameters (queries/explore_studios.sql).
"""

from __future__ import annotations

import streamlit as st

from dashboard import exports, settings, ui
from dashboard import labels as L
from dashboard.contract import STUDIO_TYPES, UNIT_KINDS
from dashboard.state import filters, query, risk_params

f = filters()
ui.page_header(L.PAGE_EXPLORE, f)

units = query("units", unit=f.unit)
text = st.text_input(
    L.EXPLORE_SEARCH,
    key="q",
    placeholder=L.EXPLORE_SEARCH_HINT,
    bind="query-params",
    icon=":material/search:",
)
with st.expander(L.EXPLORE_FILTERS, icon=":material/filter_list:"):
    left, right = st.columns(2)
    with left:
        chosen_units = st.multiselect(
            L.F_UNITS, units["unit"].tolist(), key="u", bind="query-params"
        )
        kinds = st.multiselect(L.F_KINDS, list(UNIT_KINDS), key="k", bind="query-params")
        types = st.multiselect(L.F_TYPES, list(STUDIO_TYPES), key="t", bind="query-params")
        # Options are the words themselves so that a shared link reads ?s=已命名&r=高.
        statuses = st.multiselect(
            L.F_STATUSES, list(L.STATUS_FILTER.values()), key="s", bind="query-params"
        )
    with right:
        industries = st.multiselect(
            L.F_INDUSTRIES,
            query("industries", unit=f.unit)["industry"].tolist(),
            key="i",
            bind="query-params",
        )
        tiers = st.multiselect(L.F_TIERS, ["高", "中", "低"], key="r", bind="query-params")
        years = sorted(query("campaigns", as_of=f.as_of)["campaign_year"].astype(int).tolist())
        named_years = st.multiselect(L.F_NAMED_YEARS, years, key="ny", bind="query-params")
        campaign_years = st.multiselect(L.F_CAMPAIGN_YEARS, years, key="cy", bind="query-params")

found = query(
    "explore_studios",
    as_of=f.as_of,
    unit=f.unit,
    units=chosen_units or None,
    unit_kinds=kinds or None,
    studio_types=types or None,
    statuses=[k for k, v in L.STATUS_FILTER.items() if v in statuses] or None,
    industries=industries or None,
    tiers=tiers or None,
    named_years=named_years or None,
    campaign_years=campaign_years or None,
    text=(text or "").strip() or None,
    p=risk_params(),
    limit=int(settings.get("explore_max_rows")),
)
if found.empty:
    st.info(L.EXPLORE_NONE)
    st.stop()
total = int(found["total"].iloc[0])
st.caption(
    (L.EXPLORE_COUNT if total == len(found) else L.EXPLORE_COUNT_CAPPED).format(
        total=total, shown=len(found)
    )
)

shown = exports.explore_frame(found)
columns = L.COLUMNS
picked = st.dataframe(
    shown,
    hide_index=True,
    key="results",
    on_select="rerun",
    selection_mode="single-row",
    height=ui.table_height(len(shown), most=15),
    column_config={
        L.COL_FILE: st.column_config.LinkColumn(
            L.COL_FILE, display_text=L.EXPLORE_OPEN, width="small"
        ),
        columns["studio_name"]: st.column_config.TextColumn(columns["studio_name"], pinned=True),
        columns["score"]: st.column_config.NumberColumn(columns["score"], format="%d"),
        L.COL_NAMED_YEAR: st.column_config.NumberColumn(L.COL_NAMED_YEAR, format="%d"),
        L.COL_CAMPAIGN_YEAR: st.column_config.NumberColumn(L.COL_CAMPAIGN_YEAR, format="%d"),
    },
)
if picked and picked.selection.rows:
    studio_id = shown.iloc[picked.selection.rows[0]][columns["studio_id"]]
    st.switch_page("views/studio.py", query_params={"id": studio_id})

scope = L.SCOPE_UNIT.format(unit=f.unit) if f.unit else L.SCOPE_ALL
out = shown.drop(columns=[L.COL_FILE])
files = {  # extension: (label, the file built when clicked, mime)
    "csv": (L.EXPORT_CSV, lambda: exports.csv_bytes(out), "text/csv"),
    "xlsx": (
        L.EXPORT_XLSX,
        lambda: exports.xlsx_workbook(
            L.EXPLORE_EXPORT_TITLE,
            ui.day(f.as_of),
            scope,
            [(L.PAGE_EXPLORE, out, exports.EXPLORE_FORMATS)],
        ),
        ui.XLSX,
    ),
}
for column, (ext, (label, build, mime)) in zip(st.columns(2), files.items()):
    with column:
        name = L.EXPLORE_EXPORT_FILE.format(date=f.as_of, ext=ext)
        detail = {"page": L.PAGE_EXPLORE, "rows": len(out)}
        ui.download(label, build, name, key=f"export_{ext}", mime=mime, detail=detail)
st.caption(L.EXPLORE_SHARE)
