"""Several browser tabs on a studio's file (工作室档案) while an administrator uploads and confirms
an import in another: no tab shows an exception, and each shows one import's figures, old or
new, never a headline from one import beside the source of the other."""

from __future__ import annotations

import pytest

from dashboard import auth, db
from dashboard.importer import import_files
from tests.browser import DESKTOP, Server, login, open_page, settle, shot
from tests.conftest import REGISTRY, write_xlsx
from tests.test_concurrency import N, marked_export, marker_of_source

PASSWORD = "concurrency-1"
TABS = 3
EXPECTED = {1: f"{N[1]} 项", 2: f"{N[2]} 项"}  # 累计成果 of the studio in each export
PAGE = "/studio?id=HF-2022-001"


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory):
    """The app on a database of its own: export A (marker 1), an administrator and a leader."""
    folder = tmp_path_factory.mktemp("busy")
    exports = (
        write_xlsx(folder / "创新成果A.xlsx", marked_export(1)),
        write_xlsx(folder / "创新成果B.xlsx", marked_export(2)),
    )
    con = db.connect(folder / "app.duckdb")
    assert import_files(con, [write_xlsx(folder / "r.xlsx", REGISTRY), exports[0]]).ok
    auth.add_user(con, "chief", PASSWORD, auth.ADMIN)
    auth.add_user(con, "viewer", PASSWORD, auth.LEADER)
    con.close()
    srv = Server(folder / "app.duckdb")
    yield srv, exports
    srv.stop()


def shown(page) -> tuple[int, str]:
    """(marker of the data source in the header, the 累计成果 headline) once the page is drawn."""
    try:
        page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
    except Exception:
        shot(page, "concurrency-failed")
        raise AssertionError(
            "no figures after 30 s; the page shows: " + page.locator("body").inner_text()[:600]
        ) from None
    settle(page)
    assert 0 == page.locator('[data-testid="stException"]').count()
    values = dict(
        zip(
            page.get_by_test_id("stMetricLabel").all_inner_texts(),
            page.get_by_test_id("stMetricValue").all_inner_texts(),
        )
    )
    return marker_of_source(page.locator(".page-context").inner_text()), values["累计成果"]


def test_tabs_keep_working_while_an_import_is_confirmed(busy_server, browser):
    srv, (a, b) = busy_server
    admin = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    admin.goto(srv.url + "/admin-data", wait_until="commit")  # loads while the tabs open
    first = open_page(browser, srv.url + PAGE, DESKTOP, user="viewer", password=PASSWORD)
    tabs = [first]
    for _ in range(TABS - 1):  # more tabs of the signed-in browser (its session cookie)
        context = browser.new_context(
            viewport=DESKTOP, locale="zh-CN", storage_state=first.context.storage_state()
        )
        tabs.append(context.new_page())
        tabs[-1].goto(srv.url + PAGE, wait_until="commit")
    try:
        settle(admin)
        login(admin, "chief", PASSWORD, ok=True)
        assert (1, EXPECTED[1]) == shown(first)
        admin.locator('input[type="file"]').set_input_files(str(b))
        confirm = admin.get_by_role("button", name="确认导入")
        confirm.wait_for(timeout=30_000)  # the preview passed
        for tab in tabs:  # every tab reruns its page while the import runs and commits
            tab.reload(wait_until="commit")
        confirm.click()
        seen = []
        for tab in tabs:
            seen.append(shown(tab))
        assert [] == [s for s in seen if s not in ((1, EXPECTED[1]), (2, EXPECTED[2]))]
        admin.get_by_text("导入成功").wait_for(timeout=30_000)
        settle(admin)
        assert 0 == admin.locator('[data-testid="stException"]').count()
        for tab in tabs:  # afterwards every tab shows the new data
            tab.reload(wait_until="commit")
        for tab in tabs:
            assert (2, EXPECTED[2]) == shown(tab)
        assert [] == first.errors
    finally:
        for page in tabs + [admin]:
            page.context.close()
