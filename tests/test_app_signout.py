"""Access that holds on every run (issue 15, F5–F7): an open tab is signed out as soon as its
session ends on the server or its account changes; errors show a reference, not a traceback."""

from __future__ import annotations

import pytest

from dashboard import auth, session
from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, app_as, write_xlsx


@pytest.fixture
def own_db(app_env, tmp_path, monkeypatch):
    """A database of the test's own (the sample, with its demo accounts)."""
    monkeypatch.setenv("STUDIODASH_DB", str(tmp_path / "own.duckdb"))
    from dashboard.state import connection

    return connection()


def signed_out_with(at, text: str) -> bool:
    return "user" not in at.session_state and any(text in w.value for w in at.warning)


def test_deleted_account_is_signed_out_at_its_next_run(own_db):
    """F6: deleting an account ends its open tab (it kept 全市 scope and exports till a reload)."""
    at = app_as(auth.User("zhao", auth.INSPECTOR, None)).run()
    assert "user" in at.session_state and not at.exception
    auth.remove_user(own_db, "zhao", by="admin")
    at.run()
    assert signed_out_with(at, "登录已结束")
    assert not at.metric and not at.get("download_button")


def test_account_whose_role_changed_is_signed_out(own_db):
    """F6: narrowing an account (admin -> unit user) signs its tab out; it signs in again as the
    narrower account."""
    at = app_as(auth.User("qian", auth.ADMIN, None)).run()
    auth.change_user(own_db, "qian", auth.UNIT_USER, "蜀山区", by="admin")
    at.run()
    assert signed_out_with(at, "登录已结束")


def test_logout_ends_the_session_on_the_server(own_db):
    """F5: the token a tab signed in with no longer resumes once it logged out (a copied cookie
    signed in from another browser)."""
    at = app_as(auth.User("sun", auth.INSPECTOR, None)).run()
    token = at.session_state[session.TOKEN]
    assert auth.resume_session(own_db, token) is not None
    at.button(key="logout").click().run()
    assert "user" not in at.session_state
    assert auth.resume_session(own_db, token) is None


def test_sign_out_everywhere_ends_the_users_other_tabs(own_db):
    first = app_as(auth.User("li", auth.INSPECTOR, None)).run()
    second = app_as(auth.User("li", auth.INSPECTOR, None)).run()
    first.button(key="logout_all").click().run()
    second.run()
    assert signed_out_with(second, "登录已结束")


def test_real_import_retires_demo_accounts_and_their_tabs(own_db, tmp_path):
    """F7: a demo administrator's open tab does not survive a real import (it went on adding
    administrators), and restoring to before the import does not switch the demo logins on."""
    demo = app_as(auth.User("admin", auth.ADMIN, None, is_demo=True)).run()
    assert "user" in demo.session_state
    files = [
        write_xlsx(tmp_path / "工作室台账.xlsx", REGISTRY),
        write_xlsx(tmp_path / "创新成果.xlsx", OUTCOMES),
    ]
    result = import_files(own_db, files, user="chief")
    assert result.ok
    demo.run()
    assert signed_out_with(demo, "登录已结束")
    assert [] == own_db.execute("select username from users where is_demo").fetchall()
    from dashboard.versions import restore

    restore(own_db, result.import_id, user="chief")
    for name, _, _ in auth.DEMO_USERS:
        with pytest.raises(auth.AuthError):
            auth.login(own_db, name, auth.DEMO_PASSWORD)


def test_a_failed_real_import_keeps_the_demo_accounts(own_db, tmp_path):
    """All or nothing: the demo accounts go only with an import that commits."""
    header, rows = OUTCOMES["创新成果"]
    broken = {"创新成果": (header, [[*rows[0][:4], "not-a-date", *rows[0][5:]]])}
    files = [write_xlsx(tmp_path / "创新成果.xlsx", broken)]
    assert not import_files(own_db, files, user="chief").ok
    assert 4 == own_db.execute("select count(*) from users where is_demo").fetchone()[0]


def test_page_error_shows_a_reference_not_a_traceback(app, monkeypatch):
    """Lower finding: a page error reaches the browser as a Chinese message with a reference
    number (logged on the server with the traceback), never as a traceback."""
    from dashboard import ui

    def broken(*args, **kwargs):
        raise RuntimeError("/secret/path/in/traceback")

    monkeypatch.setattr(ui, "page_header", broken)
    at = app.run()
    assert not at.exception
    assert any("错误编号" in e.value for e in at.error)
    assert not any("secret" in e.value for e in at.error)
