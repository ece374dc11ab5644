"""Logins, unit scope and the upload page in Chromium, as users would meet them."""

from __future__ import annotations

import pytest

from dashboard import auth
from tests.browser import (
    CUT_PICKS,
    DESKTOP,
    LINE_WIDTHS,
    PHONE,
    after,
    choose,
    login,
    open_page,
    settle,
    shot,
)
from tests.conftest import OUTCOMES, REGISTRY, write_xlsx


def context_line(page) -> str:
    return page.locator(".page-context").first.inner_text()


def test_login_required_and_unit_user_sees_own_unit(server, browser, sample_con):
    """A 蜀山区 user: every page says 范围：蜀山区; another unit's studio answers 无权限."""
    page = open_page(browser, server.url + "/explore", PHONE, user=None)
    try:
        assert page.get_by_label("密码").count() == 1
        assert 0 == page.get_by_test_id("stDataFrame").count()  # no data before login
        login(page, "shushan", auth.DEMO_PASSWORD, ok=True)
        assert "/explore" in page.url  # the link survives the login
        assert "范围：蜀山区" in context_line(page)
        for path in ("/", "/benefits", "/risk", "/data"):
            page.goto(server.url + path)  # a new page load: the session cookie signs it in
            settle(page)
            assert 0 == page.get_by_label("密码").count(), path
            assert "范围：蜀山区" in context_line(page), path
            assert 0 == page.get_by_test_id("stException").count(), path
        other = sample_con.execute(
            "select studio_id from stg_studios where unit <> '蜀山区' order by studio_id limit 1"
        ).fetchone()[0]
        page.goto(f"{server.url}/studio?id={other}")
        settle(page)
        assert page.get_by_text("无权限").count() >= 1
        shot(page, "studio-no-permission-phone")
        page.set_viewport_size(DESKTOP)  # the sidebar (and its logout button) shows on desktop
        settle(page)
        after(page, page.get_by_role("button", name="退出登录").click)
        page.goto(server.url + "/risk")
        settle(page)
        assert 1 == page.get_by_label("密码").count(), "signed out for good"
    finally:
        page.context.close()


def test_wrong_password_then_lockout(server, browser):
    """The admin adds an account in the browser; five wrong passwords lock it."""
    admin = open_page(browser, server.url + "/admin-users", DESKTOP)
    try:
        form = admin.get_by_test_id("stForm").filter(has_text="添加账号")
        form.get_by_label("用户名").fill("locktest")
        form.get_by_label("密码").fill("locktest-pass")
        choose(
            admin,
            form.get_by_role("combobox", name="角色"),
            admin.get_by_role("option", name="领导"),
        )
        after(admin, form.get_by_role("button", name="添加").click)
        # the message is drawn by the run the add starts again (st.rerun): on a loaded machine
        # the first run's end can be seen before it, so wait for the message itself
        admin.get_by_text("已添加用户 locktest").wait_for()
        assert admin.get_by_text("已添加用户 locktest").count() == 1
        shot(admin, "admin-users-desktop")
    finally:
        admin.context.close()
    page = open_page(browser, server.url, PHONE, user=None)
    try:
        # the title's lines are balanced: no lone 板 on a second line (the first screen anyone sees)
        widths = page.locator("h1 [data-heading-text]").first.evaluate(LINE_WIDTHS)
        assert min(widths) > 0.5 * max(widths), widths
        for _ in range(4):
            login(page, "locktest", "wrong-password")
            assert page.get_by_text("用户名或密码不正确。").count() == 1
        login(page, "locktest", "wrong-password")
        assert page.get_by_text("账号已锁定").count() == 1
        login(page, "locktest", "locktest-pass")
        assert page.get_by_text("账号已锁定").count() == 1
        shot(page, "login-locked-phone")
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_upload_bad_file_shows_problems_and_changes_nothing(server, browser, tmp_path, viewport):
    reg = {k: (h, [list(r) for r in rows]) for k, (h, rows) in REGISTRY.items()}
    reg["工作室名录"][1][0][7] = "蜀山去"
    files = [
        write_xlsx(tmp_path / "工作室台账.xlsx", reg),
        write_xlsx(tmp_path / "创新成果.xlsx", OUTCOMES),
    ]
    page = open_page(browser, server.url + "/admin-data", viewport)
    try:
        page.locator("input[type=file]").set_input_files([str(f) for f in files])
        page.get_by_text("校验未通过").wait_for(timeout=30_000)
        settle(page)
        assert page.get_by_test_id("stDataFrame").count() >= 2  # problems, history
        assert "数据截至 2023-12-15" in context_line(page)
        cards = page.locator('[class*="st-key-card_problems_"]')
        if viewport is PHONE:  # each problem a card: where, the cell, why, what to do
            assert cards.count() >= 1
            text = cards.first.inner_text()
            assert "工作室台账.xlsx" in text and "蜀山去" in text and "推荐单位" in text
            assert not page.locator(".st-key-grid_problems").is_visible()
            history = page.locator('[class*="st-key-card_history_"]')  # 导入历史 too
            assert history.count() >= 1 and "操作人：" in history.first.inner_text()
            assert not page.locator(".st-key-grid_history").is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert [] == page.evaluate(CUT_PICKS)  # the restore picker reads in full
            shot(page, "admin-data-bad-upload-phone")
        else:
            assert cards.count() == 0
            shot(page, "admin-data-bad-upload")
    finally:
        page.context.close()


def test_accounts_and_audit_log_on_a_phone(server, browser, sample_con):
    """用户与审计 at 390 px: every account a card (its role on the pill), the audit log's latest
    entries as cards, no grid scrolling sideways inside itself."""
    page = open_page(browser, server.url + "/admin-users", PHONE)
    try:
        accounts = page.locator('[class*="st-key-card_users_"]')
        assert accounts.count() >= len(auth.DEMO_USERS)
        admin = accounts.filter(has=page.get_by_text("admin", exact=True)).first
        assert admin.locator('[class*="st-key-pill_"]').inner_text().strip() == auth.ADMIN
        audit = page.locator('[class*="st-key-card_audit_"]')
        assert audit.count() >= 1 and "用户：" in audit.first.inner_text()  # this sign-in at least
        for key in ("users", "audit"):
            assert not page.locator(f".st-key-grid_{key}").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "admin-users-phone")
    finally:
        page.context.close()
