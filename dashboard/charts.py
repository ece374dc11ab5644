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
