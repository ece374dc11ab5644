"""申报审核 without Streamlit: the applicants of a campaign (queries/applications.sql) as the page
shows and exports them — the form check in words, the counts per eligibility and per unit."""

from __future__ import annotations

import pandas as pd

from . import exports, labels, lists
from .contract import ELIGIBILITY, STUDIO_TYPES

COLUMNS = labels.COLUMNS
PROBLEMS = ELIGIBILITY[1:]  # 不符合 and 待核实: worded by review_note (who needs attention: SQL)


def qualification(apps: pd.DataFrame) -> pd.Series:
    """The leader's honour for a 劳模 studio, the skill level for a 高技能 one (what the form reads)."""
    honour = apps["studio_type"] == STUDIO_TYPES[0]  # 劳模创新工作室
    return apps["leader_honor"].where(honour, apps["skill_level"])


def review_note(row: dict, deadline: object) -> str:
    """Why an applicant needs attention, in words; "" when it fits and was on time."""
    notes = []
    if row["eligibility"] in PROBLEMS:
        notes.append(
            labels.ELIGIBILITY_REASON[row["studio_type"]][row["eligibility"]].format(
                value=row["qualification"]
            )
        )
    if row["late"]:
        notes.append(
            labels.LATE_REASON.format(
                applied=exports.day_text(row["applied_on"]), deadline=exports.day_text(deadline)
            )
        )
    return labels.REASON_SEP.join(notes)


def filters(
    unit: str | None, eligibility: list[str] | None, late_only: bool, statuses: list[str] | None
) -> dict:
    """The page's filters as queries/applications_list.sql's parameters (none chosen: None)."""
    return {
        "pick": unit or None,
        "eligibility": list(eligibility) if eligibility else None,
        "late_only": bool(late_only),
        "statuses": list(statuses) if statuses else None,
    }


NO_FILTERS = filters(None, None, False, None)


def listed(rows: pd.DataFrame, deadline: object) -> tuple:
    """What the page lists (queries/applications_list.sql's rows, already filtered, in order and
    capped): the table, the same as a phone's cards, how many applicants the filters keep and
    how many of those need attention."""
    drawn = table(rows, deadline)
    total, problems = (0, 0) if rows.empty else (rows["total"].iloc[0], rows["problems"].iloc[0])
    return drawn, cards(drawn[0].head(lists.MAX_CARDS)), int(total), int(problems)


def table(apps: pd.DataFrame, deadline: object) -> tuple[pd.DataFrame, dict]:
    """One row per applicant (queries/applications_list.sql's, in its order: those needing
    attention first), with the check in words."""
    apps = apps.assign(qualification=qualification(apps))
    apps = apps.assign(note=[review_note(r, deadline) for r in apps.to_dict("records")])
    frame = pd.DataFrame(  # the check and its reason first: on a phone they are what is read
        {
            COLUMNS["studio_name"]: apps["studio_name"],
            COLUMNS["eligibility"]: apps["eligibility"].map(labels.ELIGIBILITY_MARK),
            labels.COL_REVIEW_NOTE: apps["note"],
            COLUMNS["unit"]: apps["unit"],
            COLUMNS["studio_type"]: apps["studio_type"],
            COLUMNS["leader"]: apps["leader"],
            labels.COL_QUALIFICATION: apps["qualification"].fillna(labels.NOT_FILLED),
            COLUMNS["applied_on"]: apps["applied_on"],
            labels.COL_LATE: apps["late"].map({True: labels.YES, False: ""}),
            COLUMNS["status"]: apps["status_key"].map(labels.STATUS),
            COLUMNS["studio_id"]: apps["studio_id"],
        }
    )
    return frame, {COLUMNS["applied_on"]: "date", labels.COL_REVIEW_NOTE: "wrap"}


def per_unit(counts: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Per unit (queries/applications_units.sql): applicants, how many of each eligibility, how
    many late; with the page's headers."""
    frame = counts[list(labels.APP_UNIT_COLUMNS)].rename(columns=labels.APP_UNIT_COLUMNS)
    ints = [v for k, v in labels.APP_UNIT_COLUMNS.items() if k != "unit"]
    return frame, dict.fromkeys(ints, "int")


def unit_cards(counts: pd.DataFrame) -> list[lists.Card]:
    """The per-unit counts as a phone's cards: the unit, 需处理 on the pill when any applicant
    does not fit, is to verify or came late (those units first, each group in the units' order),
    then its counts in one line."""
    _, _, fit, unfit, check, _ = labels.APP_UNIT_COLUMNS  # the eligibility columns, by word
    attention = (counts[unfit] + counts[check] + counts["late"]) > 0
    ordered = counts.assign(attention=attention).sort_values(
        "attention", ascending=False, kind="stable"
    )
    return [
        lists.Card(
            title=row["unit"],
            pill=labels.APP_UNIT_ATTENTION if row["attention"] else "",
            facts=[
                labels.CARD_APP_UNIT.format(
                    applied=row["applied"],
                    fit=row[fit],
                    unfit=row[unfit],
                    check=row[check],
                    late=row["late"],
                )
            ],
        )
        for row in ordered.head(lists.MAX_CARDS).to_dict("records")
    ]


def kpis(progress: pd.Series) -> list[dict]:
    """applied, late, not fitting, to verify (campaign_progress), as st.metric arguments."""
    return [{"label": text, "value": int(progress[key])} for key, text in labels.APP_KPIS.items()]


def workbook(table_: tuple[pd.DataFrame, dict], as_of: str, scope: str, filters: str) -> bytes:
    frame, formats = table_
    return exports.xlsx_workbook(
        labels.APP_EXPORT_TITLE, as_of, scope, [(labels.APP_EXPORT_SHEET, frame, formats)], filters
    )


def cards(frame: pd.DataFrame) -> list[lists.Card]:
    """The applicants (a `table` frame) as a phone's cards: eligibility on the pill (逾期, red,
    for one that came after the deadline, whatever its form), the unit and type, the check in
    words when there is one."""
    return [
        lists.Card(
            title=row[COLUMNS["studio_name"]],
            pill=labels.COL_LATE if row[labels.COL_LATE] else row[COLUMNS["eligibility"]],
            facts=[
                labels.CARD_UNIT_TYPE.format(
                    unit=row[COLUMNS["unit"]], kind=row[COLUMNS["studio_type"]]
                )
            ]
            + ([row[labels.COL_REVIEW_NOTE]] if row[labels.COL_REVIEW_NOTE] else []),
            studio_id=row[COLUMNS["studio_id"]],
        )
        for row in frame.to_dict("records")
    ]
