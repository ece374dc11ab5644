"""Headers people write: the contract's synonyms are read with a warning, an ambiguous header set
is refused naming both headers, 编号 only where it can be one column, the CLI's --map, and the
mapping step of 数据管理 remembering a confirmed mapping per layout."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from dashboard import auth, headers
from dashboard.contract import (
    AMBIGUOUS_HEADERS,
    HEADER_SYNONYMS,
    SHEETS,
    SHEETS_BY_NAME,
    header_synonyms,
)
from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, app_as, write_csv, write_xlsx

# Every (sheet, synonym, column) the table applies, on the sheets the small exports carry.
CASES = [
    (sheet.name, synonym, column)
    for sheet in SHEETS
    for synonym, column in header_synonyms(sheet.name).items()
]


def exports(sheet: str | None = None, rename: dict | None = None, add: dict | None = None):
    """Copies of the small exports; on `sheet`, headers renamed ({old: new}) and columns added
    ({header: values of the existing column it copies})."""
    sheets = {**copy.deepcopy(REGISTRY), **copy.deepcopy(OUTCOMES)}
    if sheet:
        header, rows = sheets[sheet]
        for new, source in (add or {}).items():
            i = header.index(source)
            header.append(new)
            for row in rows:
                row.append(row[i])
        sheets[sheet] = ([(rename or {}).get(h, h) for h in header], rows)
    registry = {k: v for k, v in sheets.items() if k in REGISTRY}
    outcomes = {k: v for k, v in sheets.items() if k in OUTCOMES}
    return registry, outcomes


def files(tmp_path, registry, outcomes, csv: bool = False):
    if csv:
        return [write_csv(tmp_path / "csv", {**registry, **outcomes})]
    return [
        write_xlsx(tmp_path / "工作室台账.xlsx", registry),
        write_xlsx(tmp_path / "创新成果.xlsx", outcomes),
    ]


def reasons(items) -> list[str]:
    return [p.reason for p in items]


# --- the table --------------------------------------------------------------------------------


def test_every_synonym_names_a_column_of_its_sheets():
    for sheet, table in HEADER_SYNONYMS.items():
        for synonym, column in table.items():
            holding = [s for s in SHEETS if column in {c.name for c in s.columns}]
            assert holding, (synonym, column)
            if sheet is not None:
                assert column in {c.name for c in SHEETS_BY_NAME[sheet].columns}, (sheet, synonym)
    for sheet, table in AMBIGUOUS_HEADERS.items():
        names = {c.name for c in SHEETS_BY_NAME[sheet].columns}
        for header, columns in table.items():
            assert set(columns) <= names and header not in header_synonyms(sheet)


def test_no_synonym_is_a_column_name_already():
    """A synonym that folds to a column's own header would never be read as a synonym."""
    for sheet in SHEETS:
        names = {headers.header_text(c.name) for c in sheet.columns}
        for synonym in header_synonyms(sheet.name):
            assert headers.header_text(synonym) not in names, (sheet.name, synonym)


def test_bianhao_is_studio_id_only_where_no_other_id_column():
    for sheet in SHEETS:
        ids = [c.name for c in sheet.columns if c.name.endswith("编号")]
        reads = header_synonyms(sheet.name).get("编号")
        if ids == ["工作室编号"]:
            assert "工作室编号" == reads, sheet.name
        else:
            assert reads is None, sheet.name
            if "工作室编号" in ids:
                assert set(ids) == set(AMBIGUOUS_HEADERS[sheet.name]["编号"])


# --- synonyms on import -----------------------------------------------------------------------


@pytest.mark.parametrize("sheet, synonym, column", CASES)
def test_every_synonym_imports_with_a_warning(con, tmp_path, sheet, synonym, column):
    written = synonym.replace("(", "（").replace(")", "）")  # as typed on a Chinese keyboard
    registry, outcomes = exports(sheet, rename={column: written})
    result = import_files(con, files(tmp_path, registry, outcomes))
    assert result.ok, [str(p) for p in result.problems]
    assert f"表头“{written}”按“{column}”读取" in reasons(result.warnings)
    table = SHEETS_BY_NAME[sheet].table
    header, rows = {**REGISTRY, **OUTCOMES}[sheet]
    expected = [str(r[header.index(column)]) for r in rows]
    got = con.execute(f'select "{column}" from raw_{table} order by _row').fetchall()
    assert expected == ["" if v is None else str(v) for (v,) in got]


def test_a_synonym_in_csv_with_spaces_and_full_width(con, tmp_path):
    registry, outcomes = exports("创新成果", rename={"经济效益(万元)": " 效益 （万元）"})
    result = import_files(con, files(tmp_path, registry, outcomes, csv=True))
    assert result.ok, [str(p) for p in result.problems]
    assert "表头“效益 （万元）”按“经济效益(万元)”读取" in reasons(result.warnings)
    assert [(12.5,), (None,)] == con.execute(
        'select "经济效益(万元)" from raw_outcomes order by _row'
    ).fetchall()


def test_the_issues_examples_that_are_exact_names_already(con, tmp_path):
    """经济效益 without its unit is the contract's own header: read with no synonym warning."""
    registry, outcomes = exports("创新成果", rename={"经济效益(万元)": "经济效益"})
    result = import_files(con, files(tmp_path, registry, outcomes))
    assert result.ok
    assert not [r for r in reasons(result.warnings) if "读取" in r]


# --- ambiguity --------------------------------------------------------------------------------


def test_two_synonyms_of_one_column_are_a_problem_naming_both(con, tmp_path):
    registry, outcomes = exports(
        "工作室名录", rename={"推荐单位": "所属单位"}, add={"申报单位": "推荐单位"}
    )
    result = import_files(con, files(tmp_path, registry, outcomes))
    assert not result.ok
    [problem] = [p for p in result.problems if "都可按" in p.reason]
    assert ("工作室名录", "推荐单位", "申报单位") == (problem.sheet, problem.column, problem.value)
    assert problem.reason.startswith("表头“所属单位”和“申报单位”都可按“推荐单位”读取")
    assert 0 == con.execute("select count(*) from import_log").fetchone()[0]


def test_the_exact_name_wins_over_a_synonym(con, tmp_path):
    """The file's own 推荐单位 is read; its 所属单位 beside it is an unknown column, as before."""
    registry, outcomes = exports("工作室名录", add={"所属单位": "依托单位"})
    result = import_files(con, files(tmp_path, registry, outcomes))
    assert result.ok, [str(p) for p in result.problems]
    assert "已忽略未知的列“所属单位”" in reasons(result.warnings)
    assert [("蜀山区",), ("高新区",)] == con.execute(
        "select 推荐单位 from raw_studios order by _row"
    ).fetchall()


def test_a_mapping_beside_the_exact_name_is_a_problem(con, tmp_path):
    registry, outcomes = exports("工作室名录", add={"单位X": "推荐单位"})
    result = import_files(con, files(tmp_path, registry, outcomes), mapping={"单位X": "推荐单位"})
    assert not result.ok
    assert any("“单位X”和“推荐单位”都可按“推荐单位”读取" in p.reason for p in result.problems), (
        reasons(result.problems)
    )


def test_bianhao_is_not_taken_where_it_could_be_two_columns(con, tmp_path):
    registry, outcomes = exports("创新成果", rename={"工作室编号": "编号"})
    result = import_files(con, files(tmp_path, registry, outcomes))
    assert not result.ok
    assert "表头“编号”可能是“成果编号”，也可能是“工作室编号”" in " ".join(reasons(result.problems))
    assert "缺少必需的列“工作室编号”" in reasons(result.problems)
    assert {"missing": ["工作室编号"], "unknown": ["编号"]} == {
        k: result.layouts["创新成果"][k] for k in ("missing", "unknown")
    }


def test_bianhao_beside_both_id_columns_is_an_unknown_column(con, tmp_path):
    registry, outcomes = exports("创新成果", add={"编号": "成果编号"})
    result = import_files(con, files(tmp_path, registry, outcomes))
    assert result.ok, [str(p) for p in result.problems]
    assert "已忽略未知的列“编号”" in reasons(result.warnings)


# --- the explicit mapping ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "mapping, expected",
    [
        ([("甲", "领衔人"), ("甲", "依托单位")], "表头“甲”被指定对应到两列：“领衔人”和“依托单位”"),
        ({"甲": "领衔人", "乙": "领衔人"}, "列“领衔人”被指定了两个表头：“甲”和“乙”"),
        ({"甲": "领头人"}, "表头“甲”指定对应的列“领头人”不在数据规范中"),
        ({("成果表", "甲"): "成果名称"}, "指定对应“成果表:甲”中的工作表“成果表”不在数据规范中"),
        ({("工作室名录", "甲"): "成果名称"}, "表头“甲”指定对应的列“成果名称”不在数据规范中"),
    ],
)
def test_a_bad_mapping_is_refused(con, tmp_path, mapping, expected):
    result = import_files(con, files(tmp_path, *exports()), mapping=mapping)
    assert not result.ok
    assert [expected] == reasons(result.problems)


def test_a_mapping_per_sheet_reads_that_sheet_only(con, tmp_path):
    registry, outcomes = exports("工作室名录", rename={"领衔人": "甲列"})
    outcomes["活动记录"][0][0] = "甲列"  # 工作室编号 of 活动记录, not to be mapped
    result = import_files(
        con, files(tmp_path, registry, outcomes), mapping={("工作室名录", "甲列"): "领衔人"}
    )
    assert not result.ok
    assert ["缺少必需的列“工作室编号”"] == [
        p.reason for p in result.problems if p.sheet != "工作室名录"
    ]
    assert not [p for p in result.problems if p.sheet == "工作室名录"]


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_cli_map(tmp_path):
    registry, outcomes = exports("工作室名录", rename={"领衔人": "甲列", "推荐单位": "所属单位X"})
    paths = files(tmp_path, registry, outcomes)
    dbfile = tmp_path / "cli.duckdb"
    refused = run_cli("import", "--db", dbfile, *paths)
    assert 1 == refused.returncode and "缺少必需的列“领衔人”" in refused.stdout
    done = run_cli(
        "import", "--db", dbfile, "--map", "甲列=领衔人", "--map", "所属单位X=推荐单位", *paths
    )
    assert 0 == done.returncode, done.stdout + done.stderr
    assert "表头“甲列”按“领衔人”读取（按指定的表头对应）" in done.stdout
    assert "表头“所属单位X”按“推荐单位”读取（按指定的表头对应）" in done.stdout


def test_cli_map_binding_one_header_twice_is_refused(tmp_path):
    registry, outcomes = exports("工作室名录", rename={"领衔人": "甲列"})
    paths = files(tmp_path, registry, outcomes)
    dbfile = tmp_path / "cli.duckdb"
    twice = run_cli(
        "import", "--db", dbfile, "--map", "甲列=领衔人", "--map", "甲列=依托单位", *paths
    )
    assert 1 == twice.returncode
    assert "表头“甲列”被指定对应到两列：“领衔人”和“依托单位”" in twice.stdout
    malformed = run_cli("import", "--db", dbfile, "--map", "甲列", *paths)
    assert 2 == malformed.returncode and "不是“表头=列名”的形式" in malformed.stderr
    per_sheet = run_cli("import", "--db", dbfile, "--map", "工作室名录:甲列=领衔人", *paths)
    assert 0 == per_sheet.returncode, per_sheet.stdout


# --- layouts, similarity ----------------------------------------------------------------------


def test_fingerprint_is_the_folded_ordered_header_of_a_sheet():
    fp = headers.fingerprint("工作室名录", ["工作室编号", "经济效益(万元)", None])
    assert fp == headers.fingerprint("工作室名录", ["工作室编号 ", "经济效益（万元）"])
    assert fp != headers.fingerprint("状态记录", ["工作室编号", "经济效益(万元)"])
    assert fp != headers.fingerprint("工作室名录", ["经济效益(万元)", "工作室编号"])


def test_suggest_prefers_the_similar_header_once():
    assert {"推荐单位": "所属单位X"} == headers.suggest(
        "工作室名录", ["推荐单位", "领衔人"], ["甲列", "所属单位X"]
    )
    assert {} == headers.suggest("工作室名录", ["领衔人"], ["甲列"])


def test_layouts_report_missing_and_unknown_headers(con, tmp_path):
    registry, outcomes = exports("工作室名录", rename={"领衔人": "甲列"})
    result = import_files(con, files(tmp_path, registry, outcomes), dry_run=True)
    layout = result.layouts["工作室名录"]
    header = registry["工作室名录"][0]
    assert {
        "file": "工作室台账.xlsx",
        "header_row": 2,
        "headers": header,
        "missing": ["领衔人"],
        "unknown": ["甲列"],
        "fingerprint": headers.fingerprint("工作室名录", header),
    } == layout
    assert [] == result.layouts["推荐单位"]["missing"] == result.layouts["推荐单位"]["unknown"]


# --- the mapping step of 数据管理 (AppTest) ---------------------------------------------------


def _xlsx_bytes(sheets) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        return write_xlsx(Path(d) / "x.xlsx", sheets).read_bytes()


def _upload(at, registry, outcomes):
    kind = "application/octet-stream"
    at.file_uploader(key="upload").set_value(
        [
            ("工作室台账.xlsx", _xlsx_bytes(registry), kind),
            ("创新成果.xlsx", _xlsx_bytes(outcomes), kind),
        ]
    ).run()
    return at


def _picks(at) -> dict:
    return {
        s.key.rsplit("_", 1)[1]: s.value for s in at.selectbox if (s.key or "").startswith("map_")
    }


def test_mapping_step_remembers_the_confirmed_mapping(app):
    """A ledger writing 所属单位X and 甲列: the step preselects 所属单位X, the user picks 甲列,
    the preview passes; the same layout uploaded again comes preselected from memory."""
    registry, outcomes = exports("工作室名录", rename={"推荐单位": "所属单位X", "领衔人": "甲列"})
    at = app.run()
    at.switch_page("views/admin_data.py").run()
    _upload(at, registry, outcomes)
    assert not at.exception
    assert {"推荐单位": "所属单位X", "领衔人": None} == _picks(at)
    assert "对应表头" in [h.value for h in at.subheader]
    assert not any("上次确认" in c.value for c in at.caption)
    [pick] = [s for s in at.selectbox if (s.key or "").endswith("_领衔人")]
    pick.set_value("甲列").run()
    at.button(key="map_confirm").click().run()
    assert not at.exception
    assert not _picks(at), "the preview passes: no mapping step"
    assert any("校验通过" in s.value for s in at.success)
    assert at.button(key="confirm_import")
    assert any("“所属单位X” → “推荐单位”" in i.value for i in at.info)
    from dashboard.state import connection

    detail = (
        connection()
        .execute(
            "select detail from audit_log where action = 'header_mapping' and username = 'admin'"
        )
        .fetchall()
    )
    assert [{"所属单位X": "推荐单位", "甲列": "领衔人"}] == [
        json.loads(d)["mapping"] for (d,) in detail
    ]

    again = app_as(auth.User("admin", auth.ADMIN, None, is_demo=True)).run()
    again.switch_page("views/admin_data.py").run()
    _upload(again, registry, outcomes)
    assert {"推荐单位": "所属单位X", "领衔人": "甲列"} == _picks(again)
    assert any("上次确认" in c.value for c in again.caption)
    again.button(key="map_confirm").click().run()
    assert any("校验通过" in s.value for s in again.success)


def test_mapping_step_refuses_one_header_for_two_columns(app):
    registry, outcomes = exports("工作室名录", rename={"推荐单位": "所属单位X", "领衔人": "甲列"})
    at = app.run()
    at.switch_page("views/admin_data.py").run()
    _upload(at, registry, outcomes)
    [pick] = [s for s in at.selectbox if (s.key or "").endswith("_领衔人")]
    pick.set_value("所属单位X").run()
    at.button(key="map_confirm").click().run()
    assert any("被选给了多个列" in e.value for e in at.error)
    assert _picks(at), "still at the mapping step"


def test_the_readme_lists_every_synonym():
    from tests.conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8").split("### Headers people write")[1]
    section = text.split("\n### ")[0]
    for table in HEADER_SYNONYMS.values():
        for synonym, column in table.items():
            assert synonym in section and column in section, synonym
    for sheet in AMBIGUOUS_HEADERS:
        assert sheet in section
