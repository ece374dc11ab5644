"""Pure DataFrame -> ECharts option builders with one look for the whole app. Red means bad.

A chart is an ECharts option (a JSON-ready dict) and its height; ui.chart hands it to Streamlit's
st.echarts_chart, drawn as SVG. ECharts sets every label, axis name and legend entry as text, never
as HTML, and the tooltip is drawn as rich text (`renderMode`), not HTML: text from the data (unit
names, outcome titles) shows as itself. Chosen over plotly for the browser: plotly.js is 4.7 MB to
load and compile in every new tab and draws slowly, ECharts a quarter of that (benchmarks/
RESULTS.md, section 10). The printed briefing keeps plotly (brief.py), drawn in its own Chromium.

One look: a value axis is titled with its unit (万元, 个, 件, 项); a count axis ticks whole numbers
only; a legend sits in a row above the plot, clear of the axes; categories are sorted by value
(except where the order is a process: the funnel, the years); nothing moves (no animation)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

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
LEGEND_ROOM = 40  # px above the plot for one row of legend
LEGEND_ROW = 30  # px a second row of legend adds
LEGEND_CHAR_PX, LEGEND_ITEM_PX = 13, 41  # a legend item: its name's characters, its mark and gap
GRID_RIGHT = 28  # px right of the plot, unless its labels need more (_label_room)
PLAIN_TOP = 8  # px above a plot without a legend
AXIS_TITLE_ROOM = 24  # px an axis title adds below a horizontal bar chart
NAME_ROOM = 22  # px above a vertical axis for its title
LEGEND_ABOVE = {"top": 0, "left": 0, "orient": "horizontal", "itemGap": 16}


@dataclass(frozen=True)
class Chart:
    """An ECharts option (JSON-ready: plain ints, floats, strings, None), its height in px and
    its accessible name (labels.CHART_ALT: in place of ECharts' own, English, description)."""

    option: dict
    height: int
    alt: str


def _num(value: object) -> float | int | None:
    """A value as JSON takes it: an int stays whole, a blank (None, NaN) is None."""
    if value is None or pd.isna(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() and not isinstance(value, float) else number


def _day(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _chart(
    name: str,
    series: list[dict],
    height: int,
    x: dict | None = None,
    y: dict | list[dict] | None = None,
    legend: bool = True,
    tooltip: dict | None = None,
    bottom: int = 8,
    top: int = 0,
    right: int = GRID_RIGHT,
) -> Chart:
    """The app's look around `series`; with `legend`, one horizontal row above the plot; `name`
    is the builder's, which gives the chart's accessible name (labels.CHART_ALT)."""
    option = {
        "animation": False,
        "textStyle": {"fontFamily": FONT, "fontSize": 13, "color": DARK},
        "grid": {
            "left": 8,
            "right": right,
            "top": (LEGEND_ROOM if legend else PLAIN_TOP) + top,
            "bottom": bottom,
            "containLabel": True,
        },
        "legend": {"show": legend, **LEGEND_ABOVE},
        "tooltip": {
            "trigger": "axis",
            "axisPointer": {"type": "shadow"},
            "renderMode": "richText",  # drawn as text, never as HTML
            "confine": True,
            **(tooltip or {}),
        },
        "series": series,
    }
    if legend:
        # Where the chart is narrower than its legend's row (a phone), the legend wraps onto a
        # second row: the plot starts one row lower (an ECharts media query, on the drawn width).
        row = sum(LEGEND_CHAR_PX * len(s.get("name", "")) + LEGEND_ITEM_PX for s in series)
        lower = {"grid": {"top": option["grid"]["top"] + LEGEND_ROW}}
        option["media"] = [{"query": {"maxWidth": row + 24}, "option": lower}]
    if x is not None:
        option["xAxis"] = x
    if y is not None:
        option["yAxis"] = y
    return Chart(option, height + (LEGEND_ROOM if legend else 0) + top, labels.CHART_ALT[name])


def _count_step(top: float, ticks: int = 6) -> int:
    """A whole tick step (1, 2 or 5 × 10^n, at least 1) giving about `ticks` steps up to `top`."""
    raw = max(float(top), 1.0) / ticks
    base = 10 ** max(math.floor(math.log10(raw)), 0)
    return int(next(m * base for m in (1, 2, 5, 10) if m * base >= raw))


def _count_axis(top: float, title: str, **extra: object) -> dict:
    """A count axis: whole numbers only (never 0.5 / 1.5), from 0, titled with its unit."""
    step = _count_step(top)
    return {
        "type": "value",
        "name": title,
        "min": 0,
        "max": step * max(math.ceil(float(top) / step), 1),
        "interval": step,
        "minInterval": 1,
        **extra,
    }


def _below(title: str) -> dict:
    """A horizontal value axis' title, centred under its labels."""
    return {"name": title, "nameLocation": "middle", "nameGap": 28}


def _above(title: str, side: str = "left") -> dict:
    """A vertical value axis' title, over its top end, reaching inwards (never off the chart)."""
    return {"name": title, "nameLocation": "end", "nameTextStyle": {"align": side}}


def _top(values: object) -> float:
    """The largest of `values` (0 for none or only blanks): how far a value axis must reach."""
    series = pd.Series(list(values), dtype="float64")
    return float(series.max()) if series.notna().any() else 0.0


def _names(values: object) -> dict:
    """A category axis of bars laid across: the first value on top."""
    return {"type": "category", "data": [str(v) for v in values], "inverse": True}


def _bar(name: str | None, values: object, color: str, **extra: object) -> dict:
    return {
        "type": "bar",
        **({"name": name} if name else {}),
        "data": [_num(v) for v in values],
        "itemStyle": {"color": color},
        **extra,
    }


def _labelled(values: object, texts: list[str], show: list[bool] | None = None) -> list[dict]:
    """Bar values each with its own label text (already formatted)."""
    return [
        {"value": _num(v), "label": {"formatter": t, **({"show": s} if show else {})}}
        for v, t, s in zip(values, texts, show or [True] * len(texts))
    ]


def _line(name: str, points: list, color: str, **extra: object) -> dict:
    return {
        "type": "line",
        "name": name,
        "data": points,
        "showSymbol": False,
        "lineStyle": {"color": color, "width": 2, **extra.pop("line", {})},  # type: ignore[dict-item]
        "itemStyle": {"color": color},
        **extra,
    }


# --- 创建进度 ---------------------------------------------------------------------------------
def burnup(
    steps: pd.DataFrame,
    target: int,
    start: dt.date,
    deadline: dt.date,
    as_of: dt.date,
    named: int,
    projected: float | None,
) -> Chart:
    """Cumulative named over time against the target line, the pace line and the projection
    (queries/marts/campaign_pace.sql)."""
    series = [
        _line(
            labels.CHART_NAMED,
            [[_day(d), _num(n)] for d, n in zip(steps["day"], steps["named"])],
            BLUE,
            step="end",
            line={"width": 3},
        ),
        _line(labels.CHART_TARGET, [[_day(start), target], [_day(deadline), target]], DARK),
        _line(
            labels.CHART_PACE,
            [[_day(start), 0], [_day(deadline), target]],
            GREY,
            line={"type": "dashed"},
        ),
    ]
    if projected is not None and as_of < deadline:
        end = {"value": [_day(deadline), round(float(projected), 2)], "symbolSize": 9}
        series.append(
            _line(
                labels.CHART_PROJECTION,
                [{"value": [_day(as_of), named], "symbolSize": 0}, end],
                ORANGE,
                line={"type": "dotted"},
                showSymbol=True,
                symbol="circle",
            )
        )
    top = max(float(target), _top(steps["named"]), float(projected or 0))
    x = {"type": "time", "axisLabel": {"formatter": "{yyyy}-{MM}-{dd}", "hideOverlap": True}}
    y = _count_axis(top, labels.AXIS_STUDIOS, **_above(labels.AXIS_STUDIOS))
    return _chart(
        "burnup", series, 360, x, y, tooltip={"axisPointer": {"type": "line"}}, top=NAME_ROOM
    )


def funnel(stages: pd.DataFrame) -> Chart:
    """The campaign's stages, in their order, as bars: each says its count and its share of the
    first stage, so there is no value axis."""
    counts = [int(n) for n in stages["studios"]]
    first = max(counts[0], 1) if counts else 1
    colors = [GREY, "#7f9cc0", "#5a85bd", BLUE]
    data = [
        {
            "value": n,
            "itemStyle": {"color": colors[i % len(colors)]},
            "label": {"formatter": labels.CHART_FUNNEL_BAR.format(n=n, share=n / first)},
        }
        for i, n in enumerate(counts)
    ]
    series = [
        {
            "type": "bar",
            "data": data,
            "barWidth": "60%",
            "label": {"show": True, "position": "right"},
        }
    ]
    x = {"type": "value", "show": False, "min": 0, "max": max(first, 1) * 1.25}
    return _chart("funnel", series, 280, x, _names(stages["stage"]), legend=False)


def by_type(types: pd.DataFrame) -> Chart:
    """Applied and named per studio type, the type with most named on top."""
    data = types.sort_values(["named", "applied"], ascending=False, kind="stable")
    label = {"show": True, "position": "right"}
    series = [
        _bar(labels.COLUMNS[column], data[column], color, label=label)
        for column, color in (("applied", GREY), ("named", BLUE))
    ]
    top = max(_top(data["applied"]), _top(data["named"])) * 1.15  # room for the labels
    x = _count_axis(top, labels.AXIS_STUDIOS, **_below(labels.AXIS_STUDIOS))
    return _chart(
        "by_type", series, 240, x, _names(data["studio_type"]), bottom=AXIS_TITLE_ROOM + 8
    )


# --- 成果效益 ---------------------------------------------------------------------------------
def _hbar_height(rows: int) -> int:
    return 70 + 26 * max(rows, 3)


MONEY_STEPS = 3  # about this many steps of 万元 across a bar chart: room for each label on a phone


def _money_axis(top: float) -> dict:
    """万元 across, from 0 to the longest bar (`top`; the bars' labels have room of their own:
    _label_room), ticked evenly in round steps, about MONEY_STEPS of them. Left to ECharts, a
    phone's narrow plot got five or six ticks, and ECharts hid some of them unevenly
    ("0, 1,000, 3,000"). The axis's end, where the longest bar ends, is not labelled."""
    axis = {
        "type": "value",
        "min": 0,
        "axisLabel": {"hideOverlap": True},
        **_below(labels.AXIS_WAN),
    }
    if top > 0:
        axis["max"] = "dataMax"
        axis["interval"] = _nice_step(top, MONEY_STEPS)
        axis["axisLabel"]["showMaxLabel"] = False
    return axis


def _text_px(text: str, size: int = 13) -> float:
    """About how wide `text` is drawn at `size` px: a full em for Chinese and full-width forms,
    a little over half of one for digits and Latin letters."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.62 for c in text)


def _label_room(texts: list[str]) -> int:
    """Room right of the plot for labels drawn at the bars' ends: the widest label, so that even
    the longest bar's fits inside the chart, whatever its width (a phone's included)."""
    return max(GRID_RIGHT, math.ceil(max((_text_px(t) for t in texts), default=0)) + 12)


MONEY_TIP = {"valueFormatter": "%,.2f"}


def _money_bars(name: str, names: object, values: object, texts: list[str]) -> Chart:
    """One series of 万元 bars laid across, first on top, each labelled with its text."""
    bars = _bar(labels.COLUMNS["benefit_wan"], [], BLUE, label={"show": True, "position": "right"})
    bars["data"] = _labelled(values, texts)
    rows = len(texts)
    return _chart(
        name,
        [bars],
        _hbar_height(rows) + AXIS_TITLE_ROOM,
        _money_axis(_top(values)),
        _names(names),
        legend=False,
        tooltip=MONEY_TIP,
        bottom=AXIS_TITLE_ROOM + 8,
        right=_label_room(texts),
    )


def benefit_bars(units: pd.DataFrame, top: int) -> Chart:
    """Ranked horizontal bars of benefit (万元) per unit, largest on top; the first `top` units."""
    data = units.sort_values("benefit_wan", ascending=False, na_position="last").head(top)
    values = data["benefit_wan"].fillna(0)
    return _money_bars("benefit_bars", data["unit"], values, [f"{v:,.2f}" for v in values])


PATENT_KINDS = (
    ("invention_patents", BLUE),
    ("utility_patents", "#38a169"),
    ("design_patents", "#805ad5"),
)


def patent_stack(units: pd.DataFrame, top: int) -> Chart:
    """Stacked horizontal bars of patents by kind per unit: the `top` units by patents, most on
    top."""
    data = units.assign(
        _total=units["invention_patents"] + units["utility_patents"] + units["design_patents"]
    )
    data = data.sort_values("_total", ascending=False, kind="stable").head(top)
    series = [
        _bar(labels.COLUMNS[column], data[column], color, stack="patents")
        for column, color in PATENT_KINDS
    ]
    x = _count_axis(_top(data["_total"]), labels.AXIS_PATENTS, **_below(labels.AXIS_PATENTS))
    height = _hbar_height(len(data)) + AXIS_TITLE_ROOM
    return _chart(
        "patent_stack", series, height, x, _names(data["unit"]), bottom=AXIS_TITLE_ROOM + 8
    )


def category_bars(categories: pd.DataFrame) -> Chart:
    """Benefit (万元) per outcome category, largest on top (ties: more outcomes first, then the
    order given), outcomes in the label."""
    data = categories.assign(_benefit=categories["benefit_wan"].fillna(0))
    data = data.sort_values(["_benefit", "outcomes"], ascending=False, kind="stable")
    texts = [
        labels.CHART_BENEFIT_BAR.format(benefit=b, n=n)
        for b, n in zip(data["_benefit"], data["outcomes"])
    ]
    return _money_bars("category_bars", data["category"], data["_benefit"], texts)


def _nice_step(top: float, steps: int = 6) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^n) giving about `steps` steps up to `top`."""
    raw = top / steps
    base = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= raw)


def benefit_trend(years: pd.DataFrame, ticks: list[str]) -> Chart:
    """Benefit (万元) bars per year on the left axis, the outcome count (项) as a line on its own
    right axis: two units, two titled scales, both from 0. The running year's bar is grey."""
    benefit = years["benefit_wan"].fillna(0)
    bars = {
        "type": "bar",
        "name": labels.COLUMNS["benefit_wan"],
        "itemStyle": {"color": BLUE},
        "data": [
            {"value": _num(v), "itemStyle": {"color": GREY if p else BLUE}}
            for v, p in zip(benefit, years["is_partial"])
        ],
        "tooltip": MONEY_TIP,
    }
    # Both axes start at 0; the bars fill the lower two thirds of theirs, so the line (which
    # mostly follows them) and its labels run above the bars.
    most = max(_top(years["outcomes"]), 1.0)
    top = max(_top(years["benefit_wan"]), 1.0)
    step = _nice_step(top * 1.5)
    counts = _labelled(years["outcomes"], [f"{n:,}" for n in years["outcomes"]])
    line = _line(
        labels.COLUMNS["outcomes"],
        counts,
        ORANGE,
        yAxisIndex=1,
        showSymbol=True,
        symbolSize=7,
        label={"show": True, "position": "top", "color": ORANGE},
    )
    money = {
        "type": "value",
        **_above(labels.AXIS_WAN),
        "min": 0,
        "max": step * math.ceil(top * 1.5 / step),
        "interval": step,
    }
    orange = {"color": ORANGE}
    count = _count_axis(
        most * 1.15,
        labels.AXIS_OUTCOMES,
        position="right",
        splitLine={"show": False},
        axisLabel=orange,
        **_above(labels.AXIS_OUTCOMES, "right"),
    )
    count["nameTextStyle"].update(orange)
    x = {"type": "category", "data": list(ticks), "axisLabel": {"interval": 0}}
    # as tall as category_bars beside it (nine categories)
    height = _hbar_height(9) + AXIS_TITLE_ROOM - LEGEND_ROOM - NAME_ROOM
    return _chart("benefit_trend", [bars, line], height, x, [money, count], top=NAME_ROOM)


# --- 摘牌风险 ---------------------------------------------------------------------------------
TIER_COLORS = dict(zip(TIERS, (RED, AMBER, GREEN), strict=True))


# A phone's plot beside the row names (px), and what a number inside a bar needs: a digit's
# width and a little room either side. A segment narrower than its number shows none (the tooltip
# has it): on a phone a 1 in a 5 px sliver ran into the 3 beside it and read as 31.
PHONE_PLOT_PX, DIGIT_PX, LABEL_PAD_PX = 240, 8, 4


def _tier_bars(name: str, names: list[str], counts: dict[str, list[int]]) -> Chart:
    """Stacked horizontal bars, one series per tier (高 first, red), labels top to bottom."""
    series = []
    totals = [sum(row) for row in zip(*counts.values())]
    px = PHONE_PLOT_PX / max(max(totals, default=0), 1)  # a studio's width on a phone
    for tier, color in TIER_COLORS.items():
        values = counts[tier]
        bars = _bar(labels.RISK_TIER_NAMES[tier], [], color, stack="tiers")
        bars["label"] = {"show": True, "position": "inside", "color": "#fff"}
        bars["labelLayout"] = {"hideOverlap": True}
        texts = [f"{v:,}" for v in values]
        fits = [v > 0 and v * px >= len(t) * DIGIT_PX + LABEL_PAD_PX for v, t in zip(values, texts)]
        bars["data"] = _labelled(values, texts, fits)
        series.append(bars)
    x = _count_axis(max(totals, default=0), labels.AXIS_STUDIOS, **_below(labels.AXIS_STUDIOS))
    height = _hbar_height(len(names)) + AXIS_TITLE_ROOM
    return _chart(name, series, height, x, _names(names), bottom=AXIS_TITLE_ROOM + 8)


def risk_by_unit(counts: pd.DataFrame) -> Chart:
    """Named studios per unit stacked by risk tier; rows (unit, tier, studios) in unit order."""
    units = list(dict.fromkeys(counts["unit"]))
    pivot = counts.pivot_table(index="unit", columns="tier", values="studios", aggfunc="sum")
    pivot = pivot.reindex(index=units, columns=list(TIER_COLORS)).fillna(0).astype(int)
    return _tier_bars("risk_by_unit", units, {t: [int(v) for v in pivot[t]] for t in TIER_COLORS})


def risk_rules(counts: pd.DataFrame) -> Chart:
    """How many studios each rule fires for, stacked by their tier; most frequent on top."""
    names = [f"{r} {labels.RULE_NAMES[r]}" for r in counts["rule"]]
    columns = (counts[c] for c in ("high", "medium", "low"))
    return _tier_bars(
        "risk_rules", names, dict(zip(TIERS, ([int(v) for v in c] for c in columns), strict=True))
    )


# --- 工作室档案 -------------------------------------------------------------------------------
def outcome_timeline(outcomes: pd.DataFrame) -> Chart:
    """One studio's outcomes over time: one dot per outcome on its category's row, the dot's area
    growing with its benefit (万元); blue when adopted (推广应用), grey otherwise. The tooltip
    names the outcome, its date and its benefit."""
    benefit = outcomes["benefit_wan"]
    biggest = max(float(benefit.max()) if benefit.notna().any() else 0.0, 1.0)
    sizes = [10 + 26 * (float(b) / biggest) ** 0.5 if pd.notna(b) else 10 for b in benefit]
    series = []
    for adopted, name, color in (
        (True, labels.CHART_OUTCOMES_ADOPTED, BLUE),
        (False, labels.CHART_OUTCOMES_NOT_ADOPTED, GREY),
    ):
        mask = (outcomes["is_adopted"] == adopted).tolist()
        part = outcomes[mask]
        if part.empty:
            continue
        points = [
            {
                "name": str(title),
                "value": [_day(day), str(category), f"{b:,.2f}" if pd.notna(b) else "—"],
                "symbolSize": round(size, 1),
            }
            for title, day, category, b, size in zip(
                part["title"],
                part["completed_on"],
                part["category"],
                part["benefit_wan"],
                [s for s, m in zip(sizes, mask) if m],
            )
        ]
        series.append(
            {
                "type": "scatter",
                "name": name,
                "data": points,
                "itemStyle": {"color": color, "opacity": 0.8, "borderColor": "#fff"},
            }
        )
    # room either side, so the first and the last dots are drawn whole
    days = pd.to_datetime(outcomes["completed_on"])
    pad = max((days.max() - days.min()) * 0.06, pd.Timedelta(days=20))
    x = {
        "type": "time",
        "min": _day(days.min() - pad),
        "max": _day(days.max() + pad),
        "axisLabel": {"formatter": "{yyyy}-{MM}", "hideOverlap": True},
    }
    y = {"type": "category", "data": sorted(set(outcomes["category"].astype(str)))}
    tip = {
        "trigger": "item",
        "formatter": "{b}\n{@[0]}\n" + labels.CHART_OUTCOMES_HOVER + " {@[2]} " + labels.WAN,
    }
    return _chart(
        "outcome_timeline",
        series,
        60 + 40 * max(outcomes["category"].nunique(), 2),
        x,
        y,
        tooltip=tip,
    )
