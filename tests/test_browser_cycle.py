"""申报审核 and 表彰与荣誉 in Chromium at desktop and phone width: the figures the report gives,
a link that keeps the filters, no sideways scroll on a phone (issue 16)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import report
from tests.browser import DESKTOP, PHONE, after, open_page, shot

WIDE = {"width": 1440, "height": 900}


def no_sideways_scroll(page, viewport) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_applications_page(server, browser, sample_con, viewport):
    data = report.build(sample_con)
    page = open_page(browser, server.url + "/applications", viewport)
    try:
        text = page.inner_text("body")
        camp = data["campaign"]
        for label, key in (
            ("逾期申报", "late"),
            ("不符合形式", "ineligible"),
            ("待核实", "unverified"),
        ):
            assert label in text and str(camp[key]) in text
        apps = data["applications"]
        problems = sum(a["eligibility"] != "符合" or a["late"] for a in apps)
        assert f"共 {len(apps)} 个申报工作室符合条件，其中 {problems} 个需处理" in text
        assert page.get_by_test_id("stDataFrame").count() == 2  # the list and the units
        assert no_sideways_scroll(page, viewport)
        shot(page, f"applications-{'phone' if viewport is PHONE else 'desktop'}")
    finally:
        page.context.close()


def test_applications_filters_live_in_the_link(server, browser):
    page = open_page(browser, server.url + "/applications?eligibility=待核实", DESKTOP)
    try:
        assert "eligibility=" in page.url
        table = page.get_by_test_id("stDataFrame").first
        assert table.is_visible()
        assert "待核实" in page.inner_text("body")
        after(page, lambda: page.get_by_text("只看逾期申报").click())
        assert "late=" in page.url
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_honours_page(server, browser, sample_con, viewport):
    data = report.build(sample_con)
    page = open_page(browser, server.url + "/honours", viewport)
    try:
        text = page.inner_text("body")
        assert "金牌职工名录" in text and "表彰建议名单" in text
        active = sum(g["active"] for g in data["gold_workers"])
        assert f"共 {len(data['gold_workers'])} 人，其中在册 {active} 人" in text
        assert "C3 成果显著：近 365 天经济效益合计 ≥ 50 万元" in text
        assert page.get_by_test_id("stDataFrame").count() == 3  # roll, candidates, near misses
        assert no_sideways_scroll(page, viewport)
        shot(page, f"honours-{'phone' if viewport is PHONE else 'desktop'}")
    finally:
        page.context.close()


def test_as_of_in_the_link_replays_the_roll(server, browser, sample_con):
    as_of = dt.date(2021, 6, 30)
    roll = report.build(sample_con, as_of=as_of)["gold_workers"]
    page = open_page(browser, server.url + "/honours?as_of=2021-06-30", DESKTOP)
    try:
        assert f"共 {len(roll)} 人" in page.inner_text("body")
    finally:
        page.context.close()
