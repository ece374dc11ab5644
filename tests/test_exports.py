"""Every export the app offers — 检查查询 CSV and xlsx, the 预警清单, 成果效益, the report, the
problem list of a failed upload — built from data whose units, studios, people and outcomes
are named like formulas (=1+1, +x, -x, @x, a tab then =x) and carry phone numbers: no cell is
a formula, no text starts with a character a spreadsheet would run, and no phone is whole."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import benefits_tables as B
from dashboard import db, exports, report, risk_tables
from dashboard import labels as L
from dashboard.contract import OUTCOME_CATEGORIES
from dashboard.importer import import_files
from dashboard.report import report_workbook
from tests.conftest import OUTCOMES, REGISTRY, write_xlsx

AS_OF = dt.date(2023, 7, 1)
PHONES = ("13812345678", "13900001111")
DANGER = ("=", "+", "-", "@", "\t", "\r")
UNITS = {"蜀山区": "=1+1", "高新区": "+x", "市建设工会": "@x"}


def hostile_exports() -> tuple[dict, dict]:
    """The small exports with every name a formula and phones in the studio registry."""
    registry, outcomes = copy.deepcopy(REGISTRY), copy.deepcopy(OUTCOMES)
    for sheet, column in (("推荐单位", 0), ("名额分配", 1), ("工作室名录", 7)):
        for row in registry[sheet][1]:
            row[column] = UNITS.get(row[column], row[column])
    studios = registry["工作室名录"][1]
    studios[0][1:4] = ["-x", "劳模", "\t=x"]  # name, type, leader (trimmed: =x)
    studios[0][6], studios[0][8] = '=HYPERLINK("http://evil")', "@SUM(1)"  # host, industry
    studios[1][1], studios[1][3] = "=cmd|' /C calc'!A0", "+x"
    studios[0][13], studios[1][13] = PHONES
    outcomes["创新成果"][1][0][2] = "=1+1"  # outcome title
    outcomes["创新成果"][1][1][2] = "-2+3"
    return registry, outcomes


@pytest.fixture
def hostile(con, tmp_path):
    registry, outcomes = hostile_exports()
    result = import_files(
        con, [write_xlsx(tmp_path / "r.xlsx", registry), write_xlsx(tmp_path / "o.xlsx", outcomes)]
    )
    assert result.ok, [str(p) for p in result.problems]
    return con


def check_xlsx(data: bytes) -> list[str]:
    """Every cell of every sheet: no formula, no text a spreadsheet would run, no whole phone.
    Returns the text cells (for the caller to check what it expects among them)."""
    book = load_workbook(io.BytesIO(data))
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(DANGER), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                    assert not any(p in cell.value for p in PHONES), (ws.title, cell.coordinate)
                    texts.append(cell.value)
    return texts


def check_csv(data: bytes) -> list[str]:
    """Every field: numbers may be negative; text never starts with a character Excel runs."""
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert not any(p in text for p in PHONES)
    fields = [f for row in csv.reader(io.StringIO(text)) for f in row]
    for field in fields:
        if field.startswith(DANGER):
            float(field)  # only a number may start so (-5 is -5 to Excel)
    return fields


def neutralised(texts, names=("=1+1", "+x", "@x")) -> None:
    """The hostile names are there, each behind a quote."""
    for name in names:
        assert "'" + name in texts, name


def explore_frame(con):
    found = db.run(
        con,
        "explore_studios",
        as_of=AS_OF,
        unit=None,
        p=report.risk_params(con),
        units=None,
        unit_kinds=None,
        studio_types=None,
        statuses=None,
        industries=None,
        tiers=None,
        named_years=None,
        campaign_years=None,
        text=None,
        limit=1000,
    )
    return exports.explore_frame(found)


def test_explore_csv(hostile):
    shown = explore_frame(hostile).drop(columns=[L.COL_FILE])
    fields = check_csv(exports.csv_bytes(shown))
    neutralised(fields, ("=1+1", "+x"))  # the units with studios
    assert {"'-x", "'=x", '\'=HYPERLINK("http://evil")', "'@SUM(1)"} <= set(fields)
    assert {"138****5678", "139****1111"} <= set(fields)


def test_explore_xlsx(hostile):
    shown = explore_frame(hostile).drop(columns=[L.COL_FILE])
    texts = check_xlsx(
        exports.xlsx_workbook(
            L.EXPLORE_EXPORT_TITLE,
            "2023-07-01",
            L.SCOPE_ALL,
            [(L.PAGE_EXPLORE, shown, exports.EXPLORE_FORMATS)],
        )
    )
    neutralised(texts, ("=1+1", "+x", "-x", "=x"))
    assert {"138****5678", "139****1111"} <= set(texts)


def test_watchlist_workbook(hostile):
    p = report.risk_params(hostile)
    rows = db.run(
        hostile, "risk_watchlist", as_of=AS_OF, unit=None, p=p, tiers=None, rule=None, limit=None
    )
    assert len(rows)
    texts = check_xlsx(
        risk_tables.watchlist_workbook(
            rows,
            AS_OF.isoformat(),
            L.SCOPE_UNIT.format(unit="=1+1"),
            risk_tables.filter_line(None, None),
            p,
            report.rules_off(hostile),
        )
    )
    assert {"'=1+1", "'-x", "'=x", "138****5678"} <= set(texts)


def test_benefits_workbook(hostile):
    params = dict(as_of=AS_OF, period_start=dt.date(2023, 1, 1), period_end=AS_OF, unit=None)
    units = db.run(hostile, "benefits_by_unit", **params)
    prior = db.run(
        hostile, "benefits_by_unit", **B.previous(AS_OF, dt.date(2023, 1, 1), AS_OF), unit=None
    )
    tables = [
        ("units", B.units_table(units, prior)),
        (
            "categories",
            B.categories_table(
                db.run(hostile, "benefits_by_category", **params), OUTCOME_CATEGORIES
            ),
        ),
        (
            "years",
            B.years_table(db.run(hostile, "benefits_by_year", as_of=AS_OF, unit=None), AS_OF),
        ),
        ("top", B.top_table(db.run(hostile, "benefits_top_outcomes", **params, top=20))),
        (
            "studios",
            B.studios_table(db.run(hostile, "benefits_studios", **{**params, "unit": "=1+1"})),
        ),
    ]
    texts = check_xlsx(B.workbook(AS_OF, L.SCOPE_ALL, "本年至今", tables))
    assert {"'=1+1", "'-x", "'-2+3"} <= set(texts)


def test_report_workbook(hostile):
    texts = check_xlsx(report_workbook(report.build(hostile, 2023, AS_OF, None)))
    neutralised(texts)
    assert "'-x" in texts


def test_problem_list_csv(loaded, tmp_path):
    """The problems of a refused upload quote the bad cells: they are the uploader's text."""
    registry, _ = hostile_exports()
    registry["工作室名录"][1][0][2] = "=1+1"  # 类型: not an allowed value
    registry["工作室名录"][1][1][10] = "@x"  # 成员人数: not a number
    registry["工作室名录"][1][1][12] = "-x"  # 年度经费: not a number
    result = import_files(loaded, [write_xlsx(tmp_path / "bad.xlsx", registry)])
    assert not result.ok
    problems = pd.DataFrame([p.as_dict() for p in result.problems]).rename(
        columns=L.PROBLEM_COLUMNS
    )
    fields = check_csv(exports.csv_bytes(problems))
    assert {"'=1+1", "'@x", "'-x"} <= set(fields)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\t=x", "'\t=x"),
        ("\r=x", "'\r=x"),
        ("x=1", "x=1"),
        ("", ""),
        (None, None),
        (-5, -5),
        ("数控", "数控"),
    ],
)
def test_safe_text(text, expected):
    assert expected == exports.safe_text(text)


@pytest.mark.parametrize(
    "phone, expected",
    [
        ("13812345678", "138****5678"),
        ("0551-62345678", "055****5678"),
        ("12345", "****"),
        (None, None),
        (float("nan"), None),
    ],
)
def test_mask_phone(phone, expected):
    assert expected == exports.mask_phone(phone)


# --- the one export path ------------------------------------------------------------------------

ROLES_MAY_EXPORT = [("管理员", True), ("检查员", True), ("单位用户", True), ("领导", False)]


@pytest.mark.parametrize(("role", "allowed"), ROLES_MAY_EXPORT)
def test_one_permission_rule_and_an_audit_entry_per_download(con, role, allowed):
    from dashboard.auth import User

    user = User("someone", role, "蜀山区" if role == "单位用户" else None)
    built = []

    def build() -> bytes:
        built.append(1)
        return b"file"

    if allowed:
        assert b"file" == exports.exported(con, user, "x.xlsx", build, {"page": "p"})
    else:
        with pytest.raises(exports.ExportRefused):
            exports.exported(con, user, "x.xlsx", build)
    log = con.execute("select username, action, detail from audit_log").fetchall()
    assert ([("someone", "export", '{"file": "x.xlsx", "page": "p"}')] if allowed else []) == log
    assert ([1] if allowed else []) == built, "a refused file is never built"


def test_nobody_signed_in_may_not_export(con):
    with pytest.raises(exports.ExportRefused):
        exports.exported(con, None, "x.csv", lambda: b"")


def test_every_download_button_is_the_one_in_ui():
    """Pages draw downloads only through ui.download (role rule, audit, guards)."""
    from tests.conftest import ROOT

    users = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "dashboard").rglob("*.py")
        if "download_button(" in p.read_text(encoding="utf-8")
    ]
    assert ["dashboard/ui.py"] == users


def test_writers_mask_any_phone_column_and_format_years_and_scores():
    frame = pd.DataFrame(
        {
            L.COL_PHONE: ["13812345678", None],
            L.COL_NAMED_YEAR: [2021, 2022],
            L.COLUMNS["score"]: [60, 5],
        }
    )
    assert "138****5678" in exports.csv_bytes(frame).decode("utf-8-sig")
    book = load_workbook(
        io.BytesIO(
            exports.xlsx_workbook(
                "t",
                "2023-07-01",
                "全市",
                [("s", frame, {L.COL_NAMED_YEAR: "year", L.COLUMNS["score"]: "num"})],
            )
        )
    )
    ws = book.worksheets[0]
    assert ["138****5678", 2021, 60] == [ws.cell(5, c).value for c in (1, 2, 3)]
    assert ["0", "0"] == [ws.cell(5, c).number_format for c in (2, 3)]


@pytest.mark.parametrize(
    ("studio_id", "url"),
    [
        ("HF-2021-001", "/studio?id=HF-2021-001"),
        ("A&B=1 #2", "/studio?id=A%26B%3D1%20%232"),
        ("工作室", "/studio?id=%E5%B7%A5%E4%BD%9C%E5%AE%A4"),
    ],
)
def test_studio_url(studio_id, url):
    assert url == exports.studio_url(studio_id)


def test_every_table_is_drawn_by_ui_grid():
    """Tables are drawn only through ui.grid, which shows a missing value as — (Streamlit's own
    placeholder is the English "None", which a canvas-drawn grid hides from the Chinese walk of
    tests/test_browser_chinese.py)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    users = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "dashboard").rglob("*.py")
        if "st.dataframe(" in p.read_text(encoding="utf-8")
    ]
    assert ["dashboard/ui.py"] == users
    assert 1 == (ROOT / "dashboard" / "ui.py").read_text(encoding="utf-8").count("st.dataframe(")

    def table() -> None:
        import pandas as pd

        from dashboard import ui

        ui.grid(pd.DataFrame({"风险分": [190, None], "单位": ["蜀山区", None]}), key="t")

    at = AppTest.from_function(table).run()
    assert not at.exception
    assert "—" == at.dataframe[0].proto.placeholder


def test_money_columns_group_their_thousands():
    """A 万元 column reads 4,025.34, as the charts and cards write it (not 4025.34)."""
    import json

    from streamlit.testing.v1 import AppTest

    def table() -> None:
        import pandas as pd

        from dashboard import ui

        ui.show_table((pd.DataFrame({"经济效益(万元)": [4025.34]}), {"经济效益(万元)": "wan"}), "t")

    at = AppTest.from_function(table).run()
    assert not at.exception
    config = json.loads(at.dataframe[0].proto.columns)
    assert "accounting" == config["经济效益(万元)"]["type_config"]["format"]
