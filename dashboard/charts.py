"""Pure DataFrame -> plotly Figure builders with one look for the whole app. Red means bad.

Plotly draws tick labels, bar text and hover text as a subset of HTML (<a href>, <b>, <br>): text
from the data (unit names, outcome titles) goes through _text, so it shows as itself.

One look: a value axis is titled with its unit (万元, 个, 件, 项); a count axis ticks whole numbers
only; a legend sits in a row above the plot, clear of the axes; categories are sorted by value
(except where the order is a process: the funnel, the years)."""

from __future__ import annotations

import datetime as dt
import html
import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import labels
from .contract import TIERS

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
BLUE, GREY, DARK, ORANGE, GREEN, AMBER, RED = (
    "#2b6cb0",
    "#9aa5b1",
    "#2d3748",
    "#dd8a2e",
    "#2f855a",
    "#d69e2e",
    "#c53030",
)


def _text(values: object) -> list[str]:
    """Data text escaped for plotly, which decodes &amp; &lt; &gt; back to the characters."""
    return [html.escape(str(v), quote=False) for v in values]


LEGEND_ABOVE = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"}
LEGEND_ROOM = 40  # px above the plot for one row of legend
PLAIN_TOP = 8  # px above a plot without a legend
AXIS_TITLE_ROOM = 24  # px an axis title adds below a horizontal bar chart


def _lean(name: str, traces: tuple[str, ...]) -> go.layout.Template:
    """A plotly template with only what the app's charts use: assigning a template copies (and
    validates) it into each figure, and the whole of plotly_white (forty trace types, colour
    scales, 3-D scenes, maps) costs tens of ms a chart on every script run. Kept: its layout
    for cartesian axes and the bar / line / funnel defaults, so the look is the same."""
    whole = pio.templates[name]
    layout = {
        k: v
        for k, v in whole.layout.to_plotly_json().items()
        if k not in ("polar", "ternary", "coloraxis", "colorscale", "scene", "geo")
    }
    return go.layout.Template(layout=layout, data={t: getattr(whole.data, t) for t in traces})


TEMPLATE = _lean("plotly_white", ("bar", "scatter", "funnel"))


def _layout(fig: go.Figure, height: int = 360, legend: bool = True) -> go.Figure:
    """The app's look; with `legend`, one horizontal row above the plot (never over an axis)."""
    fig.update_layout(
        template=TEMPLATE,
        height=height + (LEGEND_ROOM if legend else 0),
        font={"family": FONT, "size": 13},
        margin={"l": 8, "r": 8, "t": LEGEND_ROOM if legend else PLAIN_TOP, "b": 8},
        showlegend=legend,
        legend=LEGEND_ABOVE,
        hoverlabel={"font_family": FONT},
        separators=".,",
    )
    return fig


def _count_step(top: float, ticks: int = 6) -> int:
    """A whole tick step (1, 2 or 5 × 10^n, at least 1) giving about `ticks` steps up to `top`."""
    raw = max(float(top), 1.0) / ticks
    base = 10 ** max(math.floor(math.log10(raw)), 0)
    return int(next(m * base for m in (1, 2, 5, 10) if m * base >= raw))


def _count_axis(top: float, title: str) -> dict:
    """A count axis: whole numbers only (never 0.5 / 1.5), from 0, titled with its unit."""
    return {
        "title": {"text": title},
        "tickformat": ",d",
        "tick0": 0,
        "dtick": _count_step(top),
        "rangemode": "tozero",
    }


def _top(values: object) -> float:
    """The largest of `values` (0 for none or only blanks): how far a value axis must reach."""
    series = pd.Series(list(values), dtype="float64")
    return float(series.max()) if series.notna().any() else 0.0


def burnup(
    steps: pd.DataFrame,
    target: int,
    start: dt.date,
    deadline: dt.date,
    as_of: dt.date,
    named: int,
    projected: float | None,
) -> go.Figure:
    """Cumulative named over time against the target line, the pace line and the projection
    (queries/marts/campaign_pace.sql)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=steps["day"],
            y=steps["named"],
            name=labels.CHART_NAMED,
            mode="lines",
            line={"shape": "hv", "color": BLUE, "width": 3},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[start, deadline],
            y=[target, target],
            name=labels.CHART_TARGET,
            mode="lines",
            line={"color": DARK, "width": 1.5},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[start, deadline],
            y=[0, target],
            name=labels.CHART_PACE,
            mode="lines",
            line={"color": GREY, "dash": "dash"},
        )
    )
    if projected is not None and as_of < deadline:
        fig.add_trace(
            go.Scatter(
                x=[as_of, deadline],
                y=[named, projected],
                name=labels.CHART_PROJECTION,
                mode="lines+markers",
                line={"color": ORANGE, "dash": "dot"},
                marker={"size": [0, 8]},
            )
        )
    top = max(float(target), _top(steps["named"]), float(projected or 0))
    fig.update_yaxes(**_count_axis(top, labels.AXIS_STUDIOS))
    fig.update_xaxes(title=None, tickformat="%Y-%m-%d")
    return _layout(fig)


def funnel(stages: pd.DataFrame) -> go.Figure:
    fig = go.Figure(
        go.Funnel(
            y=stages["stage"],
            x=stages["studios"],
            textinfo="value+percent initial",
            marker={"color": [GREY, "#7f9cc0", "#5a85bd", BLUE]},
        )
    )
    # The stages are a process, in its order; each bar says its count, so no value axis.
    fig.update_xaxes(visible=False)
    return _layout(fig, height=280, legend=False)


def by_type(types: pd.DataFrame) -> go.Figure:
    """Applied and named per studio type, the type with most named on top."""
    data = types.sort_values(["named", "applied"], ascending=False, kind="stable").iloc[::-1]
    fig = go.Figure()
    for column, name, color in (
        ("applied", labels.COLUMNS["applied"], GREY),
        ("named", labels.COLUMNS["named"], BLUE),
    ):
        fig.add_trace(
            go.Bar(
                y=_text(data["studio_type"]),
                x=data[column],
                name=name,
                orientation="h",
                marker_color=color,
                text=data[column],
                textposition="auto",
            )
        )
    fig.update_layout(barmode="group", legend={"traceorder": "normal"})
    top = max(_top(data["applied"]), _top(data["named"]))
    fig.update_xaxes(**_count_axis(top, labels.AXIS_STUDIOS))
    fig.update_yaxes(title=None, automargin=True)
    return _layout(fig, height=240)


# --- 成果效益 ---------------------------------------------------------------------------------
def _hbar_height(rows: int) -> int:
    return 70 + 26 * max(rows, 3)


def benefit_bars(units: pd.DataFrame, top: int) -> go.Figure:
    """Ranked horizontal bars of benefit (万元) per unit, largest on top; the first `top` units."""
    data = units.sort_values("benefit_wan", ascending=False, na_position="last").head(top)
    data = data.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            y=_text(data["unit"]),
            x=data["benefit_wan"].fillna(0),
            orientation="h",
            marker_color=BLUE,
            text=[f"{v:,.2f}" for v in data["benefit_wan"].fillna(0)],
            textposition="auto",
            customdata=data[["outcomes", "studios"]],
            hovertemplate=(
                "%{y}<br>"
                + labels.COLUMNS["benefit_wan"]
                + " %{x:,.2f}<br>"
                + labels.COLUMNS["outcomes"]
                + " %{customdata[0]}<br>"
                + labels.COLUMNS["studios"]
                + " %{customdata[1]}<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(title={"text": labels.AXIS_WAN}, tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(title=None, automargin=True)
    return _layout(fig, height=_hbar_height(len(data)) + AXIS_TITLE_ROOM, legend=False)


PATENT_KINDS = (
    ("invention_patents", BLUE),
    ("utility_patents", "#38a169"),
    ("design_patents", "#805ad5"),
)


def patent_stack(units: pd.DataFrame, top: int) -> go.Figure:
    """Stacked horizontal bars of patents by kind per unit: the `top` units by patents, most on
    top."""
    data = units.assign(
        _total=units["invention_patents"] + units["utility_patents"] + units["design_patents"]
    )
    data = data.sort_values("_total", ascending=False, kind="stable").head(top).iloc[::-1]
    fig = go.Figure()
    for column, color in PATENT_KINDS:
        fig.add_trace(
            go.Bar(
                y=_text(data["unit"]),
                x=data[column],
                name=labels.COLUMNS[column],
                orientation="h",
                marker_color=color,
                hovertemplate="%{y}<br>" + labels.COLUMNS[column] + " %{x}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(**_count_axis(_top(data["_total"]), labels.AXIS_PATENTS))
    fig.update_yaxes(title=None, automargin=True)
    return _layout(fig, height=_hbar_height(len(data)) + AXIS_TITLE_ROOM)


def category_bars(categories: pd.DataFrame) -> go.Figure:
    """Benefit (万元) per outcome category, largest on top (ties: more outcomes first, then the
    order given), outcomes in the label."""
    data = categories.assign(_benefit=categories["benefit_wan"].fillna(0))
    data = data.sort_values(["_benefit", "outcomes"], ascending=False, kind="stable").iloc[::-1]
    benefit = data["_benefit"]
    fig = go.Figure(
        go.Bar(
            y=data["category"],
            x=benefit,
            orientation="h",
            marker_color=BLUE,
            text=[
                labels.CHART_BENEFIT_BAR.format(benefit=b, n=n)
                for b, n in zip(benefit, data["outcomes"])
            ],
            textposition="auto",
            customdata=data[["outcomes"]],
            hovertemplate=(
                "%{y}<br>"
                + labels.COLUMNS["benefit_wan"]
                + " %{x:,.2f}<br>"
                + labels.COLUMNS["outcomes"]
                + " %{customdata[0]}<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(title={"text": labels.AXIS_WAN}, tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(title=None, automargin=True)
    return _layout(fig, height=_hbar_height(len(data)) + AXIS_TITLE_ROOM, legend=False)


def _nice_ticks(top: float) -> list[float]:
    """0 and round steps (1, 2 or 5 × 10^n) up to `top`: grid lines only where the bars are."""
    raw = top / 6
    base = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= raw)
    return [round(i * step, 10) for i in range(int(top // step) + 1)]


def benefit_trend(years: pd.DataFrame, ticks: list[str]) -> go.Figure:
    """Benefit (万元) bars per year on the left axis, the outcome count (项) as a line on its own
    right axis: two units, two titled scales, both from 0."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=ticks,
            y=years["benefit_wan"].fillna(0),
            name=labels.COLUMNS["benefit_wan"],
            marker_color=[GREY if p else BLUE for p in years["is_partial"]],
            hovertemplate="%{x}<br>%{y:,.2f}<extra></extra>",
        )
    )
    # Both axes start at 0; the bars fill the lower two thirds of theirs, so the line (which
    # mostly follows them) and its labels run above the bars.
    most = max(_top(years["outcomes"]), 1.0)
    top = max(_top(years["benefit_wan"]), 1.0)
    fig.add_trace(
        go.Scatter(
            x=ticks,
            y=years["outcomes"],
            name=labels.COLUMNS["outcomes"],
            mode="lines+markers+text",
            yaxis="y2",
            line={"color": ORANGE, "width": 2},
            text=[f"{n:,}" for n in years["outcomes"]],
            textposition="top center",
            textfont={"color": ORANGE},
            cliponaxis=False,
            hovertemplate="%{x}<br>%{y:,}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis={
            "title": {"text": labels.AXIS_WAN},
            "tickformat": ",.0f",
            "range": [0, top * 1.5],
            "tickvals": _nice_ticks(top),
            "automargin": True,
        },
        yaxis2={
            **_count_axis(most * 1.15, labels.AXIS_OUTCOMES),
            "overlaying": "y",
            "side": "right",
            "range": [0, most * 1.15],
            "showgrid": False,
            "zeroline": False,
            "automargin": True,
            "title_font_color": ORANGE,
            "tickfont_color": ORANGE,
        },
    )
    fig.update_xaxes(title=None, type="category", tickangle=0)
    # as tall as category_bars beside it (nine categories)
    return _layout(fig, height=_hbar_height(9) + AXIS_TITLE_ROOM - LEGEND_ROOM)


TIER_COLORS = dict(zip(TIERS, (RED, AMBER, GREEN), strict=True))


def _tier_bars(fig: go.Figure, names: list[str], counts: dict[str, list[int]]) -> None:
    """Stacked horizontal bars, one trace per tier (高 first, red), labels top to bottom."""
    for tier, color in TIER_COLORS.items():
        values = counts[tier]
        fig.add_trace(
            go.Bar(
                y=names,
                x=values,
                name=labels.RISK_TIER_NAMES[tier],
                orientation="h",
                marker_color=color,
                text=[v if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                constraintext="none",
                hovertemplate="%{y}<br>" + labels.RISK_TIER_NAMES[tier] + " %{x:,}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    totals = [sum(row) for row in zip(*counts.values())]
    fig.update_xaxes(**_count_axis(max(totals, default=0), labels.AXIS_STUDIOS))
    fig.update_yaxes(title=None, automargin=True, autorange="reversed", type="category")


def risk_by_unit(counts: pd.DataFrame) -> go.Figure:
    """Named studios per unit stacked by risk tier; rows (unit, tier, studios) in unit order."""
    units = list(dict.fromkeys(counts["unit"]))
    pivot = counts.pivot_table(index="unit", columns="tier", values="studios", aggfunc="sum")
    pivot = pivot.reindex(index=units, columns=list(TIER_COLORS)).fillna(0).astype(int)
    fig = go.Figure()
    _tier_bars(fig, _text(units), {t: pivot[t].tolist() for t in TIER_COLORS})
    return _layout(fig, height=_hbar_height(len(units)) + AXIS_TITLE_ROOM)


def risk_rules(counts: pd.DataFrame) -> go.Figure:
    """How many studios each rule fires for, stacked by their tier; most frequent on top."""
    names = [f"{r} {labels.RULE_NAMES[r]}" for r in counts["rule"]]
    fig = go.Figure()
    _tier_bars(
        fig,
        names,
        dict(zip(TIERS, (counts[c].tolist() for c in ("high", "medium", "low")), strict=True)),
    )
    return _layout(fig, height=_hbar_height(len(names)) + AXIS_TITLE_ROOM)


def outcome_timeline(outcomes: pd.DataFrame) -> go.Figure:
    """One studio's outcomes over time: one dot per outcome on its category's row, the dot's area
    growing with its benefit (万元); blue when adopted (推广应用), grey otherwise."""
    benefit = outcomes["benefit_wan"]
    biggest = max(float(benefit.max()) if benefit.notna().any() else 0.0, 1.0)
    sizes = [10 + 26 * (float(b) / biggest) ** 0.5 if pd.notna(b) else 10 for b in benefit]
    fig = go.Figure()
    for adopted, name, color in (
        (True, labels.CHART_OUTCOMES_ADOPTED, BLUE),
        (False, labels.CHART_OUTCOMES_NOT_ADOPTED, GREY),
    ):
        mask = (outcomes["is_adopted"] == adopted).tolist()
        part = outcomes[mask]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["completed_on"],
                y=part["category"],
                mode="markers",
                name=name,
                marker={
                    "size": [s for s, m in zip(sizes, mask) if m],
                    "color": color,
                    "opacity": 0.8,
                    "line": {"width": 1, "color": "white"},
                },
                customdata=list(
                    zip(
                        _text(part["title"]),
                        [f"{b:,.2f}" if pd.notna(b) else "—" for b in part["benefit_wan"]],
                    )
                ),
                hovertemplate=(
                    "%{x|%Y-%m-%d}<br>%{customdata[0]}<br>"
                    + labels.CHART_OUTCOMES_HOVER
                    + f" %{{customdata[1]}} {labels.WAN}<extra></extra>"
                ),
            )
        )
    fig.update_xaxes(title=None, tickformat="%Y-%m")
    fig.update_yaxes(
        title=None,
        automargin=True,
        type="category",
        categoryorder="array",
        categoryarray=sorted(set(outcomes["category"])),
    )
    return _layout(fig, height=60 + 40 * max(outcomes["category"].nunique(), 2))
