"""申报审核, 表彰与荣誉 and the pipeline on 创建进度 in AppTest (issue 16): the pages show the
report's figures, and a unit user sees only their unit's rows."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import report
from tests.tables import grid


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def open_page(at, page: str):
    at.run()
    return at.switch_page(page).run()


def test_applications_page_shows_the_report(app, sample_con):
    at = open_page(app, "views/applications.py")
    assert not at.exception
    data = report.build(sample_con)
    camp, apps = data["campaign"], data["applications"]
    assert {"申报": str(camp["applied"]), "逾期申报": str(camp["late"])} == {
        k: metrics(at)[k] for k in ("申报", "逾期申报")
    }
    assert (str(camp["ineligible"]), str(camp["unverified"])) == (
        metrics(at)["不符合形式"],
        metrics(at)["待核实"],
    )
    table = at.dataframe[0].value
    assert sorted(a["studio_id"] for a in apps) == sorted(table["工作室编号"])
    flagged = table[table["形式审查"] != "符合"]
    assert len(flagged) == camp["ineligible"] + camp["unverified"]
    attention = ((table["形式审查"] != "符合") | (table["逾期"] == "是")).tolist()
    assert attention == sorted(attention, reverse=True), "those needing attention come first"
    assert all("第四条" in note for note in flagged["审查说明"])
    late = table[table["逾期"] == "是"]
    assert len(late) == camp["late"] and all("晚于申报截止日期" in n for n in late["审查说明"])


def test_applications_filter_by_eligibility(app, sample_con):
    at = open_page(app, "views/applications.py")
    at.pills(key="eligibility").set_value(["不符合"]).run()
    table = grid(at.dataframe[0])
    assert {"不符合"} == set(table["形式审查"])
    assert report.build(sample_con)["campaign"]["ineligible"] == len(table)


def test_honours_page_shows_the_report(app, sample_con):
    at = open_page(app, "views/honours.py")
    assert not at.exception
    data = report.build(sample_con)
    roll, candidates = at.dataframe[0].value, at.dataframe[1].value
    assert [g["leader"] for g in data["gold_workers"]] == roll["姓名"].tolist()
    assert list(range(1, len(roll) + 1)) == roll["序号"].tolist()
    assert [c["studio_id"] for c in data["commendation"]] == candidates["工作室编号"].tolist()
    assert ["、".join(c["criteria"]) for c in data["commendation"]] == candidates[
        "符合条件"
    ].tolist()
    near = at.dataframe[2].value
    assert near["差在哪里"].str.len().gt(0).all()


@pytest.mark.parametrize("page", ["views/applications.py", "views/honours.py"])
def test_unit_user_sees_only_their_unit(unit_app, page):
    at = open_page(unit_app, page)
    assert not at.exception
    for frame in (d.value for d in at.dataframe):
        for column in ("推荐单位",):
            if column in frame:
                assert set(frame[column]) <= {"蜀山区"}, page


def test_pipeline_and_light_rule_before_and_after_naming(app, sample_con):
    at = app.run()
    camp = report.build(sample_con)["campaign"]
    pipeline = camp["named"] + camp["in_review"]
    note = f"若全部通过 {pipeline}/{camp['target']}，仍差 {camp['shortfall']}"
    assert any(note in i.value for i in at.info)
    # the light's rule, and what 缺口 counts (a unit 落后 on named studios can have 缺口 0)
    assert any(
        "首批命名后" in c.value and "评审中的工作室全部通过后" in c.value for c in at.caption
    )
    at.date_input(key="as_of").set_value(dt.date(2023, 6, 30)).run()
    early = report.build(sample_con, 2023, dt.date(2023, 6, 30))["campaign"]
    assert any("距申报截止日期（2023-10-30）还有 122 天" in i.value for i in at.info)
    assert any("首批命名前" in c.value for c in at.caption)
    assert 0 == early["named"]


def test_roll_filters_by_unit_and_campaign(app, sample_con):
    at = open_page(app, "views/honours.py")
    at.selectbox(key="roll_unit").set_value("蜀山区").run()
    roll = at.dataframe[0].value
    expected = report.build(sample_con, unit="蜀山区")["gold_workers"]
    assert [g["name"] for g in expected] == roll["工作室名称"].tolist()
    at.selectbox(key="roll_year").set_value(2021).run()
    roll = at.dataframe[0].value
    assert [g["name"] for g in expected if g["campaign_year"] == 2021] == roll[
        "工作室名称"
    ].tolist()
