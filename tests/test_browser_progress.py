"""创建进度 in Chromium at desktop and phone width: no exception, the key figures, screenshots."""

from __future__ import annotations

import pytest

from dashboard import report
from tests.browser import CHART_DRAWN, CHART_TEXT_CUT, DESKTOP, METRIC_ROWS, PHONE, open_page, shot


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_progress_page(server, browser, sample_con, name, viewport):
    """A leader sees the target, the named count, completion and 序时进度, the units and charts."""
    page = open_page(browser, server.url, viewport)
    try:
        assert [] == page.errors
        assert 0 == page.locator('[data-testid="stException"]').count()
        r = report.build(sample_con)["campaign"]
        page.get_by_test_id("stMetricValue").nth(7).wait_for(timeout=30_000)  # all eight drawn
        values = dict(
            zip(
                page.get_by_test_id("stMetricLabel").all_inner_texts(),
                page.get_by_test_id("stMetricValue").all_inner_texts(),
            )
        )
        assert str(r["target"]) == values["目标数"]
        assert str(r["named"]) == values["本年度命名"]
        assert f"{r['completion'] * 100:.1f}%" == values["完成率"]
        assert f"{r['time_elapsed'] * 100:.1f}%" == values["序时进度"]
        assert "数据截至 2023-12-15" in page.locator(".page-context").inner_text()
        for heights in page.evaluate(METRIC_ROWS):  # side by side, one height (完成率's delta)
            assert max(heights) - min(heights) <= 1, heights
        assert page.get_by_test_id("stDataFrame").count() >= 1
        assert 3 == page.locator(CHART_DRAWN).count()
        assert [] == page.evaluate(CHART_TEXT_CUT)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, "the page scrolls sideways"
        shot(page, f"progress-{name}")
    finally:
        page.context.close()
