"""The pieces of one studio's file (工作室档案) drawn as plain HTML: registry facts, the nine
conditions as a checklist, the status history as a timeline, the risk reasons. Static HTML prints
whole and wraps on a phone, where a data grid would scroll or be cut. Every value is escaped: with
html.escape in the HTML, with ui.plain in text and tables that Streamlit renders as Markdown. And
the whole file as one workbook, a sheet per section, through the one export path (exports)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from . import exports, labels, lists, risk_tables
from .benefits_tables import outcome_figures
from .charts import AMBER, BLUE, GREEN, GREY, RED
from .contract import CONDITIONS, GRADES, SHEET_NAMES, STATUSES
from .exports import mask_phone
from .ui import TONE_OF, plain

# The colour of each status event, in contract.STATUSES' order (申报 受理 现场考核 命名 未通过 撤回
# 通报 整改完成 表彰 摘牌), and of each grade (达标 基本达标 不达标).
TONES = dict(
    zip(STATUSES, (BLUE, BLUE, BLUE, GREEN, RED, GREY, AMBER, GREEN, GREEN, RED), strict=True)
)
GRADE_TONES = dict(zip(GRADES, (GREEN, AMBER, RED), strict=True))

CSS = f"""
<style>
.sd-facts {{display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: 0.1rem 1.5rem; margin: 0 0 1rem 0 !important; padding: 0 !important;}}
.sd-facts div {{display: flex; gap: 0.75rem; padding: 0.3rem 0; border-bottom: 1px solid #edf0f3;
  break-inside: avoid;}}
.sd-facts dt {{color: #6b7785; min-width: 6.5rem; flex: none; font-weight: normal;}}
.sd-facts dt, .sd-facts dd {{margin: 0 !important; padding: 0 !important;}}
.sd-facts dd {{overflow-wrap: anywhere;}}
.sd-check {{display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
  gap: 0.4rem;
  margin: 0.25rem 0 0.75rem 0;}}
.sd-check div {{border: 1px solid #e2e6ea; border-left-width: 5px; border-radius: 0.35rem;
  padding: 0.35rem 0.6rem; break-inside: avoid; background: #fff;}}
.sd-check small {{display: block; color: #555;}}
.sd-dot {{display: inline-block; width: 0.6rem; height: 0.6rem; border-radius: 50%;
  margin-right: 0.35rem; vertical-align: 0.05rem;}}
.sd-timeline {{list-style: none; margin: 0.25rem 0 1rem 0.45rem !important;
  padding: 0 0 0 1rem !important; border-left: 2px solid #dfe3e8;}}
.sd-timeline li {{position: relative; margin: 0 !important; padding: 0 0 0.7rem 0.6rem !important;
  break-inside: avoid;}}
.sd-timeline li::before {{content: ""; position: absolute; left: calc(-1.35rem - 1px); top: 0.3rem;
  width: 0.7rem; height: 0.7rem; border-radius: 50%; background: var(--tone);
  border: 2px solid #fff; box-shadow: 0 0 0 1px var(--tone);}}
.sd-timeline time {{color: #6b7785; margin-right: 0.5rem; font-variant-numeric: tabular-nums;}}
.sd-timeline b {{color: var(--tone);}}
.sd-timeline small {{display: block; color: #555;}}
.sd-reasons {{margin: 0.25rem 0 0.75rem 0 !important; padding-left: 1.2rem !important;}}
.sd-reasons li {{margin-bottom: 0.3rem; break-inside: avoid;}}
.sd-reasons .pts {{color: {RED}; white-space: nowrap; margin-left: 0.35rem;}}
/* On screen short cells stay on one line and the long text columns wrap (the inspection's findings,
   the outcome's name and social benefit); on paper everything wraps to the page width. */
@media screen {{
.st-key-wide_inspections :is(th, td) *, .st-key-wide_outcomes :is(th, td) * {{
  white-space: nowrap !important;}}
.st-key-wide_inspections :is(th, td):nth-child(8) * {{white-space: normal !important;}}
.st-key-wide_inspections td:nth-child(8) {{min-width: 16rem;}}
.st-key-wide_outcomes :is(th, td):is(:nth-child(3), :nth-child(11)) * {{
  white-space: normal !important;}}
.st-key-wide_outcomes td:is(:nth-child(3), :nth-child(11)) {{min-width: 9rem;}}
}}
@media print {{
  .st-key-studio_search, .st-key-studio_share {{display: none !important;}}
}}
</style>
"""


def _text(value) -> str:
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return "—"
    return html.escape(str(value))


def facts(pairs: list[tuple[str, object]]) -> str:
    """Label–value pairs in a grid that wraps from four columns down to one."""
    items = "".join(f"<div><dt>{html.escape(k)}</dt><dd>{_text(v)}</dd></div>" for k, v in pairs)
    return f"<dl class='sd-facts'>{items}</dl>"


def checklist(conditions: list[tuple[str, str | None]]) -> str:
    """The nine basic conditions with their grade: green 达标, amber 基本达标, red 不达标."""
    cells = []
    for name, grade in conditions:
        tone = GRADE_TONES.get(grade, GREY)
        cells.append(  # the colour twice (border, dot) beside the grade in words
            f"<div style='border-left-color:{tone}'><span class='sd-dot' "
            f"style='background:{tone}'></span>{html.escape(name)}"
            f"<small>{_text(grade)}</small></div>"
        )
    return f"<div class='sd-check'>{''.join(cells)}</div>"


def timeline(events: pd.DataFrame, day: Callable[[object], str]) -> str:
    """Status events oldest first: date, status (coloured by what it means), 文号 and 备注."""
    items = []
    for e in events.itertuples(index=False):
        detail = " · ".join(
            html.escape(str(x))
            for x in (e.doc_no, e.note)
            if x is not None and not pd.isna(x) and str(x).strip()
        )
        tone = TONES.get(e.status, GREY)
        items.append(
            f"<li style='--tone:{tone}'><time>{day(e.event_date)}</time>"
            f"<b>{html.escape(str(e.status))}</b>"
            + (f"<small>{detail}</small>" if detail else "")
            + "</li>"
        )
    return f"<ol class='sd-timeline'>{''.join(items)}</ol>"


def reasons(lines: list[tuple[str, int]]) -> str:
    """Fired rules in words with their points."""
    items = "".join(
        f"<li>{html.escape(text)}<span class='pts'>{labels.POINTS.format(points=points)}</span></li>"
        for text, points in lines
    )
    return f"<ul class='sd-reasons'>{items}</ul>"


# --- the file's tables, shaped for display (Chinese headers, dates, 万元, — for nothing) ---------
COLUMNS = labels.STUDIO_COLUMNS


def _plain_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """st.table renders every cell as Markdown: text cells escaped to show as themselves."""
    return frame.map(lambda v: plain(v) if isinstance(v, str) else v)


def _day(value) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _or_dash(value, fmt: str = "{}") -> str:
    return "—" if value is None or pd.isna(value) else fmt.format(value)


def registry_facts(studio: pd.Series) -> list[tuple[str, object]]:
    """The registry's (label, value) pairs: phone masked, money in 万元, dates YYYY-MM-DD."""
    shown = {
        **studio.to_dict(),
        "phone": mask_phone(studio["phone"]),
        "funding_wan": None if pd.isna(studio["funding_wan"]) else f"{studio['funding_wan']:,.2f}",
        "area_m2": None if pd.isna(studio["area_m2"]) else f"{studio['area_m2']:,.0f}",
        "applied_on": _day(studio["applied_on"]),
        "first_named_on": _day(studio["first_named_on"]),
    }
    for key in ("campaign_year", "members"):
        shown[key] = None if pd.isna(studio[key]) else int(studio[key])
    return [(label, shown[key]) for key, label in labels.REGISTRY_FIELDS.items()]


def assessments_table(assessments: pd.DataFrame) -> pd.DataFrame:
    return _plain_cells(
        pd.DataFrame(
            {
                COLUMNS["assessment_year"]: assessments["assessment_year"].astype(int).astype(str),
                COLUMNS["submitted_on"]: assessments["submitted_on"].map(_day),
                COLUMNS["grade"]: assessments["grade"],
            }
        )
    )


def inspections_table(inspections: pd.DataFrame) -> pd.DataFrame:
    """The inspections, newest first: the verdict, score and what to put right before the ids,
    so that a phone, whose wide table scrolls inside itself, shows them without scrolling."""
    return _plain_cells(
        pd.DataFrame(
            {
                COLUMNS["inspected_on"]: inspections["inspected_on"].map(_day),
                COLUMNS["conclusion"]: inspections["conclusion"],
                COLUMNS["score"]: inspections["score"].map(lambda x: _or_dash(x, "{:g}")),
                COLUMNS["failed"]: inspections["failed"].astype(int),
                COLUMNS["issues"]: inspections["issues"].fillna("—"),
                COLUMNS["rectify_by"]: inspections["rectify_by"].map(_day),
                COLUMNS["inspection_id"]: inspections["inspection_id"],
                labels.COL_ORIGIN: origins(inspections),
                COLUMNS["method"]: inspections["method"],
                COLUMNS["inspector"]: inspections["inspector"].fillna("—"),
            }
        )
    )


def origin(is_in_app: object) -> str:
    """An inspection's 来源: 现场录入 (recorded in the app) or 导入 (from an import)."""
    return labels.ORIGIN_APP if not pd.isna(is_in_app) and bool(is_in_app) else labels.ORIGIN_IMPORT


def origins(inspections: pd.DataFrame) -> pd.Series:
    return inspections["is_in_app"].map(origin)


def outcomes_summary(outcomes: pd.DataFrame, wan: Callable[[float | None], str]) -> str:
    return labels.OUTCOMES_SUMMARY.format(
        n=len(outcomes),
        benefit=wan(outcomes["benefit_wan"].sum(min_count=1)),
        inv=int(outcomes["invention_patents"].sum()),
        util=int(outcomes["utility_patents"].sum()),
        design=int(outcomes["design_patents"].sum()),
        adopted=int(outcomes["is_adopted"].sum()),
    )


def outcomes_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    """The outcomes: the title and its 万元 first (in sight on a phone), the ids last."""
    return _plain_cells(
        pd.DataFrame(
            {
                COLUMNS["title"]: outcomes["title"],
                COLUMNS["benefit_wan"]: outcomes["benefit_wan"].map(
                    lambda x: _or_dash(x, "{:,.2f}")
                ),
                COLUMNS["completed_on"]: outcomes["completed_on"].map(_day),
                COLUMNS["category"]: outcomes["category"],
                COLUMNS["invention_patents"]: outcomes["invention_patents"].astype(int),
                COLUMNS["utility_patents"]: outcomes["utility_patents"].astype(int),
                COLUMNS["design_patents"]: outcomes["design_patents"].astype(int),
                COLUMNS["adopted"]: outcomes["is_adopted"].map(
                    {True: labels.YES, False: labels.NO}
                ),
                COLUMNS["award_level"]: outcomes["award_level"].fillna("—"),
                COLUMNS["social_benefit"]: outcomes["social_benefit"].fillna("—"),
                COLUMNS["outcome_id"]: outcomes["outcome_id"],
            }
        )
    )


def inspection_cards(inspections: pd.DataFrame) -> list[lists.Card]:
    """The inspections as a phone's cards (at most MAX_CARDS): date and method, the 结论 on the
    pill, score and failed conditions, what to put right in full, the deadline, the ids."""
    cards = []
    for row in inspections.head(lists.MAX_CARDS).to_dict("records"):
        facts = [
            labels.CARD_INSPECTION_SCORE.format(
                score=_or_dash(row["score"], "{:g}"), failed=int(row["failed"])
            )
        ]
        if isinstance(row["issues"], str) and row["issues"]:
            facts.append(labels.CARD_INSPECTION_ISSUES.format(issues=row["issues"]))
        if not pd.isna(row["rectify_by"]):
            facts.append(labels.CARD_INSPECTION_RECTIFY.format(date=_day(row["rectify_by"])))
        inspector = row["inspector"] if isinstance(row["inspector"], str) else labels.MISSING
        facts.append(
            labels.CARD_INSPECTION_ID.format(
                id=row["inspection_id"], origin=origin(row["is_in_app"]), inspector=inspector
            )
        )
        title = labels.CARD_INSPECTION_TITLE.format(
            date=_day(row["inspected_on"]), method=row["method"]
        )
        cards.append(lists.Card(title, row["conclusion"], facts))
    return cards


def outcome_cards(outcomes: pd.DataFrame) -> list[lists.Card]:
    """The outcomes as a phone's cards (at most MAX_CARDS): the title, its 万元, patents and
    adoption, category and date, its id."""
    return [
        lists.Card(
            title=row["title"],
            pill="",
            facts=[
                outcome_figures(
                    row["benefit_wan"],
                    row["invention_patents"] + row["utility_patents"] + row["design_patents"],
                    row["is_adopted"],
                ),
                labels.CARD_OUTCOME_WHEN.format(
                    category=row["category"], date=_day(row["completed_on"])
                ),
                labels.CARD_OUTCOME_ID.format(id=row["outcome_id"]),
            ],
        )
        for row in outcomes.head(lists.MAX_CARDS).to_dict("records")
    ]


def show_list(part: str, rows: pd.DataFrame) -> None:
    """The file's inspections or outcomes: a wide table (from 640 px, and in print) and, for a
    phone, cards that read without sideways scrolling (dashboard/lists.py)."""
    table, cards = {
        "inspections": (inspections_table, inspection_cards),
        "outcomes": (outcomes_table, outcome_cards),
    }[part]
    with st.container(key=f"grid_{part}"), st.container(key=f"wide_{part}"):
        st.table(table(rows), hide_index=True)
    lists.show_cards(cards(rows), part, TONE_OF, len(rows), labels.CARDS_MORE_FILE)


def activities_table(activities: pd.DataFrame) -> pd.DataFrame:
    return _plain_cells(
        pd.DataFrame(
            {
                COLUMNS["activity_date"]: activities["activity_date"].map(_day),
                COLUMNS["activity_type"]: activities["activity_type"],
                COLUMNS["participants"]: activities["participants"].map(
                    lambda x: "—" if pd.isna(x) else int(x)
                ),
            }
        )
    )


def show_activities(activities: pd.DataFrame) -> None:
    """The activities, newest first: all of them on a computer and in print; on a phone
    (lists.wants_cards) the latest MAX_CARDS and how many there are (a busy studio has 200+).
    参与人次 is right-aligned, "—" included (ui.CSS, .st-key-activities)."""
    phone = lists.wants_cards(st.context.headers)
    rows = activities.head(lists.MAX_CARDS) if phone else activities
    with st.container(key="activities"):
        st.table(activities_table(rows), hide_index=True)
    if len(rows) < len(activities):
        st.caption(labels.CARDS_MORE_FILE.format(shown=len(rows), total=len(activities)))


def conditions_source(last: pd.Series) -> str:
    """Which inspection the nine conditions come from."""
    return labels.CONDITIONS_FROM.format(
        date=_day(last["inspected_on"]),
        method=plain(last["method"]),
        id=plain(last["inspection_id"]),
        conclusion=plain(last["conclusion"]),
        score=_or_dash(last["score"], "{:g}"),
    ) + labels.ORIGIN_NOTE.format(origin=origin(last["is_in_app"]))


def conditions_tally(grades: list[str]) -> str:
    ok, fair, bad = GRADE_TONES  # 达标, 基本达标, 不达标
    return labels.CONDITIONS_TALLY.format(
        ok=grades.count(ok), fair=grades.count(fair), bad=grades.count(bad)
    )


# --- the heading's KPI strip and the sentences around the sections --------------------------------
def not_found(studio_id: str) -> str:
    """The error for an id (from the URL) that names no studio the user may see."""
    return labels.STUDIO_NOT_FOUND.format(id=plain(studio_id))


def subtitle(studio: pd.Series) -> str:
    """Under the studio's name: its id, unit and type."""
    return labels.STUDIO_SUBTITLE.format(
        id=plain(studio["studio_id"]), unit=plain(studio["unit"]), type=plain(studio["studio_type"])
    )


def share_note(studio_id: str) -> str:
    return labels.STUDIO_SHARE.format(id=plain(studio_id))


def loaded_tables(sheets: pd.Series) -> set[str]:
    """The table keys (contract.SHEET_NAMES) of the sheets imported so far."""
    names = set(sheets)
    return {t for t, name in SHEET_NAMES.items() if name in names}


def why_empty(
    rows: pd.DataFrame, table: str | None, loaded: set[str], none: str = labels.NO_RECORDS
) -> str | None:
    """Why a section shows no rows (its sheet was not imported, or `none`); None when it has rows."""
    if table is not None and table not in loaded:
        return labels.SHEET_NOT_LOADED.format(sheet=SHEET_NAMES[table])
    return none if rows.empty else None


def not_named(studio: pd.Series, as_of: dt.date) -> str:
    """Why a studio has no risk: it is not named as of the date (its status in words)."""
    return labels.STUDIO_NOT_NAMED.format(date=_day(as_of), status=status_text(studio))


def status_text(studio: pd.Series) -> str:
    """The studio's status in words (— when it has none)."""
    key = studio["status_key"]
    return labels.STATUS.get(key, "—") if pd.notna(key) else "—"


def recent(activities: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The activities of the 365 days up to as_of."""
    return activities[activities["activity_date"] > pd.Timestamp(as_of - dt.timedelta(days=365))]


def kpis(
    studio: pd.Series, risk: pd.DataFrame, outcomes: int, recent_activities: int | None
) -> list[dict]:
    """The KPI strip as st.metric arguments: status (warned in red), risk light and score,
    outcomes, and the past year's activities (None: the sheet was not imported, shown —)."""
    warned = pd.notna(studio["is_warned"]) and bool(studio["is_warned"])
    return [
        {
            "label": labels.KPI_STUDIO_STATUS,
            "value": status_text(studio),
            "delta": labels.STUDIO_WARNED if warned else None,
            "delta_color": "red",
            "delta_arrow": "off",
        },
        {
            "label": labels.KPI_STUDIO_RISK,
            "value": labels.STUDIO_NOT_RATED
            if risk.empty
            else labels.STUDIO_RISK_VALUE.format(
                light=labels.TIER_LIGHT[risk["tier"].iloc[0]], score=int(risk["score"].iloc[0])
            ),
        },
        {"label": labels.KPI_STUDIO_OUTCOMES, "value": labels.ITEMS.format(n=outcomes)},
        {
            "label": labels.KPI_STUDIO_ACTIVITIES,
            "value": "—" if recent_activities is None else labels.TIMES.format(n=recent_activities),
        },
    ]


def risk_score(risk: pd.Series) -> str:
    """The risk section's first line: score and light."""
    return labels.STUDIO_RISK_SCORE.format(
        score=int(risk["score"]), light=labels.TIER_LIGHT[risk["tier"]]
    )


def rules_off_note(off: list[str]) -> str:
    """Which rules are off (their sheet was not imported), under the studio's risk."""
    return labels.STUDIO_RULES_OFF.format(
        rules=labels.LIST_SEP.join(f"{x} {labels.RULE_NAMES[x]}" for x in off)
    )


def issue_facts(last: pd.Series) -> list[tuple[str, object]]:
    """The last inspection's issues and rectification deadline; none when it found no issue."""
    if pd.isna(last["issues"]) or not str(last["issues"]).strip():
        return []
    return [(labels.ISSUES, last["issues"]), (labels.RECTIFY_BY, _day(last["rectify_by"]))]


def activities_summary(activities: pd.DataFrame, recent_count: int) -> str:
    """How many activities in the past year and in all, and their participants."""
    return labels.ACTIVITIES_SUMMARY.format(
        recent=recent_count, n=len(activities), people=int(activities["participants"].sum())
    )


# --- the whole file as a workbook (the 导出 Excel of the page): one sheet per section ------------
PARTS = ("events", "inspections", "assessments", "outcomes", "activities")  # queries studio_<part>
SECTIONS = [
    labels.SECTION_REGISTRY,
    labels.SECTION_STUDIO_RISK,
    labels.SECTION_CONDITIONS,
    labels.SECTION_HISTORY,
    labels.SECTION_ASSESSMENTS,
    labels.SECTION_INSPECTIONS,
    labels.SECTION_OUTCOMES,
    labels.SECTION_ACTIVITIES,
]


def export_name(studio_id: str, as_of: dt.date) -> str:
    """The workbook's file name; an id from an import keeps only what a file name may hold."""
    safe = re.sub(r"[^\w.-]+", "_", str(studio_id)).strip("._") or "_"
    return labels.STUDIO_EXPORT_FILE.format(id=safe, date=as_of.strftime("%Y-%m-%d"))


def _dates(values: pd.Series) -> pd.Series:
    return values.map(lambda v: None if v is None or pd.isna(v) else pd.Timestamp(v))


def _risk_sheet(studio: pd.Series, risk: pd.DataFrame, off: list[str], as_of: dt.date):
    if risk.empty:
        rows = [("", not_named(studio, as_of), None)]
    else:
        fired = list(risk.iloc[0]["reasons"])
        texts = risk_tables.reason_points(fired)
        rows = [(x["rule"], t, p) for x, (t, p) in zip(fired, texts)]
        rows = rows or [("", labels.STUDIO_RISK_CLEAN, None)]
    if off:
        rows.append(("", rules_off_note(off), None))
    frame = pd.DataFrame(
        rows, columns=[labels.COL_RULE, labels.COLUMNS["reasons"], labels.COL_POINTS]
    )
    return frame, {labels.COLUMNS["reasons"]: "wrap", labels.COL_POINTS: "int"}


def _conditions_sheet(inspections: pd.DataFrame):
    last = inspections.head(1)
    rows = [
        (r.inspection_id, r.inspected_on, name, grade)
        for r in last.itertuples(index=False)
        for name, grade in zip(CONDITIONS, r.conditions)
    ]
    columns = [COLUMNS["inspection_id"], COLUMNS["inspected_on"], labels.CONDITION]
    frame = pd.DataFrame(rows, columns=[*columns, labels.CONDITION_GRADE])
    frame[COLUMNS["inspected_on"]] = _dates(frame[COLUMNS["inspected_on"]])
    return frame, {COLUMNS["inspected_on"]: "date"}


def workbook(
    studio: pd.Series,
    kpi_cells: list[dict],
    risk: pd.DataFrame,
    off: list[str],
    parts: dict[str, pd.DataFrame],
    as_of: dt.date,
    scope: str,
) -> bytes:
    """The studio's whole file, a sheet per section (SECTIONS), values as values: dates as dates,
    万元 and counts as numbers. `parts` holds the rows of events, inspections, assessments, outcomes
    and activities (the page's queries); `kpi_cells` the KPI strip, written under the registry."""
    events, inspections = parts["events"], parts["inspections"]
    assessments, outcomes, activities = parts["assessments"], parts["outcomes"], parts["activities"]
    kpi_facts = [
        (k["label"], labels.REASON_SEP.join(str(x) for x in (k["value"], k.get("delta")) if x))
        for k in kpi_cells
    ]
    facts = registry_facts(studio) + kpi_facts
    c = COLUMNS
    sheets = [
        (
            pd.DataFrame(facts, columns=[labels.FILE_ITEM, labels.FILE_VALUE]),
            {labels.FILE_VALUE: "wrap"},
        ),
        _risk_sheet(studio, risk, off, as_of),
        _conditions_sheet(inspections),
        (
            pd.DataFrame(
                {
                    c["event_date"]: _dates(events["event_date"]),
                    c["status"]: events["status"],
                    c["doc_no"]: events["doc_no"],
                    c["note"]: events["note"],
                }
            ),
            {c["event_date"]: "date", c["note"]: "wrap"},
        ),
        (
            pd.DataFrame(
                {
                    c["assessment_year"]: assessments["assessment_year"],
                    c["submitted_on"]: _dates(assessments["submitted_on"]),
                    c["grade"]: assessments["grade"],
                }
            ),
            {c["assessment_year"]: "year", c["submitted_on"]: "date"},
        ),
        (
            pd.DataFrame(
                {
                    c["inspected_on"]: _dates(inspections["inspected_on"]),
                    c["inspection_id"]: inspections["inspection_id"],
                    labels.COL_ORIGIN: origins(inspections),
                    c["method"]: inspections["method"],
                    c["score"]: inspections["score"],
                    c["conclusion"]: inspections["conclusion"],
                    c["failed"]: inspections["failed"],
                    c["issues"]: inspections["issues"],
                    c["rectify_by"]: _dates(inspections["rectify_by"]),
                    c["inspector"]: inspections["inspector"],
                }
            ),
            {
                c["inspected_on"]: "date",
                c["score"]: "wan",  # a score of one decimal: two places, as 万元
                c["failed"]: "int",
                c["issues"]: "wrap",
                c["rectify_by"]: "date",
            },
        ),
        (
            pd.DataFrame(
                {
                    c["completed_on"]: _dates(outcomes["completed_on"]),
                    c["outcome_id"]: outcomes["outcome_id"],
                    c["title"]: outcomes["title"],
                    c["category"]: outcomes["category"],
                    c["benefit_wan"]: outcomes["benefit_wan"],
                    c["invention_patents"]: outcomes["invention_patents"],
                    c["utility_patents"]: outcomes["utility_patents"],
                    c["design_patents"]: outcomes["design_patents"],
                    c["adopted"]: outcomes["is_adopted"].map({True: labels.YES, False: labels.NO}),
                    c["award_level"]: outcomes["award_level"],
                    c["social_benefit"]: outcomes["social_benefit"],
                }
            ),
            {
                c["completed_on"]: "date",
                c["title"]: "wrap",
                c["benefit_wan"]: "wan",
                c["invention_patents"]: "int",
                c["utility_patents"]: "int",
                c["design_patents"]: "int",
                c["social_benefit"]: "wrap",
            },
        ),
        (
            pd.DataFrame(
                {
                    c["activity_date"]: _dates(activities["activity_date"]),
                    c["activity_type"]: activities["activity_type"],
                    c["participants"]: activities["participants"],
                }
            ),
            {c["activity_date"]: "date", c["participants"]: "int"},
        ),
    ]
    title = labels.STUDIO_EXPORT_TITLE.format(id=studio["studio_id"], name=studio["studio_name"])
    return exports.xlsx_workbook(
        title,
        as_of.strftime("%Y-%m-%d"),
        scope,
        [(name, frame, formats) for name, (frame, formats) in zip(SECTIONS, sheets, strict=True)],
    )
