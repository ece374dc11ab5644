"""The mapping step in Chromium: 数据管理 after uploading a ledger whose headers the importer does
not know, on a phone and a wide screen."""

from __future__ import annotations

import pytest

from tests.browser import PHONE, choose, open_page, settle, shot
from tests.conftest import write_xlsx
from tests.test_headers import exports

WIDE = {"width": 1440, "height": 900}


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (WIDE, "wide")])
def test_mapping_step(server, browser, tmp_path, viewport, name):
    """对应表头 with 推荐单位 preselected as 所属单位X and 领衔人 as 不对应; picking 甲列 and
    confirming passes the preview; on a 390 px phone nothing scrolls sideways."""
    # a layout of its own per run: the server remembers the mapping confirmed by the other
    registry, outcomes = exports(
        "工作室名录", rename={"推荐单位": "所属单位X", "领衔人": "甲列"}, add={name: "所属行业"}
    )
    paths = [
        str(write_xlsx(tmp_path / "工作室台账.xlsx", registry)),
        str(write_xlsx(tmp_path / "创新成果.xlsx", outcomes)),
    ]
    page = open_page(browser, server.url + "/admin-data", viewport)
    try:
        page.locator("input[type=file]").set_input_files(paths)
        step = page.locator(".st-key-mapping_step")
        step.get_by_text("对应表头").wait_for(timeout=60_000)
        settle(page)
        assert 0 == page.get_by_test_id("stException").count()
        picks = step.get_by_test_id("stSelectbox")
        assert 2 == picks.count()
        boxes = [picks.nth(i).get_by_role("combobox") for i in range(2)]
        assert [
            "必需的列“领衔人”：按文件中的哪个表头读取？",
            "必需的列“推荐单位”：按文件中的哪个表头读取？",
        ] == [b.get_attribute("aria-label") for b in boxes]
        assert ["不对应", "所属单位X"] == [b.input_value() for b in boxes]
        wide = page.evaluate(
            "Math.max(document.documentElement.scrollWidth,"
            " document.querySelector('[data-testid=\"stMain\"]').scrollWidth)"
        )
        assert wide <= viewport["width"], wide
        shot(page, f"admin-data-mapping-{name}")
        choose(page, boxes[0], page.get_by_role("option", name="甲列"))
        page.get_by_role("button", name="按此对应重新校验").click()
        page.get_by_text("校验通过").wait_for(timeout=60_000)
        settle(page)
        shot(page, f"admin-data-mapped-{name}")
        assert [] == page.errors
    finally:
        page.context.close()
