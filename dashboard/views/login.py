"""登录: the only page shown before a user signs in. No data is read here."""

from __future__ import annotations

import datetime as dt
import secrets

import streamlit as st

from dashboard import auth, labels, ui
from dashboard.state import connection

st.html(ui.CSS)  # the app's look (a balanced title on a phone) before anyone signs in
st.title(labels.APP_TITLE)
if st.session_state.pop("login_expired", False):
    st.warning(labels.LOGIN_EXPIRED)
with st.form("login", border=True):
    username = st.text_input(labels.LOGIN_USER, key="login_user", autocomplete="username")
    password = st.text_input(
        labels.LOGIN_PASSWORD,
        type="password",
        key="login_password",
        autocomplete="current-password",
    )
    submitted = st.form_submit_button(labels.LOGIN_SUBMIT, type="primary")
if submitted:
    # The rate limit's client: the address when Streamlit knows it (not via localhost), else this
    # browser session. The password goes as typed: one of only spaces is simply wrong.
    address = st.context.ip_address
    client = (
        address
        if isinstance(address, str) and address
        else "session:" + st.session_state.setdefault("login_client", secrets.token_hex(8))
    )
    try:
        user = auth.login(connection(), username.strip(), password, client=client)
        st.session_state["user"] = user
        st.session_state["login_at"] = dt.datetime.now()
        st.session_state["set_cookie"] = auth.start_session(connection(), user.username)
        st.rerun()
    except auth.AuthError as exc:
        st.error(str(exc))
if auth.demo_allowed(connection()):
    st.info(
        labels.LOGIN_DEMO.format(
            password=auth.DEMO_PASSWORD,
            accounts=labels.LIST_SEP.join(
                labels.DEMO_ACCOUNT.format(
                    name=name, role=role, unit=labels.WITH_UNIT.format(unit=unit) if unit else ""
                )
                for name, role, unit in auth.DEMO_USERS
            ),
        )
    )
