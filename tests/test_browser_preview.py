"""The import preview in Chromium: 数据管理 after an upload, on a phone and a wide screen."""

from __future__ import annotations

import pytest

from tests.browser import PHONE, open_page, settle, shot
from tests.test_preview import edited_sample_registry

WIDE = {"width": 1440, "height": 900}


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (WIDE, "wide")])
def test_preview_shows_changed_rows(server, browser, tmp_path, viewport, name):
    """The counts, then 工作室名录：变更明细（前 10 行） open with its two changed studios; on a
    390 px phone the page does not scroll sideways (the tables scroll inside)."""
    path = tmp_path / "工作室台账.xlsx"
    path.write_bytes(edited_sample_registry(tmp_path))
    page = open_page(browser, server.url + "/admin-data", viewport)
    try:
        page.locator("input[type=file]").set_input_files(str(path))
        page.get_by_text("工作室名录：变更明细（前 10 行）").wait_for(timeout=60_000)
        settle(page)
        assert 0 == page.get_by_test_id("stException").count()
        detail = page.get_by_test_id("stExpander").filter(has_text="变更明细")
        tables = detail.get_by_test_id("stDataFrame")
        # from 640 px the changed rows, below one line per changed cell (2 rows, 3 cells)
        shown = [t.is_visible() for t in tables.all()]
        assert ([True, False] if viewport is WIDE else [False, True]) == shown
        assert "修改 2 行、新增 0 行、删除 0 行" in detail.inner_text()
        wide = page.evaluate(
            "Math.max(document.documentElement.scrollWidth,"
            " document.querySelector('[data-testid=\"stMain\"]').scrollWidth)"
        )
        assert wide <= viewport["width"], wide
        shot(page, f"admin-data-preview-{name}")
        assert [] == page.errors
    finally:
        page.context.close()
