"""Shared fixtures: tiny hand-made exports, writers for xlsx and CSV, and fresh databases."""

from __future__ import annotations

import copy
import csv
import os
import shutil
from pathlib import Path

import pytest
import xlsxwriter

from dashboard import db, store
from dashboard.contract import SHEETS

ROOT = Path(__file__).resolve().parent.parent

# The suite runs on two workers (pyproject: `-n 2 --dist loadgroup`). Each file is one group, so
# its module fixtures (a server, a rendered brief) are made once and its tests keep their order.
# The files that load the machine most (many tabs, imports beside readers, browser timings) share
# one group, so two of them never run at once; and the slowest groups are handed out first, so
# no worker is left alone with a long file at the end (measured with --durations).
HEAVY = {
    "test_bench_browser.py",
    "test_app_sessions.py",
    "test_browser_concurrency.py",
    "test_concurrency.py",
    "test_readers_beside_server.py",
}
SLOW_FIRST = [
    "test_browser_chinese.py",
    "test_browser_risk.py",
    "test_brief.py",
    "test_import.py",
    "test_normalise.py",
    "test_headers.py",
    "test_crash.py",
    "test_browser_hostile.py",
    "test_browser_print.py",
    "test_figures.py",
    "test_browser_access.py",
    "test_store.py",
    "test_browser_lists.py",
    "test_app_downloads.py",
]


@pytest.hookimpl(tryfirst=True)  # before xdist names each test after its group
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = item.path.name
        if not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group("heavy" if name in HEAVY else name))

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        if name in HEAVY:
            return 0
        return 1 + SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST) + 1

    items.sort(key=rank)  # stable: within a rank, collection order


# A small, valid pair of exports: {sheet: (header, rows)}. Tests copy and break it.
REGISTRY = {
    "推荐单位": (
        ["单位名称", "单位类别", "排序"],
        [["蜀山区", "县(市)区", 1], ["高新区", "开发区", 2], ["市建设工会", "产业工会", 3]],
    ),
    "创建目标": (
        ["年度", "目标数", "开始日期", "申报截止日期", "完成期限"],
        [
            [2022, 35, "2022-01-01", "2022-10-30", "2022-12-31"],
            [2023, 40, "2023-01-01", "2023-10-30", "2023-12-31"],
        ],
    ),
    "名额分配": (
        ["年度", "推荐单位", "名额"],
        [[2023, "蜀山区", 4], [2023, "高新区", 3], [2023, "市建设工会", 0]],
    ),
    "工作室名录": (
        [
            "工作室编号",
            "工作室名称",
            "类型",
            "领衔人",
            "领衔人荣誉",
            "技能等级",
            "依托单位",
            "推荐单位",
            "所属行业",
            "申报年度",
            "成员人数",
            "场所面积(㎡)",
            "年度经费(万元)",
            "联系电话",
        ],
        [
            [
                "HF-2022-001",
                "张伟劳模创新工作室",
                "劳模创新工作室",
                "张伟",
                "市级劳模",
                "高级技师",
                "合肥甲机械有限公司",
                "蜀山区",
                "制造业",
                2022,
                8,
                120,
                10,
                "13812345678",
            ],
            [
                "HF-2023-001",
                "李强高技能人才创新工作室",
                "高技能人才创新工作室",
                "李强",
                "无",
                "技师",
                "合肥乙电力公司",
                "高新区",
                "电力",
                2023,
                5,
                60.5,
                3,
                "13900001111",
            ],
        ],
    ),
    "状态记录": (
        ["工作室编号", "日期", "状态", "文号", "备注"],
        [
            ["HF-2022-001", "2022-05-10", "申报", "", ""],
            ["HF-2022-001", "2022-12-20", "命名", "合工〔2022〕45号", ""],
            ["HF-2023-001", "2023-05-12", "申报", "", ""],
        ],
    ),
    "检查记录": (
        [
            "检查编号",
            "工作室编号",
            "检查日期",
            "检查方式",
            "标志明显",
            "场所固定",
            "设施齐全",
            "团队精干",
            "职工参与",
            "制度完善",
            "经费保障",
            "资料完备",
            "成效明显",
            "总分",
            "结论",
            "问题及整改要求",
            "整改期限",
            "检查人",
        ],
        [
            [
                "JC-001",
                "HF-2022-001",
                "2023-06-01",
                "定期检查",
                *["达标"] * 9,
                92,
                "优秀",
                "",
                "",
                "王检",
            ]
        ],
    ),
    "年度评估": (
        ["工作室编号", "年度", "提交日期", "评估等次"],
        [["HF-2022-001", 2022, "2023-03-01", "合格"]],
    ),
}
OUTCOMES = {
    "创新成果": (
        [
            "成果编号",
            "工作室编号",
            "成果名称",
            "成果类别",
            "完成日期",
            "经济效益(万元)",
            "发明专利(件)",
            "实用新型(件)",
            "外观设计(件)",
            "推广应用",
            "获奖等级",
            "社会效益",
        ],
        [
            [
                "CG-001",
                "HF-2022-001",
                "数控刀具改进",
                "技术创新",
                "2023-04-01",
                12.5,
                1,
                2,
                0,
                "是",
                "市级",
                "",
            ],
            ["CG-002", "HF-2022-001", "QC降耗", "QC成果", "2023-07-01", "", 0, 0, 0, "否", "", ""],
        ],
    ),
    "活动记录": (
        ["工作室编号", "活动日期", "活动类型", "参与人次"],
        [["HF-2022-001", "2023-03-01", "技能培训", 30]],
    ),
}


@pytest.fixture
def registry():
    return copy.deepcopy(REGISTRY)


@pytest.fixture
def outcomes():
    return copy.deepcopy(OUTCOMES)


def write_xlsx(path: Path, sheets: dict, title: str | None = "2023年度创新工作室台账") -> Path:
    """A workbook with one sheet per entry; a title row above the header when title is set."""
    wb = xlsxwriter.Workbook(str(path))
    for name, (header, rows) in sheets.items():
        ws = wb.add_worksheet(name)
        top = 0
        if title:
            ws.write(0, 0, title)
            top = 1
        ws.write_row(top, 0, header)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):  # never let xlsxwriter turn "=…" into a formula
                    ws.write_string(top + 1 + i, j, value)
                else:
                    ws.write(top + 1 + i, j, value)
    wb.close()
    return path


def write_csv(folder: Path, sheets: dict, encoding: str = "utf-8-sig", title: str | None = None):
    """One CSV per sheet, named after the sheet."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in sheets.items():
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as f:
            w = csv.writer(f)
            if title:
                w.writerow([title])
            w.writerow(header)
            w.writerows(rows)
    return folder


def snapshot(con) -> dict:
    """Everything a user could see: every sheet's current rows and the import log."""
    out = {"log": con.execute("select import_id, kind, rows from import_log order by 1").fetchall()}
    for sheet in SHEETS:
        out[sheet.table] = con.execute(f"select * from raw_{sheet.table} order by all").fetchall()
    return out


@pytest.fixture
def drawn(monkeypatch) -> list:
    """Every st.download_button drawn while the test runs: (label, its data, its keywords)."""
    import streamlit as st

    buttons = []
    real = st.download_button

    def spy(label, data, *args, **kwargs):
        buttons.append((label, data, kwargs))
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    return buttons


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "test.duckdb")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def _loaded_template(tmp_path_factory):
    """The small exports above imported once per session (import 1), closed: `loaded` copies it."""
    from dashboard.importer import import_files

    folder = tmp_path_factory.mktemp("loaded")
    write_xlsx(folder / "工作室台账.xlsx", REGISTRY)
    write_xlsx(folder / "创新成果.xlsx", OUTCOMES)
    connection = db.connect(folder / "test.duckdb")
    result = import_files(connection, [folder / "工作室台账.xlsx", folder / "创新成果.xlsx"])
    assert result.ok, [str(p) for p in result.problems]
    connection.close()
    return folder


@pytest.fixture
def loaded(_loaded_template, tmp_path):
    """A database of its own holding the small exports above (import 1), at tmp_path/test.duckdb,
    with the two workbooks beside it: a copy of one import made per session (an import each
    cost the suite most of a minute)."""
    for name in ("工作室台账.xlsx", "创新成果.xlsx"):
        shutil.copy(_loaded_template / name, tmp_path / name)
    store.copy_database(_loaded_template / "test.duckdb", tmp_path / "test.duckdb")
    connection = db.connect(tmp_path / "test.duckdb")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def sample_con(tmp_path_factory):
    """A database holding the bundled sample, shared read-only by the tests of one session."""
    from dashboard.sample import ensure_sample

    connection = db.connect(tmp_path_factory.mktemp("sample") / "sample.duckdb")
    ensure_sample(connection)
    yield connection
    connection.close()


@pytest.fixture
def sample_copy(sample_con, tmp_path) -> Path:
    """A copy of the sample database (and its store) of a test's own, closed, at tmp_path."""
    source = sample_con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    sample_con.execute("checkpoint")
    path = tmp_path / "bench.duckdb"
    store.copy_database(source, path)
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The dashboard served on the bundled sample, for browser tests."""
    from tests.browser import Server

    srv = Server(tmp_path_factory.mktemp("server") / "app.duckdb")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_env(tmp_path_factory):
    """AppTest shares one process-wide cached connection: point it at one sample database."""
    os.environ["STUDIODASH_DB"] = str(tmp_path_factory.mktemp("apptest") / "app.duckdb")
    yield


TEST_PASSWORD = "test-password-1"


def app_as(user):
    """A fresh AppTest of the whole app (router and sidebar) signed in as `user`, not yet run."""
    import datetime as dt

    from streamlit.testing.v1 import AppTest

    from dashboard import auth, session
    from dashboard.state import connection

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.session_state["user"] = user
    at.session_state["login_at"] = dt.datetime.now()
    # the app rechecks the tab's account and session on every run: the account must exist as
    # `user` says, and the tab holds a session token as after a login
    con = connection()
    try:
        auth.add_user(con, user.username, TEST_PASSWORD, user.role, user.unit, is_demo=user.is_demo)
    except auth.AuthError:
        pass  # a demo account of the sample, or made by an earlier test
    at.session_state[session.TOKEN] = auth.start_session(con, user.username)
    return at


@pytest.fixture
def app(app_env):
    """The app signed in as an administrator (sees everything)."""
    from dashboard.auth import ADMIN, User

    return app_as(User("admin", ADMIN, None, is_demo=True))


@pytest.fixture
def unit_app(app_env):
    """The app signed in as a unit user of 蜀山区."""
    from dashboard.auth import UNIT_USER, User

    return app_as(User("shushan", UNIT_USER, "蜀山区", is_demo=True))
