"""Entry point: page config, login, the top bar (as-of, campaign), the sidebar (pages, account, scope) and the router."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` needs the package

from dashboard import (  # noqa: E402
    auth,
    labels,  # noqa: E402
    lists,
    session,  # noqa: E402
    settings,
    ui,
)
from dashboard.state import connection, current_user, refresh_data, warm_up  # noqa: E402

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(
    page_title=labels.APP_TITLE, page_icon=ui.favicon(), layout="wide", initial_sidebar_state="auto"
)
connection()  # builds the database from the bundled sample on first start
warm_up()  # once per process, in the background
refresh_data()  # before the account checks: real data imported elsewhere retires the demo ones

signed_out = session.recheck(connection())  # every run: the account as the database holds it
user = current_user()
# (page file, title, icon, URL path): every page once; the first is the default, at /.
PAGES = [
    ("progress.py", labels.PAGE_PROGRESS, "flag", None),
    ("benefits.py", labels.PAGE_BENEFITS, "trending_up", "benefits"),
    ("explore.py", labels.PAGE_EXPLORE, "search", "explore"),
    ("data_status.py", labels.PAGE_DATA, "database", "data"),
    ("applications.py", labels.PAGE_APPLICATIONS, "fact_check", "applications"),
    ("honours.py", labels.PAGE_HONOURS, "military_tech", "honours"),
    ("risk.py", labels.PAGE_RISK, "warning", "risk"),
    ("studio.py", labels.PAGE_STUDIO, "folder_open", "studio"),
]
# Inspections: plans for administrators, inspectors and leaders (who read them); the on-site
# form for those who record (administrators, inspectors). Unit users see neither.
INSPECTION_PAGES = [
    ("plan.py", labels.PAGE_PLAN, "checklist", "plan", auth.CAN_PLAN),
    ("inspect.py", labels.PAGE_INSPECT, "edit_note", "inspect", auth.CAN_RECORD),
]
ADMIN_PAGES = [
    ("admin_data.py", labels.PAGE_ADMIN_DATA, "upload_file", "admin-data"),
    ("admin_users.py", labels.PAGE_ADMIN_USERS, "group", "admin-users"),
]


def page(file: str, title: str, icon: str, url_path: str | None) -> st.Page:
    return st.Page(
        str(VIEWS / file),
        title=title,
        icon=f":material/{icon}:",
        url_path=url_path,
        default=url_path is None,
    )


pages = [page(*row) for row in PAGES]
admin_pages = [page(*row) for row in ADMIN_PAGES]
inspection_pages = {row[0]: (page(*row[:4]), row[4]) for row in INSPECTION_PAGES}
if user is None:
    if st.session_state.pop("clear_cookie", False):
        ui.set_cookie(auth.SESSION_COOKIE, "", 0)
    if signed_out:
        st.warning(signed_out)
    # Nothing but the login form before a user signs in. Every page stays routable (hidden), so
    # a shared link such as /explore?q=… still opens its page once the user has signed in.
    every = pages + [p for p, _ in inspection_pages.values()] + admin_pages
    st.navigation(every, position="hidden")
    runpy.run_path(str(VIEWS / "login.py"))
    st.stop()
mine = [p for p, roles in inspection_pages.values() if user.role in roles]
page = st.navigation(pages + mine + (admin_pages if user.is_admin else []))
with st.sidebar:
    st.markdown(f"**{labels.APP_TITLE}**")
    st.caption(
        labels.SIGNED_IN.format(
            username=ui.plain(user.username),
            role=user.role,
            unit=labels.WITH_UNIT.format(unit=ui.plain(user.unit)) if user.scope else "",
        )
    )
    if token := st.session_state.pop("set_cookie", None):
        ui.set_cookie(auth.SESSION_COOKIE, token, 60 * int(settings.get("session_timeout_minutes")))
    if st.button(labels.LOGOUT, key="logout", icon=":material/logout:"):
        session.sign_out(connection())
    if st.button(labels.LOGOUT_EVERYWHERE, key="logout_all", icon=":material/devices:"):
        session.sign_out(connection(), everywhere=True)
st.session_state["page_path"] = page.url_path  # where a studio's file links back to
lists.come_back(page.url_path)
ui.top_bar()
session.run_page(page)
