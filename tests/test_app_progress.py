"""创建进度 in AppTest: the page shows the report's figures, filters and drill-down work."""

from __future__ import annotations

import datetime as dt

from dashboard import report


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_kpis_equal_the_report(app, sample_con):
    at = app.run()
    assert not at.exception
    r = report.build(sample_con)["campaign"]
    shown = metrics(at)
    assert str(r["target"]) == shown["目标数"]
    assert str(r["named"]) == shown["本年度命名"]
    named = next(m for m in at.metric if m.label == "本年度命名")
    assert named.proto.help.startswith("2023 年度创建活动中已命名")
    assert f"{r['completion'] * 100:.1f}%" == shown["完成率"]
    assert f"{r['time_elapsed'] * 100:.1f}%" == shown["序时进度"]
    assert (str(r["applied"]), str(r["in_review"]), str(r["rejected"])) == (
        shown["申报"],
        shown["评审中"],
        shown["未通过/撤回"],
    )
    assert "16 天" == shown["距完成期限"]  # 2023-12-15 to 2023-12-31
    assert any("数据截至 2023-12-15" in m.value for m in at.markdown)
    assert any("示例数据" in w.value for w in at.warning)


def test_unit_table_equals_the_report(app, sample_con):
    at = app.run()
    table = at.dataframe[0].value
    expected = report.build(sample_con)["units"]
    assert [u["unit"] for u in expected] == table["unit"].tolist()
    assert [u["named"] for u in expected] == table["named"].tolist()
    assert [u["quota"] for u in expected] == table["quota"].tolist()


def test_unit_kind_filter(app):
    at = app.run()
    at.segmented_control(key="unit_kind").set_value("开发区").run()
    assert {"开发区"} == set(at.dataframe[0].value["unit_kind"])
    assert {"高新区", "经开区", "新站高新区"} >= set(at.dataframe[0].value["unit"])


def test_no_unit_kind_choice_for_a_single_unit(unit_app):
    """A unit user's pages offered 全部 / 县(市)区 over its one unit: nothing to choose."""
    at = unit_app.run()
    assert not at.exception, at.exception
    assert [] == [w for w in at.segmented_control if w.key == "unit_kind"]
    assert {"蜀山区"} == set(at.dataframe[0].value["unit"])
    at.switch_page("views/benefits.py").run()
    assert [] == [w for w in at.segmented_control if w.key == "benefits_unit_kind"]


def test_as_of_replays_the_past(app, sample_con):
    at = app.run()
    at.date_input(key="as_of").set_value(dt.date(2023, 6, 30)).run()
    r = report.build(sample_con, 2023, dt.date(2023, 6, 30))["campaign"]
    assert str(r["named"]) == metrics(at)["本年度命名"]
    assert f"{r['time_elapsed'] * 100:.1f}%" == metrics(at)["序时进度"]
    assert any("数据截至 2023-06-30" in m.value for m in at.markdown)


def test_campaign_switch(app, sample_con):
    at = app.run()
    at.selectbox(key="campaign").set_value(2022).run()
    r = report.build(sample_con, 2022)["campaign"]
    assert (str(r["target"]), str(r["named"])) == (metrics(at)["目标数"], metrics(at)["本年度命名"])


def test_charts_drawn(app):
    from tests.tables import charts

    at = app.run()
    burnup, funnel, _ = charts(at)
    assert ["累计命名", "目标", "序时进度线", "若评审中全部通过"] == [
        t["name"] for t in burnup["series"]
    ]
    assert ["申报", "受理", "现场考核", "命名"] == funnel["yAxis"]["data"]


def test_picking_a_unit_lists_its_applicants(app, sample_con):
    from dashboard import db

    at = app.run()
    at.selectbox(key="pick_unit").set_value("蜀山区").run()
    shown = at.dataframe[1].value
    expected = db.run(
        sample_con, "campaign_applicants", campaign=2023, as_of=dt.date(2023, 12, 15), unit="蜀山区"
    )
    assert expected["studio_id"].tolist() == shown["studio_id"].tolist()
    assert {"蜀山区"} == set(shown["unit"])
    assert any("蜀山区 的申报工作室" in h.value for h in at.subheader)
