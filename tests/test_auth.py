"""Accounts: scrypt hashes, lockout, roles and scope, demo accounts, the user CLI, the audit log."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from dashboard import auth
from dashboard.importer import import_files
from dashboard.sample import ensure_sample
from tests.conftest import write_xlsx


@pytest.fixture(autouse=True)
def limiter(monkeypatch):
    """A fresh login rate limiter per test: the process-wide one is shared by the session."""
    monkeypatch.setattr(auth, "LIMITER", auth.LoginLimiter())


@pytest.fixture
def users(loaded):
    auth.add_user(loaded, "boss", "correct-horse", auth.ADMIN)
    auth.add_user(loaded, "shu", "correct-horse", auth.UNIT_USER, "蜀山区")
    return loaded


def test_passwords_are_salted_scrypt_hashes(users):
    stored = dict(users.execute("select username, password_hash from users").fetchall())
    assert all(h.startswith("scrypt$") and "correct-horse" not in h for h in stored.values())
    assert stored["boss"] != stored["shu"]  # the salt differs
    assert auth.check_password("correct-horse", stored["boss"])
    assert not auth.check_password("correct-horsE", stored["boss"])


def test_login_roles_and_scope(users):
    boss = auth.login(users, "boss", "correct-horse")
    shu = auth.login(users, "shu", "correct-horse")
    assert (None, True, True) == (boss.scope, boss.is_admin, boss.can_export)
    assert ("蜀山区", False) == (shu.scope, shu.is_admin)
    with pytest.raises(auth.AuthError, match="不正确"):
        auth.login(users, "nobody", "x")


def test_lockout_after_repeated_failures(users, monkeypatch):
    monkeypatch.setenv("STUDIODASH_LOGIN_MAX_FAILURES", "3")
    now = dt.datetime(2024, 1, 1, 9, 0)
    for _ in range(2):
        with pytest.raises(auth.AuthError, match="不正确"):
            auth.login(users, "boss", "wrong", now=now)
    with pytest.raises(auth.AuthError, match="已锁定至 09:15"):
        auth.login(users, "boss", "wrong", now=now)
    with pytest.raises(auth.AuthError, match="已锁定"):  # even the right password
        auth.login(users, "boss", "correct-horse", now=now + dt.timedelta(minutes=14))
    assert (
        "boss"
        == auth.login(users, "boss", "correct-horse", now=now + dt.timedelta(minutes=16)).username
    )
    actions = [
        r[0]
        for r in users.execute(
            "select action from audit_log where username = 'boss' order by logged_at"
        ).fetchall()
    ]
    assert ["login_failed", "login_failed", "locked", "login_failed", "login"] == actions


def test_session_expiry(monkeypatch):
    monkeypatch.setenv("STUDIODASH_SESSION_TIMEOUT_MINUTES", "30")
    start = dt.datetime(2024, 1, 1, 9, 0)
    assert not auth.expired(start, start + dt.timedelta(minutes=30))
    assert auth.expired(start, start + dt.timedelta(minutes=31))


@pytest.mark.parametrize(
    "args, message",
    [
        (("x", "short", auth.ADMIN), "至少需要 8"),
        (("x", "long-enough", "老板"), "角色必须是"),
        (("x", "long-enough", auth.UNIT_USER, "蜀山去"), "“蜀山去”不存在"),
        (("boss", "long-enough", auth.LEADER), "已存在"),
        ((" ", "long-enough", auth.LEADER), "不能为空"),
        (("x", " " * 12, auth.LEADER), "密码不能为空"),
    ],
)
def test_account_rules(users, args, message):
    with pytest.raises(auth.AuthError, match=message):
        auth.add_user(users, *args)


def test_demo_accounts_live_only_with_the_sample(con, tmp_path, registry, outcomes):
    ensure_sample(con)
    assert {"admin", "leader", "inspector", "shushan"} == {
        r[0] for r in con.execute("select username from users where is_demo").fetchall()
    }
    assert auth.UNIT_USER == auth.login(con, "shushan", auth.DEMO_PASSWORD).role
    assert not auth.has_real_admin(con)
    assert import_files(
        con,
        [
            write_xlsx(tmp_path / "real.xlsx", registry),
            write_xlsx(tmp_path / "real-out.xlsx", outcomes),
        ],
    ).ok
    assert not auth.demo_allowed(con)
    # refused: 示例账号已停用, or 用户名或密码不正确 once the import has dropped the demo accounts
    with pytest.raises(auth.AuthError, match="示例账号已停用|不正确"):
        auth.login(con, "admin", auth.DEMO_PASSWORD)


def cli(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_user_cli(tmp_path, registry):
    dbfile = tmp_path / "u.duckdb"
    assert 0 == cli("import", "--db", dbfile, write_xlsx(tmp_path / "r.xlsx", registry)).returncode
    added = cli(
        "user",
        "add",
        "wang",
        "--role",
        "单位用户",
        "--unit",
        "高新区",
        "--password-stdin",
        "--db",
        dbfile,
        stdin="s3cret-pass\n",
    )
    assert 0 == added.returncode, added.stderr
    listing = cli("user", "list", "--db", dbfile).stdout
    assert "wang" in listing and "高新区" in listing and "s3cret" not in listing
    assert (
        0
        == cli(
            "user", "passwd", "wang", "--password-stdin", "--db", dbfile, stdin="n3w-secret-pass\n"
        ).returncode
    )
    assert (
        1
        == cli(
            "user", "passwd", "wang", "--password-stdin", "--db", dbfile, stdin="short\n"
        ).returncode
    )
    assert 2 == cli("user", "add", "li", "--db", dbfile).returncode  # no role
    assert (
        2
        == cli("user", "add", "li", "--role", "领导", "--password", "x", "--db", dbfile).returncode
    )  # never a password argument
    assert 0 == cli("user", "remove", "wang", "--db", dbfile).returncode
    assert 1 == cli("user", "remove", "wang", "--db", dbfile).returncode
    from dashboard import db

    con = db.connect(dbfile)
    assert ["user_add", "user_passwd", "user_remove"] == [
        r[0] for r in con.execute("select action from audit_log order by logged_at").fetchall()
    ]
    con.close()


def test_browser_sessions(users, monkeypatch):
    monkeypatch.setenv("STUDIODASH_SESSION_TIMEOUT_MINUTES", "60")
    now = dt.datetime(2024, 1, 1, 9, 0)
    token = auth.start_session(users, "shu", now=now)
    stored = users.execute("select token_sha256 from sessions").fetchone()[0]
    assert token not in stored and len(stored) == 64
    user, since = auth.resume_session(users, token, now=now + dt.timedelta(minutes=59))
    assert ("shu", "蜀山区", now) == (user.username, user.scope, since)
    assert auth.resume_session(users, token, now=now + dt.timedelta(minutes=61)) is None
    assert auth.resume_session(users, "forged", now=now) is None
    auth.set_password(users, "shu", "another-pass")  # a new password ends every session
    assert auth.resume_session(users, token, now=now) is None
    token = auth.start_session(users, "shu", now=now)
    auth.end_session(users, token)
    assert auth.resume_session(users, token, now=now) is None
