"""One door for exports (issue 15, F4): for every role on every page, each download button is
drawn by ui.download (the role rule), and each file it serves is audited and formula-guarded.
领导 exports nothing but the leadership briefing (issue 19: 打印简报, exports.LEADER_KINDS)."""

from __future__ import annotations

import inspect
import io

import openpyxl
import pytest
import streamlit as st

from dashboard import auth, labels
from tests.conftest import app_as

BRIEF_FILE = labels.BRIEF_EXPORT_FILE.format(date="2023-12-15")  # 打印简报 on 创建进度

PAGES = [
    "views/progress.py",
    "views/benefits.py",
    "views/explore.py",
    "views/risk.py",
    "views/data_status.py",
    "views/studio.py",
    "views/applications.py",
    "views/honours.py",
    "views/plan.py",
    "views/inspect.py",
]
ONLY = {"views/plan.py": auth.CAN_PLAN, "views/inspect.py": auth.CAN_RECORD}  # else not in the menu
ROLES = [
    auth.User("t_admin", auth.ADMIN, None),
    auth.User("t_leader", auth.LEADER, None),
    auth.User("t_inspector", auth.INSPECTOR, None),
    auth.User("t_unit", auth.UNIT_USER, "蜀山区"),
]


@pytest.fixture
def buttons(monkeypatch):
    """Every st.download_button drawn: (the function that drew it, its file callable, name)."""
    drawn = []
    real = st.download_button

    def spy(label, data, *args, **kwargs):
        drawn.append((inspect.stack()[1].frame.f_globals["__name__"], data, kwargs["file_name"]))
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    return drawn


@pytest.mark.parametrize("user", ROLES, ids=lambda u: u.role)
def test_every_download_goes_through_the_export_path(app_env, sample_con, buttons, user):
    at = app_as(user).run()
    studio = sample_con.execute(
        "select studio_id from stg_studios where unit = '蜀山区' order by studio_id limit 1"
    ).fetchone()[0]
    for page in [p for p in PAGES if user.role in ONLY.get(p, {user.role})]:
        if page.endswith("studio.py"):
            at.query_params["id"] = studio
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
    drawers = {module for module, _, _ in buttons}
    assert {"dashboard.ui"} == drawers, "a download drawn outside ui.download"
    if not user.can_export:  # 领导: only what is made for leadership (exports.LEADER_KINDS)
        assert {BRIEF_FILE} == {name for _, _, name in buttons}, "领导 may not export"
    else:  # 成果效益, 检查查询, 预警清单, 申报审核, 金牌职工, 表彰建议 and the briefing at least
        assert len(buttons) >= 7 and BRIEF_FILE in [name for _, _, name in buttons]
    from dashboard.state import connection

    con = connection()
    before = con.execute(
        "select count(*) from audit_log where action = 'export' and username = $u",
        {"u": user.username},
    ).fetchone()[0]
    for _, data, name in buttons:
        body = data()
        if name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(body))
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    for cell in row:
                        assert not (isinstance(cell, str) and cell[:1] in "=+-@" and len(cell) > 1)
    after = con.execute(
        "select count(*) from audit_log where action = 'export' and username = $u",
        {"u": user.username},
    ).fetchone()[0]
    assert len(buttons) == after - before


@pytest.mark.parametrize(
    "page, query, filters",
    [
        ("views/explore.py", {"r": "高"}, "筛选条件：风险等级：高"),
        ("views/applications.py", {"late": "true"}, "筛选条件：只看逾期申报"),
        ("views/honours.py", {"roll_state": "在册"}, "筛选条件：状态：在册"),
    ],
)
def test_a_list_export_names_its_filters(app_env, buttons, page, query, filters):
    """The workbook of a filtered list says, under its title, which filters chose its rows."""
    at = app_as(ROLES[0]).run()
    at.query_params.update(query)
    at.switch_page(page).run()
    assert not at.exception
    books = [data() for _, data, name in buttons if name.endswith(".xlsx")]
    assert books
    sheet = openpyxl.load_workbook(io.BytesIO(books[0])).worksheets[0]
    assert sheet["A3"].value == filters


def workbook_rows(body: bytes) -> tuple[str, list[dict]]:
    """The first sheet of an export: its title line and its rows by header (under the title rows)."""
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "工作室名称")
    return sheet["A1"].value, [dict(zip(rows[header], r)) for r in rows[header + 1 :] if r[0]]


def test_the_near_misses_have_an_export_of_their_own(app_env, buttons):
    """表彰与荣誉's 差一项的工作室 had no export (its phone cards pointed at none): it has one now,
    with every near miss and what each misses, beside the candidates' own."""
    at = app_as(ROLES[0]).run()
    at.switch_page("views/honours.py").run()
    assert not at.exception
    near = at.dataframe[2].value
    files = {name.split("_")[0]: data for _, data, name in buttons}
    assert {"表彰建议名单", "差一项的工作室"} <= set(files)
    title, body = workbook_rows(files["差一项的工作室"]())
    assert title.startswith("差一项的工作室")
    assert near["工作室编号"].tolist() == [r["工作室编号"] for r in body]  # all of them: < the cap
    assert all(r["差在哪里"] for r in body)
    title, candidates = workbook_rows(files["表彰建议名单"]())
    assert title.startswith("表彰建议名单") and candidates
    assert not {r["工作室编号"] for r in candidates} & set(near["工作室编号"])
