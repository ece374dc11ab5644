"""The report of data-contract.md (JSON and xlsx), assembled from queries/; its pieces
(defaults, risk settings, reasons in words) serve the pages too.

Everything numeric is computed in SQL; this module picks defaults (as-of, campaign, period),
passes settings as parameters and shapes the rows into the report's JSON form.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import math

import duckdb
import numpy as np
import pandas as pd

from . import db, labels, settings
from .contract import SHEET_NAMES
from .exports import xlsx_workbook

RULES = tuple(f"R{i}" for i in range(1, 11))
RULE_SHEETS = {  # the sheet each rule reads; without it the rule is off
    "R1": SHEET_NAMES["outcomes"],
    "R2": SHEET_NAMES["assessments"],
    "R3": SHEET_NAMES["assessments"],
    "R4": SHEET_NAMES["inspections"],
    "R5": SHEET_NAMES["inspections"],
    "R7": SHEET_NAMES["inspections"],
    "R8": SHEET_NAMES["activities"],
}


def default_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    value = db.run(con, "as_of_default").iloc[0, 0]
    return None if pd.isna(value) else pd.Timestamp(value).date()


def campaigns(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    return db.run(con, "campaigns", as_of=as_of)


def default_campaign(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> int | None:
    c = campaigns(con, as_of)
    return None if c.empty else int(c.loc[c["is_default"], "campaign_year"].iloc[0])


def year_start(as_of: dt.date) -> dt.date:
    return dt.date(as_of.year, 1, 1)


def year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def loaded_sheets(con: duckdb.DuckDBPyConnection, on_cursor: bool = False) -> dict[str, int]:
    """Rows per sheet the data holds: the current import's, and 检查记录 with the inspections
    recorded in the app (dashboard/inspections.py) counted in. on_cursor: read on con itself
    (a cursor in an open transaction: its own writes seen), not on a new cursor of it."""
    run = db.run_in if on_cursor else db.run
    state = run(con, "schema/current_state")
    sheets = dict(zip(state["sheet"], state["rows"]))
    app = int(run(con, "app_inspections_live")["app_rows"].iloc[0])
    if app:
        name = SHEET_NAMES["inspections"]
        sheets[name] = sheets.get(name, 0) + app
    return sheets


def risk_params(con: duckdb.DuckDBPyConnection, sheets: dict[str, int] | None = None) -> dict:
    """Settings and loaded sheets (read unless given) as the struct parameter of the risk
    queries."""
    sheets = loaded_sheets(con) if sheets is None else sheets
    month, day = (int(x) for x in str(settings.get("risk_r2_due_mmdd")).split("-"))
    p = {
        name[len("risk_") :]: int(settings.get(name))
        for name in (s.name for s in settings.SETTINGS)
        if name.startswith("risk_") and name != "risk_r2_due_mmdd"
    }
    p.update(due_month=month, due_day=day, **sheet_flags(sheets))
    return p


def sheet_flags(sheets: dict[str, int]) -> dict[str, bool]:
    """Which optional sheets the rules and criteria can read (活动记录 only with rows)."""
    return {
        "has_outcomes": SHEET_NAMES["outcomes"] in sheets,
        "has_inspections": SHEET_NAMES["inspections"] in sheets,
        "has_assessments": SHEET_NAMES["assessments"] in sheets,
        "has_activities": sheets.get(SHEET_NAMES["activities"], 0) > 0,
    }


CRITERIA = ("C1", "C2", "C3", "C4")
CRITERIA_SHEETS = {  # the sheet each commendation criterion reads; without it the criterion is off
    "C1": SHEET_NAMES["inspections"],
    "C2": SHEET_NAMES["assessments"],
    "C4": SHEET_NAMES["activities"],
}


def commend_params(con: duckdb.DuckDBPyConnection, sheets: dict[str, int] | None = None) -> dict:
    """Settings (commend_*) and loaded sheets (read unless given) as the struct parameter c of
    marts/commendation_of.sql."""
    c = {
        s.name[len("commend_") :]: settings.get(s.name)
        for s in settings.SETTINGS
        if s.name.startswith("commend_")
    }
    return {**c, **sheet_flags(loaded_sheets(con) if sheets is None else sheets)}


def criteria_off(con: duckdb.DuckDBPyConnection, sheets: dict[str, int] | None = None) -> list[str]:
    """Criteria whose sheet was not imported (C4 also when 活动记录 has no rows)."""
    sheets = loaded_sheets(con) if sheets is None else sheets
    return [k for k, sheet in CRITERIA_SHEETS.items() if not sheets.get(sheet)]


def rules_off(con: duckdb.DuckDBPyConnection, sheets: dict[str, int] | None = None) -> list[str]:
    """Rules whose sheet was not imported (R8 also when 活动记录 has no rows)."""
    sheets = loaded_sheets(con) if sheets is None else sheets
    return [
        rule
        for rule, sheet in RULE_SHEETS.items()
        if sheet not in sheets or (rule == "R8" and not sheets.get(sheet))
    ]


def reason_detail(reason: dict) -> str:
    """A fired rule in words with its evidence, e.g. 近12个月无成果（最近成果 2022-08-01）."""
    rule, date, number = reason["rule"], reason.get("evidence_date"), reason.get("evidence_number")
    dated, undated = labels.RULE_EVIDENCE[rule]
    evidence = (undated if date is None else dated).format(
        date=None if date is None else date.isoformat()[:10],
        number=None if number is None else int(number),
        items=labels.LIST_SEP.join(reason.get("evidence_list") or []),
    )
    return labels.RULE_REASON.format(name=labels.RULE_NAMES[rule], evidence=evidence)


@functools.cache
def reason_templates() -> tuple[list[str], list[str]]:
    """Each rule's reason with {date}, {number} and {items} left for queries/risk.sql to fill in,
    indexed by rule number − 1: (for evidence with a date, for evidence without one)."""
    return tuple(
        [
            labels.RULE_REASON.format(
                name=labels.RULE_NAMES[rule], evidence=labels.RULE_EVIDENCE[rule][n]
            )
            for rule in RULES
        ]
        for n in (0, 1)
    )


def risk_list(con: duckdb.DuckDBPyConnection, as_of: dt.date, unit: str | None) -> list[dict]:
    """The report's risk section: every named studio, highest score first, reasons in words."""
    dated, undated = reason_templates()
    out: list[dict] = []
    last = None
    # At national scale this builds ~300k small dicts and lists that cannot form cycles; with
    # the cyclic collector on, its repeated passes over them cost more than building them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        c = db.columns(
            con, "risk", as_of=as_of, unit=unit, p=risk_params(con), dated=dated, undated=undated
        )
        for studio_id, name, unit_, score, tier, rule, points, detail in zip(
            c["studio_id"],
            c["studio_name"],
            c["unit"],
            c["score"],
            c["tier"],
            c["rule"],
            c["points"],
            c["detail"],
        ):
            if studio_id != last:
                last, reasons = studio_id, []
                out.append(
                    {
                        "studio_id": studio_id,
                        "name": name,
                        "unit": unit_,
                        "score": score,
                        "tier": tier,
                        "reasons": reasons,
                    }
                )
            if rule is not None:
                reasons.append({"rule": rule, "points": points, "detail": detail})
    finally:
        if collecting:
            gc.enable()
    return out


def _num(value):
    """A JSON number: numpy scalars to Python, NaN and NA to null."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _value(value):
    """A JSON value: text as is, dates ISO, lists of text as lists, numbers by _num."""
    if isinstance(value, str):
        return value
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else value.isoformat()
    if value is pd.NaT:
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_value(v) for v in value]
    return _num(value)


# The fields of the report's units and benefits sections (data-contract.md, "The CLI").
UNIT_FIELDS = [
    "unit",
    "unit_kind",
    "quota",
    "applied",
    "in_review",
    "named",
    "rejected",
    "completion",
    "late",
    "shortfall",
]
BENEFIT_FIELDS = [
    "unit",
    "studios",
    "outcomes",
    "benefit_wan",
    "invention_patents",
    "utility_patents",
    "design_patents",
    "adopted_share",
]

# The campaign cycle's lists (data-contract.md, "The campaign cycle"): query columns, and the
# report's keys where they differ.
APPLICATION_FIELDS = [
    "studio_id",
    "studio_name",
    "unit",
    "studio_type",
    "applied_on",
    "late",
    "eligibility",
    "status_key",
]
GOLD_FIELDS = [
    "studio_id",
    "leader",
    "studio_name",
    "unit",
    "campaign_year",
    "named_on",
    "document_no",
    "active",
]
COMMENDATION_FIELDS = [
    "studio_id",
    "studio_name",
    "unit",
    "benefit_wan",
    "invention_patents",
    "met",
]
REPORT_KEYS = {"studio_name": "name", "status_key": "status", "met": "criteria"}


def commendation(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    unit: str | None,
    most_missing: int = 0,
    limit: int | None = None,
) -> pd.DataFrame:
    """The named studios missing at most `most_missing` things (0: the candidates only), with the
    criteria each meets and misses (queries/commendation.sql)."""
    return db.run(con, "commendation", **_commendation_args(con, as_of, unit, most_missing, limit))


def _commendation_args(con, as_of, unit, most_missing: int = 0, limit: int | None = None) -> dict:
    p, c = risk_params(con), commend_params(con)
    return {
        "as_of": as_of,
        "unit": unit,
        "p": p,
        "c": c,
        "most_missing": most_missing,
        "limit": limit,
    }


def _json_array(values: np.ndarray) -> list:
    """A fetched column (db.arrays) as JSON values, converted a column at a time: dates ISO,
    numbers as Python numbers (NaN as null), lists of values as lists, null as None."""
    data = np.ma.getdata(values)
    missing = np.ma.getmaskarray(values) if isinstance(values, np.ma.MaskedArray) else None
    if data.dtype == object:  # text, or lists (numpy arrays): value by value
        out = [v.tolist() if isinstance(v, np.ndarray) else v for v in data.tolist()]
        if missing is None:
            return out
        return [None if m else v for v, m in zip(out, missing.tolist(), strict=True)]
    if data.dtype.kind == "M":
        column = np.datetime_as_string(data, unit="D").astype(object)
    else:
        column = data.astype(object)
        if data.dtype.kind == "f":
            column[np.isnan(data)] = None
    if missing is not None:
        column[missing] = None
    return column.tolist()


def _rows(
    arrays: dict[str, np.ndarray], columns: list[str], names: dict | None = None
) -> list[dict]:
    """The rows of db.arrays' columns as dicts of JSON values, with no DataFrame between (a
    national 金牌职工 roll has 100k rows); names renames columns (query column -> report key)."""
    names = names or {}
    keys = [names.get(c, c) for c in columns]
    values = [_json_array(arrays[c]) for c in columns]
    collecting = gc.isenabled()  # many small dicts that cannot form cycles (see risk_list)
    gc.disable()
    try:
        return [dict(zip(keys, row)) for row in zip(*values)]
    finally:
        if collecting:
            gc.enable()


def build(
    con: duckdb.DuckDBPyConnection,
    campaign: int | None = None,
    as_of: dt.date | None = None,
    unit: str | None = None,
) -> dict:
    """The whole report of data-contract.md ("The CLI") as a dict ready for json.dumps."""
    as_of = as_of or default_as_of(con)
    if as_of is None:
        return {
            "as_of": None,
            "campaign": None,
            "units": [],
            "benefits": None,
            "risk": [],
            "applications": [],
            "gold_workers": [],
            "commendation": [],
        }
    campaign = campaign or default_campaign(con, as_of)
    period = (year_start(as_of), as_of)
    progress = db.run(con, "campaign_progress", campaign=campaign, as_of=as_of, unit=unit)
    units = db.arrays(
        con,
        "campaign_units",
        campaign=campaign,
        as_of=as_of,
        unit=unit,
        amber_points=settings.get("light_amber_points"),
    )
    benefits = db.arrays(
        con,
        "benefits_by_unit",
        as_of=as_of,
        period_start=period[0],
        period_end=period[1],
        unit=unit,
    )
    camp = None
    if not progress.empty:
        r = progress.iloc[0]
        camp = {
            "year": int(r["year"]),
            "target": int(r["target"]),
            "deadline": pd.Timestamp(r["deadline"]).date().isoformat(),
            **{k: int(r[k]) for k in ("applied", "in_review", "named", "rejected")},
            "completion": _num(r["completion"]),
            "time_elapsed": _num(r["time_elapsed"]),
            "application_deadline": _value(r["application_deadline"]),
            **{k: int(r[k]) for k in ("late", "ineligible", "unverified", "shortfall")},
        }
    applications = db.arrays(con, "applications", campaign=campaign, as_of=as_of, unit=unit)
    gold = db.arrays(
        con, "gold_workers", as_of=as_of, unit=unit, campaign=None, active=None, limit=None
    )
    candidates = db.arrays(con, "commendation", **_commendation_args(con, as_of, unit))
    return {
        "as_of": as_of.isoformat(),
        "campaign": camp,
        "units": _rows(units, UNIT_FIELDS),
        "benefits": {
            "period": [d.isoformat() for d in period],
            "units": _rows(benefits, BENEFIT_FIELDS),
        },
        "risk": risk_list(con, as_of, unit),
        "rules_off": rules_off(con),
        "applications": _rows(applications, APPLICATION_FIELDS, REPORT_KEYS),
        "gold_workers": _rows(gold, GOLD_FIELDS, REPORT_KEYS),
        "commendation": _rows(candidates, COMMENDATION_FIELDS, REPORT_KEYS),
        "criteria_off": criteria_off(con),
    }


# --- the report as a workbook a leader could forward: a sheet per section, Chinese headers,
# 万元 and % formats, a 数据截至 line ------------------------------------------------------
COLUMNS = labels.COLUMNS


def report_workbook(data: dict) -> bytes:
    scope = labels.SCOPE_UNIT.format(unit=data["unit"]) if data.get("unit") else labels.SCOPE_ALL
    campaign = pd.DataFrame([data["campaign"]] if data["campaign"] else [])
    units = pd.DataFrame(data["units"])
    benefits = pd.DataFrame(data["benefits"]["units"])
    risk = pd.DataFrame(
        [
            {
                **{k: r[k] for k in ("studio_id", "name", "unit", "score", "tier")},
                "reasons": labels.REASON_SEP.join(x["detail"] for x in r["reasons"]),
            }
            for r in data["risk"]
        ]
    )
    yes_no = {True: labels.YES, False: labels.NO}
    applications = pd.DataFrame(data["applications"])
    if not applications.empty:
        applications = applications.assign(
            late=applications["late"].map(yes_no), status=applications["status"].map(labels.STATUS)
        ).rename(columns={"late": "late_flag"})
    gold = pd.DataFrame(data["gold_workers"])
    if not gold.empty:
        gold = gold.assign(active=gold["active"].map(yes_no))
    commendation = pd.DataFrame(data["commendation"])
    if not commendation.empty:
        commendation = commendation.assign(
            criteria=[labels.LIST_SEP.join(c) for c in commendation["criteria"]]
        )
    formats = {
        COLUMNS["completion"]: "pct",
        COLUMNS["application_deadline"]: "date",
        COLUMNS["applied_on"]: "date",
        COLUMNS["named_on"]: "date",
        COLUMNS["campaign_year"]: "year",
        COLUMNS["time_elapsed"]: "pct",
        COLUMNS["adopted_share"]: "pct",
        COLUMNS["benefit_wan"]: "wan",
        COLUMNS["deadline"]: "date",
        **{
            COLUMNS[k]: "int"
            for k in (
                "target",
                "applied",
                "in_review",
                "named",
                "rejected",
                "quota",
                "studios",
                "outcomes",
                "invention_patents",
                "utility_patents",
                "design_patents",
                "score",
                "year",
                "late",
                "ineligible",
                "unverified",
                "shortfall",
            )
        },
    }
    tables = [
        (labels.REPORT_SHEETS[key], frame.rename(columns=COLUMNS), formats)
        for key, frame in (
            ("campaign", campaign),
            ("units", units),
            ("benefits", benefits),
            ("risk", risk),
            ("applications", applications),
            ("gold_workers", gold),
            ("commendation", commendation),
        )
    ]
    return xlsx_workbook(labels.REPORT_TITLE, data["as_of"], scope, tables)
