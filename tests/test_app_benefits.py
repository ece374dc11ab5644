"""成果效益 in AppTest: the page shows benefits_by_unit's figures, 同比, filters and drill-down."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest

from dashboard import benefits_tables as B
from dashboard import db
from tests.tables import charts, grid, values

AS_OF = dt.date(2023, 12, 15)
YTD = dict(as_of=AS_OF, period_start=dt.date(2023, 1, 1), period_end=AS_OF)
PRIOR = dict(
    as_of=dt.date(2022, 12, 15), period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 15)
)


def page(app):
    at = app.run()
    at.switch_page("views/benefits.py").run()
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict:
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def money(wan: float) -> str:
    """A KPI card's money, worked out here: 万元 below 1 亿 (10,000 万元), 亿元 from it up."""
    return f"{wan / 10_000:,.2f} 亿元" if wan >= 10_000 else f"{wan:,.2f} 万元"


# st.dataframe without selection carries no key: tell the tables apart by a column only they have
MARK = {"benefit_units": "单位类别", "benefit_studios": "命名日期", "benefit_top": "成果编号"}


def table(at, key: str):
    return next(grid(d) for d in at.dataframe if MARK[key] in d.value.columns)


def test_unit_table_equals_benefits_by_unit(app, sample_con):
    """Every unit's figures are benefits_by_unit's, in its order (benefit first)."""
    at = page(app)
    expected = db.run(sample_con, "benefits_by_unit", **YTD, unit=None)
    shown = table(at, "benefit_units")
    assert expected["unit"].tolist() == shown["推荐单位"].tolist()
    assert expected["studios"].tolist() == shown["在册工作室"].tolist()
    assert expected["outcomes"].tolist() == shown["成果数"].tolist()
    assert expected["benefit_wan"].round(2).tolist() == shown["经济效益(万元)"].round(2).tolist()
    assert expected["invention_patents"].tolist() == shown["发明专利"].tolist()
    assert expected["utility_patents"].tolist() == shown["实用新型"].tolist()
    assert expected["design_patents"].tolist() == shown["外观设计"].tolist()
    assert (expected["adopted_share"] * 100).round(6).tolist() == shown["推广应用率"].round(
        6
    ).tolist()
    assert any("数据截至 2023-12-15" in m.value for m in at.markdown)


def test_kpis_and_yoy_on_known_values(app, sample_con):
    """The KPI strip sums benefits_by_unit; 同比 compares with 2022-01-01…2022-12-15 as of then."""
    at = page(app)
    now = db.run(sample_con, "benefits_by_unit", **YTD, unit=None)
    then = db.run(sample_con, "benefits_by_unit", **PRIOR, unit=None)
    shown = metrics(at)
    benefit, benefit_before = now["benefit_wan"].sum(), then["benefit_wan"].sum()
    assert benefit > 10_000  # 28,289.17 万元 shows as 2.83 亿元
    assert f"{benefit / 10_000:,.2f} 亿元" == shown["经济效益"][0]
    up = (benefit - benefit_before) / benefit_before * 100
    assert up > 0
    assert f"▲ {up:.1f}%" == shown["经济效益"][1]
    outcomes, outcomes_before = now["outcomes"].sum(), then["outcomes"].sum()
    assert (f"{outcomes:,}", f"▲ {(outcomes / outcomes_before - 1) * 100:.1f}%") == shown[
        "成果数(项)"
    ]
    patents = now[["invention_patents", "utility_patents", "design_patents"]].to_numpy().sum()
    assert f"{patents:,}" == shown["专利(件)"][0]
    assert f"{now['studios'].sum():,}" == shown["累计在册工作室"][0]
    adopted = (now["adopted_share"].fillna(0) * now["outcomes"]).round().sum() / outcomes
    assert f"{adopted * 100:.1f}%" == shown["推广应用率"][0]
    assert shown["推广应用率"][1].endswith("个百分点")
    assert any("同比：与上年同期（2022-01-01 至 2022-12-15" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "current, prior, points, expected",
    [
        (110, 100, False, ("▲ 10.0%", "green")),
        (75, 100, False, ("▼ 25.0%", "red")),
        (100, 100, False, ("持平", "gray")),
        (5, 0, False, ("上年同期无数据", "gray")),
        (5, None, False, ("上年同期无数据", "gray")),
        (0.5, 0.45, True, ("▲ 5.0 个百分点", "green")),
        (0.4, 0.45, True, ("▼ 5.0 个百分点", "red")),
    ],
)
def test_yoy_text(current, prior, points, expected):
    assert expected == B.yoy(current, prior, points=points)


def test_period_switch_to_a_whole_year(app, sample_con):
    """2022 年 shows the whole of 2022, compared with the whole of 2021 as of 2022-12-15."""
    at = page(app)
    assert ["本年至今", "2022", "2021", "2020", "2019", "全部"] == at.segmented_control(
        key="period"
    ).options
    at.segmented_control(key="period").set_value("2022").run()
    expected = db.run(
        sample_con,
        "benefits_by_unit",
        as_of=AS_OF,
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        unit=None,
    )
    before = db.run(
        sample_con,
        "benefits_by_unit",
        as_of=dt.date(2022, 12, 15),
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 12, 31),
        unit=None,
    )
    shown = table(at, "benefit_units")
    assert expected["unit"].tolist() == shown["推荐单位"].tolist()
    assert expected["benefit_wan"].round(2).tolist() == shown["经济效益(万元)"].round(2).tolist()
    rel = (expected["benefit_wan"].sum() / before["benefit_wan"].sum() - 1) * 100
    assert ("▲" if rel > 0 else "▼") + f" {abs(rel):.1f}%" == metrics(at)["经济效益"][1]
    assert any(c.value.startswith("2022 年：2022-01-01 至 2022-12-31") for c in at.caption)


def test_all_time_has_no_yoy(app, sample_con):
    at = page(app)
    at.segmented_control(key="period").set_value("all").run()
    expected = db.run(
        sample_con,
        "benefits_by_unit",
        as_of=AS_OF,
        period_start=B.ALL_START,
        period_end=AS_OF,
        unit=None,
    )
    shown = metrics(at)
    assert money(expected["benefit_wan"].sum()) == shown["经济效益"][0]
    assert all(delta == "" for _, delta in shown.values())
    assert "效益同比" not in table(at, "benefit_units").columns
    assert any("不计同比" in c.value for c in at.caption)


def test_unit_kind_filter(app):
    at = page(app)
    at.segmented_control(key="benefits_unit_kind").set_value("开发区").run()
    shown = table(at, "benefit_units")
    assert {"开发区"} == set(shown["单位类别"])
    bars = charts(at)[0]
    assert set(bars["yAxis"]["data"]) == set(shown["推荐单位"])
    # the KPI strip stays the whole scope's
    assert metrics(page(app))["经济效益"] == metrics(at)["经济效益"]


def test_picking_a_unit_lists_its_studios(app, sample_con):
    """A unit's named studios with their benefit, each linked to its file page."""
    at = page(app)
    at.selectbox(key="benefits_unit").set_value("蜀山区").run()
    assert not at.exception
    shown = table(at, "benefit_studios")
    expected = db.run(sample_con, "benefits_studios", **YTD, unit="蜀山区")
    unit = db.run(sample_con, "benefits_by_unit", **YTD, unit=None).set_index("unit").loc["蜀山区"]
    assert expected["studio_id"].tolist() == shown["工作室编号"].tolist()
    assert int(unit["studios"]) == len(shown)
    assert round(unit["benefit_wan"], 2) == round(shown["经济效益(万元)"].sum(), 2)
    assert int(unit["outcomes"]) == shown["成果数"].sum()
    # each file links back to this page as it is (lists.here)
    links = [urllib.parse.urlsplit(u) for u in shown["档案"]]
    assert [f"/studio?id={s}" for s in expected["studio_id"]] == [
        f"{u.path}?id={urllib.parse.quote(urllib.parse.parse_qs(u.query)['id'][0], safe='-_.')}"
        for u in links
    ]
    assert {urllib.parse.parse_qs(u.query)["back"][0].split("?")[0] for u in links} == {"/benefits"}
    assert any("蜀山区 的在册工作室" in h.value for h in at.subheader)


def test_charts(app, sample_con):
    at = page(app)
    specs = charts(at)
    assert 4 == len(specs)
    units = db.run(sample_con, "benefits_by_unit", **YTD, unit=None)
    # ranked, largest on top (the category axis runs top down)
    assert units["unit"].head(15).tolist() == specs[0]["yAxis"]["data"]
    assert specs[0]["yAxis"]["inverse"] is True
    assert [round(v, 2) for v in units["benefit_wan"].head(15)] == values(specs[0]["series"][0])
    assert ["发明专利", "实用新型", "外观设计"] == [t["name"] for t in specs[1]["series"]]
    assert {"patents"} == {t["stack"] for t in specs[1]["series"]}
    categories = [
        "技术创新",
        "技术攻关",
        "管理创新",
        "服务创新",
        "发明创造",
        "合理化建议",
        "五小成果",
        "先进操作法",
        "QC成果",
    ]
    by_benefit = db.run(sample_con, "benefits_by_category", **YTD, unit=None).sort_values(
        "benefit_wan", ascending=False
    )
    assert set(categories) == set(by_benefit["category"])
    assert by_benefit["category"].tolist() == specs[2]["yAxis"]["data"]  # largest on top
    assert ["2019", "2020", "2021", "2022", "2023\n（至12-15）"] == specs[3]["xAxis"]["data"]
    assert 1 == specs[3]["series"][1]["yAxisIndex"]  # the outcome count on its own axis
    assert "成果数（项）" == specs[3]["yAxis"][1]["name"]


def test_top_outcomes(app, sample_con):
    at = page(app)
    shown = table(at, "benefit_top")
    expected = db.run(sample_con, "benefits_top_outcomes", **YTD, unit=None, top=20)
    assert expected["outcome_id"].tolist() == shown["成果编号"].tolist()
    assert 20 == len(shown)
    assert shown["经济效益(万元)"].is_monotonic_decreasing
    assert set(shown["推广应用"]) <= {"是", "否"}


def test_unit_scope_limits_everything(unit_app, sample_con):
    """A unit user sees their unit only: the table, the KPIs and the top outcomes."""
    at = page(unit_app)
    assert ["蜀山区"] == table(at, "benefit_units")["推荐单位"].tolist()
    assert {"蜀山区"} == set(table(at, "benefit_top")["推荐单位"])
    expected = db.run(sample_con, "benefits_by_unit", **YTD, unit="蜀山区")
    assert money(expected["benefit_wan"].sum()) == metrics(at)["经济效益"][0]


def test_as_of_replays_the_past(app, sample_con):
    at = page(app)
    at.date_input(key="as_of").set_value(dt.date(2022, 6, 30)).run()
    assert not at.exception
    assert ["本年至今", "2021", "2020", "2019", "全部"] == at.segmented_control(
        key="period"
    ).options
    expected = db.run(
        sample_con,
        "benefits_by_unit",
        as_of=dt.date(2022, 6, 30),
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 6, 30),
        unit=None,
    )
    assert money(expected["benefit_wan"].sum()) == metrics(at)["经济效益"][0]


def test_export_offered_to_roles_that_may_export(app, app_env):
    """管理员 gets the xlsx button; 领导 (a read-only role) does not."""
    from dashboard.auth import LEADER, User
    from tests.conftest import app_as

    assert 1 == len(page(app).get("download_button"))
    assert 0 == len(page(app_as(User("leader", LEADER, None, is_demo=True))).get("download_button"))


def test_before_any_studio_is_named(app):
    """Replayed to a day before the first 命名, the page says so instead of showing zeros."""
    at = page(app)
    at.date_input(key="as_of").set_value(dt.date(2019, 6, 30)).run()
    assert not at.exception
    assert any("尚无已命名的工作室" in i.value for i in at.info)
    assert 0 == len(at.metric)


def test_yoy_on_a_small_base(app, sample_con):
    """瑶海区 had 16.99 万元 a year earlier (below yoy_min_base_wan, 50): its 同比 says 基数过小,
    not ▲ 14788.5%; the caption says so."""
    at = page(app)
    then = db.run(sample_con, "benefits_by_unit", **PRIOR, unit=None).set_index("unit")
    assert 0 < then.loc["瑶海区", "benefit_wan"] < 50
    shown = table(at, "benefit_units").set_index("推荐单位")
    assert "基数过小" == shown.loc["瑶海区", "效益同比"]
    assert shown.loc["蜀山区", "效益同比"].startswith("▲")
    assert any("不足 50 万元的，同比显示“基数过小”" in c.value for c in at.caption)
