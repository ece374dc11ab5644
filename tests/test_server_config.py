"""Server hardening shipped in .streamlit/config.toml (issue 15: F4, F8, error details)."""

from __future__ import annotations

import tomllib

from dashboard import settings
from tests.browser import DESKTOP, Server, open_page
from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_upload_limit_is_the_import_limit():
    """F8: Streamlit's own upload limit (200 MB by default) is the app's max_upload_mb."""
    assert settings.get("max_upload_mb") == CONFIG["server"]["maxUploadSize"]


def test_no_error_details_and_no_builtin_data_export():
    assert "none" == CONFIG["client"]["showErrorDetails"]
    assert CONFIG["client"]["disableDataExport"] is True


def toolbar_labels(page) -> list[str]:
    table = page.get_by_test_id("stDataFrame").first
    table.hover()
    page.wait_for_timeout(500)
    buttons = page.locator('[data-testid="stElementToolbarButton"] button')
    return [buttons.nth(i).get_attribute("aria-label") or "" for i in range(buttons.count())]


def test_tables_offer_no_csv_download(server, browser):
    """F4: a 领导 (no exports) could download every studio through the table's own toolbar."""
    page = open_page(browser, server.url + "/explore", DESKTOP, user="leader")
    try:
        labels = toolbar_labels(page)
        assert labels, "the table toolbar was drawn"
        assert not [x for x in labels if "download" in x.lower() or "下载" in x], labels
    finally:
        page.context.close()


def test_the_toolbar_check_sees_the_download_when_export_is_on(tmp_path, browser):
    """The check above can fail: with Streamlit's default the download button is there."""
    srv = Server(tmp_path / "app.duckdb", env={"STREAMLIT_CLIENT_DISABLE_DATA_EXPORT": "false"})
    try:
        page = open_page(browser, srv.url + "/explore", DESKTOP, user="leader")
        try:
            assert [x for x in toolbar_labels(page) if "download" in x.lower()]
        finally:
            page.context.close()
    finally:
        srv.stop()
