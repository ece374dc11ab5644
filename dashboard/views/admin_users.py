"""用户与审计 (管理员): accounts (add, change, sign out, remove, reset a password) and the audit log.

Usernames are user input: inside Markdown (messages, labels, errors) they go through ui.plain."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, labels, ui
from dashboard.state import connection, current_user, filters, fresh, query

user = current_user()
if not user.is_admin:
    st.error(labels.NO_PERMISSION)
    st.stop()
f = filters()
ui.page_header(labels.PAGE_ADMIN_USERS, f)

st.subheader(labels.USERS)
users = fresh("schema/users_list")
shown_users = ui.dashed(users).rename(columns=labels.USER_COLUMNS)
ui.show_table((shown_users, {}), "users", most=20, cards=ui.account_cards(users))
everyone = users["username"].tolist()
others = [u for u in everyone if u != user.username]
units = ["", *query("units", unit=None)["unit"]]  # "": no unit (None would read as no choice)


def unit_word(unit: str) -> str:
    return unit or labels.NO_UNIT


def said(template: str, username: str, role: str, unit: str | None, **more) -> str:
    """A confirmation naming the account, its role and, for a unit user, its unit."""
    at = labels.WITH_UNIT.format(unit=ui.plain(unit)) if unit and role == auth.UNIT_USER else ""
    return template.format(username=ui.plain(username), role=role, unit=at, **more)


def changed(message: str) -> None:
    st.session_state["users_message"] = message
    st.rerun()


if message := st.session_state.pop("users_message", None):
    st.success(message)
left, right = st.columns(2)
with left, st.form("user_add", clear_on_submit=True):
    st.markdown(f"**{labels.USER_ADD}**")
    name = st.text_input(labels.LOGIN_USER, key="new_user")
    password = st.text_input(labels.LOGIN_PASSWORD, type="password", key="new_password")
    role = ui.pick(labels.USER_ROLE, list(auth.ROLES), "new_role", labels.CHOOSE)  # least: none
    unit = st.selectbox(labels.USER_UNIT, units, key="new_unit", format_func=unit_word) or None
    if st.form_submit_button(labels.USER_ADD_BUTTON):
        try:
            auth.add_user(connection(), name, password, role, unit, by=user.username)
            changed(said(labels.AUTH_USER_ADDED, name.strip(), role, unit))
        except auth.AuthError as exc:
            st.error(ui.plain(exc))
with left, st.container(border=True):
    st.markdown(f"**{labels.USER_CHANGE}**")
    # outside the form, so that picking an account fills in its own role and unit
    who = ui.pick(labels.LOGIN_USER, others, "change_user", labels.CHOOSE_ACCOUNT)
    if not who:  # nothing to change until an account is picked (its fields empty, greyed)
        for key in ("change_role", "change_unit", "change_for"):
            st.session_state.pop(key, None)
    elif st.session_state.get("change_for") != who:
        account = users.set_index("username").loc[who]
        st.session_state["change_role"] = account["role"]
        st.session_state["change_unit"] = account["unit"] if account["unit"] in units else ""
        st.session_state["change_for"] = who
    form = st.form("user_change", border=False)
with form:
    empty = {} if who else dict(index=None, placeholder="", disabled=True)
    role = st.selectbox(labels.USER_ROLE, auth.ROLES, key="change_role", **empty)
    unit = st.selectbox(labels.USER_UNIT, units, key="change_unit", format_func=unit_word, **empty)
    if st.form_submit_button(labels.USER_CHANGE_BUTTON, disabled=not who):
        try:
            n = auth.user_sessions(connection(), who)
            auth.change_user(connection(), who, role, unit or None, by=user.username)
            changed(said(labels.AUTH_USER_CHANGED, who, role, unit or None, n=n))
        except auth.AuthError as exc:
            st.error(ui.plain(exc))
with right:
    with st.form("user_passwd", clear_on_submit=True):
        st.markdown(f"**{labels.USER_PASSWD}**")
        who = ui.pick(labels.LOGIN_USER, everyone, "passwd_user", labels.CHOOSE_ACCOUNT)
        password = st.text_input(labels.LOGIN_PASSWORD, type="password", key="passwd_password")
        if st.form_submit_button(labels.USER_PASSWD_BUTTON):
            try:
                if not who:
                    raise auth.AuthError(labels.ACCOUNT_FIRST)
                auth.set_password(connection(), who, password, by=user.username)
                changed(labels.AUTH_PASSWORD_SET.format(username=ui.plain(who)))
            except auth.AuthError as exc:
                st.error(ui.plain(exc))
    with st.container(border=True):
        st.markdown(f"**{labels.USER_SIGNOUT}**")
        who = ui.pick(labels.LOGIN_USER, others, "signout_user", labels.CHOOSE_ACCOUNT)
        if st.button(labels.USER_SIGNOUT_BUTTON, key="signout_button", disabled=not who):
            n = auth.end_user_sessions(connection(), who, by=user.username)
            changed(labels.AUTH_SESSIONS_ENDED.format(username=ui.plain(who), n=n))
    with st.container(border=True):
        st.markdown(f"**{labels.USER_REMOVE}**")
        who = ui.pick(labels.LOGIN_USER, others, "remove_user", labels.CHOOSE_ACCOUNT)
        n = auth.user_sessions(connection(), who) if who else 0
        # the key names the account: a tick given to one account never carries over to another
        sure = who and st.checkbox(
            labels.USER_REMOVE_CONFIRM.format(username=ui.plain(who), n=n),
            key=f"remove_confirm:{who}",
        )
        if st.button(labels.USER_REMOVE_BUTTON, key="remove_button", disabled=not sure):
            try:
                auth.remove_user(connection(), who, by=user.username)
                changed(labels.AUTH_USER_REMOVED.format(username=ui.plain(who)))
            except auth.AuthError as exc:
                st.error(ui.plain(exc))

st.subheader(labels.AUDIT)
audit = fresh("schema/audit_recent", limit=500)
table = ui.audit_table(audit)
ui.show_table((table, {}), "audit", cards=ui.audit_cards(table))
