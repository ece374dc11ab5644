"""摘牌风险: which named studios are weak, why and with what evidence; the 预警清单 to export.

Scores, tiers and counts come from SQL (queries/risk_*.sql on marts/risk_scores_of.sql); this page
filters (tier, unit, rule — bound to the URL, so a link shares the view), formats and draws."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, labels, lists, risk_tables, ui
from dashboard.contract import TIERS
from dashboard.state import filters, query, risk_params, rules_off, shaped

MAX_ROWS = 1000  # rows drawn on screen (a national list is long); the export holds every match
TOP_UNITS = 15  # units in the stacked bars

f = filters()
ui.page_header(labels.PAGE_RISK, f)
p, off = risk_params(), rules_off()
if off:
    st.warning(risk_tables.rules_off_note(off), icon=":material/rule:")

# --- KPI strip: named studios by tier ----------------------------------------------------------
by_unit = query("risk_by_unit_tier", as_of=f.as_of, unit=f.unit, p=p)
ui.metrics(risk_tables.tier_kpis(by_unit, TIERS))

# --- the watch list ----------------------------------------------------------------------------
st.subheader(labels.RISK_SECTION_LIST)
units = query("units", unit=f.unit)["unit"].tolist()
rule_of = risk_tables.rule_options(off)  # words shown, so a link reads ?tier=高&rule=R4 …
left, middle, right = st.columns([2, 2, 2])
with left:
    tiers = st.pills(
        labels.F_TIERS, list(TIERS), selection_mode="multi", default=list(TIERS[:2]),
        key="tier", bind="query-params",
    )  # fmt: skip
with middle:
    if f.unit:  # a unit user sees their own unit only
        st.selectbox(labels.F_UNITS, [f.unit], key="unit_fixed", disabled=True)
    unit = f.unit or ui.pick(
        labels.F_UNITS, units, "unit", labels.RISK_ALL_UNITS, bind="query-params"
    )
with right:
    rule_label = ui.pick(
        labels.RISK_FILTER_RULE, list(rule_of), "rule", labels.RISK_ALL_RULES, bind="query-params"
    )
rule = rule_of.get(rule_label)
chosen = [t for t in TIERS if t in (tiers or [])] or None  # none picked: every tier
watch = dict(as_of=f.as_of, unit=unit, p=p, tiers=chosen, rule=rule)
watch_rows = {**watch, "limit": MAX_ROWS}
table, ids, cards, total = shaped(risk_tables.watchlist, "risk_watchlist", watch_rows, lists.here())

if not total:
    st.info(labels.EXPLORE_NONE)
else:
    ui.count_caption(total, len(table), labels.RISK_COUNT, labels.RISK_COUNT_CAPPED)
    columns, export_columns = labels.COLUMNS, labels.RISK_EXPORT_COLUMNS
    ui.studio_list(
        table,
        "watchlist",
        ids,
        tones=["light"],
        cards=cards,
        total=total,
        more=labels.CARDS_MORE_FILTER,
        column_order=risk_tables.WATCHLIST_ORDER,
        column_config={
            "rank": st.column_config.NumberColumn(
                export_columns["rank"], format="%d", width=44, pinned=True
            ),
            "light": st.column_config.TextColumn(columns["tier"], width=72),
            "score": st.column_config.NumberColumn(columns["score"], format="%d", width=64),
            "file": st.column_config.LinkColumn(
                columns["studio_id"], display_text=r"/studio\?id=([^&]*)", width=120
            ),
            "studio_name": st.column_config.TextColumn(
                columns["studio_name"], pinned=True, width=190
            ),
            "reasons": st.column_config.TextColumn(export_columns["reasons"], width="large"),
            **risk_tables.WATCHLIST_HEADERS,
        },
    )

    def workbook() -> bytes:
        """Every match, not only the rows drawn (built when the button is clicked)."""
        full = query("risk_watchlist", **watch, limit=None if total > len(table) else MAX_ROWS)
        return risk_tables.watchlist_workbook(full, ui.day(f.as_of), scope, filters_line, p, off)

    scope = ui.scope_text(unit)
    filters_line = risk_tables.filter_line(chosen, rule)
    ui.download(
        labels.RISK_EXPORT,
        workbook,
        labels.RISK_EXPORT_FILE.format(date=ui.day(f.as_of)),
        key="risk_tables",
        help=labels.RISK_EXPORT_HELP,
        detail={"page": labels.PAGE_RISK, "rows": total, "scope": scope, "filters": filters_line},
    )

# --- where and why -----------------------------------------------------------------------------
drawn = (f.as_of, f.unit, str(sorted(p.items())))  # figures built once per these (state.kept)
by_unit_col, by_rule_col = st.columns(2)
with by_unit_col:
    st.subheader(labels.RISK_SECTION_UNITS)
    top = by_unit[by_unit["unit_rank"] <= TOP_UNITS]
    note = risk_tables.units_note(by_unit, TOP_UNITS)
    ui.chart(lambda: charts.risk_by_unit(top), "risk_units", note, kept=drawn)
with by_rule_col:
    st.subheader(labels.RISK_SECTION_RULES)
    rule_counts = query("risk_rule_counts", as_of=f.as_of, unit=f.unit, p=p)
    if rule_counts.empty:
        st.info(labels.RISK_RULES_NONE)
    else:
        rules = lambda: charts.risk_rules(rule_counts)  # noqa: E731
        ui.chart(rules, "risk_rules", note=labels.RISK_RULES_NOTE, kept=drawn)

# --- the rules in force ------------------------------------------------------------------------
with st.expander(labels.RISK_SETTINGS, icon=":material/tune:"):
    st.caption(risk_tables.tiers_note(p))
    st.container(key="rules_table").table(risk_tables.rules_frame(p, off), hide_index=True)
