"""The report of dashboard.report.build computed the way a typical Streamlit app does it: the
loaded sheets held as pandas DataFrames, every figure recomputed with pandas filters, groupbys
and merges. It is the yardstick of benchmarks/run_all.py, and tests/test_pandas_report.py holds it
to the same result as the SQL report, so the comparison is fair.

What "the pandas way" includes, each time the report is recomputed:

* ``load(con)``: every staging view (the nine sheets, all columns, English names) read from DuckDB
  into DataFrames. A typical app keeps such frames in ``st.cache_data``, which hands out a fresh
  copy (an unpickle) on every hit; reading them through DuckDB's Arrow path costs about as much
  as that unpickle (measured: 5M outcomes, ~0.6 s either way) and far less than re-reading the
  CSV/xlsx exports.
* ``report(frames, ...)``: the figures (campaign, units, benefits, risk R1–R10 with scores, tiers
  and reasons, and the campaign cycle: late and ineligible applications, shortfall, the
  applications list, the 金牌职工 roll and the commendation candidates C1–C4) in pandas.
  Settings, the loaded-sheets flags (product.risk_params, product.commend_params, rules_off,
  criteria_off), the reason texts, the report's field lists and the JSON conversion
  (product._value) are shared with the product: only the computing differs.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard import report as product  # beside this module's own report()

TABLES = (
    "studios",
    "status_events",
    "campaigns",
    "quotas",
    "units",
    "outcomes",
    "inspections",
    "assessments",
    "activities",
)
CONDITIONS = [
    ("cond_sign", "标志明显"),
    ("cond_site", "场所固定"),
    ("cond_facilities", "设施齐全"),
    ("cond_team", "团队精干"),
    ("cond_participation", "职工参与"),
    ("cond_rules", "制度完善"),
    ("cond_funding", "经费保障"),
    ("cond_records", "资料完备"),
    ("cond_results", "成效明显"),
]
# The notice's two forms (data-contract.md, "The campaign cycle"): who may lead each type.
LABOUR_MODEL = "劳模创新工作室"
HONOURS = [
    "全国劳模",
    "全国五一劳动奖章",
    "省部级劳模",
    "省五一劳动奖章",
    "市级劳模",
    "市五一劳动奖章",
    "工匠",
]
SKILLED = ["高级工", "技师", "高级技师", "特级技师", "首席技师"]


def load(con) -> dict[str, pd.DataFrame]:
    """Every sheet as a DataFrame (staging views: English names, typed), plus the settings."""
    # Through Arrow: for text-heavy tables many times faster than DuckDB's .df() here.
    cur = con.cursor()
    try:
        frames = {
            t: cur.sql(f"select * from stg_{t}").to_arrow_table().to_pandas(date_as_object=False)
            for t in TABLES
        }
    finally:
        cur.close()
    frames["_p"] = product.risk_params(con)
    frames["_rules_off"] = product.rules_off(con)
    frames["_c"] = product.commend_params(con)
    frames["_criteria_off"] = product.criteria_off(con)
    return frames


def _date(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def default_as_of(f: dict) -> dt.date | None:
    dates = [
        f["status_events"]["event_date"].max(),
        f["inspections"]["inspected_on"].max(),
        f["outcomes"]["completed_on"].max(),
        f["activities"]["activity_date"].max(),
    ]
    dates = [d for d in dates if not pd.isna(d)]
    return _date(max(dates)) if dates else None


def default_campaign(f: dict, as_of: dt.date) -> int | None:
    c = f["campaigns"]
    if c.empty:
        return None
    started = c.loc[c["start_date"] <= pd.Timestamp(as_of), "campaign_year"]
    return int(started.max() if len(started) else c["campaign_year"].min())


def studio_status(f: dict, as_of: dt.date, unit: str | None) -> pd.DataFrame:
    """One row per studio with an event on or before as_of (data-contract.md, "Status")."""
    ev = f["status_events"]
    ev = ev[ev["event_date"] <= pd.Timestamp(as_of)]
    studios = f["studios"]
    ev = ev.merge(studios[["studio_id", "unit"]], on="studio_id")
    if unit is not None:
        ev = ev[ev["unit"] == unit]
    ev = ev.sort_values(["studio_id", "event_date", "source_row"]).reset_index(drop=True)
    ev["pos"] = np.arange(len(ev))  # later in the studio's history: a larger position
    g = ev.groupby("studio_id", sort=False)
    out = pd.DataFrame({"latest_status": g["status"].last(), "latest_on": g["event_date"].last()})

    def per(status, column, how):
        sel = ev[ev["status"].isin(status)]
        return sel.groupby("studio_id")[column].agg(how)

    out["applied_on"] = per(["申报"], "event_date", "min")
    out["first_named_on"] = per(["命名"], "event_date", "min")
    out["warned_on"] = per(["通报"], "event_date", "max")
    named, delisted = per(["命名"], "pos", "max"), per(["摘牌"], "pos", "max")
    warned, cleared = per(["通报"], "pos", "max"), per(["整改完成", "摘牌"], "pos", "max")
    named, delisted = named.reindex(out.index), delisted.reindex(out.index)
    warned, cleared = warned.reindex(out.index), cleared.reindex(out.index)
    out["is_named"] = named.notna() & (delisted.isna() | (delisted < named))
    out["is_warned"] = warned.notna() & (cleared.isna() | (cleared < warned))
    out["is_delisted"] = delisted.notna() & (named.isna() | (delisted > named))
    out["is_in_review"] = out["latest_status"].isin(["申报", "受理", "现场考核"])
    out["is_rejected"] = out["latest_status"].isin(["未通过", "撤回"])
    out["status_key"] = np.select(
        [out["is_named"], out["is_delisted"], out["is_in_review"], out["is_rejected"]],
        ["named", "delisted", "in_review", "rejected"],
        "other",
    )
    return out.rename_axis("studio_id").reset_index()


def applications(f: dict, status: pd.DataFrame, campaign: int) -> pd.DataFrame:
    """One row per applicant of the campaign, with late and eligibility; by unit, applied_on, id."""
    s = f["studios"]
    s = s[s["campaign_year"] == campaign][
        ["studio_id", "studio_name", "unit", "studio_type", "leader_honor", "skill_level"]
    ]
    a = s.merge(status, on="studio_id")
    a = a[a["applied_on"].notna()].copy()
    c = f["campaigns"]
    deadline = c.loc[c["campaign_year"] == campaign, "apply_deadline"]
    deadline = deadline.iloc[0] if len(deadline) else pd.NaT
    a["late"] = (a["applied_on"] > deadline) if pd.notna(deadline) else False
    labour = a["studio_type"] == LABOUR_MODEL
    cell = a["leader_honor"].where(labour, a["skill_level"])
    fits = a["leader_honor"].isin(HONOURS).where(labour, a["skill_level"].isin(SKILLED))
    a["eligibility"] = np.select([cell.isna(), fits.astype(bool)], ["待核实", "符合"], "不符合")
    return a.sort_values(["unit", "applied_on", "studio_id"], kind="stable")


def _counts(a: pd.DataFrame) -> dict:
    return {
        "applied": len(a),
        "in_review": int(a["is_in_review"].sum()),
        "named": int(a["is_named"].sum()),
        "rejected": int(a["is_rejected"].sum()),
    }


def _time_elapsed(c: pd.Series, as_of: dt.date) -> float:
    start, deadline = pd.Timestamp(c["start_date"]), pd.Timestamp(c["deadline"])
    ratio = (pd.Timestamp(as_of) - start).days / (deadline - start).days
    return max(0.0, min(1.0, ratio))


def campaign_progress(f, apps, campaign, as_of, unit) -> dict | None:
    c = f["campaigns"][f["campaigns"]["campaign_year"] == campaign]
    if c.empty:
        return None
    c = c.iloc[0]
    n = _counts(apps)
    q = f["quotas"]
    target = (
        int(c["target"])
        if unit is None
        else int(q.loc[(q["campaign_year"] == campaign) & (q["unit"] == unit), "quota"].sum())
    )
    return {
        "year": int(c["campaign_year"]),
        "target": target,
        "deadline": _date(c["deadline"]).isoformat(),
        **n,
        "completion": n["named"] / target if target else None,
        "time_elapsed": _time_elapsed(c, as_of),
        "application_deadline": None
        if pd.isna(c["apply_deadline"])
        else _date(c["apply_deadline"]).isoformat(),
        "late": int(apps["late"].sum()),
        "ineligible": int((apps["eligibility"] == "不符合").sum()),
        "unverified": int((apps["eligibility"] == "待核实").sum()),
        "shortfall": max(target - n["named"] - n["in_review"], 0),
    }


def campaign_units(f, apps, campaign, unit) -> pd.DataFrame:
    q = f["quotas"]
    q = q[q["campaign_year"] == campaign][["unit", "quota"]]
    if unit is not None:
        q = q[q["unit"] == unit]
    applicants = apps.groupby("unit").agg(
        applied=("studio_id", "size"),
        in_review=("is_in_review", "sum"),
        named=("is_named", "sum"),
        rejected=("is_rejected", "sum"),
        late=("late", "sum"),
    )
    j = q.merge(applicants.reset_index(), on="unit", how="outer")
    for col in ("quota", "applied", "in_review", "named", "rejected", "late"):
        j[col] = j[col].fillna(0).astype("int64")
    j["shortfall"] = (j["quota"] - j["named"] - j["in_review"]).clip(lower=0)
    j["completion"] = (j["named"] / j["quota"].where(j["quota"] != 0)).astype("float64")
    j = j.merge(f["units"], on="unit", how="left")
    j = j.sort_values(
        ["completion", "named", "sort_order", "unit"],
        ascending=[False, False, True, True],
        na_position="last",
        kind="stable",
    )
    return j


def benefits_by_unit(f, status, as_of, period, unit) -> pd.DataFrame:
    named = status.loc[status["is_named"], ["studio_id"]].merge(
        f["studios"][["studio_id", "unit"]], on="studio_id"
    )
    per_unit = named.groupby("unit").size().rename("studios")
    o = f["outcomes"]
    end = pd.Timestamp(min(period[1], as_of))
    o = o[(o["completed_on"] >= pd.Timestamp(period[0])) & (o["completed_on"] <= end)]
    o = o.merge(named, on="studio_id")
    g = o.groupby("unit").agg(
        outcomes=("outcome_id", "size"),
        benefit_wan=("benefit_wan", lambda x: x.sum(min_count=1)),
        invention_patents=("invention_patents", "sum"),
        utility_patents=("utility_patents", "sum"),
        design_patents=("design_patents", "sum"),
        adopted=("is_adopted", "sum"),
    )
    b = per_unit.reset_index().merge(g.reset_index(), on="unit", how="left")
    has = b["outcomes"].notna()
    b["benefit_wan"] = b["benefit_wan"].round(4).where(has, 0.0)
    for col in ("outcomes", "invention_patents", "utility_patents", "design_patents"):
        b[col] = b[col].fillna(0).astype("int64")
    b["adopted_share"] = (b["adopted"] / b["outcomes"].where(has)).astype("float64")
    b = b.merge(f["units"], on="unit", how="left")
    return b.sort_values(
        ["benefit_wan", "outcomes", "sort_order", "unit"],
        ascending=[False, False, True, True],
        na_position="last",
        kind="stable",
    )


def _due_year(as_of: dt.date, p: dict) -> int:
    """The 年度评估 year due as of as_of (R2, C2)."""
    due_from = pd.Timestamp(as_of.year, p["due_month"], p["due_day"])
    return as_of.year - 1 if pd.Timestamp(as_of) >= due_from else as_of.year - 2


def _due_assessments(f, as_of: dt.date, p: dict) -> pd.DataFrame:
    """The due year's 年度评估 submitted by as_of, indexed by studio (R2, R3, C2)."""
    a = f["assessments"]
    a = a[
        (a["assessment_year"] == _due_year(as_of, p)) & (a["submitted_on"] <= pd.Timestamp(as_of))
    ]
    return a.set_index("studio_id")[["grade", "submitted_on"]]


def _latest_inspections(f, as_of: dt.date) -> pd.DataFrame:
    """Each studio's latest inspection on or before as_of, by (date, id) (R4, R5, R7, C1)."""
    ins = f["inspections"]
    ins = ins[ins["inspected_on"] <= pd.Timestamp(as_of)]
    ins = ins.sort_values(["studio_id", "inspected_on", "inspection_id"])
    return ins.groupby("studio_id").tail(1).set_index("studio_id")


def _activity_counts(f, as_of: dt.date, window_days: int) -> pd.Series:
    """Activities per studio in (as_of - window_days, as_of] (R8, C4)."""
    day = pd.Timestamp(as_of)
    act = f["activities"]
    window = day - pd.Timedelta(days=window_days)
    act = act[(act["activity_date"] > window) & (act["activity_date"] <= day)]
    return act.groupby("studio_id").size()


def risk_reasons(f, status, as_of: dt.date, p: dict) -> pd.DataFrame:
    """One row per (named studio, fired rule): rule_no, points and evidence."""
    day = pd.Timestamp(as_of)
    named = status.loc[
        status["is_named"], ["studio_id", "first_named_on", "is_warned", "warned_on"]
    ]
    n = named.merge(f["studios"][["studio_id", "members", "funding_wan"]], on="studio_id")
    due_year = _due_year(as_of, p)

    o = f["outcomes"]
    last_outcome = o[o["completed_on"] <= day].groupby("studio_id")["completed_on"].max()
    a = _due_assessments(f, as_of, p)
    latest = _latest_inspections(f, as_of)
    activities = _activity_counts(f, as_of, p["r8_window_days"])

    s = n.set_index("studio_id")
    s["last_outcome_on"] = last_outcome.reindex(s.index)
    s["due_grade"] = a["grade"].reindex(s.index)
    s["due_submitted_on"] = a["submitted_on"].reindex(s.index)
    s["is_due"] = s["first_named_on"] <= pd.Timestamp(due_year, 12, 31)
    s["last_inspection_id"] = latest["inspection_id"].reindex(s.index)
    s["last_inspected_on"] = latest["inspected_on"].reindex(s.index)
    s["last_conclusion"] = latest["conclusion"].reindex(s.index)
    hits = latest[[column for column, _ in CONDITIONS]].to_numpy() == "不达标"
    failed = pd.Series(
        [[name for (_, name), hit in zip(CONDITIONS, row) if hit] for row in hits],
        index=latest.index,
        dtype=object,
    )
    s["failed"] = failed.reindex(s.index)
    s["n_failed"] = s["failed"].map(lambda xs: len(xs) if isinstance(xs, list) else 0)
    s["activities"] = activities.reindex(s.index).fillna(0).astype("int64")

    parts = []

    def fire(rule_no, mask, points, date=None, number=None, items=None):
        sel = s[mask.fillna(False).astype(bool)]
        out = pd.DataFrame(index=sel.index)
        out["rule_no"] = rule_no
        out["points"] = points[sel.index] if isinstance(points, pd.Series) else points
        out["evidence_date"] = sel[date] if date else pd.NaT
        out["evidence_number"] = sel[number] if isinstance(number, str) else number
        out["evidence_list"] = sel[items] if items else None
        parts.append(out.reset_index())

    r1_cut = day - pd.Timedelta(days=p["r1_window_days"])
    r7_cut = day - pd.Timedelta(days=p["r7_window_days"])
    if p["has_outcomes"]:
        fire(
            1,
            s["last_outcome_on"].isna() | (s["last_outcome_on"] <= r1_cut),
            p["r1_points"],
            date="last_outcome_on",
        )
    if p["has_assessments"]:
        fire(2, s["is_due"] & s["due_grade"].isna(), p["r2_points"], number=due_year)
        fire(
            3,
            s["is_due"] & (s["due_grade"] == "不合格"),
            p["r3_points"],
            date="due_submitted_on",
            number=due_year,
        )
    if p["has_inspections"]:
        s["r4_list"] = s["last_inspection_id"].map(lambda x: [x], na_action="ignore")
        fire(
            4,
            s["last_conclusion"] == "不合格",
            p["r4_points"],
            date="last_inspected_on",
            items="r4_list",
        )
        r5 = (s["n_failed"] * p["r5_points_each"]).clip(upper=p["r5_points_max"])
        fire(5, s["n_failed"] > 0, r5, date="last_inspected_on", number="n_failed", items="failed")
    fire(6, s["is_warned"], p["r6_points"], date="warned_on")
    if p["has_inspections"]:
        fire(
            7,
            s["last_inspected_on"].isna() | (s["last_inspected_on"] <= r7_cut),
            p["r7_points"],
            date="last_inspected_on",
        )
    if p["has_activities"]:
        fire(8, s["activities"] < p["r8_min_activities"], p["r8_points"], number="activities")
    fire(9, s["members"] < p["r9_min_members"], p["r9_points"], number="members")
    fire(10, s["funding_wan"] == 0, p["r10_points"])
    return pd.concat(parts, ignore_index=True)


def risk_scores(f, status, reasons: pd.DataFrame, p: dict) -> pd.DataFrame:
    """One row per named studio: its score and tier; highest score first, then by id."""
    named = status.loc[status["is_named"], ["studio_id", "is_warned"]].merge(
        f["studios"][["studio_id", "studio_name", "unit"]], on="studio_id"
    )
    score = reasons.groupby("studio_id")["points"].sum()
    named["score"] = score.reindex(named["studio_id"]).fillna(0).astype("int64").to_numpy()
    named["tier"] = np.where(
        named["score"] >= p["tier_high"],
        "高",
        np.where(named["score"] >= p["tier_medium"], "中", "低"),
    )
    return named.sort_values(["score", "studio_id"], ascending=[False, True], kind="stable")


def risk_list(named: pd.DataFrame, reasons: pd.DataFrame) -> list[dict]:
    reasons = reasons.sort_values(["studio_id", "rule_no"], kind="stable")
    by_studio: dict[str, list[dict]] = {}
    for r in reasons.itertuples(index=False):
        date = None if pd.isna(r.evidence_date) else pd.Timestamp(r.evidence_date)
        number = r.evidence_number
        number = None if number is None or pd.isna(number) else number
        reason = {
            "rule": f"R{r.rule_no}",
            "evidence_date": date,
            "evidence_number": number,
            "evidence_list": r.evidence_list if isinstance(r.evidence_list, list) else None,
        }
        by_studio.setdefault(r.studio_id, []).append(
            {
                "rule": reason["rule"],
                "points": int(r.points),
                "detail": product.reason_detail(reason),
            }
        )
    return [
        {
            "studio_id": r.studio_id,
            "name": r.studio_name,
            "unit": r.unit,
            "score": int(r.score),
            "tier": r.tier,
            "reasons": by_studio.get(r.studio_id, []),
        }
        for r in named.itertuples(index=False)
    ]


def gold_workers(f, status, as_of: dt.date, unit: str | None) -> pd.DataFrame:
    """The 金牌职工 roll: one row per studio with a 命名 on or before as_of; by named_on, then id."""
    ev = f["status_events"]
    ev = ev[(ev["status"] == "命名") & (ev["event_date"] <= pd.Timestamp(as_of))]
    first = ev.sort_values(["studio_id", "event_date", "source_row"]).groupby("studio_id").head(1)
    doc = first["doc_no"].str.strip()
    first = pd.DataFrame(
        {
            "studio_id": first["studio_id"],
            "named_on": first["event_date"],
            "document_no": doc.where(doc != ""),
        }
    )
    s = f["studios"][["studio_id", "leader", "studio_name", "unit", "campaign_year"]]
    if unit is not None:
        s = s[s["unit"] == unit]
    g = s.merge(first, on="studio_id").merge(
        status[["studio_id", "is_named"]].rename(columns={"is_named": "active"}), on="studio_id"
    )
    return g.sort_values(["named_on", "studio_id"], kind="stable")


def commendation(f, named: pd.DataFrame, as_of: dt.date, p: dict, c: dict) -> pd.DataFrame:
    """The commendation candidates (C1–C4 met where on, not warned, tier 低); by benefit_wan
    descending (null as 0), then invention_patents descending, then id."""
    day = pd.Timestamp(as_of)
    s = named.set_index("studio_id")
    latest = _latest_inspections(f, as_of)
    grade = _due_assessments(f, as_of, p)["grade"].reindex(s.index)
    o = f["outcomes"]
    start = day - pd.Timedelta(days=c["c3_window_days"] - 1)
    o = o[(o["completed_on"] >= start) & (o["completed_on"] <= day)]
    o = o[o["studio_id"].isin(s.index)]
    totals = o.groupby("studio_id").agg(
        benefit_wan=("benefit_wan", lambda x: x.sum(min_count=1)),
        invention_patents=("invention_patents", "sum"),
    )
    s["benefit_wan"] = totals["benefit_wan"].round(4).reindex(s.index).astype("float64")
    s["invention_patents"] = totals["invention_patents"].reindex(s.index).fillna(0).astype("int64")
    activities = _activity_counts(f, as_of, c["c4_window_days"]).reindex(s.index).fillna(0)

    inspected_on = latest["inspected_on"].reindex(s.index)
    conclusion = latest["conclusion"].reindex(s.index)
    cut = day - pd.Timedelta(days=c["c1_window_days"])
    met = {
        "C1": (inspected_on > cut) & conclusion.isin(["优秀", "良好"]),
        "C2": grade == "优秀",
        "C3": (s["benefit_wan"].fillna(0) >= c["c3_min_benefit_wan"])
        | (s["invention_patents"] >= c["c3_min_invention_patents"]),
        "C4": activities >= c["c4_min_activities"],
    }
    on = {
        "C1": c["has_inspections"],
        "C2": c["has_assessments"],
        "C3": True,
        "C4": c["has_activities"],
    }
    met = pd.DataFrame({k: v for k, v in met.items() if on[k]}, index=s.index)
    s["met"] = [[k for k, hit in zip(met.columns, row) if hit] for row in met.to_numpy()]
    candidate = met.all(axis=1) & ~s["is_warned"] & (s["tier"] == "低")
    out = s[candidate].reset_index()
    out["benefit_order"] = out["benefit_wan"].fillna(0)
    return out.sort_values(
        ["benefit_order", "invention_patents", "studio_id"],
        ascending=[False, False, True],
        kind="stable",
    )


def _records(df: pd.DataFrame, columns: list[str], names: dict | None = None) -> list[dict]:
    names = names or {}
    out = []
    for row in df[columns].itertuples(index=False):
        out.append({names.get(c, c): product._value(v) for c, v in zip(columns, row)})
    return out


def report(
    f: dict, campaign: int | None = None, as_of: dt.date | None = None, unit: str | None = None
) -> dict:
    """The report of data-contract.md ("The CLI"), as dashboard.report.build returns it."""
    as_of = as_of or default_as_of(f)
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
    campaign = campaign or default_campaign(f, as_of)
    status = studio_status(f, as_of, unit)
    period = (product.year_start(as_of), as_of)
    apps = applications(f, status, campaign)
    units = campaign_units(f, apps, campaign, unit)
    benefits = benefits_by_unit(f, status, as_of, period, unit)
    reasons = risk_reasons(f, status, as_of, f["_p"])
    named = risk_scores(f, status, reasons, f["_p"])
    candidates = commendation(f, named, as_of, f["_p"], f["_c"])
    keys = product.REPORT_KEYS
    return {
        "as_of": as_of.isoformat(),
        "campaign": campaign_progress(f, apps, campaign, as_of, unit),
        "units": _records(units, product.UNIT_FIELDS),
        "benefits": {
            "period": [d.isoformat() for d in period],
            "units": _records(benefits, product.BENEFIT_FIELDS),
        },
        "risk": risk_list(named, reasons),
        "rules_off": f["_rules_off"],
        "applications": _records(apps, product.APPLICATION_FIELDS, keys),
        "gold_workers": _records(gold_workers(f, status, as_of, unit), product.GOLD_FIELDS, keys),
        "commendation": _records(candidates, product.COMMENDATION_FIELDS, keys),
        "criteria_off": f["_criteria_off"],
    }


def report_from_db(con, **kwargs) -> dict:
    """Load, then compute: what the benchmark times as "the pandas way"."""
    return report(load(con), **kwargs)
