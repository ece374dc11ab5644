"""检查查询: inspectors filter studios on a phone, open one's file, export, share the link.

Every filter is a widget bound to the URL (bind="query-params"), so a copied link opens the same
results elsewhere. Filtering happens in SQL with parameters (queries/explore_studios.sql).
"""

from __future__ import annotations

import streamlit as st

from dashboard import exports, labels, lists, settings, ui
from dashboard.contract import STUDIO_TYPES, TIERS, UNIT_KINDS
from dashboard.state import filters, query, risk_params

f = filters()
ui.page_header(labels.PAGE_EXPLORE, f)

units = query("units", unit=f.unit)
text = st.text_input(
    labels.EXPLORE_SEARCH,
    key="q",
    placeholder=labels.EXPLORE_SEARCH_HINT,
    bind="query-params",
    icon=":material/search:",
)
with st.expander(labels.EXPLORE_FILTERS, icon=":material/filter_list:"):
    left, right = st.columns(2)
    with left:
        chosen_units, kinds = [], []  # a unit user has its one unit: nothing to choose
        if f.unit is None:
            chosen_units = ui.choose_many(
                labels.F_UNITS, units["unit"].tolist(), key="u", bind="query-params"
            )
            kinds = ui.choose_many(labels.F_KINDS, list(UNIT_KINDS), key="k", bind="query-params")
        types = ui.choose_many(labels.F_TYPES, list(STUDIO_TYPES), key="t", bind="query-params")
        # Options are the words themselves so that a shared link reads ?s=已命名&r=高.
        statuses = ui.choose_many(
            labels.F_STATUSES, list(labels.STATUS_FILTER.values()), key="s", bind="query-params"
        )
    with right:
        industries = ui.choose_many(
            labels.F_INDUSTRIES,
            query("industries", unit=f.unit)["industry"].tolist(),
            key="i",
            bind="query-params",
        )
        tiers = ui.choose_many(labels.F_TIERS, list(TIERS), key="r", bind="query-params")
        years = sorted(query("campaigns", as_of=f.as_of)["campaign_year"].astype(int).tolist())
        named_years = ui.choose_many(labels.F_NAMED_YEARS, years, key="ny", bind="query-params")
        campaign_years = ui.choose_many(
            labels.F_CAMPAIGN_YEARS, years, key="cy", bind="query-params"
        )

chosen = {"q": (text or "").strip(), "u": chosen_units, "k": kinds, "t": types, "s": statuses}
chosen |= {"i": industries, "r": tiers, "ny": named_years, "cy": campaign_years}
active = lists.chips([(key, labels.EXPLORE_FILTER_NAMES[key], v) for key, v in chosen.items()])
lists.show_chips(active, "explore")
found = query(
    "explore_studios",
    as_of=f.as_of,
    unit=f.unit,
    units=chosen_units or None,
    unit_kinds=kinds or None,
    studio_types=types or None,
    statuses=[k for k, v in labels.STATUS_FILTER.items() if v in statuses] or None,
    industries=industries or None,
    tiers=tiers or None,
    named_years=named_years or None,
    campaign_years=campaign_years or None,
    text=(text or "").strip() or None,
    p=risk_params(),
    limit=int(settings.get("explore_max_rows")),
)
if found.empty:
    st.info(labels.EXPLORE_NONE)
    st.stop()
total = int(found["total"].iloc[0])
ui.count_caption(total, len(found), labels.EXPLORE_COUNT, labels.EXPLORE_COUNT_CAPPED)

shown = exports.explore_frame(found, lists.here())
columns = labels.COLUMNS
ui.studio_list(
    shown,
    "results",
    shown[columns["studio_id"]],
    tones=[columns["tier"]],
    cards=exports.explore_cards(
        shown.head(lists.MAX_CARDS), found["top_reason"].head(lists.MAX_CARDS)
    ),
    total=total,
    more=labels.CARDS_MORE_FILTER,
    column_config={
        labels.COL_FILE: st.column_config.LinkColumn(
            labels.COL_FILE, display_text=labels.OPEN_FILE, width="small"
        ),
        columns["studio_name"]: st.column_config.TextColumn(columns["studio_name"], pinned=True),
        columns["score"]: st.column_config.NumberColumn(columns["score"], format="%d"),
        labels.COL_NAMED_YEAR: st.column_config.NumberColumn(labels.COL_NAMED_YEAR, format="%d"),
        labels.COL_CAMPAIGN_YEAR: st.column_config.NumberColumn(
            labels.COL_CAMPAIGN_YEAR, format="%d"
        ),
    },
)

scope = ui.scope_text(f.unit)
out = shown.drop(columns=[labels.COL_FILE])
files = exports.explore_files(out, ui.day(f.as_of), scope, lists.describe(active))
for column, (ext, (label, build, mime)) in zip(st.columns(2), files.items()):
    with column:
        name = labels.EXPLORE_EXPORT_FILE.format(date=f.as_of, ext=ext)
        detail = {"page": labels.PAGE_EXPLORE, "rows": len(out), "filters": lists.describe(active)}
        ui.download(label, build, name, key=f"export_{ext}", mime=mime, detail=detail)
st.caption(labels.EXPLORE_SHARE)
