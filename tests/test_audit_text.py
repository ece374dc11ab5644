"""The audit log and the account table in Chinese (issue 17, point 3): details read as words,
never raw JSON or "attempt 1", and an empty cell is "—", not "None"."""

from __future__ import annotations

import json

import pytest

from dashboard import auth, ui
from tests.conftest import app_as


@pytest.mark.parametrize(
    "detail, text",
    [
        (json.dumps({"attempt": 3}), "连续失败次数：3"),
        ("attempt 2", "连续失败次数：2"),  # written by older versions
        (json.dumps({"reason": "unknown_user"}), "原因：用户名不存在"),
        ("demo disabled", "示例账号已停用"),
        (
            json.dumps({"file": "成果效益.xlsx", "page": "成果效益", "rows": 12}),
            "文件：成果效益.xlsx；页面：成果效益；行数：12",
        ),
        (json.dumps({"username": "zhao", "unit": None}), "账号：zhao；单位：—"),
        (None, "—"),
        # a value that names itself (an export's scope and filters) is not named twice
        (
            json.dumps({"scope": "范围：全市", "filters": "筛选条件：无"}),
            "范围：全市；筛选条件：无",
        ),
    ],
)
def test_audit_details_read_as_words(detail, text):
    assert text == ui.audit_text(detail)


def test_admin_tables_show_no_none(app_env):
    at = app_as(auth.User("admin", auth.ADMIN, None, True)).run()
    at.switch_page("views/admin_users.py").run()
    users, audit = at.dataframe[0].value, at.dataframe[-1].value
    for frame in (users, audit):
        assert not frame.isna().any().any()
        assert not frame.astype(str).isin(["None", "nan", "NaT"]).any().any()
    assert not audit["详情"].str.startswith("{").any()
