"""Account changes and sessions: blank passwords, sign out everywhere, role changes, demo
accounts only before the first real import, and the 用户与审计 and 登录 pages."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import auth, labels
from dashboard.importer import import_files
from dashboard.sample import ensure_sample
from tests.conftest import ROOT, app_as, write_xlsx

NOW = dt.datetime(2024, 1, 1, 9, 0)
LATER = NOW + dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def limiter(monkeypatch):
    """A fresh limiter per test: the process-wide one is shared by every test of the session."""
    if hasattr(auth, "LoginLimiter"):
        monkeypatch.setattr(auth, "LIMITER", auth.LoginLimiter())


@pytest.fixture
def users(loaded):
    auth.add_user(loaded, "boss", "correct-horse", auth.ADMIN)
    auth.add_user(loaded, "shu", "correct-horse", auth.UNIT_USER, "蜀山区")
    return loaded


@pytest.mark.parametrize("password", ["        ", " \t \u3000  \n ", ""])
def test_blank_passwords_are_refused(users, password):
    """Finding 4: eight spaces were a valid password."""
    with pytest.raises(auth.AuthError, match="不能为空"):
        auth.add_user(users, "blank", password, auth.LEADER)
    with pytest.raises(auth.AuthError, match="不能为空"):
        auth.set_password(users, "shu", password)
    with pytest.raises(auth.AuthError, match="不正确"):
        auth.login(users, "shu", password)


def test_a_whitespace_password_set_before_is_still_wrong(users):
    users.execute(
        "update users set password_hash = $h where username = 'shu'",
        {"h": auth.hash_password("        ")},
    )
    with pytest.raises(auth.AuthError, match="不正确"):
        auth.login(users, "shu", "        ")


def sessions(con, username: str, n: int) -> list[str]:
    return [auth.start_session(con, username, now=NOW) for _ in range(n)]


def test_sign_out_everywhere(users):
    shu, boss = sessions(users, "shu", 2), sessions(users, "boss", 1)
    assert 2 == auth.user_sessions(users, "shu", now=LATER)
    assert 2 == auth.end_user_sessions(users, "shu", by="boss")
    assert [None, None] == [auth.resume_session(users, t, now=LATER) for t in shu]
    assert "boss" == auth.resume_session(users, boss[0], now=LATER)[0].username
    assert 0 == auth.end_user_sessions(users, "shu", by="boss")
    assert ("boss", "user_sessions_end", '{"username": "shu", "sessions": 2}') == users.execute(
        "select username, action, detail from audit_log where action = 'user_sessions_end' "
        "order by logged_at limit 1"
    ).fetchone()


def test_change_user_role_and_unit(users):
    token = sessions(users, "shu", 1)[0]
    auth.change_user(users, "shu", auth.UNIT_USER, "高新区", by="boss")
    assert auth.resume_session(users, token, now=LATER) is None  # old rights end with the session
    assert ("高新区", "高新区") == (
        auth.login(users, "shu", "correct-horse").scope,
        users.execute("select unit from users where username = 'shu'").fetchone()[0],
    )
    auth.change_user(users, "shu", auth.LEADER, "高新区", by="boss")
    assert (auth.LEADER, None) == users.execute(
        "select role, unit from users where username = 'shu'"
    ).fetchone()
    assert (
        "user_change"
        == users.execute("select action from audit_log order by logged_at desc limit 1").fetchone()[
            0
        ]
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (("shu", "老板", None), "角色必须是"),
        (("shu", auth.UNIT_USER, "蜀山去"), "“蜀山去”不存在"),
        (("shu", auth.UNIT_USER, None), "不存在"),
        (("ghost", auth.LEADER, None), "没有用户"),
    ],
)
def test_change_user_rules(users, args, message):
    token = sessions(users, "shu", 1)[0]
    with pytest.raises(auth.AuthError, match=message):
        auth.change_user(users, *args, by="boss")
    assert auth.resume_session(users, token, now=LATER) is not None  # refused: nothing ended


def test_remove_user_and_password_end_sessions(users):
    token = sessions(users, "shu", 1)[0]
    auth.set_password(users, "shu", "another-pass")
    assert auth.resume_session(users, token, now=LATER) is None
    token = sessions(users, "shu", 1)[0]
    auth.remove_user(users, "shu", by="boss")
    assert auth.resume_session(users, token, now=LATER) is None


def test_resume_session_needs_the_account(users):
    token = sessions(users, "shu", 1)[0]
    users.execute("delete from users where username = 'shu'")  # gone behind auth's back
    assert auth.resume_session(users, token, now=LATER) is None


def test_demo_accounts_never_return_after_a_real_import(con, tmp_path, registry, outcomes):
    """Finding 5: restoring to before the first real import switched demo logins back on."""
    ensure_sample(con)
    assert auth.demo_allowed(con)
    token = auth.start_session(con, "admin")
    assert import_files(
        con,
        [
            write_xlsx(tmp_path / "real.xlsx", registry),
            write_xlsx(tmp_path / "real-out.xlsx", outcomes),
        ],
    ).ok
    real = con.execute("select max(import_id) from import_log").fetchone()[0]
    from dashboard import versions

    versions.restore(con, real)
    assert auth.sample_shown(con)  # the pages show the sample again ...
    assert not auth.demo_allowed(con)  # ... but its accounts stay off
    auth.ensure_demo_users(con)  # even if they were dropped and made again
    with pytest.raises(auth.AuthError, match="示例账号已停用"):
        auth.login(con, "admin", auth.DEMO_PASSWORD)
    assert auth.resume_session(con, token) is None


def test_drop_demo_accounts(con):
    ensure_sample(con)
    auth.add_user(con, "boss", "correct-horse", auth.ADMIN)
    demo, real = auth.start_session(con, "admin", now=NOW), auth.start_session(con, "boss", now=NOW)
    assert 4 == auth.drop_demo_accounts(con)
    assert ["boss"] == [r[0] for r in con.execute("select username from users").fetchall()]
    assert auth.resume_session(con, demo, now=LATER) is None
    assert auth.resume_session(con, real, now=LATER) is not None
    assert 0 == auth.drop_demo_accounts(con)


HOSTILE = "[x](https://evil.example)"


def admin_page():
    at = app_as(auth.User("pageadmin", auth.ADMIN, None, False)).run()
    at.switch_page("views/admin_users.py").run()
    assert not at.exception, at.exception
    return at


def shown(at) -> list[str]:
    """Every Markdown text of the page: messages, captions, labels."""
    texts = [
        e.value
        for kind in ("success", "error", "info", "warning", "markdown", "caption")
        for e in getattr(at, kind)
    ]
    return texts + [w.label for w in (*at.checkbox, *at.button, *at.selectbox, *at.text_input)]


def test_admin_page_shows_usernames_as_text(app_env):
    """Finding 6: a username in Markdown became a link on the administrator's page."""
    at = admin_page()
    at.text_input(key="new_user").set_value(HOSTILE)
    at.text_input(key="new_password").set_value("long-enough-pass")
    at.selectbox(key="new_role").set_value(auth.LEADER)
    next(b for b in at.button if b.label == "添加").click().run()
    assert not at.exception, at.exception
    assert at.success, "the account was added"
    assert [] == [t for t in shown(at) if "](https://" in t or "[x]" in t]
    at.text_input(key="new_user").set_value(HOSTILE)  # again: refused, the name in the error
    at.text_input(key="new_password").set_value("long-enough-pass")
    at.selectbox(key="new_role").set_value(auth.LEADER)
    next(b for b in at.button if b.label == "添加").click().run()
    assert at.error and "已存在" in at.error[0].value
    assert [] == [t for t in shown(at) if "](https://" in t or "[x]" in t]
    at.selectbox(key="remove_user").set_value(HOSTILE).run()
    assert [] == [t for t in shown(at) if "](https://" in t or "[x]" in t]
    from dashboard.state import connection

    auth.remove_user(connection(), HOSTILE)  # the database is shared by the session's AppTests


def test_a_new_account_has_no_role_until_one_is_picked(app_env):
    """添加账号 started on 管理员, the most powerful role: a hurried 添加 made an administrator."""
    from dashboard.state import connection

    at = admin_page()
    assert at.selectbox(key="new_role").value is None
    assert at.selectbox(key="new_unit").value == ""  # 无（非单位用户）
    at.text_input(key="new_user").set_value("hurried")
    at.text_input(key="new_password").set_value("long-enough-pass")
    next(b for b in at.button if b.label == "添加").click().run()
    assert at.error and "角色必须是" in at.error[0].value
    assert not auth._exists(connection(), "hurried")


def test_no_account_is_picked_until_the_administrator_picks_one(app_env):
    """The account pickers started on admin (重设密码) or on the first other account: a hurried
    重设 changed someone's password, a hurried 全部退出 signed someone out."""
    from dashboard.state import connection

    con = connection()
    before = con.execute("select username, password_hash from users order by 1").fetchall()
    at = admin_page()
    pickers = ("change_user", "passwd_user", "signout_user", "remove_user")
    assert [None] * 4 == [at.selectbox(key=k).value for k in pickers]
    assert all(at.selectbox(key=k).placeholder == labels.CHOOSE_ACCOUNT for k in pickers)
    # nothing to change until an account is picked: its role and unit wait for it
    assert at.selectbox(key="change_role").disabled and at.selectbox(key="change_unit").disabled
    assert at.button(key="signout_button").disabled and at.button(key="remove_button").disabled
    at.text_input(key="passwd_password").set_value("long-enough-pass")
    next(b for b in at.button if b.label == "重设").click().run()
    assert not at.exception, at.exception
    assert [labels.ACCOUNT_FIRST] == [e.value for e in at.error]
    assert before == con.execute("select username, password_hash from users order by 1").fetchall()


def test_admin_page_changes_signs_out_and_deletes_with_confirmation(app_env):
    from dashboard.state import connection

    con = connection()
    try:
        auth.add_user(con, "pagetarget", "long-enough-pass", auth.INSPECTOR)
    except auth.AuthError:
        pass
    tokens = [auth.start_session(con, "pagetarget") for _ in range(2)]
    at = admin_page()
    # the unit picker says 无 for no unit, never "None"
    assert labels.NO_UNIT == at.selectbox(key="change_unit").format_func("")
    # picking the account fills in its own role and unit: pressing 修改 as found changes nothing
    at.selectbox(key="change_user").set_value("pagetarget").run()
    assert auth.INSPECTOR == at.selectbox(key="change_role").value
    assert "" == at.selectbox(key="change_unit").value  # 无（非单位用户）, not "Choose an option"
    at.selectbox(key="change_user").set_value("shushan").run()
    assert (auth.UNIT_USER, auth.DEMO_UNIT) == (
        at.selectbox(key="change_role").value,
        at.selectbox(key="change_unit").value,
    )
    at.selectbox(key="change_user").set_value("pagetarget").run()
    at.selectbox(key="change_role").set_value(auth.LEADER)
    next(b for b in at.button if b.label == "修改").click().run()
    assert not at.exception, at.exception
    assert (
        auth.LEADER
        == con.execute("select role from users where username = 'pagetarget'").fetchone()[0]
    )
    assert [None, None] == [auth.resume_session(con, t) for t in tokens]

    token = auth.start_session(con, "pagetarget")
    at.selectbox(key="signout_user").set_value("pagetarget").run()
    at.button(key="signout_button").click().run()
    assert not at.exception, at.exception
    assert auth.resume_session(con, token) is None

    tokens = [auth.start_session(con, "pagetarget") for _ in range(3)]
    at.selectbox(key="remove_user").set_value("pagetarget").run()
    assert at.button(key="remove_button").disabled  # nothing happens before the confirmation
    confirm = next(c for c in at.checkbox if c.key.startswith("remove_confirm"))
    assert "pagetarget" in confirm.label and "3 个登录会话将立即结束" in confirm.label
    confirm.check().run()
    at.button(key="remove_button").click().run()
    assert not at.exception, at.exception
    assert not con.execute("select count(*) from users where username = 'pagetarget'").fetchone()[0]
    assert [None] * 3 == [auth.resume_session(con, t) for t in tokens]


def test_login_page_limits_one_browser(app_env, monkeypatch):
    """Finding 7: the login form gave no client to the rate limit, so one browser could spray."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(auth, "LIMITER", auth.LoginLimiter(client_max_failures=2))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    answers = []
    for k in range(3):
        at.text_input(key="login_user").set_value(f"spray-{k}")
        at.text_input(key="login_password").set_value("   ")  # whitespace: simply wrong
        at.button[0].click().run()
        answers.append(at.error[0].value)
    assert ["用户名或密码不正确。"] * 2 == answers[:2]
    assert "过于频繁" in answers[2]
