"""Accounts, roles, sessions and the audit log. Imports no streamlit.

Passwords are stored as scrypt hashes with a per-user salt. Failed logins are counted per
submitted username, known or not (table login_failures), so an unknown name locks exactly like a
real one and the answers give no account away: after `login_max_failures` failures a name is
locked for `login_lockout_minutes`. Each attempt is counted before its password is checked, in
one statement, so concurrent attempts cannot check more passwords than the limit allows. On top,
an in-memory limiter refuses a client with too many recent failures and everyone once the whole
process sees too many attempts (the LOGIN_* constants below). Demo accounts (one per role) work
only while no real data has ever been imported.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import hmac
import json
import logging
import random
import secrets
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass

import duckdb

from . import labels, sample, settings
from .contract import ADMIN, INSPECTOR, LEADER, ROLES, UNIT_USER

LOG = logging.getLogger(__name__)
CAN_EXPORT = {ADMIN, INSPECTOR, UNIT_USER}
CAN_RECORD = frozenset({ADMIN, INSPECTOR})  # inspections recorded in the app (inspections.py)
CAN_PLAN = frozenset({ADMIN, INSPECTOR, LEADER})  # inspection plans: leaders read them
DEMO_UNIT = sample.DEMO_UNIT
DEMO_USERS = (
    ("admin", ADMIN, None),
    ("leader", LEADER, None),
    ("inspector", INSPECTOR, None),
    ("shushan", UNIT_USER, DEMO_UNIT),
)
DEMO_PASSWORD = "demo1234"
_SCRYPT = dict(n=2**14, r=8, p=1)

# Login rate limits, per process (settings login_client_*, login_global_*). A client (an IP address, or a
# browser session when the address is unknown) is refused after this many failed logins within
# the window; everyone is refused while the process has seen this many attempts within its window
# (each costs an scrypt hash, so the global limit also caps the CPU an attacker can take).
LOGIN_CLIENT_MAX_FAILURES = int(settings.get("login_client_max_failures"))
LOGIN_CLIENT_WINDOW_SECONDS = int(settings.get("login_client_window_seconds"))
LOGIN_GLOBAL_MAX_ATTEMPTS = int(settings.get("login_global_max_attempts"))
LOGIN_GLOBAL_WINDOW_SECONDS = int(settings.get("login_global_window_seconds"))
# DuckDB refuses the second of two concurrent writes to one row (optimistic concurrency): retry.
_WRITE_RETRIES = 30


@dataclass(frozen=True)
class User:
    username: str
    role: str
    unit: str | None
    is_demo: bool = False

    @property
    def scope(self) -> str | None:
        """The unit every query is limited to: the user's own for 单位用户, else None (all)."""
        return self.unit if self.role == UNIT_USER else None

    @property
    def can_export(self) -> bool:
        return self.role in CAN_EXPORT

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


class AuthError(ValueError):
    """A refused login or account change; the message is for the user (Chinese)."""


class LoginLimiter:
    """Sliding-window counts of login attempts: failures per client, and all attempts overall.

    In memory and thread-safe; one per process (LIMITER). An attempt is admitted (and counted
    against its client at once, so concurrent attempts cannot overrun the limit) or refused; a
    successful login takes its count back from the client."""

    def __init__(
        self,
        client_max_failures: int = LOGIN_CLIENT_MAX_FAILURES,
        client_window_seconds: float = LOGIN_CLIENT_WINDOW_SECONDS,
        global_max_attempts: int = LOGIN_GLOBAL_MAX_ATTEMPTS,
        global_window_seconds: float = LOGIN_GLOBAL_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_max = client_max_failures
        self.client_window = client_window_seconds
        self.global_max = global_max_attempts
        self.global_window = global_window_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._clients: dict[str, collections.deque[float]] = {}
        self._all: collections.deque[float] = collections.deque()

    @staticmethod
    def _prune(times: collections.deque[float], since: float) -> None:
        while times and times[0] <= since:
            times.popleft()

    def admit(self, client: str | None) -> float | None:
        """The attempt's ticket, or None when the client or the whole process is over its limit."""
        with self._lock:
            now = self.clock()
            self._prune(self._all, now - self.global_window)
            if len(self._all) >= self.global_max:
                return None
            if client is not None:
                if len(self._clients) > 10_000:  # forget idle clients (memory stays bounded)
                    for key in list(self._clients):
                        self._prune(self._clients[key], now - self.client_window)
                        if not self._clients[key]:
                            del self._clients[key]
                times = self._clients.setdefault(client, collections.deque())
                self._prune(times, now - self.client_window)
                if len(times) >= self.client_max:
                    return None
                times.append(now)
            self._all.append(now)
            return now

    def succeeded(self, client: str | None, ticket: float) -> None:
        """A successful login is no failure of its client."""
        with self._lock:
            times = self._clients.get(client) if client is not None else None
            if times and ticket in times:
                times.remove(ticket)

    def reset(self) -> None:
        with self._lock:
            self._clients.clear()
            self._all.clear()


LIMITER = LoginLimiter()
_WRITE_LOCK = threading.Lock()  # serialises this process's writes to login_failures


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        actual = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual.hex(), digest)


def audit(
    con: duckdb.DuckDBPyConnection,
    username: str | None,
    action: str,
    detail: str | dict | None = None,
) -> None:
    text = (
        detail
        if isinstance(detail, str) or detail is None
        else json.dumps(detail, ensure_ascii=False)
    )
    cur = con.cursor()
    try:
        cur.execute(
            "insert into audit_log (logged_at, username, action, detail) values "
            "(current_timestamp, $u, $a, $d)",
            {"u": username, "a": action, "d": text},
        )
    finally:
        cur.close()


def _one(con, text: str, params: dict | None = None) -> tuple | None:
    """One row of a statement, on a cursor of its own: Streamlit serves every session in its own
    thread, and a DuckDB connection refuses a second call while one is running."""
    with closing(con.cursor()) as cur:
        return cur.execute(text, params or {}).fetchone()


def _do(con, text: str, params: dict | None = None) -> None:
    with closing(con.cursor()) as cur:
        cur.execute(text, params or {})


def _write(con, text: str, params: dict) -> list[tuple]:
    """A write to login_failures: one at a time in this process, and retried when DuckDB reports
    a conflict with a write of another connection or process."""
    for attempt in range(_WRITE_RETRIES):
        try:
            with _WRITE_LOCK, closing(con.cursor()) as cur:
                return cur.execute(text, params).fetchall()
        except (duckdb.TransactionException, duckdb.ConstraintException):
            if attempt == _WRITE_RETRIES - 1:
                raise
            time.sleep(random.uniform(0.001, 0.005) * (attempt + 1))
    raise AssertionError("unreachable")


def _exists(con, username: str) -> bool:
    return bool(_one(con, "select count(*) from users where username = $u", {"u": username})[0])


def sample_shown(con: duckdb.DuckDBPyConnection) -> bool:
    """True while the current data is the bundled sample (or nothing is loaded yet)."""
    row = _one(con, "select is_sample from import_log order by import_id desc limit 1")
    return row is None or bool(row[0])


def demo_allowed(con: duckdb.DuckDBPyConnection) -> bool:
    """Demo accounts work only until the first real import: restoring the data to before it does
    not switch them back on."""
    return not _one(con, "select count(*) from import_log where not is_sample")[0]


def validate_password(password: str) -> None:
    if not isinstance(password, str) or not password.strip():
        raise AuthError(labels.AUTH_PASSWORD_BLANK)
    if len(password) < int(settings.get("password_min_length")):
        raise AuthError(labels.AUTH_PASSWORD_SHORT.format(n=settings.get("password_min_length")))


def _role_unit(con, role: str, unit: str | None) -> str | None:
    """The unit the account gets (None unless 单位用户), or AuthError for a bad role or unit."""
    if role not in ROLES:
        raise AuthError(labels.AUTH_BAD_ROLE.format(roles=labels.LIST_SEP.join(ROLES)))
    if role != UNIT_USER:
        return None
    if not unit or not _one(con, "select count(*) from stg_units where unit = $u", {"u": unit})[0]:
        raise AuthError(labels.AUTH_BAD_UNIT.format(unit=unit or ""))
    return unit


def add_user(
    con: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    role: str,
    unit: str | None = None,
    by: str | None = None,
    is_demo: bool = False,
) -> None:
    username = username.strip()
    if not username:
        raise AuthError(labels.AUTH_NAME_EMPTY)
    unit = _role_unit(con, role, unit)
    if not is_demo:
        validate_password(password)
    if _exists(con, username):
        raise AuthError(labels.AUTH_EXISTS.format(username=username))
    _do(
        con,
        "insert into users (username, password_hash, role, unit, is_demo) "
        "values ($u, $h, $r, $unit, $demo)",
        {"u": username, "h": hash_password(password), "r": role, "unit": unit, "demo": is_demo},
    )
    _clear_failures(con, username)  # failures counted against the name before it existed
    audit(con, by, "user_add", {"username": username, "role": role, "unit": unit})


def remove_user(con: duckdb.DuckDBPyConnection, username: str, by: str | None = None) -> None:
    if not _exists(con, username):
        raise AuthError(labels.AUTH_NO_USER.format(username=username))
    _do(con, "delete from users where username = $u", {"u": username})
    _do(con, "delete from sessions where username = $u", {"u": username})
    audit(con, by, "user_remove", {"username": username})


def set_password(
    con: duckdb.DuckDBPyConnection, username: str, password: str, by: str | None = None
) -> None:
    validate_password(password)
    if not _exists(con, username):
        raise AuthError(labels.AUTH_NO_USER.format(username=username))
    _do(
        con,
        "update users set password_hash = $h where username = $u",
        {"u": username, "h": hash_password(password)},
    )
    _clear_failures(con, username)  # a new password also unlocks the account
    _do(con, "delete from sessions where username = $u", {"u": username})
    audit(con, by, "user_passwd", {"username": username})


def change_user(
    con: duckdb.DuckDBPyConnection,
    username: str,
    role: str,
    unit: str | None,
    by: str | None = None,
) -> None:
    """Give an account another role or unit (the rules of add_user); its sessions end, so no
    browser keeps the old rights."""
    unit = _role_unit(con, role, unit)
    if not _exists(con, username):
        raise AuthError(labels.AUTH_NO_USER.format(username=username))
    _do(
        con,
        "update users set role = $r, unit = $unit where username = $u",
        {"u": username, "r": role, "unit": unit},
    )
    ended = _end_sessions(con, username)
    audit(
        con,
        by,
        "user_change",
        {"username": username, "role": role, "unit": unit, "sessions": ended},
    )


def ensure_demo_users(con: duckdb.DuckDBPyConnection) -> None:
    """One demo account per role, created with the bundled sample."""
    for username, role, unit in DEMO_USERS:
        if not _exists(con, username):
            add_user(con, username, DEMO_PASSWORD, role, unit, by=labels.BY_SAMPLE, is_demo=True)


def drop_demo_accounts(con: duckdb.DuckDBPyConnection) -> int:
    """Delete the demo accounts and their sessions; how many accounts went. Runs on `con` itself,
    so inside an open transaction of the caller (an import) it commits or rolls back with it."""
    con.execute("delete from sessions where username in (select username from users where is_demo)")
    dropped = len(con.execute("delete from users where is_demo returning username").fetchall())
    if dropped:
        con.execute(
            "insert into audit_log (logged_at, username, action, detail) values "
            "(current_timestamp, null, 'demo_drop', $d)",
            {"d": json.dumps({"accounts": dropped})},
        )
    return dropped


def has_real_admin(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        _one(con, "select count(*) from users where role = $r and not is_demo", {"r": ADMIN})[0]
    )


# One statement counts the attempt and reads the lock: a lock that has run out starts a new count.
_COUNT_ATTEMPT = """
insert into login_failures as f (username, failures, locked_until) values ($u, 1, null)
on conflict (username) do update set
    failures = case when f.locked_until <= $now then 1 else f.failures + 1 end,
    locked_until = case when f.locked_until <= $now then null else f.locked_until end
returning failures, locked_until
"""
_LOCK = """
insert into login_failures as f (username, failures, locked_until) values ($u, $n, $lock)
on conflict (username) do update set locked_until = $lock
returning locked_until
"""


def _clear_failures(con, username: str) -> None:
    _write(con, "delete from login_failures where username = $u", {"u": username})


def _lock(con, username: str, failures: int, now: dt.datetime) -> AuthError:
    lock = now + dt.timedelta(minutes=int(settings.get("login_lockout_minutes")))
    _write(con, _LOCK, {"u": username, "n": failures, "lock": lock})
    audit(con, username, "locked", {"attempt": failures})
    return AuthError(labels.AUTH_LOCKED.format(until=lock.strftime("%H:%M")))


def login(
    con: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    now: dt.datetime | None = None,
    client: str | None = None,
) -> User:
    """The user, or AuthError with the reason (wrong password, locked, demo disabled, too many
    attempts). `client` names the caller for the per-client limit (an IP address or a browser
    session); None leaves only the global limit. No other exception leaves this function."""
    ticket = LIMITER.admit(client)
    if ticket is None:
        raise AuthError(labels.AUTH_TOO_MANY)
    try:
        user = _login(con, str(username).strip(), str(password), now or dt.datetime.now())
    except duckdb.Error as exc:
        LOG.warning("login of %r failed on a database error: %s", username, exc)
        raise AuthError(labels.AUTH_BUSY) from exc
    LIMITER.succeeded(client, ticket)
    return user


def _login(con, username: str, password: str, now: dt.datetime) -> User:
    limit = int(settings.get("login_max_failures"))
    failures, locked_until = _write(con, _COUNT_ATTEMPT, {"u": username, "now": now})[0]
    if locked_until is not None and locked_until > now:
        audit(con, username, "login_failed", {"reason": "locked"})
        raise AuthError(labels.AUTH_LOCKED.format(until=locked_until.strftime("%H:%M")))
    if failures > limit:  # more attempts at once than the limit allows: lock, check nothing
        raise _lock(con, username, failures, now)
    row = _one(
        con,
        "select password_hash, role, unit, is_demo from users where username = $u",
        {"u": username},
    )
    if row is None:
        hash_password(password)  # the same work as a real check: no timing hint
        ok = False
    else:
        ok = check_password(password, row[0]) and bool(password.strip())
    if not ok:
        if failures >= limit:
            raise _lock(con, username, failures, now)
        audit(
            con,
            username,
            "login_failed",
            {"reason": "unknown_user"} if row is None else {"attempt": failures},
        )
        raise AuthError(labels.AUTH_WRONG)
    _clear_failures(con, username)
    _, role, unit, is_demo = row
    if is_demo and not demo_allowed(con):
        audit(con, username, "login_failed", {"reason": "demo_disabled"})
        raise AuthError(labels.AUTH_DEMO_OFF)
    audit(con, username, "login")
    return User(username, role, unit, bool(is_demo))


SESSION_COOKIE = "studiodash_session"


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    con: duckdb.DuckDBPyConnection, username: str, now: dt.datetime | None = None
) -> str:
    """A new random token for the browser's cookie; only its SHA-256 is stored."""
    now = now or dt.datetime.now()
    token = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(minutes=int(settings.get("session_timeout_minutes")))
    cur = con.cursor()
    try:
        cur.execute("delete from sessions where expires_at < $now", {"now": now})
        cur.execute(
            "insert into sessions values ($t, $u, $c, $e)",
            {"t": _sha(token), "u": username, "c": now, "e": expires},
        )
    finally:
        cur.close()
    return token


def resume_session(
    con: duckdb.DuckDBPyConnection, token: str | None, now: dt.datetime | None = None
) -> tuple[User, dt.datetime] | None:
    """(User, signed-in time) for a valid cookie token, else None (no such session, expired, the
    account gone, or a demo account after real data came): a new tab or a reload of a signed-in
    browser needs no new login until the session expires."""
    if not isinstance(token, str) or not token:
        return None
    now = now or dt.datetime.now()
    row = _one(
        con,
        "select s.created_at, u.username, u.role, u.unit, u.is_demo from sessions as s "
        "join users as u on u.username = s.username "
        "where s.token_sha256 = $t and s.expires_at > $now",
        {"t": _sha(token), "now": now},
    )
    if row is None or (row[4] and not demo_allowed(con)):
        return None
    return User(row[1], row[2], row[3], bool(row[4])), row[0]


def user_sessions(
    con: duckdb.DuckDBPyConnection, username: str, now: dt.datetime | None = None
) -> int:
    """How many browsers the account is signed in on (sessions not yet expired)."""
    return _one(
        con,
        "select count(*) from sessions where username = $u and expires_at > $now",
        {"u": username, "now": now or dt.datetime.now()},
    )[0]


def _end_sessions(con, username: str) -> int:
    with closing(con.cursor()) as cur:
        return len(
            cur.execute(
                "delete from sessions where username = $u returning token_sha256", {"u": username}
            ).fetchall()
        )


def end_user_sessions(con: duckdb.DuckDBPyConnection, username: str, by: str | None) -> int:
    """Sign the account out everywhere: every session ends; how many there were."""
    ended = _end_sessions(con, username)
    audit(con, by, "user_sessions_end", {"username": username, "sessions": ended})
    return ended


def end_session(con: duckdb.DuckDBPyConnection, token: str | None) -> None:
    if isinstance(token, str) and token:
        _do(con, "delete from sessions where token_sha256 = $t", {"t": _sha(token)})


def expired(login_at: dt.datetime, now: dt.datetime | None = None) -> bool:
    now = now or dt.datetime.now()
    return now - login_at > dt.timedelta(minutes=int(settings.get("session_timeout_minutes")))
