"""The leadership briefing (领导简报): the campaign on one A4 page, as PDF, PNG or a markdown digest.

`gather` collects every figure from the queries the pages and `studiodash report` run (no SQL
here); `markdown` words them for a chat robot; `html` lays them out on one A4 page; `pdf` and
`png` print that page in the system Chromium through Playwright. The page embeds a subset of Noto
Sans CJK SC (dashboard/fonts/, made by deploy/make_brief_font.py), so the Chinese shows on a
server without CJK fonts, and draws the 创建进度 page's burn-up (the same lines, colours and axis as
charts.burnup, which the page draws with ECharts) with the plotly.js the plotly package ships, as
vectors: a file that stands alone in Chromium, with no Streamlit frontend to lend it ECharts.
Every value from the data is escaped; nothing from it is HTML.
"""

from __future__ import annotations

import base64
import concurrent.futures
import datetime as dt
import html as html_lib
import importlib.util
import json
import os
import tempfile
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from . import db, labels, report, settings

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "Studiodash Sans SC"  # the bundled subset (deploy/make_brief_font.py)
FONT_FILES = {400: "StudiodashSansSC-Regular.woff2", 700: "StudiodashSansSC-Bold.woff2"}
# The bundled face first; then the reader's own Simplified Chinese faces for a rare character
# the subset lacks.
FONT_STACK = (
    f'"{FAMILY}", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"WenQuanYi Micro Hei", sans-serif'
)
TOP = 5  # rows of the units and risk tables: fixed, so the page never grows
MD_LIMIT = 4096  # bytes: 企业微信's markdown message limit (钉钉 allows more)
MD_NAME_CHARS = 24  # a name in the digest is cut to this many characters
# The PNG: the A4 page (794 x 1123 CSS px at 96 dpi) at twice the pixel density = 1588 x 2246.
PAGE_PX = (794, 1123)
PNG_SCALE = 2
PNG_SIZE = (PAGE_PX[0] * PNG_SCALE, PAGE_PX[1] * PNG_SCALE)
CHART_PX = (686, 250)  # the burn-up inside the page's margins
ARGS = [  # headless, no sandbox (containers), nothing fetched by Chromium (tests/browser.py too)
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000


class RendererMissing(RuntimeError):
    """Chromium or Playwright is not installed: the message (Chinese) says what to install."""


# --- the figures ---------------------------------------------------------------------------------
def gather(
    con: duckdb.DuckDBPyConnection,
    campaign: int | None = None,
    as_of: dt.date | None = None,
    unit: str | None = None,
) -> dict:
    """Every figure of the brief as plain JSON values: as_of, scope, the campaign's KPIs and its
    burn-up, the units furthest behind, benefits this year with 同比, the high-risk studios and the
    commendation candidates. Lists are capped in SQL (risk, candidates: counted, not fetched)."""
    data_as_of = report.default_as_of(con)
    as_of = as_of or data_as_of
    out = {
        "as_of": None if as_of is None else as_of.isoformat(),
        "data_as_of": None if data_as_of is None else data_as_of.isoformat(),
        "unit": unit,
        "scope": labels.SCOPE_UNIT.format(unit=unit) if unit else labels.SCOPE_ALL,
        "made_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "campaign": None,
        "burnup": None,
        "units": None,
        "benefits": None,
        "risk": None,
        "commendation": None,
    }
    if as_of is None:
        return out
    campaign = campaign or report.default_campaign(con, as_of)
    if campaign is not None:
        scope = dict(campaign=campaign, as_of=as_of, unit=unit)
        progress = db.run(con, "campaign_progress", **scope)
        if not progress.empty:
            row = progress.iloc[0]
            out["campaign"] = _campaign(row)
            out["burnup"] = _burnup(db.run(con, "campaign_burnup", **scope), row)
        amber = settings.get("light_amber_points")
        out["units"] = _units(db.run(con, "campaign_units", **scope, amber_points=amber))
    out["benefits"] = _benefits(con, as_of, unit)
    out["risk"] = _risk(con, as_of, unit)
    out["commendation"] = _commendation(con, as_of, unit)
    return out


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _day(value: object) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _campaign(row: pd.Series) -> dict:
    """campaign_progress' row: the KPI strip's figures (the report's campaign section and more)."""
    named, in_review = int(row["named"]), int(row["in_review"])
    return {
        "year": int(row["year"]),
        "target": int(row["target"]),
        "named": named,
        "in_review": in_review,
        "pipeline": named + in_review,
        "shortfall": int(row["shortfall"]),
        "applied": int(row["applied"]),
        "rejected": int(row["rejected"]),
        "completion": _float(row["completion"]),
        "time_elapsed": _float(row["time_elapsed"]),
        "days_left": int(row["days_left"]),
        "start_date": _day(row["start_date"]),
        "deadline": _day(row["deadline"]),
        "projected": _float(row["projected"]),
    }


def _burnup(steps: pd.DataFrame, row: pd.Series) -> dict:
    """campaign_burnup's steps and charts.burnup's other inputs (progress_tables.burnup_inputs)."""
    return {
        "steps": [{"day": _day(d), "named": int(n)} for d, n in zip(steps["day"], steps["named"])],
        "target": int(row["target"]),
        "start": _day(row["start_date"]),
        "deadline": _day(row["deadline"]),
        "named": int(row["named"]),
        "projected": _float(row["projected"]),
    }


def _units(units: pd.DataFrame) -> dict:
    """The units with a quota, furthest behind first: by completion (before the first naming, by
    applications against the quota, as the lights are), then the larger shortfall, then the
    page's order. Counts of red and amber lights over all of them."""
    rule = units["light_rule"].iloc[0] if len(units) else "named"
    with_quota = units[units["quota"] > 0].reset_index(drop=True)
    key = "applied_share" if rule == "applications" else "completion"
    behind = with_quota.assign(_order=range(len(with_quota))).sort_values(
        [key, "shortfall", "_order"], ascending=[True, False, True], kind="stable"
    )
    lights = with_quota["light"].value_counts()
    return {
        "rule": rule,
        "total": len(with_quota),
        "red": int(lights.get("red", 0)),
        "amber": int(lights.get("amber", 0)),
        "behind": [
            {
                "unit": r["unit"],
                "quota": int(r["quota"]),
                "named": int(r["named"]),
                "in_review": int(r["in_review"]),
                "shortfall": int(r["shortfall"]),
                "applied": int(r["applied"]),
                "completion": _float(r["completion"]),
                "light": r["light"],
                "light_word": labels.LIGHT[r["light"]],
            }
            for r in behind.head(TOP).to_dict("records")
        ],
    }


def _benefits(con: duckdb.DuckDBPyConnection, as_of: dt.date, unit: str | None) -> dict:
    """成果效益's KPI figures for this year to as_of, and the same span a year earlier (同比, with
    the page's 基数过小 rule)."""
    from . import benefits_tables as bt

    start = report.year_start(as_of)
    params = dict(as_of=as_of, period_start=start, period_end=as_of, unit=unit)
    earlier = bt.earlier_params(bt.YTD, params)
    now = bt.totals(db.run(con, "benefits_totals", **params))
    before = bt.totals(db.run(con, "benefits_totals", **earlier))
    base = bt.min_base()
    yoy_text, colour = bt.yoy(now["benefit_wan"], before["benefit_wan"], min_base=base)
    return {
        "period": [start.isoformat(), as_of.isoformat()],
        "benefit_wan": _float(now["benefit_wan"]),
        "prior_benefit_wan": _float(before["benefit_wan"]),
        "yoy": bt.change(now["benefit_wan"], before["benefit_wan"]),
        "yoy_text": yoy_text,
        "yoy_tone": {"green": "good", "red": "bad"}.get(colour, "none"),
        "small_base": bt.small_base(before["benefit_wan"], base),
        "min_base_wan": base,
        "outcomes": _int(now["outcomes"]) or 0,
        "patents": _int(now["patents"]) or 0,
        "invention_patents": _int(now["invention_patents"]) or 0,
        "studios": _int(now["studios"]) or 0,
    }


def _risk(con: duckdb.DuckDBPyConnection, as_of: dt.date, unit: str | None) -> dict:
    """The 预警清单's 高 tier: how many, and the first TOP (highest score first) with the first of
    their reasons in the page's words (report.reason_detail)."""
    from .contract import TIERS

    rows = db.run(
        con,
        "risk_watchlist",
        as_of=as_of,
        unit=unit,
        p=report.risk_params(con),
        tiers=[TIERS[0]],
        rule=None,
        limit=TOP,
    )
    top = []
    for r in rows.to_dict("records"):
        reasons = [] if r["reasons"] is None else list(r["reasons"])
        first = report.reason_detail(reasons[0]) if reasons else ""
        if len(reasons) > 1:
            first += labels.BRIEF_MORE_REASONS.format(n=len(reasons))
        top.append(
            {
                "studio_id": r["studio_id"],
                "name": r["studio_name"],
                "unit": r["unit"],
                "score": int(r["score"]),
                "reason": first,
            }
        )
    return {
        "high": int(rows["total"].iloc[0]) if len(rows) else 0,
        "top": top,
        "rules_off": report.rules_off(con),
    }


def _commendation(con: duckdb.DuckDBPyConnection, as_of: dt.date, unit: str | None) -> dict:
    """The candidates (表彰建议名单) counted: one row fetched, its total read."""
    rows = report.commendation(con, as_of, unit, limit=1)
    return {
        "candidates": int(rows["total"].iloc[0]) if len(rows) else 0,
        "criteria_off": report.criteria_off(con),
    }


# --- stale data ----------------------------------------------------------------------------------
def stale(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> str | None:
    """The refusal (Chinese) when the data's own date (数据截至) is older than today minus the
    setting brief_stale_days; None when the data are fresh enough."""
    data_as_of = report.default_as_of(con)
    if data_as_of is None:
        return None
    limit = int(settings.get("brief_stale_days"))
    days = ((today or dt.date.today()) - data_as_of).days
    if days <= limit:
        return None
    return labels.BRIEF_STALE.format(date=data_as_of.isoformat(), days=days, limit=limit)


# --- words and numbers ---------------------------------------------------------------------------
def _pct(value: float | None) -> str:
    return labels.MISSING if value is None else f"{value * 100:.1f}%"


def _money(value_wan: float | None) -> str:
    from .benefits_tables import money

    return money(value_wan)


def title(data: dict) -> str:
    c = data.get("campaign")
    return labels.BRIEF_TITLE.format(year=c["year"]) if c else labels.BRIEF_TITLE_NO_CAMPAIGN


def _as_of_line(data: dict) -> str:
    line = labels.AS_OF.format(date=data["as_of"] or labels.MISSING)
    if data.get("data_as_of") and data["as_of"] and data["as_of"] != data["data_as_of"]:
        line += labels.REPLAY.format(date=data["data_as_of"])
    return line


def _gap(c: dict) -> tuple[str, str]:
    """Completion against 序时进度 in words, and its tone (ahead good, behind bad)."""
    if c["completion"] is None or c["time_elapsed"] is None:
        return labels.MISSING, "none"
    points = (c["completion"] - c["time_elapsed"]) * 100
    ahead = points >= 0
    text = (labels.GAP_AHEAD if ahead else labels.GAP_BEHIND).format(points=abs(points))
    return text, "good" if ahead else "bad"


def _days_left(c: dict) -> str:
    return labels.DAYS.format(days=c["days_left"]) if c["days_left"] >= 0 else labels.DAYS_PASSED


# --- markdown: the chat robot's digest ------------------------------------------------------------
# What markdown (and 企业微信's <font>) acts on, each to its full-width form (U+FF01-FF5E).
_MD_ACTIVE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "[]()*_`#<>!~|\\&"})
FULLWIDTH_COLON = "\uff1a"


def md_text(value: object, limit: int = MD_NAME_CHARS) -> str:
    """Data text as itself in a robot's markdown: on one line, the characters markdown (and
    企业微信's <font> tags) act on replaced by their full-width forms, "://" broken so no link
    forms, and cut to `limit` characters with an ellipsis."""
    text = (
        " ".join(str(value or "").split())
        .translate(_MD_ACTIVE)
        .replace("://", FULLWIDTH_COLON + "//")
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markdown(data: dict) -> str:
    """A short digest in Chinese for a 企业微信 or 钉钉 group robot, always under MD_LIMIT bytes
    of UTF-8 (names are cut; whole lines are dropped from the end if ever needed)."""
    lines = [f"## {title(data)}", f"> {md_text(_as_of_line(data), 80)} · {md_text(data['scope'])}"]
    c = data.get("campaign")
    if c:
        gap_text, _ = _gap(c)
        lines += [
            "",
            labels.BRIEF_MD_PROGRESS.format(
                target=_n(c["target"]),
                named=_n(c["named"]),
                in_review=_n(c["in_review"]),
                pipeline=_n(c["pipeline"]),
                gap=labels.BRIEF_MD_GAP_SHORT.format(n=_n(c["shortfall"]))
                if c["shortfall"]
                else labels.BRIEF_MD_GAP_NONE,
            ),
            labels.BRIEF_MD_PACE.format(
                completion=_pct(c["completion"]),
                elapsed=_pct(c["time_elapsed"]),
                gap=gap_text,
                days=_days_left(c),
            ),
        ]
    elif data["as_of"]:
        lines += ["", labels.BRIEF_NO_CAMPAIGN]
    u = data.get("units")
    if u and u["behind"]:
        lines += ["", labels.BRIEF_MD_UNITS.format(total=_n(u["total"]), red=_n(u["red"]))]
        lines += [
            labels.BRIEF_MD_UNIT.format(
                rank=n,
                unit=md_text(r["unit"]),
                named=_n(r["named"]),
                quota=_n(r["quota"]),
                completion=_pct(r["completion"]),
                light=r["light_word"],
            )
            for n, r in enumerate(u["behind"], start=1)
        ]
    b = data.get("benefits")
    if b:
        lines += [
            "",
            labels.BRIEF_MD_BENEFITS.format(
                start=b["period"][0],
                end=b["period"][1],
                money=_money(b["benefit_wan"]),
                yoy=b["yoy_text"],
                outcomes=b["outcomes"],
                patents=b["patents"],
            ),
        ]
    r = data.get("risk")
    if r:
        lines += ["", labels.BRIEF_MD_RISK.format(n=r["high"])]
        lines += [
            labels.BRIEF_MD_RISK_ROW.format(
                rank=n,
                name=md_text(s["name"]),
                unit=md_text(s["unit"], 12),
                score=s["score"],
                reason=md_text(s["reason"], 48),
            )
            for n, s in enumerate(r["top"], start=1)
        ]
    k = data.get("commendation")
    if k:
        lines += ["", labels.BRIEF_MD_COMMEND.format(n=k["candidates"])]
    return _within(lines, MD_LIMIT)


def _within(lines: list[str], limit: int) -> str:
    """The lines joined, dropping lines from the end (then cutting the last on a character
    boundary) until the text and the truncation note fit in `limit` bytes."""
    text = "\n".join(lines)
    if len(text.encode("utf-8")) < limit:
        return text
    note = "\n" + labels.BRIEF_MD_TRUNCATED
    room = limit - 1 - len(note.encode("utf-8"))
    while lines and len("\n".join(lines).encode("utf-8")) > room:
        lines = lines[:-1]
    head = "\n".join(lines) or text.encode("utf-8")[:room].decode("utf-8", "ignore")
    return head + note


# --- html: one A4 page ----------------------------------------------------------------------------
def _e(value: object) -> str:
    return html_lib.escape("" if value is None else str(value))


@cache
def _font_bytes(weight: int) -> bytes:
    return (FONTS_DIR / FONT_FILES[weight]).read_bytes()


@cache
def _bold_range() -> str:
    """The bold subset's coverage (written by deploy/make_brief_font.py): a character it lacks
    is drawn from the regular face instead of a blank."""
    path = FONTS_DIR / FONT_FILES[700].replace(".woff2", ".unicode-range")
    return path.read_text(encoding="utf-8").strip()


def plotly_js_path() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def _font_faces(inline: bool) -> str:
    """The bundled faces. Bold text takes a character from the bold subset when it has it, else
    from the regular file declared bold too (declared first: of faces with the same descriptors
    the last one declared is tried first, by its unicode-range), never from another family."""

    def src(weight: int) -> str:
        if inline:
            return "data:font/woff2;base64," + base64.b64encode(_font_bytes(weight)).decode()
        return (FONTS_DIR / FONT_FILES[weight]).as_uri()

    faces = [(400, 400, ""), (700, 400, ""), (700, 700, f" unicode-range: {_bold_range()};")]
    return "\n".join(
        f'@font-face {{font-family: "{FAMILY}"; font-style: normal; font-weight: {weight}; '
        f'font-display: block; src: url("{src(file)}") format("woff2");{extra}}}'
        for weight, file, extra in faces
    )


CSS = """
@page {size: A4 portrait; margin: 0;}
html, body {margin: 0; padding: 0; background: #fff;}
body {font-family: %(stack)s; color: #1a202c; font-size: 12px; line-height: 1.45;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;}
/* One A4 page, never more: fixed size, anything past it hidden (the rows are capped anyway). */
.page {width: 210mm; height: 296mm; box-sizing: border-box; padding: 11mm 13mm 8mm;
  overflow: hidden; display: flex; flex-direction: column;}
.one-line {white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
header {border-bottom: 2px solid #2b6cb0; padding-bottom: 5px;}
h1 {font-size: 21px; font-weight: 700; margin: 0 0 3px; color: #1a365d;}
.context {color: #4a5568; font-size: 12px; display: flex; gap: 0 0.9em; white-space: nowrap;}
.context > span {flex: none;} .context > span.scope {flex: 0 1 auto; min-width: 0; overflow: hidden;
  text-overflow: ellipsis;}
.context b {color: #1a202c;}
h2 {font-size: 14px; font-weight: 700; margin: 11px 0 5px; padding-left: 7px;
  border-left: 4px solid #2b6cb0; color: #1a365d;}
h2 small {font-size: 11px; font-weight: 400; color: #4a5568; margin-left: 6px;}
.kpis {display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 6px;
  margin-top: 9px;}
.kpi {background: #f4f6f9; border-radius: 6px; padding: 6px 8px 5px; min-width: 0;}
.kpi .label {font-size: 11px; color: #4a5568;}
.kpi .value {font-size: 21px; font-weight: 700; line-height: 1.25;}
.kpi .value small {font-size: 12px; font-weight: 700; margin-left: 2px;}
.kpi .value.long {font-size: 17px; line-height: 1.55;} .kpi .value.longer {font-size: 14px;
  line-height: 1.9;}
/* a note of at most two lines, its height fixed, so every card of a row is the same size */
.kpi .note {font-size: 10.5px; color: #4a5568; line-height: 1.35; height: 2.7em; overflow: hidden;
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;}
.bad {color: #b42318 !important;} .good {color: #22753f !important;}
.watch {color: #975a16 !important;}
.note-line {font-size: 11px; color: #4a5568; margin: 0 0 3px;}
#chart {width: %(chart_w)spx; height: %(chart_h)spx;}
table {width: 100%%; border-collapse: collapse; table-layout: fixed;}
th, td {padding: 3px 6px; border-bottom: 1px solid #e2e8f0; font-size: 11.5px; text-align: left;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
th {background: #edf2f7; font-weight: 700; color: #2d3748;}
td.num, th.num {text-align: right; font-variant-numeric: tabular-nums;}
.pill {display: inline-block; min-width: 3em; text-align: center; padding: 0 6px;
  border-radius: 8px; font-weight: 700; font-size: 11px;}
.pill.red {background: #fbd5d2; color: #9b2c2c;} .pill.amber {background: #fde9b8; color: #7b5a0e;}
.pill.green {background: #d6efdc; color: #22543d;} .pill.none {background: #e9edf2;}
.row {display: grid; grid-template-columns: minmax(0, 4fr) minmax(0, 1fr); gap: 6px;}
.cards {display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 6px;}
.big {font-size: 24px; font-weight: 700; color: #1a365d; line-height: 1.3;}
.empty {color: #4a5568; font-size: 11.5px; padding: 4px 0;}
footer {margin-top: auto; padding-top: 5px; border-top: 1px solid #e2e8f0; font-size: 9.5px;
  color: #4a5568; line-height: 1.45;}
"""

_SCRIPT = """
// drawBrief(spec): the chart drawn once the bundled faces are loaded (plotly measures its text
// with them); showBrief(body, spec): the page's content set, then drawn. Both mark the body
// data-ready when done (data-error if plotly failed).
window.drawBrief = function (spec) {
  delete document.body.dataset.ready;
  const weights = ["400", "700"].map((w) => document.fonts.load(w + " 13px '%(family)s'", "\\u4e2d"));
  return Promise.all(weights).then(() => document.fonts.ready).then(() => spec ?
      Plotly.newPlot("chart", spec.data, spec.layout, {staticPlot: true, displayModeBar: false}) :
      null)
    .then(() => { document.body.dataset.ready = "1"; },
          (err) => { document.body.dataset.error = String(err); document.body.dataset.ready = "1"; });
};
window.showBrief = function (body, spec) {
  document.querySelector(".page").innerHTML = body;
  return window.drawBrief(JSON.parse(spec));
};
"""


def _json_for_script(value: object) -> str:
    """JSON safe inside a <script> element: no <, >, & or line separators as themselves."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def chart_json(data: dict) -> str | None:
    """The 创建进度 page's burn-up sized for the page, as plotly JSON; None when there is no
    campaign. Its series, colours and count axis are charts.burnup's."""
    b = data.get("burnup")
    if not b:
        return None
    import plotly.graph_objects as go

    from . import charts

    page = charts.burnup(
        pd.DataFrame(
            {"day": [s["day"] for s in b["steps"]], "named": [s["named"] for s in b["steps"]]}
        ),
        as_of=dt.date.fromisoformat(data["as_of"]),
        target=b["target"],
        start=dt.date.fromisoformat(b["start"]),
        deadline=dt.date.fromisoformat(b["deadline"]),
        named=b["named"],
        projected=b["projected"],
    ).option
    fig = go.Figure()
    for line in page["series"]:
        style = line["lineStyle"]
        points = [p["value"] if isinstance(p, dict) else p for p in line["data"]]
        projection = line.get("showSymbol", False)
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in points],
                y=[p[1] for p in points],
                name=line["name"],
                mode="lines+markers" if projection else "lines",
                line={
                    "color": style["color"],
                    "width": style["width"],
                    "shape": "hv" if line.get("step") else "linear",
                    "dash": {"dashed": "dash", "dotted": "dot"}.get(style.get("type"), "solid"),
                },
                marker={"size": [0, 8]} if projection else None,
            )
        )
    axis = page["yAxis"]
    fig.update_layout(
        template="plotly_white",
        width=CHART_PX[0],
        height=CHART_PX[1],
        font={"family": FONT_STACK.replace('"', ""), "size": 11},
        margin={"l": 4, "r": 10, "t": 30, "b": 4},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "font": {"size": 11}},
        separators=".,",
    )
    fig.update_yaxes(
        title={"text": axis["name"]},
        tickformat=",d",
        tick0=0,
        dtick=axis["interval"],
        range=[0, axis["max"]],
    )
    fig.update_xaxes(title=None, tickformat="%Y-%m-%d", nticks=8)
    return fig.to_json()


def _n(value: int) -> str:
    """A count as the page writes it: 27,600."""
    return f"{value:,}"


def _kpi(label: str, value: str, note: str = "", tone: str = "", unit: str = "") -> str:
    """A card: label, figure, note. A figure's unit word (万元, 亿元, 项, 个) is set small after
    it, and a long figure in a smaller size, so a national figure is never cut."""
    number, _, word = value.rpartition(" ")
    if not unit and number and not any(ch.isdigit() for ch in word):
        value, unit = number, word
    size = "" if len(value) <= 7 else " long" if len(value) <= 10 else " longer"
    value_html = _e(value) + (f"<small>{_e(unit)}</small>" if unit else "")
    return (
        f"<div class='kpi'><div class='label one-line'>{_e(label)}</div>"
        f"<div class='value one-line {tone}{size}'>{value_html}</div>"
        f"<div class='note {tone}'>{_e(note)}</div></div>"
    )


def _kpis_html(c: dict) -> str:
    """The KPI strip: six cards, each a label, a figure and a note of up to two lines."""
    gap_text, gap_tone = _gap(c)
    days = c["days_left"]
    short = c["shortfall"]
    cards = [
        _kpi(
            labels.KPI_TARGET,
            _n(c["target"]),
            labels.BRIEF_KPI_TARGET_NOTE.format(start=c["start_date"], end=c["deadline"]),
        ),
        _kpi(
            labels.KPI_NAMED,
            _n(c["named"]),
            labels.BRIEF_KPI_NAMED_NOTE.format(
                applied=_n(c["applied"]), rejected=_n(c["rejected"])
            ),
        ),
        _kpi(
            labels.KPI_IN_REVIEW,
            _n(c["in_review"]),
            labels.BRIEF_KPI_PIPELINE.format(pipeline=_n(c["pipeline"]), target=_n(c["target"])),
        ),
        _kpi(
            labels.BRIEF_KPI_SHORTFALL,
            _n(short),
            labels.BRIEF_KPI_SHORT.format(n=_n(short)) if short else labels.BRIEF_KPI_FULL,
            "bad" if short else "good",
        ),
        _kpi(
            labels.KPI_COMPLETION,
            _pct(c["completion"]),
            labels.BRIEF_COMPLETION_NOTE.format(pct=_pct(c["time_elapsed"]), gap=gap_text),
            gap_tone,
        ),
        _kpi(
            labels.KPI_DAYS_LEFT,
            str(days) if days >= 0 else labels.DAYS_PASSED,
            labels.BRIEF_KPI_DAYS_NOTE.format(date=c["deadline"]),
            unit=labels.BRIEF_DAYS_UNIT if days >= 0 else "",
        ),
    ]
    return f"<div class='kpis'>{''.join(cards)}</div>"


def _table(columns: list[tuple[str, str, str]], rows: list[list[str]]) -> str:
    """columns: (header, width, css class); rows: cells as HTML already escaped."""
    cols = "".join(f"<col style='width:{w}'>" for _, w, _ in columns)
    head = "".join(f"<th class='{k}'>{_e(h)}</th>" for h, _, k in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td class='{k}'>{cell}</td>" for (_, _, k), cell in zip(columns, row))
        + "</tr>"
        for row in rows
    )
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _units_html(u: dict | None) -> str:
    out = f"<h2>{_e(labels.BRIEF_SECTION_UNITS)}</h2>"
    if not u or not u["behind"]:
        return out + f"<div class='empty'>{_e(labels.BRIEF_UNITS_NONE)}</div>"
    note = (
        labels.BRIEF_UNITS_NOTE_APPLIED if u["rule"] == "applications" else labels.BRIEF_UNITS_NOTE
    )
    out += (
        f"<div class='note-line one-line'>"
        f"{_e(note.format(total=_n(u['total']), red=_n(u['red']), amber=_n(u['amber']), n=len(u['behind'])))}"
        f"</div>"
    )
    h = labels.BRIEF_UNIT_COLUMNS
    columns = [
        (h["rank"], "7%", "num"),
        (h["unit"], "29%", ""),
        (h["quota"], "9%", "num"),
        (h["named"], "10%", "num"),
        (h["in_review"], "10%", "num"),
        (h["shortfall"], "9%", "num"),
        (h["completion"], "12%", "num"),
        (h["light"], "14%", ""),
    ]
    rows = [
        [
            str(n),
            _e(r["unit"]),
            _n(r["quota"]),
            _n(r["named"]),
            _n(r["in_review"]),
            _n(r["shortfall"]),
            _e(_pct(r["completion"])),
            f"<span class='pill {_e(r['light'])}'>{_e(r['light_word'])}</span>",
        ]
        for n, r in enumerate(u["behind"], start=1)
    ]
    return out + _table(columns, rows)


def _benefits_html(b: dict) -> str:
    tone = b["yoy_tone"] if b["yoy_tone"] in ("good", "bad") else ""
    cards = [
        _kpi(labels.BRIEF_BENEFIT, _money(b["benefit_wan"]), f"{labels.YOY} {b['yoy_text']}", tone),
        _kpi(
            labels.BRIEF_OUTCOMES,
            labels.BRIEF_OUTCOMES_VALUE.format(n=b["outcomes"]),
            labels.BRIEF_BENEFIT_PRIOR.format(money=_money(b["prior_benefit_wan"])),
        ),
        _kpi(
            labels.BRIEF_PATENTS,
            labels.BRIEF_PATENTS_VALUE.format(n=b["patents"]),
            labels.BRIEF_PATENTS_NOTE.format(n=b["invention_patents"]),
        ),
        _kpi(labels.BRIEF_STUDIOS, labels.BRIEF_STUDIOS_VALUE.format(n=b["studios"])),
    ]
    head = labels.BRIEF_SECTION_BENEFITS.format(start=b["period"][0], end=b["period"][1])
    return f"<h2 class='one-line'>{_e(head)}</h2><div class='cards'>{''.join(cards)}</div>"


def _commend_html(k: dict) -> str:
    off = ""
    if k["criteria_off"]:
        off = labels.BRIEF_COMMEND_OFF.format(criteria=labels.LIST_SEP.join(k["criteria_off"]))
    card = _kpi(
        labels.BRIEF_COMMEND_LABEL,
        labels.BRIEF_COMMEND_VALUE.format(n=k["candidates"]),
        off or labels.BRIEF_COMMEND_NOTE,
    )
    return f"<h2>{_e(labels.BRIEF_SECTION_COMMEND)}</h2>{card}"


def _risk_html(r: dict) -> str:
    out = (
        f"<h2 class='one-line'>{_e(labels.BRIEF_SECTION_RISK)}{_e(labels.BRIEF_COLON)}"
        f"<span class='{'bad' if r['high'] else ''}'>{_e(labels.BRIEF_RISK_COUNT.format(n=r['high']))}</span>"
        f"<small>{_e(labels.BRIEF_RISK_TOP.format(n=TOP)) if r['top'] else ''}</small></h2>"
    )
    if r["rules_off"]:
        off = labels.BRIEF_RULES_OFF.format(rules=labels.LIST_SEP.join(r["rules_off"]))
        out += f"<div class='note-line one-line'>{_e(off)}</div>"
    if not r["top"]:
        return out + f"<div class='empty'>{_e(labels.BRIEF_RISK_NONE)}</div>"
    h = labels.BRIEF_RISK_COLUMNS
    columns = [
        (h["rank"], "7%", "num"),
        (h["name"], "26%", ""),
        (h["unit"], "19%", ""),
        (h["score"], "9%", "num"),
        (h["reason"], "39%", ""),
    ]
    rows = [
        [str(n), _e(s["name"]), _e(s["unit"]), str(s["score"]), _e(s["reason"])]
        for n, s in enumerate(r["top"], start=1)
    ]
    return out + _table(columns, rows)


def body(data: dict) -> str:
    """The page's content (inside <div class="page">): every value from data escaped."""
    c = data.get("campaign")
    context = "".join(
        f"<span class='{kind}'>{text}</span>"
        for kind, text in [
            ("", f"<b>{_e(_as_of_line(data))}</b>"),
            ("scope", f"<b>{_e(data['scope'])}</b>"),
            ("", _e(labels.CAMPAIGN_OF.format(year=c["year"])) if c else ""),
            ("", _e(labels.BRIEF_MADE_AT.format(time=data["made_at"]))),
        ]
        if text
    )
    parts = [
        f"<header><h1 class='one-line'>{_e(title(data))}</h1>"
        f"<div class='context'>{context}</div></header>"
    ]
    if c:
        parts.append(_kpis_html(c))
        note = _projection_note(c)
        parts.append(f"<h2>{_e(labels.SECTION_BURNUP)}</h2>")
        if note:
            parts.append(f"<div class='note-line one-line'>{_e(note)}</div>")
        parts.append("<div id='chart'></div>")
    elif data["as_of"]:
        parts.append(f"<div class='empty'>{_e(labels.BRIEF_NO_CAMPAIGN)}</div>")
    parts.append(_units_html(data.get("units")))
    b, k, r = data.get("benefits"), data.get("commendation"), data.get("risk")
    if b and k:
        parts.append(
            f"<div class='row'><div>{_benefits_html(b)}</div><div>{_commend_html(k)}</div></div>"
        )
    if r:
        parts.append(_risk_html(r))
    footnote = labels.BRIEF_FOOTNOTE.format(
        amber=settings.get("light_amber_points"),
        base=float(settings.get("yoy_min_base_wan")),
        high=settings.get("risk_tier_high"),
    )
    parts.append(f"<footer>{_e(footnote)}</footer>")
    return "".join(parts)


def _projection_note(c: dict) -> str | None:
    """The burn-up's caption, as the 创建进度 page words it (progress_tables.projection_note)."""
    from . import progress_tables

    row = pd.Series(
        {
            "projected": float("nan") if c["projected"] is None else c["projected"],
            "deadline": c["deadline"],
            "target": c["target"],
        }
    )
    return progress_tables.projection_note(row, lambda d: pd.Timestamp(d).strftime("%Y-%m-%d"))


def _page(head_title: str, content: str, inline: bool, tail: str = "") -> str:
    css = CSS % {"stack": FONT_STACK, "chart_w": CHART_PX[0], "chart_h": CHART_PX[1]}
    plotly_tag = (
        f"<script>{plotly_js_path().read_text(encoding='utf-8')}</script>"
        if inline
        else f"<script src='{plotly_js_path().as_uri()}'></script>"
    )
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{_e(head_title)}</title><style>{_font_faces(inline)}{css}</style>{plotly_tag}"
        f"<script>{_SCRIPT % {'family': FAMILY}}</script></head>"
        f"<body><div class='page'>{content}</div>{tail}</body></html>"
    )


def html(data: dict, inline: bool = True) -> str:
    """The brief as one A4 page of HTML that draws its chart when opened. inline (default): the
    fonts and plotly.js inside the page, which then stands alone; else file: URLs of the copies
    installed with the package (what pdf and png load)."""
    spec = chart_json(data)
    tail = (
        f"<script type='application/json' id='chart-data'>"
        f"{_json_for_script(spec) if spec else 'null'}</script>"
        "<script>drawBrief(JSON.parse(document.getElementById('chart-data').textContent));"
        "</script>"
    )
    return _page(title(data), body(data), inline, tail)


# --- pdf and png: the page printed by Chromium ------------------------------------------------------
def chromium_path() -> Path:
    return Path(str(settings.get("brief_chromium")))


def renderer_missing() -> str | None:
    """Why PDF and PNG cannot be made here (Chinese, says what to install), or None."""
    path = chromium_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        return labels.BRIEF_NO_CHROMIUM.format(path=path)
    # found, not imported: loading Playwright costs a page 0.2 s (tests/test_page_modules.py)
    if importlib.util.find_spec("playwright") is None:
        return labels.BRIEF_NO_PLAYWRIGHT
    return None


def pdf(data: dict) -> bytes:
    """The brief as a one-page A4 PDF: text, fonts (the bundled subset, embedded) and the chart
    as vectors."""
    with Renderer("pdf") as renderer:
        return renderer.render(data)


def png(data: dict) -> bytes:
    """The same page as a PNG of PNG_SIZE pixels (A4 at 2x), for a chat group."""
    with Renderer("png") as renderer:
        return renderer.render(data)


class Renderer:
    """Chromium with the page's frame loaded (fonts, plotly.js), started in a thread of its own
    as soon as it is made, so a caller can gather the figures meanwhile (the CLI does); render()
    then fills in the content and prints it. One render per Renderer; close() ends Chromium.

    Nothing but the frame, plotly.js and the fonts is loaded: every other request (none is
    expected: the data are escaped text) is aborted. Playwright's sync API runs in the worker
    thread only, so it works where an event loop is running too (Streamlit)."""

    def __init__(self, kind: str = "pdf") -> None:
        missing = renderer_missing()
        if missing:
            raise RendererMissing(missing)
        if kind not in ("pdf", "png"):
            raise ValueError(kind)
        self.kind = kind
        self._dir = tempfile.TemporaryDirectory(prefix="studiodash-brief-")
        self._frame = Path(self._dir.name) / "brief.html"
        self._frame.write_text(_page("", "", inline=False), encoding="utf-8")
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="brief")
        self._playwright = self._browser = self._page = None
        self.overflowed: bool | None = None  # after render: did the content outgrow the page?
        self._started = self._pool.submit(self._start)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _allowed(self) -> set[str]:
        return {self._frame.as_uri(), plotly_js_path().as_uri()} | {
            (FONTS_DIR / f).as_uri() for f in FONT_FILES.values()
        }

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        allowed = self._allowed()

        def only_ours(route) -> None:
            if route.request.url in allowed:
                route.continue_()
            else:
                route.abort()

        self._playwright = sync_playwright().start()
        # env given to the browser itself: FONTCONFIG_FILE and the like as they are now
        self._browser = self._playwright.chromium.launch(
            executable_path=str(chromium_path()), args=ARGS, env=dict(os.environ)
        )
        page = self._browser.new_page(
            viewport={"width": PAGE_PX[0], "height": PAGE_PX[1]},
            device_scale_factor=PNG_SCALE if self.kind == "png" else 1,
            locale="zh-CN",
        )
        page.route("**/*", only_ours)
        page.goto(self._frame.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        page.evaluate(  # the faces fetched now, not when the content first uses them
            "(family) => Promise.all(['400', '700'].map((w) =>"
            " document.fonts.load(w + ' 13px \"' + family + '\"', '\\u4e2d')))",
            FAMILY,
        )
        self._page = page

    def render(self, data: dict) -> bytes:
        """The brief of `data` (gather's dict) as PDF or PNG bytes."""
        content, spec = body(data), chart_json(data)  # built here, while Chromium starts
        try:
            self._started.result()
            return self._pool.submit(self._print, content, spec).result()
        except Exception as exc:
            from playwright.sync_api import Error as PlaywrightError

            if isinstance(exc, PlaywrightError):
                detail = exc.message.splitlines()[0] if exc.message else type(exc).__name__
                raise RuntimeError(labels.BRIEF_RENDER_FAILED.format(detail=detail)) from exc
            raise

    def _print(self, content: str, spec: str | None) -> bytes:
        page = self._page
        page.evaluate("([body, spec]) => showBrief(body, spec)", [content, spec or "null"])
        page.wait_for_selector("body[data-ready]", timeout=TIMEOUT_MS)
        error = page.evaluate("document.body.dataset.error || ''")
        if error:
            raise RuntimeError(labels.BRIEF_RENDER_FAILED.format(detail=error))
        if spec:
            page.wait_for_selector("#chart .main-svg", timeout=TIMEOUT_MS)
        # Never expected (rows are capped, names are cut, figures sized to fit): the content
        # outgrowing the page, or a figure cut short. Tests hold the page to it.
        self.overflowed = page.evaluate(
            "(() => { const p = document.querySelector('.page');"
            " const cut = [...document.querySelectorAll('.kpi .value, td.num')]"
            ".some((e) => e.scrollWidth > e.clientWidth + 1);"
            " return cut || p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1;"
            " })()"
        )
        if self.kind == "pdf":
            return page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
            )
        return page.screenshot(type="png", full_page=False)

    def close(self) -> None:
        """Chromium and Playwright stopped, the frame's folder removed (safe to call twice)."""

        def stop() -> None:
            for thing in (self._browser, self._playwright):
                if thing is not None:
                    try:
                        thing.close() if thing is self._browser else thing.stop()
                    except Exception:  # already gone: nothing left to stop
                        pass
            self._browser = self._playwright = self._page = None

        if self._pool is not None:
            self._started.exception()  # wait for the start, whatever its outcome
            self._pool.submit(stop).result()
            self._pool.shutdown()
            self._pool = None
            self._dir.cleanup()
