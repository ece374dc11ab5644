"""Login, roles and unit scope in AppTest: no data before login, a unit user sees its own unit
on every page, admin-only pages, the upload flow."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import auth
from tests.conftest import OUTCOMES, REGISTRY, app_as, write_xlsx

PAGES = [
    "views/progress.py",
    "views/benefits.py",
    "views/explore.py",
    "views/risk.py",
    "views/data_status.py",
]


def test_nothing_before_login(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert not at.metric and not at.dataframe and not at.get("echarts_chart")
    assert ["用户名", "密码"] == [t.label for t in at.text_input]


def test_login_form_signs_in_and_out(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    at.text_input(key="login_user").set_value("leader")
    at.text_input(key="login_password").set_value("wrong-pass")
    at.button[0].click().run()
    assert "用户名或密码不正确。" == at.error[0].value
    at.text_input(key="login_user").set_value("leader")
    at.text_input(key="login_password").set_value(auth.DEMO_PASSWORD)
    at.button[0].click().run()
    assert not at.exception and at.metric, "the leader sees the progress page"
    at.button(key="logout").click().run()
    assert not at.metric and "user" not in at.session_state


def test_session_expires(app):
    app.session_state["login_at"] = dt.datetime.now() - dt.timedelta(hours=5)
    at = app.run()
    assert not at.metric
    assert "登录已超时，请重新登录。" == at.warning[0].value


@pytest.mark.parametrize("page", PAGES)
def test_unit_user_sees_only_its_unit(unit_app, page):
    at = unit_app.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert any("范围：蜀山区" in m.value for m in at.markdown)
    units = set()
    for frame in at.dataframe:
        df = frame.value
        for column in ("unit", "推荐单位"):
            if column in df.columns:
                units |= set(df[column].dropna())
    assert units <= {"蜀山区"}, units


def test_data_page_counts_the_rows_of_the_scope(unit_app, app, sample_con):
    """数据概况 said 范围：蜀山区 over the whole city's counts (工作室名录 290)."""
    from dashboard import db

    def rows(at) -> dict:
        at.switch_page("views/data_status.py").run()
        assert not at.exception, at.exception
        return dict(at.dataframe[0].value.itertuples(index=False))

    def count(sql: str) -> int:
        return sample_con.execute(sql).fetchone()[0]

    loaded = dict(db.current_state(sample_con)[["sheet", "rows"]].itertuples(index=False))
    assert loaded == rows(app.run())  # the city: every row, as loaded
    mine = "select studio_id from stg_studios where unit = '蜀山区'"
    expected = {
        "推荐单位": 1,
        "创建目标": loaded["创建目标"],  # the city's targets, the same for every unit
        "名额分配": count("select count(*) from stg_quotas where unit = '蜀山区'"),
        "工作室名录": count(f"select count(*) from ({mine})"),
        **{
            sheet: count(f"select count(*) from stg_{table} where studio_id in ({mine})")
            for sheet, table in [
                ("状态记录", "status_events"),
                ("检查记录", "inspections"),
                ("年度评估", "assessments"),
                ("创新成果", "outcomes"),
                ("活动记录", "activities"),
            ]
        },
    }
    assert 0 < expected["工作室名录"] < loaded["工作室名录"]
    assert expected == rows(unit_app.run())


def test_unit_user_progress_target_is_its_quota(unit_app, sample_con):
    from dashboard import report

    at = unit_app.run()
    r = report.build(sample_con, unit="蜀山区")["campaign"]
    shown = {m.label: m.value for m in at.metric}
    assert (str(r["target"]), str(r["named"])) == (shown["目标数"], shown["本年度命名"])


def test_unit_user_cannot_open_another_units_studio(unit_app, sample_con):
    other = sample_con.execute(
        "select studio_id from stg_studios where unit <> '蜀山区' order by studio_id limit 1"
    ).fetchone()[0]
    at = unit_app.run()
    at.switch_page("views/studio.py")
    at.query_params["id"] = other
    at.run()
    assert not at.exception
    assert any("无权限" in e.value for e in at.error)
    assert not at.dataframe


def test_admin_pages_are_for_admins_only(app_env):
    leader = app_as(auth.User("leader", auth.LEADER, None, True)).run()
    assert not leader.exception
    with pytest.raises(Exception):  # noqa: B017 - any refusal: the page is not in the leader's menu
        leader.switch_page("views/admin_data.py").run()
    admin = app_as(auth.User("admin", auth.ADMIN, None, True)).run()
    admin.switch_page("views/admin_users.py").run()
    assert not admin.exception
    assert {"admin", "leader", "inspector", "shushan"} <= set(admin.dataframe[0].value["用户名"])


def test_leader_has_no_export_buttons(app_env):
    leader = app_as(auth.User("leader", auth.LEADER, None, True)).run()
    for page in ("views/explore.py", "views/risk.py", "views/benefits.py"):
        leader.switch_page(page).run()
        assert not leader.get("download_button"), page


def upload(at, files):
    at.file_uploader(key="upload").set_value(files).run()
    return at


def xlsx_bytes(sheets) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        return write_xlsx(Path(d) / "x.xlsx", sheets).read_bytes()


def test_upload_bad_file_shows_every_problem_and_changes_nothing(app, sample_con):
    at = app.run()
    at.switch_page("views/admin_data.py").run()
    reg = {k: (h, [list(r) for r in rows]) for k, (h, rows) in REGISTRY.items()}
    reg["推荐单位"][1][0][1] = "县区"
    reg["工作室名录"][1][1][7] = "蜀山去"
    before = at.session_state["filters"].data_as_of
    upload(
        at,
        [
            ("工作室台账.xlsx", xlsx_bytes(reg), "application/vnd.ms-excel"),
            ("创新成果.xlsx", xlsx_bytes(OUTCOMES), "application/vnd.ms-excel"),
        ],
    )
    assert not at.exception
    assert "校验未通过：共" in at.error[0].value
    problems = at.dataframe[0].value
    assert {("推荐单位", 3, "单位类别", "县区"), ("工作室名录", 4, "推荐单位", "蜀山去")} <= set(
        problems[["工作表", "行号", "列", "取值"]].itertuples(index=False, name=None)
    )
    assert (
        not at.button(key="confirm_import")
        if "confirm_import" in [b.key for b in at.button]
        else True
    )
    assert before == at.session_state["filters"].data_as_of


def test_an_upload_that_empties_most_of_a_sheet_warns_and_asks_twice(tmp_path, monkeypatch):
    """3 quotas where there are 3, then 1: a partial export uploaded by mistake? A warning that
    names the sheet instead of 校验通过, and a second step; 取消 imports nothing."""
    monkeypatch.setenv("STUDIODASH_DB", str(tmp_path / "shrink.duckdb"))
    at = app_as(auth.User("chief", auth.ADMIN, None, False)).run()
    at.switch_page("views/admin_data.py").run()
    files = [("创新成果.xlsx", xlsx_bytes(OUTCOMES), "application/octet-stream")]
    upload(at, [("工作室台账.xlsx", xlsx_bytes(REGISTRY), "application/octet-stream"), *files])
    at.button(key="confirm_import").click().run()  # over the sample: one step
    assert any("导入成功（导入编号 2）" in s.value for s in at.success)
    fewer = {**REGISTRY, "名额分配": (REGISTRY["名额分配"][0], REGISTRY["名额分配"][1][:1])}
    at = app_as(auth.User("chief", auth.ADMIN, None, False)).run()
    at.switch_page("views/admin_data.py").run()
    upload(at, [("工作室台账.xlsx", xlsx_bytes(fewer), "application/octet-stream"), *files])
    assert not at.exception
    assert not any("校验通过" in s.value for s in at.success)
    [warned] = [w.value for w in at.warning if "一半以上" in w.value]
    assert "名额分配 3 → 1 行" in warned and "工作室名录" not in warned
    assert not [b for b in at.button if b.key == "confirm_import"], "no one-click import"
    at.button(key="confirm_import_ask").click().run()
    assert any("仍要用这些文件替换现有数据？名额分配 3 → 1 行" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "取消").click().run()
    assert not any("导入成功" in s.value for s in at.success), "取消 imports nothing"
    assert [2, 1] == at.dataframe[-1].value["编号"].tolist()
    at.button(key="confirm_import_ask").click().run()
    at.button(key="confirm_import_yes").click().run()
    assert any("导入成功（导入编号 3）" in s.value for s in at.success)


def test_upload_good_files_preview_confirm_restore(app_env, tmp_path, monkeypatch):
    """On a database of its own: preview the changes, confirm, see it in the history, restore."""
    monkeypatch.setenv("STUDIODASH_DB", str(tmp_path / "upload.duckdb"))
    # a real administrator: a real import retires the demo accounts (and signs them out)
    at = app_as(auth.User("chief", auth.ADMIN, None, False)).run()
    at.switch_page("views/admin_data.py").run()
    upload(
        at,
        [
            ("工作室台账.xlsx", xlsx_bytes(REGISTRY), "application/octet-stream"),
            ("创新成果.xlsx", xlsx_bytes(OUTCOMES), "application/octet-stream"),
        ],
    )
    assert not at.exception
    changes = at.dataframe[0].value.set_index("工作表")
    assert 2 == changes.loc["工作室名录", "导入后行数"]
    assert (
        290
        == changes.loc["工作室名录", "删除"]
        + changes.loc["工作室名录", "修改"]
        + changes.loc["工作室名录", "未变"]
    )
    assert not any("一半以上" in w.value for w in at.warning), "the sample is replaced in full"
    at.button(key="confirm_import").click().run()
    assert any("导入成功（导入编号 2）" in s.value for s in at.success)
    at.run()
    assert "2023-07-01" == str(at.session_state["filters"].data_as_of)  # the new data's own date
    history = at.dataframe[-1].value
    assert [2, 1] == history["编号"].tolist()
    # each import to restore before is named by its time and kind, not by its number alone, and
    # the one picked by its files below (the box holds one line on a phone)
    picks = at.selectbox(key="restore_id").options
    assert picks[0].startswith("2 · 20") and picks[0].endswith(" · 导入")
    assert picks[1].startswith("1 · 20") and picks[1].endswith(" · 导入")
    at.selectbox(key="restore_id").set_value(2).run()
    files = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("该次的文件")]
    assert ["该次的文件：工作室台账.xlsx、创新成果.xlsx"] == files
    next(b for b in at.button if b.label == "恢复").click().run()
    assert not any("已恢复" in s.value for s in at.success), "restore asks first"
    assert any(
        "恢复到导入 2 之前：" in w.value and "工作室名录 2 → 290 行" in w.value for w in at.warning
    )
    next(b for b in at.button if b.label == "确认恢复").click().run()
    assert any("已恢复到导入 2 之前的数据" in s.value for s in at.success)
    at.run()
    assert "2023-12-15" == str(at.session_state["filters"].data_as_of)
    from dashboard.state import connection

    actions = [
        r[0]
        for r in connection()
        .execute(
            "select action from audit_log where action in ('import', 'restore') order by logged_at"
        )
        .fetchall()
    ]
    assert ["import", "restore"] == actions
