"""The charts' hygiene (issue 17, point 5), read off the figure objects: whole-number ticks on
count axes, legends above the plot, categories sorted by value, value axes titled with their unit,
and the trend's outcome count on an axis of its own."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import charts

TYPES = pd.DataFrame(
    {
        "studio_type": ["劳模创新工作室", "高技能人才创新工作室"],
        "applied": [3, 2],
        "named": [2, 1],
        "in_review": [1, 0],
        "rejected": [0, 1],
    }
)
UNITS = pd.DataFrame(
    {
        "unit": ["甲", "乙", "丙"],
        "unit_kind": ["开发区"] * 3,
        "studios": [2, 1, 1],
        "outcomes": [4, 1, 0],
        "benefit_wan": [110.0, 50.0, None],
        "invention_patents": [1, 0, 0],
        "utility_patents": [1, 2, 0],
        "design_patents": [0, 1, 0],
        "adopted_share": [0.5, 1.0, None],
    }
)
CATEGORIES = pd.DataFrame(  # in the contract's order, not by value
    {
        "category": ["技术创新", "技术攻关", "管理创新", "服务创新"],
        "outcomes": [2, 5, 0, 1],
        "benefit_wan": [10.0, 300.0, 0.0, 45.5],
    }
)
YEARS = pd.DataFrame(
    {
        "year": [2021, 2022, 2023],
        "is_partial": [False, False, True],
        "outcomes": [3, 7, 2],
        "benefit_wan": [120.0, 16.99, None],
    }
)
TICKS = ["2021", "2022", "2023<br>（至12-15）"]
START, DEADLINE, AS_OF = dt.date(2023, 1, 1), dt.date(2023, 12, 31), dt.date(2023, 6, 30)
STEPS = pd.DataFrame({"day": [START, dt.date(2023, 3, 1), AS_OF], "named": [0, 1, 3]})


def risk_counts() -> pd.DataFrame:
    return pd.DataFrame(
        {"unit": ["甲", "甲", "乙"], "tier": ["高", "低", "中"], "studios": [1, 2, 1]}
    )


def rule_counts() -> pd.DataFrame:
    return pd.DataFrame({"rule": ["R1", "R7"], "high": [1, 0], "medium": [1, 1], "low": [0, 1]})


FIGURES = {
    "burnup": lambda: charts.burnup(STEPS, 5, START, DEADLINE, AS_OF, 3, 4.0),
    "by_type": lambda: charts.by_type(TYPES),
    "benefit_bars": lambda: charts.benefit_bars(UNITS, 15),
    "patent_stack": lambda: charts.patent_stack(UNITS, 15),
    "category_bars": lambda: charts.category_bars(CATEGORIES),
    "benefit_trend": lambda: charts.benefit_trend(YEARS, TICKS),
    "risk_by_unit": lambda: charts.risk_by_unit(risk_counts()),
    "risk_rules": lambda: charts.risk_rules(rule_counts()),
}
# (figure, its count axis, that axis' title): small counts, where plotly would tick 0.5 / 1.5
COUNT_AXES = [
    ("burnup", "yaxis", "工作室（个）"),
    ("by_type", "xaxis", "工作室（个）"),
    ("patent_stack", "xaxis", "专利（件）"),
    ("benefit_trend", "yaxis2", "成果数（项）"),
    ("risk_by_unit", "xaxis", "工作室（个）"),
    ("risk_rules", "xaxis", "工作室（个）"),
]
MONEY_AXES = [("benefit_bars", "xaxis"), ("category_bars", "xaxis"), ("benefit_trend", "yaxis")]
WITH_LEGEND = ["burnup", "by_type", "patent_stack", "benefit_trend", "risk_by_unit", "risk_rules"]


@pytest.mark.parametrize("name, axis, title", COUNT_AXES)
def test_count_axes_tick_whole_numbers_and_say_their_unit(name, axis, title):
    layout = FIGURES[name]().layout
    count = layout[axis]
    assert ",d" == count.tickformat
    assert 0 == count.tick0
    assert isinstance(count.dtick, int) and count.dtick >= 1
    assert title == count.title.text


@pytest.mark.parametrize("name, axis", MONEY_AXES)
def test_money_axes_say_wan(name, axis):
    assert "经济效益（万元）" == FIGURES[name]().layout[axis].title.text


@pytest.mark.parametrize(
    "top, step", [(0, 1), (1, 1), (3, 1), (7, 2), (27, 5), (40, 10), (75, 20), (1664, 500)]
)
def test_count_step(top, step):
    """A handful of ticks, every one a whole number: 40 → 0, 10, 20, 30, 40."""
    assert step == charts._count_step(top)


@pytest.mark.parametrize("name", WITH_LEGEND)
def test_legend_is_a_row_above_the_plot(name):
    layout = FIGURES[name]().layout
    assert layout.showlegend is True
    assert "h" == layout.legend.orientation
    assert "bottom" == layout.legend.yanchor and layout.legend.y > 1
    assert layout.margin.t >= 36  # room for the row, so it covers neither the plot nor an axis


@pytest.mark.parametrize("name", ["benefit_bars", "category_bars"])
def test_single_series_has_no_legend(name):
    assert FIGURES[name]().layout.showlegend is False


def test_categories_sorted_by_benefit_largest_on_top():
    """Plotly draws the first horizontal bar at the bottom: the data runs smallest to largest."""
    bar = FIGURES["category_bars"]().data[0]
    assert ("管理创新", "技术创新", "服务创新", "技术攻关") == tuple(bar.y)
    assert (0.0, 10.0, 45.5, 300.0) == tuple(bar.x)
    assert "300.00（5项）" == bar.text[-1]


def test_types_sorted_by_named_most_on_top():
    fig = FIGURES["by_type"]()
    assert [("高技能人才创新工作室", "劳模创新工作室")] * 2 == [tuple(t.y) for t in fig.data]
    assert [(2, 3), (1, 2)] == [tuple(t.x) for t in fig.data]  # applied, then named
    assert 1 == fig.layout.xaxis.dtick  # 0, 1, 2, 3: no 0.5 / 1.5 / 2.5


def test_trend_counts_on_their_own_right_axis():
    """万元 bars on the left axis, the outcome count on a second, visible, titled right axis that
    starts at 0 (no hidden scale under a line)."""
    fig = FIGURES["benefit_trend"]()
    bars, line = fig.data
    assert bars.yaxis in (None, "y") and "y2" == line.yaxis
    right = fig.layout.yaxis2
    assert "y" == right.overlaying and "right" == right.side
    assert right.showticklabels is not False and right.visible is not False
    assert 0 == right.range[0] and right.range[1] >= 7
    assert 0 == fig.layout.yaxis.range[0]


def test_funnel_has_no_bare_value_axis():
    stages = pd.DataFrame({"stage": ["申报", "受理", "现场考核", "命名"], "studios": [5, 4, 3, 2]})
    assert charts.funnel(stages).layout.xaxis.visible is False
