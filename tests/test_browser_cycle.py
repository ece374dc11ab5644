"""申报审核 and 表彰与荣誉 in Chromium at desktop and phone width: the figures the report gives,
a link that keeps the filters, no sideways scroll on a phone (issue 16)."""

from __future__ import annotations

import datetime as dt
import re

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
        if viewport is PHONE:  # a late applicant's pill says so, in red, whatever its form
            late = {a["name"] for a in apps if a["late"]}
            cards = page.locator('[class*="st-key-card_applications_"]:not([class*="_units_"])')
            assert late and cards.count() > 0
            for i in range(cards.count()):
                card = cards.nth(i)
                name = card.locator('[data-testid="stText"]').first.inner_text()
                pill = card.locator('[class*="st-key-pill_"]')
                if name in late:
                    assert "pill_bad" in pill.get_attribute("class") and pill.inner_text() == "逾期"
                else:
                    assert pill.inner_text() != "逾期"
        units = page.locator('[class*="st-key-card_applications_units_"]')
        if viewport is PHONE:  # each unit's counts in one line, 逾期 included, not a wide grid
            by_unit = {}
            for a in apps:
                by_unit.setdefault(a["unit"], []).append(a)
            assert units.count() == len(by_unit)
            first = units.first.inner_text()
            unit = first.splitlines()[0].strip()
            late = sum(bool(a["late"]) for a in by_unit[unit])
            assert f"申报 {len(by_unit[unit])}" in first and f"逾期 {late}" in first
            flagged = {
                u
                for u, rows in by_unit.items()
                if any(a["eligibility"] != "符合" or a["late"] for a in rows)
            }
            pills = units.locator('[class*="st-key-pill_watch"]')
            assert pills.count() == len(flagged) > 0
            assert set(pills.all_inner_texts()) == {"需处理"}
            assert not page.locator(".st-key-grid_applications_units").is_visible()
        else:
            assert units.count() == 0
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
        if viewport is PHONE:
            phone_lists(page, data)
        else:  # a desktop browser is sent the tables alone
            assert page.locator('[class*="st-key-card_"]').count() == 0
        assert no_sideways_scroll(page, viewport)
        shot(page, f"honours-{'phone' if viewport is PHONE else 'desktop'}")
    finally:
        page.context.close()


def phone_lists(page, data: dict) -> None:
    """On a phone the three lists of 表彰与荣誉 are cards, read without any sideways scroll: the
    roll's leader with the studio's state on the pill; a candidate with the evidence of each
    criterion; a near miss with what it misses. Their tables are not shown."""
    roll = page.locator('[class*="st-key-card_roll_"]')
    assert roll.count() == min(len(data["gold_workers"]), 10)
    more = f"手机上显示前 10 条，共 {len(data['gold_workers'])} 条"  # 153 in the sample
    assert more in page.locator(".st-key-cards_roll").inner_text()
    first = data["gold_workers"][0]
    assert roll.first.is_visible()
    assert roll.first.locator('[data-testid="stText"]').first.inner_text() == first["leader"]
    state = "在册" if first["active"] else "已摘牌"
    assert roll.first.locator('[class*="st-key-pill_"]').inner_text().strip() == state
    assert (
        first["name"] in roll.first.inner_text() and first["document_no"] in roll.first.inner_text()
    )
    candidates = page.locator('[class*="st-key-card_commendation_0_"]')
    assert candidates.count() == min(len(data["commendation"]), 10)
    top = candidates.first
    assert (
        top.locator('[data-testid="stText"]').first.inner_text() == data["commendation"][0]["name"]
    )
    assert top.locator('[class*="st-key-pill_good"]').inner_text().strip() == "建议表彰"
    assert all(f"C{n} " in top.inner_text() for n in range(1, 5))  # each criterion's evidence
    near = page.locator('[class*="st-key-card_commendation_1_"]')
    assert near.count() > 0
    assert near.first.locator('[class*="st-key-pill_watch"]').inner_text().strip() == "差一项"
    assert re.search(r"未达到（|被通报未整改|摘牌风险为", near.first.inner_text())
    assert near.first.get_by_text("查看档案").is_visible()
    for key in ("roll", "commendation_0", "commendation_1"):
        assert not page.locator(f".st-key-grid_{key}").is_visible()
    # the line under each list's cards offers only what that list has: the roll its filters and
    # export, the candidates their export, the near misses (neither) the desktop's full table
    notes = {
        key: page.locator(f".st-key-cards_{key} [data-testid='stCaptionContainer']").inner_text()
        for key in ("roll", "commendation_0", "commendation_1")
        if page.locator(f".st-key-cards_{key} [data-testid='stCaptionContainer']").count()
    }
    assert "筛选" in notes["roll"] and "导出" in notes["roll"]
    for key in ("commendation_0", "commendation_1"):  # no filters; each has its export below
        if key in notes:
            assert "筛选" not in notes[key] and "下方的“导出 Excel”" in notes[key]
    assert "commendation_1" in notes
    assert page.get_by_role("button", name="导出 Excel").count() == 3  # roll, candidates, misses


def test_as_of_in_the_link_replays_the_roll(server, browser, sample_con):
    as_of = dt.date(2021, 6, 30)
    roll = report.build(sample_con, as_of=as_of)["gold_workers"]
    page = open_page(browser, server.url + "/honours?as_of=2021-06-30", DESKTOP)
    try:
        assert f"共 {len(roll)} 人" in page.inner_text("body")
    finally:
        page.context.close()
