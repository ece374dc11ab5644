"""检查查询 in Chromium: filters on a phone, the shared-link round trip, screenshots."""

from __future__ import annotations

import datetime as dt
import re

from dashboard import db, report
from tests.browser import DESKTOP, PHONE, after, open_page, shot


def found(con, **filters):
    """queries/explore_studios.sql as 检查查询 runs it on the sample, with these filters."""
    base = dict(
        units=None,
        unit_kinds=None,
        studio_types=None,
        statuses=None,
        industries=None,
        tiers=None,
        named_years=None,
        campaign_years=None,
        text=None,
        limit=1000,
    )
    return db.run(
        con,
        "explore_studios",
        as_of=dt.date(2023, 12, 15),
        unit=None,
        p=report.risk_params(con),
        **{**base, **filters},
    )


def count(con, **filters) -> int:
    rows = found(con, **filters)
    return int(rows["total"].iloc[0]) if len(rows) else 0


def shown_count(page) -> int:
    caption = page.get_by_text(re.compile(r"共 [\d,]+ 个工作室符合条件")).first.inner_text()
    return int(re.search(r"共 ([\d,]+) 个", caption).group(1).replace(",", ""))


def test_shared_link_round_trip(server, browser, sample_con):
    """An inspector searches on a phone; the link opened on a desktop shows the same results."""
    page = open_page(browser, server.url + "/explore", PHONE)
    try:
        assert count(sample_con) == shown_count(page)
        box = page.get_by_placeholder("工作室名称、领衔人或依托单位")
        box.fill("张")
        after(page, lambda: box.press("Enter"))
        expected = count(sample_con, text="张")
        assert 0 < expected == shown_count(page)
        assert "q=" in page.url
        shot(page, "explore-phone")
        link = page.url
    finally:
        page.context.close()
    other = open_page(browser, link, DESKTOP)
    try:
        assert expected == shown_count(other)
        assert "张" == other.get_by_placeholder("工作室名称、领衔人或依托单位").input_value()
        assert [] == other.errors
        shot(other, "explore-desktop")
    finally:
        other.context.close()


def test_filters_in_the_url(server, browser, sample_con):
    page = open_page(browser, server.url + "/explore?r=高&s=已命名", DESKTOP)
    try:
        assert count(sample_con, tiers=["高"], statuses=["named"]) == shown_count(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= DESKTOP["width"] + 1
    finally:
        page.context.close()


def test_phone_has_no_sideways_scroll_and_filters_fold(server, browser):
    page = open_page(browser, server.url + "/explore", PHONE)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        expander = page.get_by_test_id("stExpander")
        assert not expander.locator("[data-testid='stMultiSelect']").first.is_visible()
        expander.get_by_text("筛选条件").click()
        page.wait_for_timeout(500)
        assert expander.locator("[data-testid='stMultiSelect']").first.is_visible()
        shot(page, "explore-phone-filters")
    finally:
        page.context.close()
