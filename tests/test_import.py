"""Good imports: every accepted form lands with the right values; history, restore, the CLI,
and all-or-nothing under a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dashboard import db
from dashboard.importer import import_files
from dashboard.versions import restore
from tests.conftest import OUTCOMES, REGISTRY, ROOT, snapshot, write_csv, write_xlsx


def test_rows_per_sheet_and_log(loaded):
    assert [(1, "import")] == loaded.execute("select import_id, kind from import_log").fetchall()
    assert {
        "推荐单位": 3,
        "创建目标": 2,
        "名额分配": 3,
        "工作室名录": 2,
        "状态记录": 3,
        "检查记录": 1,
        "年度评估": 1,
        "创新成果": 2,
        "活动记录": 1,
    } == json.loads(loaded.execute("select rows from import_log").fetchone()[0])
    files = json.loads(loaded.execute("select files from import_log").fetchone()[0])
    assert ["工作室台账.xlsx", "创新成果.xlsx"] == [f["name"] for f in files]
    assert all(len(f["sha256"]) == 64 for f in files)


def test_typed_values(loaded):
    assert [("CG-001", 12.5, 1, 2, 0, True), ("CG-002", None, 0, 0, 0, False)] == loaded.execute(
        "select outcome_id, benefit_wan, invention_patents, utility_patents, design_patents, "
        "is_adopted from stg_outcomes order by 1"
    ).fetchall()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(con, tmp_path, encoding):
    write_csv(tmp_path / "reg", REGISTRY, encoding=encoding, title="2023年度台账")
    write_csv(tmp_path / "out", OUTCOMES, encoding=encoding)
    result = import_files(con, [tmp_path / "reg", tmp_path / "out"])
    assert result.ok, [str(p) for p in result.problems]
    assert ["张伟劳模创新工作室", "李强高技能人才创新工作室"] == [
        r[0]
        for r in con.execute("select studio_name from stg_studios order by studio_id").fetchall()
    ]
    assert 2 == result.rows["创新成果"]


def test_large_csv_keeps_the_file_order(con, tmp_path, outcomes):
    """A CSV big enough for DuckDB's parallel reader (12 MB) with blank lines among the rows: the
    loaded table holds the rows in the file's order, each with its Excel row number."""
    n = 300_000
    header, _ = outcomes["活动记录"]
    rows = [["HF-2022-001", f"2023-{1 + k % 12:02d}-01", "技能培训", k] for k in range(n)]
    for k in (1_000, 150_000):
        rows[k] = ["", "", "", ""]
    outcomes["活动记录"] = (header, rows)
    folder = write_csv(tmp_path / "out", outcomes, encoding="utf-8")
    assert (folder / "活动记录.csv").stat().st_size > 8 << 20
    assert import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), folder]).ok
    table = con.execute(
        "select version_table from import_state where sheet = '活动记录'"
    ).fetchone()[0]
    got = con.execute('select _row, "参与人次" from ' + table).fetchall()  # as stored
    expected = [(k + 2, k) for k in range(n) if k not in (1_000, 150_000)]
    assert expected == got


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_blank_lines_count_as_rows(con, tmp_path, outcomes, newline):
    """Excel counts an empty line of a CSV as a row, so the row numbers after one must too (DuckDB
    alone skips it); a quoted cell holding an empty line stays one cell."""
    header, rows = outcomes["创新成果"]
    lines = [
        ",".join(header),
        "",
        rows[0][0] + ',HF-2022-001,"两行\n\n说明",技术创新,2023-04-01,1,0,0,0,是,,',
        "",
        "",
        "CG-009,HF-2022-001,第三项,技术创新,2023-05-01,不详,0,0,0,否,,",
        "",
    ]
    folder = write_csv(tmp_path / "out", outcomes, encoding="utf-8")
    (folder / "创新成果.csv").write_bytes(newline.join(lines).encode())
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), folder])
    assert not result.ok
    assert [("创新成果", 6, "经济效益(万元)", "不详")] == [
        (p.sheet, p.row, p.column, p.value) for p in result.problems
    ]
    lines[5] = lines[5].replace("不详", "2")
    (folder / "创新成果.csv").write_bytes(newline.join(lines).encode())
    assert import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), folder]).ok
    assert [(3, "两行\n\n说明"), (6, "第三项")] == con.execute(
        'select _row, "成果名称" from s1.raw_outcomes order by _row'
    ).fetchall()


def test_blank_line_rewrite_keeps_its_bounds(tmp_path, monkeypatch):
    """The copy that keeps empty lines is not made of a file whose rows break the bounds: it is
    left to DuckDB's bounded reader, and a row of a million cells never becomes a Python list."""
    from dashboard.csv_source import _keep_blank_rows

    path = tmp_path / "x.csv"
    path.write_text("a,b\n\n1,2\n", encoding="utf-8")
    assert 'a,b\n""\n1,2\n' == _keep_blank_rows(path, tmp_path).read_text(encoding="utf-8")
    path.write_text("a,b\n\n1,2" + "," * 1_000_000 + "\n", encoding="utf-8")
    assert path == _keep_blank_rows(path, tmp_path)  # over max_columns
    monkeypatch.setenv("STUDIODASH_MAX_LINE_MB", "1")
    path.write_text("a,b\n\n1," + "x" * (2 << 20) + "\n", encoding="utf-8")
    assert path == _keep_blank_rows(path, tmp_path)  # a line over max_line_mb


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_cells_under_no_header_are_named_in_a_warning(con, tmp_path, outcomes, kind):
    """Cells under a blank header cell or right of the header are not read: the import says so,
    with the first such row and how many rows have them."""
    header, (first, _) = outcomes["创新成果"]
    rows = [[f"CG-{k:03d}", *first[1:]] for k in range(30)]
    rows[0] = rows[0] + ["草稿"]  # under the blank header cell
    rows[1] = rows[1] + ["", "", "右侧"]  # right of the header
    rows[25] = rows[25] + [""] * 10 + ["更右侧"]  # further right, below the rows searched
    outcomes["创新成果"] = (header + [""], rows)
    write = write_csv if kind == "csv" else write_xlsx
    path = write(tmp_path / ("out" if kind == "csv" else "out.xlsx"), outcomes)
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), path])
    assert result.ok, [str(p) for p in result.problems]
    top = 2 if kind == "csv" else 3  # the workbook has a title row above the header
    assert [("创新成果", top, "3 行")] == [
        (w.sheet, w.row, w.reason.split("共 ")[1][:3])
        for w in result.warnings
        if "没有列名" in w.reason
    ]
    assert 30 == result.rows["创新成果"]


def test_a_cell_under_a_blank_header_is_noticed_with_no_row_wider(con, tmp_path, outcomes):
    """A CSV no row of which is wider than its header is read strictly, without the columns
    that look past it: a cell under a blank header cell is still noticed."""
    header, (first, _) = outcomes["创新成果"]
    rows = [[f"CG-{k:03d}", *first[1:], ""] for k in range(5)]
    rows[3][-1] = "草稿"
    outcomes["创新成果"] = (header + [""], rows)
    path = write_csv(tmp_path / "out", outcomes)
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), path])
    assert result.ok, [str(p) for p in result.problems]
    assert [("创新成果", 5, "1 行")] == [
        (w.sheet, w.row, w.reason.split("共 ")[1][:3])
        for w in result.warnings
        if "没有列名" in w.reason
    ]


def test_a_row_of_spaces_is_blank_and_a_lone_cell_is_not(con, tmp_path, outcomes):
    """A CSV row whose every cell is spaces (half- or full-width, no-break) is blank and
    dropped; a row with text in one cell only is a row, also where that cell is a count that a
    blank would have defaulted (发明专利) or a value that does not parse (完成日期)."""
    header, (first, _) = outcomes["创新成果"]
    blank = [" ", "\u3000", "\xa0", "\t", " \u3000 "] + [""] * (len(header) - 5)
    only = {name: [""] * len(header) for name in ("发明专利(件)", "完成日期")}
    only["发明专利(件)"][header.index("发明专利(件)")] = "3"
    only["完成日期"][header.index("完成日期")] = "不详"
    rows = [first, blank, only["发明专利(件)"], blank, only["完成日期"]]
    outcomes["创新成果"] = (header, rows)
    path = write_csv(tmp_path / "out", outcomes)
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), path])
    assert not result.ok
    assert {4, 6} == {p.row for p in result.problems}, [str(p) for p in result.problems]
    assert ("完成日期", "不详") in {(p.column, p.value) for p in result.problems if p.row == 6}


def test_messy_export_is_normalised(con, tmp_path, registry):
    """Title rows, shuffled and extra columns, stray spaces, full-width forms, units, dates."""
    header, rows = registry["工作室名录"]
    header = [
        " 工作室编号",
        "工作室名称 ",
        "类型",
        "领衔人",
        "依托单位",
        "推荐单位",
        "申报年度",
        "成员人数",
        "场所面积（㎡）",
        "年度经费",
        "备用列",
    ]
    rows = [
        [
            "\u3000ＨＦ－２０２２－００１",
            "张伟劳模创新工作室",
            " 劳模 ",
            "张伟",
            "甲公司",
            "蜀山区\u3000",
            "２０２２",
            "8人",
            "1,200.5",
            "12.5万元",
            "x",
        ],
        [
            "HF-2023-001",
            "李强工作室",
            "高技能人才",
            "李强",
            "乙公司",
            "高新区",
            2023.0,
            5,
            "",
            "0",
            "",
        ],
    ]
    registry["工作室名录"] = (header[::-1], [r[::-1] for r in rows])
    registry["状态记录"][1][1][1] = "2022年12月20日"
    registry["状态记录"][1][0][1] = "20220510"
    registry["状态记录"][1][2][1] = 45058  # Excel serial number
    registry["推荐单位"][1].append(["", "", ""])  # an empty trailing row
    path = write_xlsx(tmp_path / "r.xlsx", registry, title=None)
    # five title/blank rows above the header
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        ws.insert_rows(1, 5)
        ws["A1"] = "合肥市劳模（职工）创新工作室台账"
    wb.save(path)
    result = import_files(con, [path])
    assert result.ok, [str(p) for p in result.problems]
    assert [
        ("HF-2022-001", "劳模创新工作室", "蜀山区", 2022, 8, 1200.5, 12.5),
        ("HF-2023-001", "高技能人才创新工作室", "高新区", 2023, 5, None, 0.0),
    ] == con.execute(
        "select studio_id, studio_type, unit, campaign_year, members, area_m2, funding_wan "
        "from stg_studios order by 1"
    ).fetchall()
    assert [("2022-05-10",), ("2022-12-20",), ("2023-05-12",)] == con.execute(
        "select strftime(event_date, '%Y-%m-%d') from stg_status_events order by 1"
    ).fetchall()
    assert 3 == result.rows["推荐单位"]
    assert ["备用列"] == [w.column for w in result.warnings if "未知的列" in w.reason]


def test_import_replaces_only_the_sheets_it_carries(loaded, tmp_path, outcomes):
    outcomes["创新成果"][1].pop()
    result = import_files(
        loaded, [write_xlsx(tmp_path / "o2.xlsx", {"创新成果": outcomes["创新成果"]})]
    )
    assert result.ok and {"创新成果": 1} == result.rows
    assert 1 == loaded.execute("select count(*) from stg_outcomes").fetchone()[0]
    assert 1 == loaded.execute("select count(*) from stg_activities").fetchone()[0]  # kept
    assert 2 == loaded.execute("select count(*) from stg_studios").fetchone()[0]  # kept


def test_history_and_restore(loaded, tmp_path, outcomes):
    first = snapshot(loaded)
    outcomes["创新成果"][1][0][5] = 99
    assert import_files(loaded, [write_xlsx(tmp_path / "o2.xlsx", outcomes)]).ok
    assert (
        99
        == loaded.execute(
            "select benefit_wan from stg_outcomes where outcome_id = 'CG-001'"
        ).fetchone()[0]
    )
    assert 3 == restore(loaded, 2)
    assert {k: v for k, v in first.items() if k != "log"} == {
        k: v for k, v in snapshot(loaded).items() if k != "log"
    }
    assert [(3, "restore", 2)] == loaded.execute(
        "select import_id, kind, restored_to from import_log where kind = 'restore'"
    ).fetchall()
    assert 4 == restore(loaded, 1)  # before the very first import: empty
    assert 0 == loaded.execute("select count(*) from stg_studios").fetchone()[0]
    assert 5 == restore(loaded, 3)  # undo a restore
    assert (
        99
        == loaded.execute(
            "select benefit_wan from stg_outcomes where outcome_id = 'CG-001'"
        ).fetchone()[0]
    )
    assert restore(loaded, 42) is None


def test_loaded_sheets_known(con, tmp_path, registry):
    del registry["检查记录"]
    assert import_files(con, [write_xlsx(tmp_path / "r.xlsx", registry)]).ok
    assert {"推荐单位", "创建目标", "名额分配", "工作室名录", "状态记录", "年度评估"} == set(
        db.current_state(con)["sheet"]
    )


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_cli_import_ok_bad_and_usage(tmp_path, registry):
    dbfile = tmp_path / "cli.duckdb"
    good = write_xlsx(tmp_path / "r.xlsx", registry)
    done = run_cli("import", "--db", dbfile, good)
    assert 0 == done.returncode, done.stdout + done.stderr
    assert "工作室名录：2 行" in done.stdout
    registry["推荐单位"][1][0][1] = "县区"
    bad = run_cli("import", "--db", dbfile, write_xlsx(tmp_path / "bad.xlsx", registry))
    assert 1 == bad.returncode
    assert "bad.xlsx › 推荐单位 › 第3行 › 单位类别：“县区”" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr
    assert 2 == run_cli("import").returncode
    assert 2 == run_cli("report", "--bogus").returncode
    history = run_cli("history", "--db", dbfile)
    assert 0 == history.returncode and "r.xlsx" in history.stdout
    env_db = run_cli("history", env={"STUDIODASH_DB": str(dbfile)})
    assert history.stdout == env_db.stdout


@pytest.mark.parametrize("point", ["after_read", "after_write", "before_commit"])
def test_killed_import_leaves_previous_data(tmp_path, registry, outcomes, point):
    """SIGKILL midway: the database opens, holds the previous data, and a new import succeeds."""
    dbfile = tmp_path / "k.duckdb"
    reg, out = write_xlsx(tmp_path / "r.xlsx", registry), write_xlsx(tmp_path / "o.xlsx", outcomes)
    assert 0 == run_cli("import", "--db", dbfile, reg, out).returncode
    con = db.connect(dbfile)
    before = snapshot(con)
    con.close()
    outcomes["创新成果"][1][0][5] = 77
    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.killed_import",
            point,
            str(dbfile),
            str(write_xlsx(tmp_path / "o2.xlsx", outcomes)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert -9 == killed.returncode
    con = db.connect(dbfile)
    assert before == snapshot(con)
    con.close()
    assert 0 == run_cli("import", "--db", dbfile, tmp_path / "o2.xlsx").returncode
    con = db.connect(dbfile)
    assert (
        77
        == con.execute(
            "select benefit_wan from stg_outcomes where outcome_id = 'CG-001'"
        ).fetchone()[0]
    )
    con.close()


def test_dry_run_previews_changes_and_changes_nothing(loaded, tmp_path, registry, outcomes):
    before = snapshot(loaded)
    header, rows = registry["工作室名录"]
    rows[0][header.index("成员人数")] = 9  # changed
    rows.append(list(rows[1]))
    rows[-1][0] = "HF-2023-009"  # added
    registry["状态记录"][1].append(["HF-2023-009", "2023-06-01", "申报", "", ""])
    outcomes["活动记录"][1].append(["HF-2022-001", "2023-04-01", "技术交流", 12])
    result = import_files(
        loaded,
        [write_xlsx(tmp_path / "r.xlsx", registry), write_xlsx(tmp_path / "o.xlsx", outcomes)],
        dry_run=True,
    )
    assert result.ok and result.import_id is None
    assert {"added": 1, "removed": 0, "changed": 1, "unchanged": 1} == result.changes["工作室名录"]
    assert {"added": 1, "removed": 0, "changed": 0, "unchanged": 3} == result.changes["状态记录"]
    assert {"added": 1, "removed": 0, "changed": 0, "unchanged": 1} == result.changes["活动记录"]
    assert {"added": 0, "removed": 0, "changed": 0, "unchanged": 2} == result.changes["创新成果"]
    assert before == snapshot(loaded)
