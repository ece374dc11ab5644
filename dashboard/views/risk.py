"""摘牌风险: which named studios are weak, why and with what evidence; the 预警清单 to export.

Scores, tiers and counts come from SQL (queries/risk_*.sql on marts/risk_scores.sql); this page
filters (tier, unit, rule — bound to the URL, so a link shares the view), formats and draws.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, labels, risk_tables, ui
from dashboard.state import filters, query, risk_params, rules_off

MAX_ROWS = 1000  # rows drawn on screen (a national list is long); the export holds every match
TOP_UNITS = 15  # units in the stacked bars
TIERS = ("高", "中", "低")

f = filters()
ui.page_header(labels.PAGE_RISK, f)
p, off = risk_params(), rules_off()
if off:
    st.warning(
        "\n".join([labels.RISK_RULES_OFF, *(f"- {x}" for x in risk_tables.rules_off_lines(off))]),
        icon=":material/rule:",
    )

# --- KPI strip: named studios by tier ----------------------------------------------------------
by_unit = query("risk_by_unit_tier", as_of=f.as_of, unit=f.unit, p=p)
per_tier = by_unit.groupby("tier")["studios"].sum()
kpis = st.columns(4)
kpis[0].metric(labels.RISK_KPI_NAMED, f"{int(per_tier.sum()):,}")
for column, tier in zip(kpis[1:], TIERS):
    column.metric(labels.RISK_KPI_TIER[tier], f"{int(per_tier.get(tier, 0)):,}")

# --- the watch list ----------------------------------------------------------------------------
st.subheader(labels.RISK_SECTION_LIST)
units = query("units", unit=f.unit)["unit"].tolist()
# Options are the words shown, so a shared link reads ?tier=高&rule=R4 最近检查不合格.
rule_labels = {f"{r} {name}": r for r, name in labels.RULE_NAMES.items() if r not in off}
left, middle, right = st.columns([2, 2, 2])
with left:
    tiers = st.pills(
        labels.RISK_FILTER_TIER,
        list(TIERS),
        selection_mode="multi",
        default=["高", "中"],
        key="tier",
        bind="query-params",
    )
with middle:
    if f.unit:  # a unit user sees their own unit only
        unit = f.unit
        st.selectbox(labels.RISK_FILTER_UNIT, [f.unit], key="unit_fixed", disabled=True)
    else:
        unit = st.selectbox(
            labels.RISK_FILTER_UNIT,
            units,
            index=None,
            key="unit",
            placeholder=labels.RISK_ALL_UNITS,
            bind="query-params",
        )
with right:
    rule = rule_labels.get(
        st.selectbox(
            labels.RISK_FILTER_RULE,
            list(rule_labels),
            index=None,
            key="rule",
            placeholder=labels.RISK_ALL_RULES,
            bind="query-params",
        )
    )
chosen = [t for t in TIERS if t in (tiers or [])] or None  # none picked: every tier
watch = dict(as_of=f.as_of, unit=unit or f.unit, p=p, tiers=chosen, rule=rule)
rows = query("risk_watchlist", **watch, limit=MAX_ROWS)
total = 0 if rows.empty else int(rows["total"].iloc[0])

if rows.empty:
    st.info(labels.RISK_NONE)
else:
    st.caption(
        (labels.RISK_COUNT if total == len(rows) else labels.RISK_COUNT_CAPPED).format(
            total=total, shown=len(rows)
        )
    )
    table = risk_tables.watchlist_table(rows)
    columns, export_columns = labels.COLUMNS, labels.RISK_EXPORT_COLUMNS
    picked = st.dataframe(
        table,
        hide_index=True,
        key="watchlist",
        on_select="rerun",
        selection_mode="single-row",
        height=ui.table_height(len(table), most=15),
        column_order=[
            "rank",
            "studio_name",
            "light",
            "score",
            "file",
            "unit",
            "reasons",
            "leader",
            "host",
            "phone",
        ],
        column_config={
            "rank": st.column_config.NumberColumn(
                export_columns["rank"], format="%d", width=44, pinned=True
            ),
            "light": st.column_config.TextColumn(columns["tier"], width=72),
            "score": st.column_config.NumberColumn(columns["score"], format="%d", width=64),
            "file": st.column_config.LinkColumn(
                columns["studio_id"], display_text=r"/studio\?id=(.*)$", width=120
            ),
            "studio_name": st.column_config.TextColumn(
                columns["studio_name"], pinned=True, width=190
            ),
            "unit": columns["unit"],
            "reasons": st.column_config.TextColumn(export_columns["reasons"], width="large"),
            "leader": columns["leader"],
            "host": columns["host"],
            "phone": export_columns["phone"],
        },
    )
    if picked and picked.selection.rows:
        st.switch_page(
            "views/studio.py", query_params={"id": rows["studio_id"].iloc[picked.selection.rows[0]]}
        )

    def workbook() -> bytes:
        """Every match, not only the rows drawn (built when the button is clicked)."""
        full = rows if total == len(rows) else query("risk_watchlist", **watch, limit=None)
        return risk_tables.watchlist_workbook(full, ui.day(f.as_of), scope, filters_line, p, off)

    scope = labels.SCOPE_UNIT.format(unit=unit or f.unit) if unit or f.unit else labels.SCOPE_ALL
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
by_unit_col, by_rule_col = st.columns(2)
with by_unit_col:
    st.subheader(labels.RISK_SECTION_UNITS)
    unit_count = int(by_unit["unit_rank"].max()) if len(by_unit) else 0
    st.caption(
        labels.RISK_UNITS_TOP.format(n=TOP_UNITS, total=unit_count)
        if unit_count > TOP_UNITS
        else labels.RISK_UNITS_ALL
    )
    st.plotly_chart(
        charts.risk_by_unit(by_unit[by_unit["unit_rank"] <= TOP_UNITS]),
        key="risk_units",
        config={"displayModeBar": False},
    )
with by_rule_col:
    st.subheader(labels.RISK_SECTION_RULES)
    rule_counts = query("risk_rule_counts", as_of=f.as_of, unit=f.unit, p=p)
    if rule_counts.empty:
        st.info(labels.RISK_RULES_NONE)
    else:
        st.caption(labels.RISK_RULES_NOTE)
        st.plotly_chart(
            charts.risk_rules(rule_counts), key="risk_rules", config={"displayModeBar": False}
        )

# --- the rules in force ------------------------------------------------------------------------
with st.expander(labels.RISK_SETTINGS, icon=":material/tune:"):
    st.caption(risk_tables.tiers_note(p))
    st.container(key="wide_rules").table(risk_tables.rules_frame(p, off), hide_index=True)
