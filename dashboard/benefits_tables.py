"""成果效益 without Streamlit: the period choices, 同比, and the tables as shown and exported.

The page and its tests share these, so what a user reads, what the xlsx holds and what the tests
check come from one place. Figures come from queries/benefits_*.sql; this module only picks the
period, compares with a year earlier, and puts Chinese headers and formats on the frames.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from . import exports, labels, lists, settings
from .report import year_earlier, year_start

YTD, ALL = "ytd", "all"
ALL_START = dt.date(1900, 1, 1)  # "all time": before any outcome
WAN_PER_YI = 10_000  # 1 亿元 = 10,000 万元


def min_base() -> float:
    """The smallest year-earlier benefit (万元) a 同比 is given as a percentage against."""
    return float(settings.get("yoy_min_base_wan"))


def money(value_wan: float | None) -> str:
    """A sum of 万元 as a KPI card shows it: 9,999.99 万元, then 1.00 亿元 from 1 亿 up."""
    if _missing(value_wan):
        return labels.MISSING
    if abs(round(value_wan, 2)) >= WAN_PER_YI:
        return labels.YI_VALUE.format(value=value_wan / WAN_PER_YI)
    return labels.WAN_VALUE.format(value=value_wan)


# --- period ---------------------------------------------------------------------------------
def period_options(years: pd.Series, as_of: dt.date) -> list[str]:
    """本年至今, then each whole year with data before as_of's year (newest first), then 全部."""
    whole = sorted({int(y) for y in years if int(y) < as_of.year}, reverse=True)
    return [YTD, *[str(y) for y in whole], ALL]


def option_label(choice: str) -> str:
    """The period control's text; a year shows as its digits, so a link can say ?period=2022
    (a bound widget keeps its shown text in the URL)."""
    return {YTD: labels.PERIOD_YTD, ALL: labels.PERIOD_ALL}.get(choice, choice)


def period_label(choice: str) -> str:
    if choice == YTD:
        return labels.PERIOD_YTD
    if choice == ALL:
        return labels.PERIOD_ALL
    return labels.PERIOD_YEAR.format(year=choice)


def period_bounds(choice: str | None, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """(period_start, period_end); outcomes after as_of never count (named_outcomes caps them)."""
    if choice == ALL:
        return ALL_START, as_of
    if choice in (None, YTD):
        return year_start(as_of), as_of
    year = int(choice)
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)


def previous(as_of: dt.date, start: dt.date, end: dt.date) -> dict:
    """The same span one year earlier, as query parameters (as_of shifted too)."""
    return dict(
        as_of=year_earlier(as_of), period_start=year_earlier(start), period_end=year_earlier(end)
    )


def period_span(choice: str, start: dt.date, end: dt.date) -> str:
    label = period_label(choice)
    if choice == ALL:
        return labels.PERIOD_SPAN_ALL.format(label=label, end=end.isoformat())
    return labels.PERIOD_SPAN.format(label=label, start=start.isoformat(), end=end.isoformat())


def earlier_params(choice: str, params: dict) -> dict | None:
    """The query parameters of the span a year before `params` (unit kept); None for 全部, a
    running total with nothing to compare with."""
    if choice == ALL:
        return None
    return {
        **previous(params["as_of"], params["period_start"], params["period_end"]),
        "unit": params["unit"],
    }


def period_note(span: str, earlier: dict | None, base: float | None = None) -> str:
    """The line under the period control: the span, then what 同比 compares with and below which
    base (万元, the setting yoy_min_base_wan) it gives no percentage."""
    if earlier is None:
        return labels.PERIOD_NOTE.format(span=span, note=labels.YOY_NOTE_ALL)
    note = labels.YOY_NOTE.format(
        start=earlier["period_start"].isoformat(), end=earlier["period_end"].isoformat()
    )
    note += labels.YOY_NOTE_BASE.format(base=min_base() if base is None else base)
    return labels.PERIOD_NOTE.format(span=span, note=note)


# --- the summary query, split ---------------------------------------------------------------
UNIT_COLUMNS = (
    "unit",
    "unit_kind",
    "studios",
    "outcomes",
    "benefit_wan",
    "invention_patents",
    "utility_patents",
    "design_patents",
    "adopted_share",
)
CATEGORY_COLUMNS = (
    "category",
    "outcomes",
    "benefit_wan",
    "invention_patents",
    "utility_patents",
    "design_patents",
    "adopted_share",
)
TOTAL_COLUMNS = (
    "studios",
    "outcomes",
    "benefit_wan",
    "patents",
    "invention_patents",
    "adopted_share",
    "per_studio_wan",
    "outcomes_per_studio",
)
_COUNTS = (
    "studios",
    "outcomes",
    "patents",
    "invention_patents",
    "utility_patents",
    "design_patents",
)


def summary_parts(summary: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """benefits_summary's rows as (units, categories, totals): the frames benefits_by_unit,
    benefits_by_category and benefits_totals return, in their order and with their columns
    and types (a level's counts have no nulls: int64 again, not the union's nullable Int64)."""

    def part(level: str, columns: tuple[str, ...]) -> pd.DataFrame:
        rows = summary.loc[summary["level"] == level, list(columns)].reset_index(drop=True)
        return rows.astype({c: "int64" for c in columns if c in _COUNTS})

    return (
        part("unit", UNIT_COLUMNS),
        part("category", CATEGORY_COLUMNS),
        part("total", TOTAL_COLUMNS),
    )


# --- totals and 同比 -------------------------------------------------------------------------
def totals(row: pd.DataFrame) -> dict:
    """benefits_totals' one row as a dict, None for SQL nulls (the KPI strip's figures)."""
    record = row.to_dict("records")[0]
    return {k: None if _missing(v) else v for k, v in record.items()}


def kpi_cells(now: dict, pct: Callable[[float], str]) -> list[tuple[str, str, str, bool]]:
    """The KPI strip, two rows of four: (label, key in totals, value shown, 同比 in points).
    Money carries its unit in the value (万元, or 亿元 from 1 亿 up)."""

    def num(key: str, fmt: str) -> str:
        return labels.MISSING if now[key] is None else fmt.format(now[key])

    return [
        (labels.KPI_BENEFIT, "benefit_wan", money(now["benefit_wan"]), False),
        (labels.KPI_OUTCOMES, "outcomes", num("outcomes", "{:,}"), False),
        (labels.KPI_PATENTS, "patents", num("patents", "{:,}"), False),
        (labels.KPI_ADOPTED, "adopted_share", pct(now["adopted_share"]), True),
        (labels.KPI_STUDIOS_ACTIVE, "studios", num("studios", "{:,}"), False),
        (labels.KPI_PER_STUDIO, "per_studio_wan", money(now["per_studio_wan"]), False),
        (
            labels.KPI_OUTCOMES_PER_STUDIO,
            "outcomes_per_studio",
            num("outcomes_per_studio", "{:.1f}"),
            False,
        ),
        (labels.KPI_INVENTION, "invention_patents", num("invention_patents", "{:,}"), False),
    ]


HELP = {"studios": labels.KPI_STUDIOS_ACTIVE_HELP}


def kpi_metrics(
    now: dict, before: dict | None, pct: Callable[[float], str], base: float | None = None
) -> list[dict]:
    """The KPI strip as st.metric arguments: each figure, with its 同比 when there is a year
    earlier to compare with (`before`, totals() of that span); the benefit's 同比 says 基数过小
    below `base` 万元 (default: the setting yoy_min_base_wan)."""
    base = min_base() if base is None else base
    cells = []
    for label, key, text, points in kpi_cells(now, pct):
        cell = {"label": label, "value": text}
        if key in HELP:
            cell["help"] = HELP[key]
        if before is not None:
            floor = base if key == "benefit_wan" else None
            delta, color = yoy(now[key], before[key], points=points, min_base=floor)
            cell.update(
                delta=delta, delta_color=color, delta_arrow="off", delta_description=labels.YOY
            )
        cells.append(cell)
    return cells


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def change(current: float | None, prior: float | None) -> float | None:
    """Relative change (0.123 = +12.3%); None when there is nothing to compare with."""
    if _missing(current) or _missing(prior) or prior == 0:
        return None
    return (current - prior) / prior


def small_base(prior: float | None, min_base: float | None) -> bool:
    """A year-earlier figure above 0 but below `min_base`: too small for a percentage to mean
    anything (16.99 → 2,529.56 万元 would read ▲ 14788.5%)."""
    return min_base is not None and not _missing(prior) and 0 < prior < min_base


def yoy(
    current: float | None, prior: float | None, points: bool = False, min_base: float | None = None
) -> tuple[str, str]:
    """(text, colour) of a 同比: ▲ 12.3% in green, ▼ 4.0% in red; ratios in 百分点; 基数过小
    when the year earlier is below `min_base` (None: any base)."""
    if small_base(prior, min_base):
        return labels.YOY_SMALL_BASE, "gray"
    if points:
        if _missing(current) or _missing(prior):
            return labels.YOY_NONE, "gray"
        diff = (current - prior) * 100
        if round(diff, 1) == 0:
            return labels.YOY_FLAT, "gray"
        return (
            (labels.YOY_POINTS_UP if diff > 0 else labels.YOY_POINTS_DOWN).format(points=abs(diff)),
            "green" if diff > 0 else "red",
        )
    rel = change(current, prior)
    if rel is None:
        return labels.YOY_NONE, "gray"
    if round(rel * 100, 1) == 0:
        return labels.YOY_FLAT, "gray"
    return (
        (labels.YOY_UP if rel > 0 else labels.YOY_DOWN).format(pct=abs(rel) * 100),
        "green" if rel > 0 else "red",
    )


def yoy_arrow(
    rel: float | None, prior: float | None = None, min_base: float | None = None
) -> str | None:
    """A table cell's 同比: ▲ 12.3% / ▼ 4.0% / 持平, 基数过小 when `prior` is below `min_base`,
    None with nothing to compare."""
    if small_base(prior, min_base):
        return labels.YOY_SMALL_BASE
    if _missing(rel):
        return None
    if round(rel * 100, 1) == 0:
        return labels.YOY_FLAT
    return (labels.YOY_UP if rel > 0 else labels.YOY_DOWN).format(pct=abs(rel) * 100)


# --- tables as shown and exported (Chinese headers) ------------------------------------------
COLUMNS = labels.COLUMNS


def units_table(
    units: pd.DataFrame, prior: pd.DataFrame | None, base: float | None = None
) -> tuple[pd.DataFrame, dict]:
    """One row per unit: benefit, per studio, a year earlier and 同比 (基数过小 below `base` 万元,
    default the setting yoy_min_base_wan), patents, adoption."""
    base = min_base() if base is None else base
    prev = (
        prior.set_index("unit")["benefit_wan"] if prior is not None else pd.Series(dtype="float64")
    )
    before = units["unit"].map(prev)
    rel = [change(c, p) for c, p in zip(units["benefit_wan"], before)]
    arrows = [yoy_arrow(r, p, base) for r, p in zip(rel, before)]
    if prior is not None:  # a span to compare with: a unit without a figure there says so
        arrows = [a or labels.YOY_NONE for a in arrows]
    per_studio = units["benefit_wan"] / units["studios"].where(units["studios"] > 0)
    frame = pd.DataFrame(
        {
            # the benefit and its 同比 next to the unit: what a phone shows without scrolling
            COLUMNS["unit"]: units["unit"],
            COLUMNS["benefit_wan"]: units["benefit_wan"],
            labels.COL_BENEFIT_YOY: arrows,
            labels.COL_BENEFIT_PER_STUDIO: per_studio,
            labels.COL_BENEFIT_PREV: before,
            COLUMNS["unit_kind"]: units["unit_kind"],
            COLUMNS["studios"]: units["studios"],
            COLUMNS["outcomes"]: units["outcomes"],
            COLUMNS["invention_patents"]: units["invention_patents"],
            COLUMNS["utility_patents"]: units["utility_patents"],
            COLUMNS["design_patents"]: units["design_patents"],
            COLUMNS["adopted_share"]: units["adopted_share"],
        }
    )
    if prior is None:  # 全部: nothing to compare with
        frame = frame.drop(columns=[labels.COL_BENEFIT_PREV, labels.COL_BENEFIT_YOY])
    formats = {
        COLUMNS["studios"]: "int",
        COLUMNS["outcomes"]: "int",
        COLUMNS["benefit_wan"]: "wan",
        labels.COL_BENEFIT_PER_STUDIO: "wan",
        labels.COL_BENEFIT_PREV: "wan",
        COLUMNS["invention_patents"]: "int",
        COLUMNS["utility_patents"]: "int",
        COLUMNS["design_patents"]: "int",
        COLUMNS["adopted_share"]: "pct",
    }
    return frame, formats


def categories_table(categories: pd.DataFrame, order: tuple[str, ...]) -> tuple[pd.DataFrame, dict]:
    """One row per outcome category in the contract's order (技术创新 … QC成果), zeros included."""
    cats = categories.set_index("category").reindex(list(order))
    frame = pd.DataFrame(
        {
            COLUMNS["category"]: list(order),
            COLUMNS["outcomes"]: cats["outcomes"].fillna(0).astype(int).to_numpy(),
            COLUMNS["benefit_wan"]: cats["benefit_wan"].to_numpy(),
            COLUMNS["invention_patents"]: cats["invention_patents"]
            .fillna(0)
            .astype(int)
            .to_numpy(),
            COLUMNS["utility_patents"]: cats["utility_patents"].fillna(0).astype(int).to_numpy(),
            COLUMNS["design_patents"]: cats["design_patents"].fillna(0).astype(int).to_numpy(),
            COLUMNS["adopted_share"]: cats["adopted_share"].to_numpy(),
        }
    )
    frame.loc[frame[COLUMNS["outcomes"]] == 0, COLUMNS["benefit_wan"]] = 0.0
    formats = {
        COLUMNS["outcomes"]: "int",
        COLUMNS["benefit_wan"]: "wan",
        COLUMNS["invention_patents"]: "int",
        COLUMNS["utility_patents"]: "int",
        COLUMNS["design_patents"]: "int",
        COLUMNS["adopted_share"]: "pct",
    }
    return frame, formats


def top_notes(count: int, top: int) -> tuple[str | None, str | None]:
    """The captions over the benefit and the patent bars when they hold only the top `top` of
    `count` units (None when every unit has its bar)."""
    if count <= top:
        return None, None
    return labels.CHART_TOP_UNITS.format(n=top, total=count), labels.CHART_TOP_PATENTS.format(n=top)


def category_bars_data(table: tuple[pd.DataFrame, dict]) -> pd.DataFrame:
    """categories_table() with the column names charts.category_bars reads."""
    frame, _ = table
    return frame.rename(
        columns={
            COLUMNS["category"]: "category",
            COLUMNS["outcomes"]: "outcomes",
            COLUMNS["benefit_wan"]: "benefit_wan",
        }
    )


def year_label(year: int, is_partial: bool, as_of: dt.date, sep: str = "") -> str:
    """2022, or 2023（至12-15） for the year still running; sep="\\n" breaks it on a chart."""
    return (
        labels.TREND_PARTIAL.format(year=year, sep=sep, md=as_of.strftime("%m-%d"))
        if is_partial
        else str(year)
    )


def year_labels(years: pd.DataFrame, as_of: dt.date, sep: str = "") -> list[str]:
    return [
        year_label(int(y), bool(p), as_of, sep) for y, p in zip(years["year"], years["is_partial"])
    ]


def years_table(years: pd.DataFrame, as_of: dt.date) -> tuple[pd.DataFrame, dict]:
    frame = pd.DataFrame(
        {
            COLUMNS["year"]: year_labels(years, as_of),
            COLUMNS["outcomes"]: years["outcomes"],
            COLUMNS["benefit_wan"]: years["benefit_wan"],
            COLUMNS["invention_patents"]: years["invention_patents"],
            COLUMNS["utility_patents"]: years["utility_patents"],
            COLUMNS["design_patents"]: years["design_patents"],
            COLUMNS["adopted_share"]: years["adopted_share"],
        }
    )
    formats = {
        COLUMNS["outcomes"]: "int",
        COLUMNS["benefit_wan"]: "wan",
        COLUMNS["invention_patents"]: "int",
        COLUMNS["utility_patents"]: "int",
        COLUMNS["design_patents"]: "int",
        COLUMNS["adopted_share"]: "pct",
    }
    return frame, formats


def top_table(top: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    frame = pd.DataFrame(
        {
            labels.COL_OUTCOME_TITLE: top["title"],
            COLUMNS["studio_name"]: top["studio_name"],
            COLUMNS["unit"]: top["unit"],
            COLUMNS["category"]: top["category"],
            labels.COL_COMPLETED_ON: top["completed_on"],
            COLUMNS["benefit_wan"]: top["benefit_wan"],
            labels.COL_PATENTS: top["patents"],
            labels.COL_ADOPTED: top["is_adopted"].map(labels.YES_NO),
            labels.COL_OUTCOME_ID: top["outcome_id"],
            COLUMNS["studio_id"]: top["studio_id"],
        }
    )
    formats = {
        labels.COL_COMPLETED_ON: "date",
        COLUMNS["benefit_wan"]: "wan",
        labels.COL_PATENTS: "int",
    }
    return frame, formats


def outcome_figures(benefit_wan: float | None, patents: int, adopted: bool) -> str:
    """An outcome's card line: 经济效益 1,234.50 万元 (— when missing) · 专利 n 件 · 推广应用 是/否."""
    wan = labels.MISSING if _missing(benefit_wan) else f"{benefit_wan:,.2f}"
    return labels.CARD_OUTCOME_FIGURES.format(
        wan=wan if wan == labels.MISSING else labels.CARD_WAN.format(wan=wan),
        patents=int(patents),
        adopted=labels.YES_NO[bool(adopted)],
    )


def top_cards(top: pd.DataFrame) -> list[lists.Card]:
    """The top outcomes as a phone's cards: the title, then its 万元, patents and adoption, its
    studio, and its unit, category and date; a tap opens the studio's file."""
    return [
        lists.Card(
            title=row["title"],
            pill="",
            facts=[
                outcome_figures(row["benefit_wan"], row["patents"], row["is_adopted"]),
                row["studio_name"],
                labels.CARD_OUTCOME_WHERE.format(
                    unit=row["unit"],
                    category=row["category"],
                    date=exports.day_text(row["completed_on"]),
                ),
            ],
            studio_id=row["studio_id"],
        )
        for row in top.head(lists.MAX_CARDS).to_dict("records")
    ]


def unit_cards(frame: pd.DataFrame) -> list[lists.Card]:
    """The units (units_table's frame, as drawn) as a phone's cards: the unit, with its 同比 on
    the pill when there is a year to compare (a decline red, a rise green); its 万元; studios,
    outcomes and 万元 per studio; patents and adoption. At most MAX_CARDS."""
    yoy = labels.COL_BENEFIT_YOY

    def wan(value: float) -> str:
        return labels.MISSING if _missing(value) else labels.CARD_WAN.format(wan=f"{value:,.2f}")

    cards = []
    for row in frame.head(lists.MAX_CARDS).to_dict("records"):
        change = row.get(yoy) if isinstance(row.get(yoy), str) else ""
        share = row[COLUMNS["adopted_share"]]
        facts = [
            labels.CARD_BENEFIT_WAN.format(wan=f"{row[COLUMNS['benefit_wan']]:,.2f}"),
            labels.CARD_BENEFIT_COUNTS.format(
                studios=int(row[COLUMNS["studios"]]),
                outcomes=int(row[COLUMNS["outcomes"]]),
                per=wan(row[labels.COL_BENEFIT_PER_STUDIO]),
            ),
            labels.CARD_BENEFIT_PATENTS.format(
                **{k: int(row[COLUMNS[k]]) for k in PATENT_KINDS},
                adopted_share=labels.MISSING if _missing(share) else f"{share * 100:.1f}%",
            ),
        ]
        pill = labels.CARD_BENEFIT_YOY.format(yoy=change) if change else ""
        tone = {labels.YOY_DOWN_MARK: "bad", labels.YOY_UP_MARK: "good"}.get(change[:1])
        cards.append(lists.Card(row[COLUMNS["unit"]], pill, facts, tone=tone))
    return cards


PATENT_KINDS = ("invention_patents", "utility_patents", "design_patents")


def studios_table(studios: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    frame = pd.DataFrame(
        {
            COLUMNS["studio_name"]: studios["studio_name"],
            COLUMNS["studio_id"]: studios["studio_id"],
            COLUMNS["outcomes"]: studios["outcomes"],
            COLUMNS["benefit_wan"]: studios["benefit_wan"],
            COLUMNS["invention_patents"]: studios["invention_patents"],
            COLUMNS["utility_patents"]: studios["utility_patents"],
            COLUMNS["design_patents"]: studios["design_patents"],
            COLUMNS["adopted_share"]: studios["adopted_share"],
            COLUMNS["studio_type"]: studios["studio_type"],
            COLUMNS["leader"]: studios["leader"],
            COLUMNS["host"]: studios["host"],
            labels.COL_NAMED_ON: studios["named_on"],
        }
    )
    formats = {
        COLUMNS["outcomes"]: "int",
        COLUMNS["benefit_wan"]: "wan",
        COLUMNS["invention_patents"]: "int",
        COLUMNS["utility_patents"]: "int",
        COLUMNS["design_patents"]: "int",
        COLUMNS["adopted_share"]: "pct",
        labels.COL_NAMED_ON: "date",
    }
    return frame, formats


def export_scope(scope: str, kind: str | None) -> str:
    """The export's scope line: the user's scope, and the unit kind picked (None: 全部)."""
    return labels.EXPORT_SCOPE_KIND.format(scope=scope, kind=kind) if kind else scope


def export_name(choice: str, as_of: dt.date) -> str:
    """The xlsx's file name: title, period (no spaces) and 数据截至."""
    period = period_label(choice).replace(" ", "")
    return f"{labels.PAGE_BENEFITS}_{period}_{as_of.isoformat()}.xlsx"


def workbook(
    as_of: dt.date, scope: str, span: str, tables: list[tuple[str, tuple[pd.DataFrame, dict]]]
) -> bytes:
    """The tables shown, one sheet each (sheet key from labels.BENEFITS_SHEETS), as xlsx bytes."""
    title = labels.BENEFITS_EXPORT_HEADING.format(span=span)
    return exports.xlsx_workbook(
        title,
        as_of.isoformat(),
        scope,
        [(labels.BENEFITS_SHEETS[key], frame, formats) for key, (frame, formats) in tables],
    )
