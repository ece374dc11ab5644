"""The charts' hygiene (issue 17, point 5), read off the ECharts options: whole-number ticks on
count axes, legends above the plot, categories sorted by value, value axes titled with their unit,
and the trend's outcome count on an axis of its own."""

from __future__ import annotations

import datetime as dt
import json

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
TICKS = ["2021", "2022", "2023\n（至12-15）"]
START, DEADLINE, AS_OF = dt.date(2023, 1, 1), dt.date(2023, 12, 31), dt.date(2023, 6, 30)
STEPS = pd.DataFrame({"day": [START, dt.date(2023, 3, 1), AS_OF], "named": [0, 1, 3]})


STAGES = pd.DataFrame({"stage": ["申报", "受理", "现场考核", "命名"], "studios": [5, 4, 3, 2]})
OUTCOMES = pd.DataFrame(
    {
        "title": ["甲成果 <b>", "乙成果", "丙成果"],
        "completed_on": [dt.date(2021, 3, 4), dt.date(2021, 8, 1), dt.date(2022, 5, 6)],
        "category": ["技术创新", "QC成果", "技术创新"],
        "benefit_wan": [12.5, 3.0, None],
        "is_adopted": [False, True, False],
    }
)


def risk_counts() -> pd.DataFrame:
    return pd.DataFrame(
        {"unit": ["甲", "甲", "乙"], "tier": ["高", "低", "中"], "studios": [1, 2, 1]}
    )


def rule_counts() -> pd.DataFrame:
    return pd.DataFrame({"rule": ["R1", "R7"], "high": [1, 0], "medium": [1, 1], "low": [0, 1]})


FIGURES = {
    "burnup": lambda: charts.burnup(STEPS, 5, START, DEADLINE, AS_OF, 3, 4.0),
    "funnel": lambda: charts.funnel(STAGES),
    "by_type": lambda: charts.by_type(TYPES),
    "benefit_bars": lambda: charts.benefit_bars(UNITS, 15),
    "patent_stack": lambda: charts.patent_stack(UNITS, 15),
    "category_bars": lambda: charts.category_bars(CATEGORIES),
    "benefit_trend": lambda: charts.benefit_trend(YEARS, TICKS),
    "risk_by_unit": lambda: charts.risk_by_unit(risk_counts()),
    "risk_rules": lambda: charts.risk_rules(rule_counts()),
    "outcome_timeline": lambda: charts.outcome_timeline(OUTCOMES),
}
# (chart, its count axis, that axis' title): small counts, where a chart would tick 0.5 / 1.5
COUNT_AXES = [
    ("burnup", "yAxis", "工作室（个）"),
    ("by_type", "xAxis", "工作室（个）"),
    ("patent_stack", "xAxis", "专利（件）"),
    ("benefit_trend", ("yAxis", 1), "成果数（项）"),
    ("risk_by_unit", "xAxis", "工作室（个）"),
    ("risk_rules", "xAxis", "工作室（个）"),
]
MONEY_AXES = [
    ("benefit_bars", "xAxis"),
    ("category_bars", "xAxis"),
    ("benefit_trend", ("yAxis", 0)),
]
WITH_LEGEND = ["burnup", "by_type", "patent_stack", "benefit_trend", "risk_by_unit", "risk_rules"]


def axis(option: dict, where: str | tuple[str, int]) -> dict:
    return option[where[0]][where[1]] if isinstance(where, tuple) else option[where]


def values(series: dict) -> list:
    return [p["value"] if isinstance(p, dict) else p for p in series["data"]]


@pytest.mark.parametrize("name, where, title", COUNT_AXES)
def test_count_axes_tick_whole_numbers_and_say_their_unit(name, where, title):
    count = axis(FIGURES[name]().option, where)
    assert 0 == count["min"] and 1 == count["minInterval"]
    step = count["interval"]
    assert isinstance(step, int) and step >= 1
    assert isinstance(count["max"], int) and count["max"] % step == 0  # the top is a tick too
    assert title == count["name"]


@pytest.mark.parametrize("name, where", MONEY_AXES)
def test_money_axes_say_wan(name, where):
    money = axis(FIGURES[name]().option, where)
    assert "经济效益（万元）" == money["name"] and 0 == money["min"]


@pytest.mark.parametrize(
    "top, step", [(0, 1), (1, 1), (3, 1), (7, 2), (27, 5), (40, 10), (75, 20), (1664, 500)]
)
def test_count_step(top, step):
    """A handful of ticks, every one a whole number: 40 → 0, 10, 20, 30, 40."""
    assert step == charts._count_step(top)


@pytest.mark.parametrize("name", WITH_LEGEND)
def test_legend_is_a_row_above_the_plot(name):
    option = FIGURES[name]().option
    legend, grid = option["legend"], option["grid"]
    assert legend["show"] is True
    assert "horizontal" == legend["orient"] and 0 == legend["top"]
    assert grid["top"] >= 36  # room for the row, so it covers neither the plot nor an axis


def test_a_legend_wider_than_a_phone_pushes_the_plot_down_on_a_phone():
    """The burn-up's four names do not fit in one row at 390 px: there (and only below the row's
    width) the plot starts a row lower, so the second row covers neither the axis title nor a line;
    two short names fit anywhere a phone draws."""
    option = FIGURES["burnup"]().option
    (rule,) = option["media"]
    assert 390 < rule["query"]["maxWidth"] < 700
    assert rule["option"]["grid"]["top"] >= option["grid"]["top"] + 24
    (short,) = FIGURES["by_type"]().option["media"]
    assert short["query"]["maxWidth"] < 350


@pytest.mark.parametrize("name", ["benefit_bars", "category_bars", "funnel"])
def test_single_series_has_no_legend(name):
    assert FIGURES[name]().option["legend"]["show"] is False


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_chart_is_plain_json_drawn_still_with_a_text_tooltip(name):
    """JSON as it is sent (no NaN, no numpy or date objects); no animation (the page is at once
    as it will stay, and a print catches it whole); the tooltip drawn as text, never as HTML."""
    chart = FIGURES[name]()
    assert json.loads(json.dumps(chart.option, allow_nan=False)) == chart.option
    assert chart.option["animation"] is False
    assert "richText" == chart.option["tooltip"]["renderMode"]
    assert (
        "formatter" not in chart.option["tooltip"]
        or "<" not in chart.option["tooltip"]["formatter"]
    )
    assert chart.height >= 150  # three rows of bars at least
    assert charts.labels.CHART_ALT[name] == chart.alt  # its accessible name, in Chinese


def test_categories_sorted_by_benefit_largest_on_top():
    """The category axis runs top down (inverse): the data runs largest to smallest."""
    option = FIGURES["category_bars"]().option
    assert option["yAxis"]["inverse"] is True
    assert ["技术攻关", "服务创新", "技术创新", "管理创新"] == option["yAxis"]["data"]
    bars = option["series"][0]
    assert [300.0, 45.5, 10.0, 0.0] == values(bars)
    assert "300.00（5项）" == bars["data"][0]["label"]["formatter"]


def test_bar_labels_have_room_right_of_the_plot():
    """The widest label, "300.00（5项）", by hand: seven digits and points at 0.62 of 13 px
    (56.42) and three full-width characters at 13 px (39): 95.42, rounded up to 96, plus 12 px
    between bar and label. The plot no longer pads its axis for them."""
    option = FIGURES["category_bars"]().option
    assert 108 == option["grid"]["right"]
    assert "boundaryGap" not in option["xAxis"]
    assert 28 == FIGURES["by_type"]().option["grid"]["right"]  # the default elsewhere


@pytest.mark.parametrize("top, step", [(4025.34, 2000), (6562.68, 2500), (300.0, 100), (0.5, 0.2)])
def test_money_axis_ticks_round_steps_to_the_longest_bar(top, step):
    """About three round steps up to the longest bar, by hand: 4025.34 / 3 = 1341.8 -> 2000;
    6562.68 / 3 = 2187.6 -> 2500; 300 / 3 = 100 -> 100; 0.5 / 3 = 0.17 -> 0.2. The axis ends at
    the longest bar, its end unlabelled (it is no round step)."""
    axis = charts._money_axis(top)
    assert step == pytest.approx(axis["interval"])
    assert "dataMax" == axis["max"] and 0 == axis["min"]
    assert axis["axisLabel"]["showMaxLabel"] is False


def test_money_axis_without_bars_is_left_to_echarts():
    axis = charts._money_axis(0.0)
    assert "interval" not in axis and "max" not in axis


def test_types_sorted_by_named_most_on_top():
    option = FIGURES["by_type"]().option
    assert ["劳模创新工作室", "高技能人才创新工作室"] == option["yAxis"]["data"]
    assert [[3, 2], [2, 1]] == [values(s) for s in option["series"]]  # applied, then named
    assert 1 == option["xAxis"]["interval"]  # 0, 1, 2, 3: no 0.5 / 1.5 / 2.5


def test_trend_counts_on_their_own_right_axis():
    """万元 bars on the left axis, the outcome count on a second, visible, titled right axis that
    starts at 0 (no hidden scale under a line); the running year's bar grey."""
    option = FIGURES["benefit_trend"]().option
    bars, line = option["series"]
    assert "bar" == bars["type"] and 0 == bars.get("yAxisIndex", 0)
    assert "line" == line["type"] and 1 == line["yAxisIndex"]
    left, right = option["yAxis"]
    assert "right" == right["position"] and right.get("show", True) is True
    assert 0 == right["min"] and right["max"] >= 7
    assert 0 == left["min"] and left["max"] >= 120 * 1.5  # the bars in the lower two thirds
    assert [charts.BLUE, charts.BLUE, charts.GREY] == [
        p["itemStyle"]["color"] for p in bars["data"]
    ]
    assert ["3", "7", "2"] == [p["label"]["formatter"] for p in line["data"]]
    assert ["2021", "2022", "2023\n（至12-15）"] == option["xAxis"]["data"]


def test_funnel_has_no_bare_value_axis():
    option = FIGURES["funnel"]().option
    assert option["xAxis"]["show"] is False
    assert ["申报", "受理", "现场考核", "命名"] == option["yAxis"]["data"]  # the process' order
    assert ["5（100%）", "4（80%）", "3（60%）", "2（40%）"] == [
        p["label"]["formatter"] for p in option["series"][0]["data"]
    ]


def test_burnup_steps_up_to_the_named_count_and_projects_to_the_deadline():
    named, target, pace, projection = FIGURES["burnup"]().option["series"]
    assert "end" == named["step"]
    assert [["2023-01-01", 0], ["2023-03-01", 1], ["2023-06-30", 3]] == named["data"]
    assert [["2023-01-01", 5], ["2023-12-31", 5]] == target["data"]
    assert [["2023-01-01", 0], ["2023-12-31", 5]] == pace["data"]
    assert [["2023-06-30", 3], ["2023-12-31", 4.0]] == values(projection)


def test_no_projection_once_the_deadline_has_passed():
    late = charts.burnup(STEPS, 5, START, DEADLINE, DEADLINE, 3, 4.0)
    assert [charts.labels.CHART_PROJECTION] != [s["name"] for s in late.option["series"]][-1:]


def test_risk_tiers_stack_red_first_and_label_only_what_is_there():
    option = FIGURES["risk_by_unit"]().option
    assert ["甲", "乙"] == option["yAxis"]["data"]
    high, medium, low = option["series"]
    assert [charts.RED, charts.AMBER, charts.GREEN] == [
        s["itemStyle"]["color"] for s in (high, medium, low)
    ]
    assert {"tiers"} == {s["stack"] for s in (high, medium, low)}
    assert [[1, 0], [0, 1], [2, 0]] == [values(s) for s in (high, medium, low)]
    assert [True, False] == [p["label"]["show"] for p in high["data"]]


def test_timeline_draws_every_outcome_with_room_either_side():
    option = FIGURES["outcome_timeline"]().option
    adopted, other = option["series"]
    assert ["乙成果"] == [p["name"] for p in adopted["data"]]
    assert ["甲成果 <b>", "丙成果"] == [p["name"] for p in other["data"]]
    days = sorted(p["value"][0] for s in option["series"] for p in s["data"])
    assert ["2021-03-04", "2021-08-01", "2022-05-06"] == days
    assert option["xAxis"]["min"] < days[0] and days[-1] < option["xAxis"]["max"]
    assert ["QC成果", "技术创新"] == option["yAxis"]["data"]
    assert "—" == other["data"][1]["value"][2]  # no benefit: a dash, not nan


def test_a_stacked_label_shows_only_where_its_number_fits_on_a_phone():
    """R7's 3 高 and 1 中 beside 41 低 (45 in all): on a phone's ~240 px plot the 1 has 5 px and
    ran into the 3 ("31"); a label shows only when its digits fit their segment there."""
    counts = pd.DataFrame({"rule": ["R7", "R5"], "high": [3, 30], "medium": [1, 0], "low": [41, 0]})
    high, medium, low = charts.risk_rules(counts).option["series"]
    shown = [[p["label"]["show"] for p in s["data"]] for s in (high, medium, low)]
    assert [[True, True], [False, False], [True, False]] == shown
    assert all(s["labelLayout"] == {"hideOverlap": True} for s in (high, medium, low))
