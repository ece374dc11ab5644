"""成果效益 in Chromium at desktop and phone width: no exception, the key figure, screenshots."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import db
from dashboard import labels as L
from tests.browser import (
    AXIS_TICKS,
    CHART_DRAWN,
    CHART_TEXT_CUT,
    DESKTOP,
    PHONE,
    evenly_from_zero,
    open_page,
    settle,
    shot,
)

AS_OF = dt.date(2023, 12, 15)
# the page's default period, 本年: the figures it shows, from the same queries
YEAR_TO_DATE = dict(as_of=AS_OF, period_start=dt.date(2023, 1, 1), period_end=AS_OF, unit=None)


def opened(browser, url: str, viewport: dict):
    """The page after sign-in, fully drawn (the export button comes last)."""
    page = open_page(browser, url, viewport)
    page.wait_for_selector('[data-testid="stDownloadButton"]', timeout=30_000)
    settle(page)
    return page


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_benefits_page(server, browser, sample_con, name, viewport):
    """A department head sees this year's benefit with 同比, the unit ranking, charts and tables."""
    page = opened(browser, server.url + "/benefits", viewport)
    try:
        assert [] == page.errors
        assert 0 == page.locator('[data-testid="stException"]').count()
        units = db.run(sample_con, "benefits_by_unit", **YEAR_TO_DATE)
        values = dict(
            zip(
                page.get_by_test_id("stMetricLabel").all_inner_texts(),
                page.get_by_test_id("stMetricValue").all_inner_texts(),
            )
        )
        assert f"{units['benefit_wan'].sum() / 10_000:,.2f} 亿元" == values["经济效益"]
        assert f"{units['outcomes'].sum():,}" == values[L.KPI_OUTCOMES]
        deltas = page.get_by_test_id("stMetricDelta").all_inner_texts()
        assert deltas and all(d.strip()[0] in "▲▼持上" for d in deltas)
        assert "数据截至 2023-12-15" in page.locator(".page-context").inner_text()
        assert 1 == page.get_by_test_id("stDownloadButton").count()
        assert 2 == page.get_by_test_id("stDataFrame").count()  # units, top outcomes
        assert 4 == page.locator(CHART_DRAWN).count()
        assert [] == page.evaluate(CHART_TEXT_CUT)  # no bar label or axis name cut off
        ticks = page.evaluate(AXIS_TICKS, ["benefit_bars", "category_bars"])  # the 万元 axes
        assert all(evenly_from_zero(t) for t in ticks), ticks
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, "the page scrolls sideways"
        main = page.evaluate(
            "(() => { const m = document.querySelector('[data-testid=stMain]');"
            " return [m.scrollWidth, m.clientWidth]; })()"
        )
        assert main[0] <= main[1] + 1, "the main block scrolls sideways"
        top_cards = page.locator('[class*="st-key-card_benefit_top_"]')
        unit_cards = page.locator('[class*="st-key-card_benefit_units_"]')
        if viewport is PHONE:  # the units and the top outcomes as cards, their 万元 in sight
            top = db.run(sample_con, "benefits_top_outcomes", **YEAR_TO_DATE, top=20)
            assert top_cards.count() == len(top) == 20
            first = top_cards.first.inner_text()
            assert first.startswith(top["title"].iloc[0])
            assert f"经济效益 {top['benefit_wan'].iloc[0]:,.2f} 万元" in first
            assert top_cards.first.get_by_text("查看档案").is_visible()
            assert not page.locator(".st-key-grid_benefit_top").is_visible()
            # every unit a card (the page scrolls, no inner grid of 15 rows out of 21)
            assert unit_cards.count() == min(len(units), 30)
            biggest = units.sort_values("benefit_wan", ascending=False).iloc[0]
            card = unit_cards.filter(has_text=f"经济效益 {biggest['benefit_wan']:,.2f} 万元").first
            assert biggest["unit"] == card.locator('[data-testid="stText"]').first.inner_text()
            assert not page.locator(".st-key-grid_benefit_units").is_visible()
        else:
            assert top_cards.count() == 0 == unit_cards.count()
        shot(page, f"benefits-{name}")
    finally:
        page.context.close()


def test_period_from_the_url(server, browser, sample_con):
    """A shared link ?period=2022 opens on the whole of 2022."""
    page = opened(browser, server.url + "/benefits?period=2022", DESKTOP)
    try:
        units = db.run(
            sample_con,
            "benefits_by_unit",
            as_of=AS_OF,
            period_start=dt.date(2022, 1, 1),
            period_end=dt.date(2022, 12, 31),
            unit=None,
        )
        values = dict(
            zip(
                page.get_by_test_id("stMetricLabel").all_inner_texts(),
                page.get_by_test_id("stMetricValue").all_inner_texts(),
            )
        )
        assert f"{units['benefit_wan'].sum() / 10_000:,.2f} 亿元" == values["经济效益"]
        assert page.get_by_text("2022 年：2022-01-01 至 2022-12-31", exact=False).count() >= 1
    finally:
        page.context.close()
