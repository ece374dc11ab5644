"""Pure DataFrame -> plotly Figure builders with one look for the whole app. Red means bad."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from . import labels as L

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
BLUE, GREY, DARK, ORANGE, GREEN, AMBER, RED = (
    "#2b6cb0", "#9aa5b1", "#2d3748", "#dd8a2e", "#2f855a", "#d69e2e", "#c53030")
PALETTE = [BLUE, "#38a169", "#805ad5", "#dd6b20", "#319795", "#d53f8c", "#718096", "#b7791f",
           "#3182ce"]


def _layout(fig: go.Figure, height: int = 360) -> go.Figure:
    fig.update_layout(
        template="plotly_white", height=height, font={"family": FONT, "size": 13},
        margin={"l": 8, "r": 8, "t": 36, "b": 8},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hoverlabel={"font_family": FONT}, separators=".,",
    )
    return fig


def burnup(steps: pd.DataFrame, target: int, start: dt.date, deadline: dt.date,
           as_of: dt.date, named: int) -> go.Figure:
    """Cumulative named over time against the target line, the pace line and the projection."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=steps["day"], y=steps["named"], name=L.CHART_NAMED,
                             mode="lines", line={"shape": "hv", "color": BLUE, "width": 3}))
    fig.add_trace(go.Scatter(x=[start, deadline], y=[target, target], name=L.CHART_TARGET,
                             mode="lines", line={"color": DARK, "width": 1.5}))
    fig.add_trace(go.Scatter(x=[start, deadline], y=[0, target], name=L.CHART_PACE,
                             mode="lines", line={"color": GREY, "dash": "dash"}))
    projected = projection(named, start, deadline, as_of)
    if projected is not None and as_of < deadline:
        fig.add_trace(go.Scatter(x=[as_of, deadline], y=[named, projected], name=L.CHART_PROJECTION,
                                 mode="lines+markers", line={"color": ORANGE, "dash": "dot"},
                                 marker={"size": [0, 8]}))
    fig.update_yaxes(title=None, rangemode="tozero")
    fig.update_xaxes(title=None, tickformat="%Y-%m-%d")
    return _layout(fig)


def projection(named: int, start: dt.date, deadline: dt.date, as_of: dt.date) -> float | None:
    """The count at the deadline if naming goes on at the pace so far (named per day elapsed)."""
    elapsed = (min(as_of, deadline) - start).days
    if elapsed <= 0:
        return None
    return named * (deadline - start).days / elapsed


def funnel(stages: pd.DataFrame) -> go.Figure:
    fig = go.Figure(go.Funnel(y=stages["stage"], x=stages["studios"], textinfo="value+percent initial",
                              marker={"color": [GREY, "#7f9cc0", "#5a85bd", BLUE]}))
    return _layout(fig, height=280)


def by_type(types: pd.DataFrame) -> go.Figure:
    fig = go.Figure()
    for column, name, color in (("applied", L.COLUMNS["applied"], GREY),
                                ("named", L.COLUMNS["named"], BLUE)):
        fig.add_trace(go.Bar(y=types["studio_type"], x=types[column], name=name, orientation="h",
                             marker_color=color, text=types[column], textposition="auto"))
    fig.update_layout(barmode="group")
    return _layout(fig, height=240)


# --- 成果效益 ---------------------------------------------------------------------------------
def _hbar_height(rows: int) -> int:
    return 70 + 26 * max(rows, 3)


def benefit_bars(units: pd.DataFrame, top: int) -> go.Figure:
    """Ranked horizontal bars of benefit (万元) per unit, largest on top; the first `top` units."""
    data = units.sort_values("benefit_wan", ascending=False, na_position="last").head(top)
    data = data.iloc[::-1]
    fig = go.Figure(go.Bar(
        y=data["unit"], x=data["benefit_wan"].fillna(0), orientation="h", marker_color=BLUE,
        text=[f"{v:,.2f}" for v in data["benefit_wan"].fillna(0)], textposition="auto",
        customdata=data[["outcomes", "studios"]],
        hovertemplate=("%{y}<br>" + L.COLUMNS["benefit_wan"] + " %{x:,.2f}<br>"
                       + L.COLUMNS["outcomes"] + " %{customdata[0]}<br>"
                       + L.COLUMNS["studios"] + " %{customdata[1]}<extra></extra>")))
    fig.update_xaxes(title=None, tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(title=None, automargin=True)
    fig = _layout(fig, height=_hbar_height(len(data)))
    fig.update_layout(margin={"t": 8})
    return fig


PATENT_KINDS = (("invention_patents", BLUE), ("utility_patents", "#38a169"),
                ("design_patents", "#805ad5"))


def patent_stack(units: pd.DataFrame, top: int) -> go.Figure:
    """Stacked horizontal bars of patents by kind per unit; the `top` units by patents, most on top."""
    data = units.assign(_total=units["invention_patents"] + units["utility_patents"]
                        + units["design_patents"])
    data = data.sort_values("_total", ascending=False, kind="stable").head(top).iloc[::-1]
    fig = go.Figure()
    for column, color in PATENT_KINDS:
        fig.add_trace(go.Bar(y=data["unit"], x=data[column], name=L.COLUMNS[column],
                             orientation="h", marker_color=color,
                             hovertemplate="%{y}<br>" + L.COLUMNS[column] + " %{x}<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=None, rangemode="tozero")
    fig.update_yaxes(title=None, automargin=True)
    fig = _layout(fig, height=_hbar_height(len(data)) + 40)
    fig.update_layout(margin={"t": 8}, legend={"y": -0.08})
    return fig


def category_bars(categories: pd.DataFrame) -> go.Figure:
    """Benefit (万元) per outcome category in the contract's order, outcomes in the label."""
    data = categories.iloc[::-1]
    benefit = data["benefit_wan"].fillna(0)
    fig = go.Figure(go.Bar(
        y=data["category"], x=benefit, orientation="h", marker_color=BLUE,
        text=[f"{b:,.2f}（{n}项）" for b, n in zip(benefit, data["outcomes"])],
        textposition="auto", customdata=data[["outcomes"]],
        hovertemplate=("%{y}<br>" + L.COLUMNS["benefit_wan"] + " %{x:,.2f}<br>"
                       + L.COLUMNS["outcomes"] + " %{customdata[0]}<extra></extra>")))
    fig.update_xaxes(title=None, tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(title=None, automargin=True)
    fig = _layout(fig, height=_hbar_height(len(data)))
    fig.update_layout(margin={"t": 8})
    return fig


def benefit_trend(years: pd.DataFrame, labels: list[str]) -> go.Figure:
    """Benefit (万元) bars per year with the outcome count as a line on a second axis."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=years["benefit_wan"].fillna(0), name=L.COLUMNS["benefit_wan"],
                         marker_color=[GREY if p else BLUE for p in years["is_partial"]],
                         hovertemplate="%{x}<br>%{y:,.2f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=labels, y=years["outcomes"], name=L.COLUMNS["outcomes"],
                             mode="lines+markers", yaxis="y2", line={"color": ORANGE, "width": 2},
                             hovertemplate="%{x}<br>%{y:,}<extra></extra>"))
    fig.update_layout(yaxis={"title": None, "tickformat": ",.0f", "rangemode": "tozero"},
                      yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero",
                              "showgrid": False, "tickformat": ",.0f"})
    fig.update_xaxes(title=None, type="category")
    fig = _layout(fig, height=_hbar_height(9))
    fig.update_layout(margin={"t": 8})
    return fig
