"""用户与审计 (管理员): accounts (add, remove, reset a password) and the audit log."""

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
st.dataframe(users.rename(columns=labels.USER_COLUMNS), hide_index=True, key="users")


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
    role = st.selectbox(labels.USER_ROLE, auth.ROLES, key="new_role")
    unit = st.selectbox(
        labels.USER_UNIT, [None, *query("units", unit=None)["unit"]], key="new_unit"
    )
    if st.form_submit_button(labels.USER_ADD_BUTTON):
        try:
            auth.add_user(connection(), name, password, role, unit, by=user.username)
            changed(
                labels.AUTH_USER_ADDED.format(
                    username=name,
                    role=role,
                    unit=labels.WITH_UNIT.format(unit=unit)
                    if unit and role == auth.UNIT_USER
                    else "",
                )
            )
        except auth.AuthError as exc:
            st.error(str(exc))
with right:
    with st.form("user_passwd", clear_on_submit=True):
        st.markdown(f"**{labels.USER_PASSWD}**")
        who = st.selectbox(labels.LOGIN_USER, users["username"].tolist(), key="passwd_user")
        password = st.text_input(labels.LOGIN_PASSWORD, type="password", key="passwd_password")
        if st.form_submit_button(labels.USER_PASSWD_BUTTON):
            try:
                auth.set_password(connection(), who, password, by=user.username)
                changed(labels.AUTH_PASSWORD_SET.format(username=who))
            except auth.AuthError as exc:
                st.error(str(exc))
    with st.form("user_remove"):
        st.markdown(f"**{labels.USER_REMOVE}**")
        who = st.selectbox(
            labels.LOGIN_USER,
            [u for u in users["username"] if u != user.username],
            key="remove_user",
        )
        if st.form_submit_button(labels.USER_REMOVE_BUTTON) and who:
            auth.remove_user(connection(), who, by=user.username)
            changed(labels.AUTH_USER_REMOVED.format(username=who))

st.subheader(labels.AUDIT)
audit = fresh("schema/audit_recent", limit=500)
st.dataframe(
    audit.assign(action=audit["action"].map(labels.AUDIT_ACTIONS).fillna(audit["action"])).rename(
        columns=labels.AUDIT_COLUMNS
    ),
    hide_index=True,
    key="audit",
    height=ui.table_height(len(audit), 15),
)
