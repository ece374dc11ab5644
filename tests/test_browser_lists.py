"""Lists on a phone and the way back, in Chromium (dashboard/lists.py): cards below 640 px and
tables above, the filters in force as chips, the studio file's 返回列表 and the browser's back
button, the top bar, and the navigation closing after a choice on a phone."""

from __future__ import annotations

import re
import urllib.parse

from dashboard import report
from tests.browser import AS_PHONE, DESKTOP, LINE_TEXTS, PHONE, after, open_page, settle, shot
from tests.test_browser_explore import count, found, shown_count


def cards(page, key: str):
    return page.locator(f'[class*="st-key-card_{key}_"]')


def test_phone_cards_and_desktop_tables(server, browser, sample_con):
    """On a phone the 检查查询 results are cards (name, the light's word on its pill, the first
    rule that fires, a tap to the file), the table is not shown and nothing scrolls sideways; a desktop browser gets the
    table and no cards, at 1440 px and in a window narrowed to 390 px."""
    expected = count(sample_con, tiers=["高"])
    phone = open_page(browser, server.url + "/explore?r=高", PHONE)
    try:
        assert shown_count(phone) == expected
        assert cards(phone, "results").count() == min(expected, 30)
        first = cards(phone, "results").first
        assert first.is_visible()
        assert first.locator('[class*="st-key-pill_bad"]').inner_text().strip() == "高风险"
        top = found(sample_con, tiers=["高"]).iloc[0]
        assert first.get_by_text(report.reason_detail(top["top_reason"]), exact=True).is_visible()
        assert not phone.locator(".st-key-grid_results").is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        shot(phone, "lists-explore-phone")
    finally:
        phone.context.close()
    desk = open_page(browser, server.url + "/explore?r=高", {"width": 1440, "height": 900})
    try:
        assert desk.locator(".st-key-grid_results").is_visible()
        assert 0 == cards(desk, "results").count()  # a desktop browser is sent none
        desk.set_viewport_size(PHONE)  # its window narrowed: the table stays
        desk.wait_for_timeout(300)
        assert desk.locator(".st-key-grid_results").is_visible()
        assert desk.evaluate("document.documentElement.scrollWidth") <= 390
        shot(desk, "lists-explore-desktop-narrowed")
    finally:
        desk.context.close()


def test_units_and_watchlist_cards_show_their_light(server, browser):
    """创建进度's units and 摘牌风险's 预警清单 as cards: each pill carries its word, and the
    completion bar is drawn in the light's colour (red = 落后)."""
    page = open_page(browser, server.url + "/", PHONE)
    try:
        # the header's dates stay whole on a phone (导入于 2026- / 12-08 00:24 before)
        lines = page.locator(".page-context").evaluate(LINE_TEXTS)
        dates = re.findall(r"\d{4}-\d\d-\d\d(?: \d\d:\d\d)?", "".join(lines))
        assert len(dates) >= 2 and all(any(d in line for line in lines) for d in dates), lines
        unit_cards = cards(page, "units")
        assert unit_cards.count() > 0
        colours = {
            "good": "rgb(47, 133, 90)",
            "watch": "rgb(214, 158, 46)",
            "bad": "rgb(197, 48, 48)",
        }
        for i in range(unit_cards.count()):
            card = unit_cards.nth(i)
            pill = card.locator('[class*="st-key-pill_"]')
            tone = re.search(r"st-key-pill_(\w+?)_", pill.get_attribute("class")).group(1)
            assert pill.inner_text().strip() in ("正常", "关注", "落后", "无名额")
            fill = card.locator('[data-testid="stProgressBarTrack"] > div')
            if tone in colours and fill.count():
                assert fill.evaluate("e => getComputedStyle(e).backgroundColor") == colours[tone]
        page.goto(server.url + "/risk")
        settle(page)
        watch = cards(page, "watchlist")
        assert watch.count() > 0
        assert watch.first.locator('[class*="st-key-pill_"]').inner_text().strip() in (
            "高风险",
            "中风险",
        )
        assert "pill_bad" in watch.first.locator('[class*="st-key-pill_"]').get_attribute("class")
        assert "风险分" in watch.first.inner_text()
        # a phone has cards, no rows to tick: the line above the list says what a tap does
        assert "勾选" not in page.get_by_test_id("stMain").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.context.close()


def test_chips_show_and_remove_the_filters_in_force(server, browser, sample_con):
    page = open_page(browser, server.url + "/explore?r=高&t=劳模创新工作室", DESKTOP)
    try:
        both = count(sample_con, tiers=["高"], studio_types=["劳模创新工作室"])
        assert shown_count(page) == both
        chip = page.get_by_role("button", name="风险等级：高")
        assert chip.is_visible()
        assert page.get_by_role("button", name="类型：劳模创新工作室").is_visible()
        after(page, chip.click)
        assert shown_count(page) == count(sample_con, studio_types=["劳模创新工作室"])
        assert "r=" not in page.url
        after(page, page.get_by_role("button", name="清除筛选").click)
        assert shown_count(page) == count(sample_con)
        assert page.get_by_role("button", name="清除筛选").count() == 0
    finally:
        page.context.close()


def test_the_file_leads_back_to_exactly_that_list(server, browser, sample_con):
    """From a card to the file, 返回列表 opens the same list (its filters), and so does the
    browser's back button."""
    listed = "/explore?r=高&t=劳模创新工作室"
    page = open_page(browser, server.url + listed, PHONE)
    try:
        expected = shown_count(page)
        after(page, cards(page, "results").first.get_by_text("查看档案").click)
        assert urllib.parse.urlparse(page.url).path == "/studio"
        back = page.get_by_text("返回列表")
        assert back.is_visible()
        after(page, back.click)
        query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
        assert urllib.parse.urlparse(page.url).path == "/explore"
        assert query["r"] == ["高"] and query["t"] == ["劳模创新工作室"]
        assert shown_count(page) == expected
        after(page, cards(page, "results").first.get_by_text("查看档案").click)
        after(page, page.go_back)
        assert urllib.parse.urlparse(page.url).path == "/explore"
        assert shown_count(page) == expected
        assert page.get_by_role("button", name="风险等级：高").is_visible()
    finally:
        page.context.close()


def test_on_a_phone_the_date_is_at_hand_and_the_navigation_closes(server, browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", **AS_PHONE)
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        settle(page)
        from tests.browser import login

        login(page, "admin", "demo1234", ok=True)
        bar = page.locator(".st-key-topbar")
        assert bar.get_by_role("group", name="数据截至").is_visible()  # no drawer to open
        assert bar.get_by_label("创建年度").is_visible()
        sidebar = page.locator('[data-testid="stSidebar"]')
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_timeout(500)
        assert sidebar.get_attribute("data-collapsed") == "false"
        after(page, sidebar.get_by_role("link", name="摘牌风险").click)
        page.wait_for_timeout(500)
        assert urllib.parse.urlparse(page.url).path == "/risk"
        assert sidebar.get_attribute("data-collapsed") == "true"
    finally:
        context.close()
