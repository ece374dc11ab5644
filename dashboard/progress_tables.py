"""创建进度 without Streamlit: the KPI strip, the burn-up's inputs and the unit and applicant
tables as the page draws them. Figures come from queries/campaign_*.sql; this module only picks
and words them."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from . import labels, lists

COLUMNS = labels.COLUMNS


def projected(progress: pd.Series) -> float | None:
    """Named by the deadline at the current pace (campaign_progress), None when unknown."""
    return None if pd.isna(progress["projected"]) else float(progress["projected"])


def kpis(progress: pd.Series, pct: Callable[[float | None], str]) -> list[dict]:
    """The KPI strip, two rows of four, as st.metric arguments: target, named (this campaign's,
    said so: 本年度命名), completion against 序时进度 (ahead in green, behind in red), elapsed;
    applied, in review, rejected, days left."""
    completion, elapsed = progress["completion"], progress["time_elapsed"]
    gap = None if pd.isna(completion) else (completion - elapsed) * 100
    ahead = gap is not None and gap >= 0
    days_left = int(progress["days_left"])
    return [
        {"label": labels.KPI_TARGET, "value": int(progress["target"])},
        {
            "label": labels.KPI_NAMED,
            "value": int(progress["named"]),
            "help": labels.KPI_NAMED_HELP.format(year=int(progress["year"])),
        },
        {
            "label": labels.KPI_COMPLETION,
            "value": pct(completion),
            "delta": None
            if gap is None
            else (labels.GAP_AHEAD if ahead else labels.GAP_BEHIND).format(points=abs(gap)),
            "delta_color": "normal" if gap is None or ahead else "inverse",
            "delta_arrow": "up" if ahead else "down",
        },
        {"label": labels.KPI_ELAPSED, "value": pct(elapsed)},
        {"label": labels.KPI_APPLIED, "value": int(progress["applied"])},
        {"label": labels.KPI_IN_REVIEW, "value": int(progress["in_review"])},
        {"label": labels.KPI_REJECTED, "value": int(progress["rejected"])},
        {
            "label": labels.KPI_DAYS_LEFT,
            "value": labels.DAYS.format(days=days_left) if days_left >= 0 else labels.DAYS_PASSED,
        },
    ]


def burnup_inputs(progress: pd.Series) -> dict:
    """charts.burnup's arguments from campaign_progress' row (all but the steps and as_of)."""
    return dict(
        target=int(progress["target"]),
        start=pd.Timestamp(progress["start_date"]).date(),
        deadline=pd.Timestamp(progress["deadline"]).date(),
        named=int(progress["named"]),
        projected=projected(progress),
    )


def projection_note(progress: pd.Series, day: Callable[[object], str]) -> str | None:
    """The caption over the burn-up: named by the deadline if every studio in review is named
    (the pipeline, not a naming rate), while the deadline is ahead."""
    ahead = projected(progress)
    if ahead is None:
        return None
    deadline = pd.Timestamp(progress["deadline"]).date()
    return labels.PROJECTION_NOTE.format(
        projected=ahead, deadline=day(deadline), target=int(progress["target"])
    )


def pipeline_note(progress: pd.Series, day: Callable[[object], str]) -> str:
    """Named and in review against the target ("评审中 9，若全部通过 36/40，仍差 4"), and the days
    left to the 申报截止日期 while it is ahead."""
    named, in_review = int(progress["named"]), int(progress["in_review"])
    shortfall, target = int(progress["shortfall"]), int(progress["target"])
    if target and named >= target:  # reached: "若全部通过 4/3" would read as a fraction
        template = labels.PIPELINE_DONE_REVIEW if in_review else labels.PIPELINE_DONE
    else:
        template = labels.PIPELINE_SHORT if shortfall else labels.PIPELINE_FULL
    text = template.format(
        named=named,
        in_review=in_review,
        pipeline=named + in_review,
        target=target,
        shortfall=shortfall,
    )
    if not pd.isna(progress["apply_days_left"]):
        text += labels.APPLY_DAYS_LEFT.format(
            date=day(progress["application_deadline"]), days=int(progress["apply_days_left"])
        )
    return text


# --- the unit table and one unit's applicants (English columns, headers in the config) ---------
UNIT_ORDER = [
    "unit",
    "unit_kind",
    "quota",
    "applied",
    "in_review",
    "named",
    "shortfall",
    "late",
    "completion_pct",
    "light",
]
UNIT_HEADERS = {  # columns drawn as plain text; the page configures the others
    "unit_kind": COLUMNS["unit_kind"],
    "quota": COLUMNS["quota"],
    "applied": COLUMNS["applied"],
    "in_review": COLUMNS["in_review"],
    "named": COLUMNS["named"],
    "shortfall": COLUMNS["shortfall"],
    "late": COLUMNS["late"],
    "light": labels.COL_LIGHT,
}
APPLICANT_ORDER = [
    "studio_id",
    "studio_name",
    "studio_type",
    "leader",
    "host",
    "applied_on",
    "status",
    "latest_status",
    "latest_on",
]
APPLICANT_HEADERS = {
    "studio_id": COLUMNS["studio_id"],
    "studio_name": COLUMNS["studio_name"],
    "studio_type": COLUMNS["studio_type"],
    "leader": COLUMNS["leader"],
    "host": COLUMNS["host"],
    "status": labels.COL_STATUS,
    "latest_status": labels.COL_LATEST,
}


def units_table(units: pd.DataFrame) -> pd.DataFrame:
    """campaign_units with its light in words and completion in percent (a progress bar)."""
    return units.assign(
        light=units["light"].map(labels.LIGHT), completion_pct=units["completion"] * 100
    )


def applicants_table(applicants: pd.DataFrame) -> pd.DataFrame:
    """campaign_applicants with each studio's status in words."""
    return applicants.assign(status=applicants["status_key"].map(labels.STATUS))


def unit_cards(table: pd.DataFrame) -> list[lists.Card]:
    """The units ranking (units_table) as a phone's cards: the light, the completion bar in the
    light's colour, and named, in review and shortfall against the quota; 逾期申报 when any."""
    return [
        lists.Card(
            title=row["unit"],
            pill=row["light"] if isinstance(row["light"], str) else "",
            share=None if pd.isna(row["completion"]) else float(row["completion"]),
            share_text=labels.CARD_COMPLETION.format(
                pct="—" if pd.isna(row["completion"]) else f"{row['completion'] * 100:.0f}%"
            ),
            facts=[labels.CARD_UNIT_COUNTS.format(**{k: _count(row[k]) for k in UNIT_COUNTS})]
            + (
                [labels.CARD_UNIT_LATE.format(late=int(row["late"]))]
                if row.get("late", 0) > 0
                else []
            ),
        )
        for row in table.to_dict("records")
    ]


UNIT_COUNTS = ("quota", "applied", "in_review", "named", "shortfall")


def _count(value: object) -> str:
    return "—" if value is None or pd.isna(value) else str(int(value))
