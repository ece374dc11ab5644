"""A browser tab's sign-in: rechecked against the database on every script run, ended on the
server at logout, and the page run with errors logged here and shown by reference only.

The tab keeps the token its login created (or the cookie it resumed from) in its server-side
session state; the browser's cookie is read only to resume a signed-in browser in a new tab.
"""

from __future__ import annotations

import logging
import secrets

import duckdb
import streamlit as st

from . import auth, labels

LOG = logging.getLogger("studiodash")
TOKEN = "session_token"  # session_state key: the token this tab is signed in with


def recheck(con: duckdb.DuckDBPyConnection) -> str | None:
    """Resume from the cookie when the tab has no user; otherwise re-read the account behind the
    tab's token. When the session ended (logout elsewhere, expiry) or the account changed (deleted,
    role or unit narrowed, demo accounts retired by a real import) the tab is signed out, and
    the returned Chinese reason is shown above the login form."""
    state = st.session_state
    if (token := state.get("set_cookie")) is not None:  # a login in this tab's previous run
        state[TOKEN] = token
    user = state.get("user")
    if user is None:
        cookie = st.context.cookies.get(auth.SESSION_COOKIE)
        if resumed := auth.resume_session(con, cookie):
            state["user"], state["login_at"] = resumed
            state[TOKEN] = cookie
        return None
    resumed = auth.resume_session(con, state.get(TOKEN))
    if resumed is not None and resumed[0] == user and not auth.expired(state["login_at"]):
        return None
    reason = labels.LOGIN_EXPIRED if auth.expired(state["login_at"]) else labels.SESSION_ENDED
    state.clear()
    state["clear_cookie"] = True
    return reason


def sign_out(con: duckdb.DuckDBPyConnection, everywhere: bool = False) -> None:
    """End this tab's session on the server (or every session of the user), then rerun."""
    state = st.session_state
    user = state["user"]
    if everywhere:  # audited there
        auth.end_user_sessions(con, user.username, by=user.username)
    else:
        auth.audit(con, user.username, "logout")
        auth.end_session(con, state.get(TOKEN))
    state.clear()
    state["clear_cookie"] = True
    st.rerun()


def run_page(page: st.Page) -> None:
    """Run the page; an unexpected error is logged with a reference the user can quote, and the
    page shows only that reference (client.showErrorDetails is "none" for anything else)."""
    try:
        page.run()
    except Exception:
        ref = secrets.token_hex(4).upper()
        LOG.exception("page error, reference %s", ref)
        st.error(labels.PAGE_ERROR.format(ref=ref))
