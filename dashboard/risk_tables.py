"""The watch list (预警清单) as people read it: reasons in words, the rules in force, and the xlsx
the economic-technology department attaches to a 通报. Pure functions of query results."""

from __future__ import annotations

import pandas as pd

from . import labels, lists, report
from .exports import mask_phone, studio_url, xlsx_workbook

EXPORT_FORMATS = {
    labels.RISK_EXPORT_COLUMNS["rank"]: "int",
    labels.RISK_EXPORT_COLUMNS["score"]: "int",
    labels.RISK_EXPORT_COLUMNS["reasons"]: "wrap",
}
RULES_FORMATS = {labels.COL_CONDITION: "wrap"}


def reason_texts(reasons: list[dict], points: bool = False) -> list[str]:
    """Each fired rule (a struct of queries/risk_watchlist.sql) in words with its evidence."""
    out = []
    for r in [] if reasons is None else list(reasons):
        detail = report.reason_detail(r)
        out.append(
            labels.REASON_POINTS.format(detail=detail, points=int(r["points"]))
            if points
            else detail
        )
    return out


def reason_points(reasons: list[dict]) -> list[tuple[str, int]]:
    """Each fired rule in words, with its points (the studio file lists them so)."""
    return list(zip(reason_texts(reasons), (int(x["points"]) for x in reasons)))


def watchlist_table(rows: pd.DataFrame, back: str | None = None) -> pd.DataFrame:
    """The 预警清单 as drawn: rank, light, score, file link, name, unit, reasons, contacts."""
    return pd.DataFrame(
        {
            "rank": range(1, len(rows) + 1),
            "light": rows["tier"].map(labels.TIER_LIGHT),
            "score": rows["score"],
            "file": [studio_url(s, back) for s in rows["studio_id"]],
            "studio_name": rows["studio_name"],
            "unit": rows["unit"],
            "reasons": [labels.REASON_SEP.join(reason_texts(r)) for r in rows["reasons"]],
            "leader": rows["leader"],
            "host": rows["host"],
            "phone": rows["phone"].map(mask_phone),
        }
    )


def rules_off_lines(off: list[str]) -> list[str]:
    """One sentence per rule that is off because its sheet was not imported."""
    return [
        labels.RULE_OFF.format(
            rule=rule, name=labels.RULE_NAMES[rule], sheet=report.RULE_SHEETS[rule]
        )
        for rule in off
    ]


def rules_off_note(off: list[str]) -> str:
    """The page's warning when rules are off: a heading line, then one bullet per rule."""
    return "\n".join([labels.RISK_RULES_OFF, *(f"- {x}" for x in rules_off_lines(off))])


def rule_options(off: list[str]) -> dict[str, str]:
    """The rule filter's options, the words shown to the rule (words, so that a shared link reads
    ?rule=R4 最近检查不合格); rules that are off are not offered."""
    return {f"{r} {name}": r for r, name in labels.RULE_NAMES.items() if r not in off}


def tier_kpis(by_unit: pd.DataFrame, tiers: tuple[str, ...]) -> list[dict]:
    """The KPI strip as st.metric arguments: named studios in all, then per tier
    (risk_by_unit_tier's counts summed)."""
    per_tier = by_unit.groupby("tier")["studios"].sum()
    return [
        {
            "label": labels.KPI_STUDIOS,
            "value": f"{int(per_tier.sum()):,}",
            "help": labels.KPI_STUDIOS_ACTIVE_HELP,
        },
        *(
            {"label": labels.RISK_TIER_NAMES[t], "value": f"{int(per_tier.get(t, 0)):,}"}
            for t in tiers
        ),
    ]


def units_note(by_unit: pd.DataFrame, top: int) -> str:
    """The caption of the by-unit chart: all units, or the top `top` of how many."""
    count = int(by_unit["unit_rank"].max()) if len(by_unit) else 0
    return (
        labels.RISK_UNITS_TOP.format(n=top, total=count) if count > top else labels.RISK_UNITS_ALL
    )


# The watch list's columns on screen, in order (watchlist_table has them all), and the headers of
# those drawn as plain text (the page configures the others).
WATCHLIST_ORDER = [
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
]
WATCHLIST_HEADERS = {
    "unit": labels.COLUMNS["unit"],
    "leader": labels.COLUMNS["leader"],
    "host": labels.COLUMNS["host"],
    "phone": labels.RISK_EXPORT_COLUMNS["phone"],
}


def rules_frame(p: dict, off: list[str]) -> pd.DataFrame:
    """The rules in force: what fires each, its points, and whether it is on."""
    rows = []
    for rule in report.RULES:
        n = rule[1:]
        points = (
            labels.RULE_POINTS_EACH.format(each=p["r5_points_each"], most=p["r5_points_max"])
            if rule == "R5"
            else str(p[f"r{n}_points"])
        )
        rows.append(
            {
                labels.COL_RULE: f"{rule} {labels.RULE_NAMES[rule]}",
                labels.COL_CONDITION: labels.RULE_CONDITION[rule].format(**p),
                labels.COL_POINTS: points,
                labels.COL_RULE_STATE: (
                    labels.RULE_OFF_STATE.format(sheet=report.RULE_SHEETS[rule])
                    if rule in off
                    else labels.RULE_ON
                ),
            }
        )
    return pd.DataFrame(rows)


def tiers_note(p: dict) -> str:
    return labels.RISK_TIERS_NOTE.format(
        high=p["tier_high"], medium=p["tier_medium"], high_1=p["tier_high"] - 1
    )


def watchlist_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """queries/risk_watchlist.sql rows as the export's sheet: ranked, Chinese headers, phone
    masked, the reasons with their evidence and points in one cell."""
    columns = labels.RISK_EXPORT_COLUMNS
    return pd.DataFrame(
        {
            columns["rank"]: range(1, len(rows) + 1),
            columns["tier"]: rows["tier"].tolist(),
            columns["score"]: rows["score"].astype(int).tolist(),
            columns["studio_id"]: rows["studio_id"].tolist(),
            columns["studio_name"]: rows["studio_name"].tolist(),
            columns["unit"]: rows["unit"].tolist(),
            columns["studio_type"]: rows["studio_type"].tolist(),
            columns["leader"]: rows["leader"].tolist(),
            columns["host"]: rows["host"].tolist(),
            columns["phone"]: [mask_phone(x) for x in rows["phone"]],
            columns["reasons"]: [
                labels.REASON_SEP.join(reason_texts(r, points=True)) for r in rows["reasons"]
            ],
        },
        columns=list(columns.values()),
    )


def filter_line(tiers: list[str] | None, rule: str | None) -> str:
    return labels.RISK_FILTER_LINE.format(
        tiers=labels.LIST_SEP.join(tiers) if tiers else labels.ALL,
        rule=f"{rule} {labels.RULE_NAMES[rule]}" if rule else labels.RISK_ALL_RULES,
    )


def watchlist_workbook(
    rows: pd.DataFrame, as_of: str, scope: str, filters: str, p: dict, off: list[str]
) -> bytes:
    """The 预警清单 workbook: the ranked list, then the scoring rules it was made with."""
    rules = rules_frame(p, off)
    tiers = pd.DataFrame(
        {
            labels.COL_RULE: [labels.RISK_TIERS_RULE],
            labels.COL_CONDITION: [
                labels.RISK_TIERS_CONDITION.format(
                    high=p["tier_high"], medium=p["tier_medium"], high_1=p["tier_high"] - 1
                )
            ],
        }
    )
    return xlsx_workbook(
        labels.RISK_EXPORT_TITLE,
        as_of,
        f"{scope}    {filters}",
        [
            (labels.RISK_EXPORT_SHEET, watchlist_frame(rows), EXPORT_FORMATS),
            (
                labels.RISK_EXPORT_RULES_SHEET,
                pd.concat([rules, tiers], ignore_index=True),
                RULES_FORMATS,
            ),
        ],
    )


def watchlist(
    rows: pd.DataFrame, back: str | None
) -> tuple[pd.DataFrame, pd.Series, list[lists.Card], int]:
    """queries/risk_watchlist.sql's rows as the page draws them: the table (watchlist_table),
    the studio ids in its order, a phone's cards (the first MAX_CARDS) and how many studios
    match. Cached with its query (state.shaped): a warm run reads this, not the nested reasons."""
    total = 0 if rows.empty else int(rows["total"].iloc[0])
    cards = watchlist_cards(rows.head(lists.MAX_CARDS))
    return watchlist_table(rows, back), rows["studio_id"], cards, total


def heaviest(reasons: list[dict] | None) -> list[dict]:
    """The fired rule with the most points, as a list of one (none when none fires)."""
    reasons = [] if reasons is None else list(reasons)
    return [max(reasons, key=lambda r: r["points"])] if reasons else []


def watchlist_cards(rows: pd.DataFrame) -> list[lists.Card]:
    """The 预警清单 as a phone's cards: the tier's light, the score and unit, the reason that
    weighs most (the first of them in rule order on a tie)."""
    return [
        lists.Card(
            title=name,
            pill=labels.RISK_TIER_NAMES[tier],
            facts=[labels.CARD_RISK.format(score=int(score), unit=unit)]
            + reason_texts(heaviest(reasons)),
            studio_id=studio_id,
        )
        for studio_id, name, tier, score, unit, reasons in zip(
            rows["studio_id"],
            rows["studio_name"],
            rows["tier"],
            rows["score"],
            rows["unit"],
            rows["reasons"],
        )
    ]
