"""Accounts, roles and the audit log. Imports no streamlit.

Passwords are stored as scrypt hashes with a per-user salt; after `login_max_failures` failed
attempts an account is locked for `login_lockout_minutes`. Demo accounts (one per role) exist
while the database holds the bundled sample, and stop working once real data is imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from contextlib import closing
from dataclasses import dataclass

import duckdb

from . import labels, sample, settings
from .contract import ADMIN, INSPECTOR, LEADER, ROLES, UNIT_USER

CAN_EXPORT = {ADMIN, INSPECTOR, UNIT_USER}
DEMO_UNIT = sample.DEMO_UNIT
DEMO_USERS = (
    ("admin", ADMIN, None),
    ("leader", LEADER, None),
    ("inspector", INSPECTOR, None),
    ("shushan", UNIT_USER, DEMO_UNIT),
)
DEMO_PASSWORD = "demo1234"
_SCRYPT = dict(n=2**14, r=8, p=1)


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


def sample_shown(con: duckdb.DuckDBPyConnection) -> bool:
    """True while the current data is the bundled sample (or nothing is loaded yet)."""
    row = _one(con, "select is_sample from import_log order by import_id desc limit 1")
    return row is None or bool(row[0])


def validate_password(password: str) -> None:

    if len(password) < int(settings.get("password_min_length")):
        raise AuthError(labels.AUTH_PASSWORD_SHORT.format(n=settings.get("password_min_length")))


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
    if role not in ROLES:
        raise AuthError(labels.AUTH_BAD_ROLE.format(roles=labels.LIST_SEP.join(ROLES)))
    if role == UNIT_USER:
        if (
            not unit
            or not _one(con, "select count(*) from stg_units where unit = $u", {"u": unit})[0]
        ):
            raise AuthError(labels.AUTH_BAD_UNIT.format(unit=unit or ""))
    else:
        unit = None
    if not is_demo:
        validate_password(password)
    if _one(con, "select count(*) from users where username = $u", {"u": username})[0]:
        raise AuthError(labels.AUTH_EXISTS.format(username=username))
    _do(
        con,
        "insert into users (username, password_hash, role, unit, is_demo) "
        "values ($u, $h, $r, $unit, $demo)",
        {"u": username, "h": hash_password(password), "r": role, "unit": unit, "demo": is_demo},
    )
    audit(con, by, "user_add", {"username": username, "role": role, "unit": unit})


def remove_user(con: duckdb.DuckDBPyConnection, username: str, by: str | None = None) -> None:

    if not _one(con, "select count(*) from users where username = $u", {"u": username})[0]:
        raise AuthError(labels.AUTH_NO_USER.format(username=username))
    _do(con, "delete from users where username = $u", {"u": username})
    _do(con, "delete from sessions where username = $u", {"u": username})
    audit(con, by, "user_remove", {"username": username})


def set_password(
    con: duckdb.DuckDBPyConnection, username: str, password: str, by: str | None = None
) -> None:

    validate_password(password)
    if not _one(con, "select count(*) from users where username = $u", {"u": username})[0]:
        raise AuthError(labels.AUTH_NO_USER.format(username=username))
    _do(
        con,
        "update users set password_hash = $h, failed_logins = 0, locked_until = null "
        "where username = $u",
        {"u": username, "h": hash_password(password)},
    )
    _do(con, "delete from sessions where username = $u", {"u": username})
    audit(con, by, "user_passwd", {"username": username})


def ensure_demo_users(con: duckdb.DuckDBPyConnection) -> None:
    """One demo account per role, created with the bundled sample."""
    for username, role, unit in DEMO_USERS:
        if not _one(con, "select count(*) from users where username = $u", {"u": username})[0]:
            add_user(con, username, DEMO_PASSWORD, role, unit, by=labels.BY_SAMPLE, is_demo=True)


def has_real_admin(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        _one(con, "select count(*) from users where role = $r and not is_demo", {"r": ADMIN})[0]
    )


def login(
    con: duckdb.DuckDBPyConnection, username: str, password: str, now: dt.datetime | None = None
) -> User:
    """The user, or AuthError with the reason (wrong password, locked, demo disabled)."""

    now = now or dt.datetime.now()
    cur = con.cursor()
    try:
        row = cur.execute(
            "select password_hash, role, unit, is_demo, failed_logins, locked_until "
            "from users where username = $u",
            {"u": username},
        ).fetchone()
        if row is None:
            hash_password(password)  # the same work as a real check: no timing hint
            audit(con, username, "login_failed", "unknown user")
            raise AuthError(labels.AUTH_WRONG)
        stored, role, unit, is_demo, failures, locked_until = row
        if locked_until is not None and locked_until > now:
            audit(con, username, "login_failed", "locked")
            raise AuthError(labels.AUTH_LOCKED.format(until=locked_until.strftime("%H:%M")))
        if not check_password(password, stored):
            failures += 1
            limit = int(settings.get("login_max_failures"))
            lock = (
                now + dt.timedelta(minutes=int(settings.get("login_lockout_minutes")))
                if failures >= limit
                else None
            )
            cur.execute(
                "update users set failed_logins = $f, locked_until = $l where username = $u",
                {"f": 0 if lock else failures, "l": lock, "u": username},
            )
            audit(con, username, "locked" if lock else "login_failed", f"attempt {failures}")
            if lock:
                raise AuthError(labels.AUTH_LOCKED.format(until=lock.strftime("%H:%M")))
            raise AuthError(labels.AUTH_WRONG)
        if is_demo and not sample_shown(con):
            audit(con, username, "login_failed", "demo disabled")
            raise AuthError(labels.AUTH_DEMO_OFF)
        cur.execute(
            "update users set failed_logins = 0, locked_until = null where username = $u",
            {"u": username},
        )
        audit(con, username, "login")
        return User(username, role, unit, bool(is_demo))
    finally:
        cur.close()


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
    """(User, signed-in time) for a valid cookie token, else None: a new tab or a reload of a
    signed-in browser needs no new login until the session expires."""
    if not isinstance(token, str) or not token:
        return None
    now = now or dt.datetime.now()
    cur = con.cursor()
    try:
        row = cur.execute(
            "select s.created_at, u.username, u.role, u.unit, u.is_demo from sessions as s "
            "join users as u on u.username = s.username "
            "where s.token_sha256 = $t and s.expires_at > $now",
            {"t": _sha(token), "now": now},
        ).fetchone()
    finally:
        cur.close()
    if row is None or (row[4] and not sample_shown(con)):
        return None
    return User(row[1], row[2], row[3], bool(row[4])), row[0]


def end_session(con: duckdb.DuckDBPyConnection, token: str | None) -> None:
    if isinstance(token, str) and token:
        cur = con.cursor()
        try:
            cur.execute("delete from sessions where token_sha256 = $t", {"t": _sha(token)})
        finally:
            cur.close()


def expired(login_at: dt.datetime, now: dt.datetime | None = None) -> bool:
    now = now or dt.datetime.now()
    return now - login_at > dt.timedelta(minutes=int(settings.get("session_timeout_minutes")))
