"""Login lockout under attack: concurrent guesses, unknown names, and the rate limits."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from dashboard import auth, db

NOW = dt.datetime(2024, 1, 1, 9, 0)


@pytest.fixture(autouse=True)
def limiter(monkeypatch):
    """A fresh limiter per test: the process-wide one is shared by every test of the session."""
    fresh = auth.LoginLimiter() if hasattr(auth, "LoginLimiter") else None
    monkeypatch.setattr(auth, "LIMITER", fresh, raising=False)
    return fresh


@pytest.fixture
def users(loaded, monkeypatch):
    monkeypatch.setenv("STUDIODASH_LOGIN_MAX_FAILURES", "5")
    auth.add_user(loaded, "boss", "correct-horse", auth.ADMIN)
    return loaded


def attack(con, username: str, passwords: list[str], now=NOW) -> list[BaseException | None]:
    """Every password at once, one thread each, all on the same connection object."""
    start = threading.Barrier(len(passwords))
    outcomes: list[BaseException | None] = [None] * len(passwords)

    def attempt(k: int) -> None:
        start.wait()
        try:
            auth.login(con, username, passwords[k], now=now)
        except BaseException as exc:  # noqa: BLE001 - every exception is the finding
            outcomes[k] = exc

    threads = [threading.Thread(target=attempt, args=(k,)) for k in range(len(passwords))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_concurrent_wrong_passwords_lock_the_account(users):
    """F3: twelve-plus guesses within a second gave DuckDB conflicts and left the account open."""
    outcomes = attack(users, "boss", [f"wrong-{k}" for k in range(16)])
    assert [] == [repr(o) for o in outcomes if not isinstance(o, auth.AuthError)]
    with pytest.raises(auth.AuthError, match="已锁定"):
        auth.login(users, "boss", "correct-horse", now=NOW + dt.timedelta(seconds=1))
    failures = users.execute(
        "select failed_logins, locked_until from (" + db.sql("schema/users_list") + ") "
        "where username = 'boss'"
    ).fetchone()
    assert failures[0] >= 5 and failures[1] > NOW


def test_concurrent_guesses_check_no_more_passwords_than_the_limit(users, monkeypatch):
    """However many arrive at once, at most login_max_failures passwords are really checked."""
    checked = []
    real = auth.check_password
    monkeypatch.setattr(auth, "check_password", lambda p, s: checked.append(p) or real(p, s))
    outcomes = attack(users, "boss", [f"wrong-{k}" for k in range(16)])
    assert all(isinstance(o, auth.AuthError) for o in outcomes)
    assert len(checked) <= 5


def messages(con, username: str, password: str, n: int, now=NOW) -> list[str]:
    out = []
    for _ in range(n):
        with pytest.raises(auth.AuthError) as refused:
            auth.login(con, username, password, now=now)
        out.append(str(refused.value))
    return out


def test_unknown_names_lock_like_real_ones(users):
    """Finding 3: an existing name locked after 5 tries and an unknown one never did."""
    real = messages(users, "boss", "wrong-pass", 7)
    unknown = messages(users, "nobody-here", "wrong-pass", 7)
    assert real == unknown
    assert ["用户名或密码不正确。"] * 4 == real[:4]
    assert all("已锁定至 09:15" in m for m in real[4:])
    # the lock runs out for both alike
    later = NOW + dt.timedelta(minutes=16)
    assert "boss" == auth.login(users, "boss", "correct-horse", now=later).username
    assert ["用户名或密码不正确。"] == messages(users, "nobody-here", "wrong-pass", 1, now=later)


def test_success_and_new_password_clear_the_count(users):
    messages(users, "boss", "wrong-pass", 4)
    auth.login(users, "boss", "correct-horse", now=NOW)
    assert ["用户名或密码不正确。"] * 4 == messages(users, "boss", "wrong-pass", 4)
    messages(users, "boss", "wrong-pass", 1)  # the fifth: locked
    with pytest.raises(auth.AuthError, match="已锁定"):
        auth.login(users, "boss", "correct-horse", now=NOW)
    auth.set_password(users, "boss", "a-new-password")  # the administrator unlocks it
    assert "boss" == auth.login(users, "boss", "a-new-password", now=NOW).username


def test_users_list_shows_the_count_and_keeps_its_columns(users):
    messages(users, "boss", "wrong-pass", 2)
    listing = db.run(users, "schema/users_list")
    assert [
        "username",
        "role",
        "unit",
        "is_demo",
        "failed_logins",
        "locked_until",
        "created_at",
    ] == list(listing.columns)
    boss = listing.set_index("username").loc["boss"]
    assert 2 == boss["failed_logins"]
    assert "nobody" not in set(listing["username"])


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_one_client_is_refused_after_too_many_failures(users, monkeypatch):
    """Finding 2: names can be sprayed without limit from one client (each name locks alone)."""
    clock = Clock()
    monkeypatch.setattr(auth, "LIMITER", auth.LoginLimiter(client_max_failures=3, clock=clock))
    for k in range(3):
        with pytest.raises(auth.AuthError, match="不正确"):
            auth.login(users, f"guess-{k}", "wrong-pass", now=NOW, client="10.0.0.9")
    with pytest.raises(auth.AuthError, match="过于频繁"):  # even with the right password
        auth.login(users, "boss", "correct-horse", now=NOW, client="10.0.0.9")
    assert "boss" == auth.login(users, "boss", "correct-horse", now=NOW, client="10.0.0.7").username
    clock.t += auth.LOGIN_CLIENT_WINDOW_SECONDS + 1
    assert "boss" == auth.login(users, "boss", "correct-horse", now=NOW, client="10.0.0.9").username


def test_successful_logins_do_not_use_up_the_client_limit(users, monkeypatch):
    monkeypatch.setattr(auth, "LIMITER", auth.LoginLimiter(client_max_failures=2))
    for _ in range(5):
        auth.login(users, "boss", "correct-horse", now=NOW, client="office")


def test_everyone_is_refused_after_too_many_attempts(users, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(auth, "LIMITER", auth.LoginLimiter(global_max_attempts=4, clock=clock))
    for k in range(4):
        with pytest.raises(auth.AuthError, match="不正确"):
            auth.login(users, f"guess-{k}", "wrong-pass", now=NOW, client=f"10.0.0.{k}")
    with pytest.raises(auth.AuthError, match="过于频繁"):
        auth.login(users, "boss", "correct-horse", now=NOW, client="10.0.0.99")
    clock.t += auth.LOGIN_GLOBAL_WINDOW_SECONDS + 1
    assert "boss" == auth.login(users, "boss", "correct-horse", now=NOW).username


def test_the_limiter_admits_exactly_its_limit_under_concurrency():
    limiter = auth.LoginLimiter(client_max_failures=7, global_max_attempts=1000)
    start = threading.Barrier(40)
    admitted = []

    def attempt() -> None:
        start.wait()
        if limiter.admit("same-client") is not None:
            admitted.append(1)

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 7 == len(admitted)


def test_a_database_error_is_refused_as_busy(users, monkeypatch):
    """No exception but AuthError leaves login()."""

    def conflict(*args, **kwargs):
        raise auth.duckdb.TransactionException("Conflict on update!")

    monkeypatch.setattr(auth, "_one", conflict)
    with pytest.raises(auth.AuthError, match="繁忙"):
        auth.login(users, "boss", "correct-horse", now=NOW)
