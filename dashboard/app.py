"""Entry point: page config, login, the global sidebar (campaign, as-of, scope) and the router."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` needs the package

from dashboard import auth, settings, ui  # noqa: E402
from dashboard import labels as L  # noqa: E402
from dashboard.state import connection, current_user  # noqa: E402

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(
    page_title=L.APP_TITLE, page_icon="📊", layout="wide", initial_sidebar_state="auto"
)
connection()  # builds the database from the bundled sample on first start

user = current_user()
if user is None:  # a reload or a new tab of a signed-in browser: its session cookie
    resumed = auth.resume_session(connection(), st.context.cookies.get(auth.SESSION_COOKIE))
    if resumed:
        user, st.session_state["login_at"] = resumed
        st.session_state["user"] = user
if user is not None and auth.expired(st.session_state["login_at"]):
    st.session_state.clear()
    st.session_state["login_expired"] = True
    user = None
pages = [
    st.Page(
        str(VIEWS / "progress.py"), title=L.PAGE_PROGRESS, icon=":material/flag:", default=True
    ),
    st.Page(
        str(VIEWS / "benefits.py"),
        title=L.PAGE_BENEFITS,
        icon=":material/trending_up:",
        url_path="benefits",
    ),
    st.Page(
        str(VIEWS / "explore.py"),
        title=L.PAGE_EXPLORE,
        icon=":material/search:",
        url_path="explore",
    ),
    st.Page(
        str(VIEWS / "data_status.py"),
        title=L.PAGE_DATA,
        icon=":material/database:",
        url_path="data",
    ),
    st.Page(str(VIEWS / "risk.py"), title=L.PAGE_RISK, icon=":material/warning:", url_path="risk"),
    st.Page(
        str(VIEWS / "studio.py"),
        title=L.PAGE_STUDIO,
        icon=":material/folder_open:",
        url_path="studio",
    ),
]
admin_pages = [
    st.Page(
        str(VIEWS / "admin_data.py"),
        title=L.PAGE_ADMIN_DATA,
        icon=":material/upload_file:",
        url_path="admin-data",
    ),
    st.Page(
        str(VIEWS / "admin_users.py"),
        title=L.PAGE_ADMIN_USERS,
        icon=":material/group:",
        url_path="admin-users",
    ),
]
if user is None:
    if st.session_state.pop("clear_cookie", False):
        ui.set_cookie(auth.SESSION_COOKIE, "", 0)
    # Nothing but the login form before a user signs in. Every page stays routable (hidden), so
    # a shared link such as /explore?q=… still opens its page once the user has signed in.
    st.navigation(pages + admin_pages, position="hidden")
    runpy.run_path(str(VIEWS / "login.py"))
    st.stop()
page = st.navigation(pages + admin_pages if user.is_admin else pages)
with st.sidebar:
    st.markdown(f"**{L.APP_TITLE}**")
    st.caption(
        L.SIGNED_IN.format(
            username=user.username, role=user.role, unit=f"，{user.unit}" if user.scope else ""
        )
    )
    if token := st.session_state.pop("set_cookie", None):
        ui.set_cookie(auth.SESSION_COOKIE, token, 60 * int(settings.get("session_timeout_minutes")))
    if st.button(L.LOGOUT, key="logout", icon=":material/logout:"):
        auth.audit(connection(), user.username, "logout")
        auth.end_session(connection(), st.context.cookies.get(auth.SESSION_COOKIE))
        st.session_state.clear()
        st.session_state["clear_cookie"] = True
        st.rerun()
ui.sidebar()
page.run()
