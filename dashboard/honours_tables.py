"""表彰与荣誉 without Streamlit: the 金牌职工 roll (queries/gold_workers.sql) and the commendation
candidates with their evidence and the near misses (queries/commendation.sql), as the page
shows and exports them."""

from __future__ import annotations

import pandas as pd

from . import exports, labels, lists
from .report import CRITERIA, CRITERIA_SHEETS

COLUMNS = labels.COLUMNS
# Cards per list on a phone: the page holds three lists, and ten cards of each keep the last in
# reach; the caption under them says how many there are, the export holds them all.
PHONE_CARDS = 10


# --- the roll ----------------------------------------------------------------------------------
def roll_table(roll: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The roll as published (序号, 姓名, 工作室名称, 推荐单位, 命名时间, 文号), then 申报年度 and
    whether the studio is still plaqued (with its 摘牌 date when not)."""
    state = [
        labels.ROLL_STATE["active"] if a else labels.ROLL_DELISTED.format(date=exports.day_text(d))
        for a, d in zip(roll["active"], roll["delisted_on"])
    ]
    frame = pd.DataFrame(
        {
            labels.ROLL_PUBLISH["no"]: range(1, len(roll) + 1),
            labels.ROLL_PUBLISH["leader"]: roll["leader"].to_numpy(),
            labels.ROLL_PUBLISH["studio_name"]: roll["studio_name"].to_numpy(),
            labels.ROLL_PUBLISH["unit"]: roll["unit"].to_numpy(),
            labels.ROLL_PUBLISH["named_on"]: roll["named_on"].to_numpy(),
            labels.ROLL_PUBLISH["document_no"]: roll["document_no"].fillna("").to_numpy(),
            COLUMNS["campaign_year"]: roll["campaign_year"].to_numpy(),
            labels.F_ROLL_STATE: state,
        }
    )
    formats = {
        labels.ROLL_PUBLISH["no"]: "int",
        labels.ROLL_PUBLISH["named_on"]: "date",
        COLUMNS["campaign_year"]: "year",
    }
    return frame, formats


def roll_cards(roll: pd.DataFrame) -> list[lists.Card]:
    """The roll's first PHONE_CARDS as a phone's cards: the leader, the studio's state on the pill
    (在册 / 已摘牌), then the studio, its unit and naming date, its 文号 and any 摘牌 date."""
    return [
        lists.Card(
            title=leader,
            pill=labels.ROLL_STATE["active" if active else "delisted"],
            facts=[
                studio,
                labels.CARD_ROLL_NAMED.format(unit=unit, date=exports.day_text(named_on)),
            ]
            + ([labels.CARD_ROLL_DOCUMENT.format(no=document)] if _given(document) else [])
            + (
                []
                if active
                else [labels.CARD_ROLL_DELISTED.format(date=exports.day_text(delisted_on))]
            ),
            studio_id=studio_id,
        )
        for studio_id, leader, studio, unit, named_on, document, active, delisted_on in zip(
            *(roll.head(PHONE_CARDS)[c] for c in _ROLL_CARD), strict=True
        )
    ]


_ROLL_CARD = ("studio_id", "leader", "studio_name", "unit", "named_on", "document_no", "active")
_ROLL_CARD += ("delisted_on",)


def _given(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def roll_workbook(
    table: tuple[pd.DataFrame, dict], as_of: str, scope: str, filters: str | None = None
) -> bytes:
    """The publication form only: 序号, 姓名, 工作室名称, 推荐单位, 命名时间, 文号; under the
    title, the filters that chose the rows."""
    frame, formats = table
    published = frame[list(labels.ROLL_PUBLISH.values())]
    return exports.xlsx_workbook(
        labels.ROLL_EXPORT_TITLE,
        as_of,
        scope,
        [(labels.ROLL_EXPORT_TITLE, published, formats)],
        filters,
    )


# --- commendation ------------------------------------------------------------------------------
def criteria_lines(c: dict, off: list[str]) -> list[str]:
    """Each criterion with its rule (thresholds from the settings), or why it is off."""
    return [
        labels.CRITERIA_OFF.format(key=k, name=labels.CRITERIA_NAMES[k], sheet=CRITERIA_SHEETS[k])
        if k in off
        else labels.CRITERIA_LINE.format(
            key=k, name=labels.CRITERIA_NAMES[k], rule=labels.CRITERIA_RULES[k].format(**c)
        )
        for k in CRITERIA
    ]


def evidence(row: dict, key: str) -> str:
    """What criterion `key` was judged on, for one studio (a record of queries/commendation.sql)."""
    return _evidence(_values(row), key)


def _values(row: dict) -> dict:
    """A record as the evidence texts read it: dates as YYYY-MM-DD, 万元 to 2 decimals, and
    whether it has an inspection and an assessment (made once per record, for all criteria)."""
    return {
        **row,
        "inspected_on": exports.day_text(row["inspected_on"]),
        "benefit": "—" if pd.isna(row["benefit_wan"]) else f"{row['benefit_wan']:,.2f}",
        "assessment_year": "" if pd.isna(row["assessment_year"]) else int(row["assessment_year"]),
        "has_inspection": not pd.isna(row["inspected_on"]),
        "has_grade": not pd.isna(row["assessment_grade"]),
    }


def _evidence(values: dict, key: str) -> str:
    if key == "C1" and not values["has_inspection"]:
        return labels.EVIDENCE_NONE["C1"]
    if key == "C2" and not values["has_grade"]:
        return labels.EVIDENCE_NONE["C2"]
    return labels.EVIDENCE[key].format(**values)


def missed_text(row: dict) -> str:
    return _missed_text(_values(row))


def _missed_text(values: dict) -> str:
    reasons = []
    for key in values["missed"]:
        if key in CRITERIA:
            reasons.append(labels.MISSED[key].format(evidence=_evidence(values, key)))
        else:
            reasons.append(
                labels.MISSED[key].format(tier=values["tier"], score=values["risk_score"])
            )
    return labels.REASON_SEP.join(reasons)


def candidates_table(rows: pd.DataFrame, off: list[str]) -> tuple[pd.DataFrame, dict]:
    """Candidates (or near misses): the criteria met, the evidence of each criterion on, and for
    near misses what is missing."""
    on = [k for k in CRITERIA if k not in off]
    # one pass, each record's shown values made once for all its criteria: far cheaper than a
    # Series per row, or the values again per criterion
    values = [_values(r) for r in rows.to_dict("records")]
    frame = pd.DataFrame(
        {
            COLUMNS["studio_name"]: rows["studio_name"],
            COLUMNS["studio_id"]: rows["studio_id"],
            COLUMNS["unit"]: rows["unit"],
            COLUMNS["leader"]: rows["leader"],
            labels.COL_CRITERIA_MET: [labels.LIST_SEP.join(m) for m in rows["met"]],
            **{f"{k} {labels.CRITERIA_NAMES[k]}": [_evidence(v, k) for v in values] for k in on},
            COLUMNS["benefit_wan"]: rows["benefit_wan"],
            COLUMNS["invention_patents"]: rows["invention_patents"],
        }
    )
    if any(len(m) for m in rows["missed"]):  # near misses: what is missing, next to the name
        frame.insert(1, labels.COL_MISSED, [_missed_text(v) for v in values])
    formats = {COLUMNS["benefit_wan"]: "wan", COLUMNS["invention_patents"]: "int"}
    return frame, formats


def candidate_cards(rows: pd.DataFrame, off: list[str]) -> list[lists.Card]:
    """Candidates (or near misses), the first PHONE_CARDS, as a phone's cards: the studio, 建议表彰
    (or 差一项) on the pill, its unit and leader, then the evidence of each criterion on (or, for a
    near miss, what it misses)."""
    on = [k for k in CRITERIA if k not in off]
    cards = []
    for row in rows.head(PHONE_CARDS).to_dict("records"):
        values, near = _values(row), len(row["missed"]) > 0
        unit = labels.CARD_UNIT_LEADER.format(unit=row["unit"], leader=row["leader"])
        if near:
            facts = [unit, _missed_text(values)]
        else:
            name = labels.CRITERIA_NAMES
            facts = [unit] + [
                labels.CARD_EVIDENCE.format(key=k, name=name[k], evidence=_evidence(values, k))
                for k in on
            ]
        pill = labels.HON_PILL["near" if near else "candidate"]
        cards.append(lists.Card(row["studio_name"], pill, facts, row["studio_id"]))
    return cards


def candidate_parts(rows: pd.DataFrame, off: tuple[str, ...]) -> dict[int, tuple]:
    """queries/commendation.sql's rows split by `missing` (0: the candidates, 1: the near
    misses): for each that has rows, (its table as drawn, its studio ids, its total before the
    limit, a phone's cards). The page reads it through state.shaped, so a rerun does not build
    them again."""
    parts = {}
    for missing, part in rows.groupby("missing", sort=True):
        part = part.reset_index(drop=True)
        table = candidates_table(part, list(off))
        total = int(part["total"].iloc[0])
        parts[int(missing)] = (table, part["studio_id"], total, candidate_cards(part, list(off)))
    return parts


def only(rows: pd.DataFrame, missing: int) -> pd.DataFrame:
    """queries/commendation.sql's rows of one list: 0 the candidates, 1 the near misses."""
    return rows[rows["missing"] == missing].reset_index(drop=True)


def candidates_workbook(
    candidates: tuple[pd.DataFrame, dict],
    rules: list[str],
    as_of: str,
    scope: str,
    title: str = labels.CANDIDATES_EXPORT_TITLE,
) -> bytes:
    """A list of 表彰与荣誉 (建议名单, or 差一项的工作室 with 差在哪里) as xlsx, the criteria in
    force on a sheet of their own."""
    frame, formats = candidates
    criteria = pd.DataFrame({labels.COL_CRITERIA_MET: rules})
    return exports.xlsx_workbook(
        title,
        as_of,
        scope,
        [
            (title, frame, formats),
            (labels.COL_CRITERIA_MET, criteria, {labels.COL_CRITERIA_MET: "wrap"}),
        ],
    )
