"""The report as a workbook a leader could forward: one sheet per section, Chinese headers,
万元 and % formats, a 数据截至 line."""

from __future__ import annotations

import pandas as pd

from . import labels as L
from .exports import xlsx_workbook

C = L.COLUMNS


def report_workbook(data: dict) -> bytes:
    scope = L.SCOPE_UNIT.format(unit=data["unit"]) if data.get("unit") else L.SCOPE_ALL
    campaign = pd.DataFrame([data["campaign"]] if data["campaign"] else [])
    units = pd.DataFrame(data["units"])
    benefits = pd.DataFrame(data["benefits"]["units"])
    risk = pd.DataFrame(
        [
            {
                **{k: r[k] for k in ("studio_id", "name", "unit", "score", "tier")},
                "reasons": L.REASON_SEP.join(x["detail"] for x in r["reasons"]),
            }
            for r in data["risk"]
        ]
    )
    formats = {
        C["completion"]: "pct",
        C["time_elapsed"]: "pct",
        C["adopted_share"]: "pct",
        C["benefit_wan"]: "wan",
        C["deadline"]: "date",
        **{
            C[k]: "int"
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
            )
        },
    }
    tables = [
        (L.REPORT_SHEETS[key], frame.rename(columns=C), formats)
        for key, frame in (
            ("campaign", campaign),
            ("units", units),
            ("benefits", benefits),
            ("risk", risk),
        )
    ]
    return xlsx_workbook(L.REPORT_TITLE, data["as_of"], scope, tables)
