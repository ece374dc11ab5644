"""The import templates (issue 20, point 1): both workbooks hold the contract's sheets and headers,
a dropdown for every enum and unit column, dates formatted and checked, a 填写说明 row per column;
filled by a script they import (the example row left in, ignored and warned), and an invalid
dropdown value is refused as any bad cell is. `studiodash template` and 数据管理 give them."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from pathlib import Path

import openpyxl
import pytest

from dashboard import cli, labels, template
from dashboard.contract import EXPORTS, OUTCOMES, REGISTRY, SHEETS
from dashboard.importer import import_files
from tests.conftest import OUTCOMES as OUTCOME_ROWS
from tests.conftest import REGISTRY as REGISTRY_ROWS
from tests.conftest import app_as

HEAD, EXAMPLE, FIRST = template.HEAD_ROW + 1, template.EXAMPLE_ROW + 1, template.EXAMPLE_ROW + 2
UNITS = ["蜀山区", "高新区", "市建设工会"]  # conftest's REGISTRY, in its 排序
ENUMS = [(s, c) for s in SHEETS for c in s.columns if c.kind == "enum"]
DATES = [(s, c) for s in SHEETS for c in s.columns if c.kind == "date"]
UNIT_COLUMNS = [(s, c) for s in SHEETS for c in s.columns if template.is_unit_column(c)]


def book(export: str, units=UNITS, source="data") -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template.workbook(export, units, source)))


@pytest.fixture(scope="module")
def books() -> dict[str, openpyxl.Workbook]:
    return {export: book(export) for export in EXPORTS}


def letter(sheet, name: str) -> str:
    return openpyxl.utils.get_column_letter([c.name for c in sheet.columns].index(name) + 1)


def validations(wb, ws, cell: str, kind: str) -> list:
    return [v for v in ws.data_validations.dataValidation if v.type == kind and cell in v.sqref]


def dropdown(wb, ws, cell: str) -> list[str]:
    """The values of the one list validation covering `cell`: written in the rule, or a range."""
    (rule,) = validations(wb, ws, cell, "list")
    source = rule.formula1
    if source.startswith('"'):
        return source.strip('"').split(",")
    sheet, area = source.lstrip("=").split("!")
    return [c.value for (c,) in wb[sheet.strip("'")][area.replace("$", "")]]


def guide(wb) -> list[dict]:
    """填写说明's table as records."""
    rows = list(wb[labels.TEMPLATE_GUIDE_SHEET].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if tuple(r) == labels.TEMPLATE_GUIDE_COLUMNS)
    return [dict(zip(labels.TEMPLATE_GUIDE_COLUMNS, r)) for r in rows[top + 1 :] if r[0]]


@pytest.mark.parametrize("export", list(EXPORTS))
def test_sheets_and_headers_are_the_contracts(books, export):
    wb = books[export]
    sheets = [s.name for s in EXPORTS[export]]
    assert [*sheets, labels.TEMPLATE_GUIDE_SHEET] == [
        ws.title for ws in wb.worksheets if ws.sheet_state == "visible"
    ]
    for sheet in EXPORTS[export]:
        ws = wb[sheet.name]
        assert [c.name for c in sheet.columns] == [c.value for c in ws[HEAD]]
        marks = {True: labels.TEMPLATE_REQUIRED, False: labels.TEMPLATE_OPTIONAL}
        assert [marks[c.required] for c in sheet.columns] == [c.value for c in ws[HEAD - 1]]
        assert [c.required for c in sheet.columns] == [bool(c.font.b) for c in ws[HEAD]]
        assert all(c.comment and c.comment.text for c in ws[HEAD]), "each header notes its rule"


@pytest.mark.parametrize("export", list(EXPORTS))
def test_the_example_row_is_grey_and_the_contracts(books, export):
    for sheet in EXPORTS[export]:
        ws = books[export][sheet.name]
        expected = template.example(sheet)
        assert None not in expected.values(), "every column has an example"
        got = [c.value for c in ws[EXAMPLE]]
        assert [v.isoformat() if hasattr(v, "isoformat") else v for v in expected.values()] == [
            v.date().isoformat() if hasattr(v, "date") else v for v in got
        ]
        assert {"FFD9D9D9"} == {c.fill.fgColor.rgb for c in ws[EXAMPLE]}
        assert ws.max_row == EXAMPLE, "nothing under the example"


def test_the_examples_name_contract_columns_with_valid_values():
    """contract.EXAMPLES is checked against the contract: a misspelt column would go unwritten."""
    from dashboard.contract import EXAMPLES, SHEETS_BY_NAME

    for name, values in EXAMPLES.items():
        sheet = SHEETS_BY_NAME[name]
        assert set(values) <= {c.name for c in sheet.columns}, name
        for column, value in template.example(sheet).items():
            col = sheet.col(column)
            assert not col.values or value in col.values, (name, column)


@pytest.mark.parametrize("sheet, col", ENUMS, ids=lambda x: x.name)
def test_every_enum_has_a_dropdown_of_its_values(books, sheet, col):
    wb = books[sheet.export]
    ws = wb[sheet.name]
    cell = f"{letter(sheet, col.name)}{FIRST}"
    assert list(col.values) == dropdown(wb, ws, cell)
    far = f"{letter(sheet, col.name)}{template.EXAMPLE_ROW + template.ROWS}"
    assert list(col.values) == dropdown(wb, ws, far), "the dropdown reaches far down"


@pytest.mark.parametrize("sheet, col", UNIT_COLUMNS, ids=lambda x: x.name)
def test_unit_columns_drop_down_the_data_units(loaded, sheet, col):
    wb = openpyxl.load_workbook(
        io.BytesIO(template.workbooks(loaded)[template.file_name(REGISTRY)])
    )
    assert UNITS == dropdown(wb, wb[sheet.name], f"{letter(sheet, col.name)}{FIRST}")


def test_without_data_the_units_are_the_samples(tmp_path):
    from dashboard import db, settings

    sample = openpyxl.load_workbook(settings.SAMPLE_DIR / "工作室台账.xlsx", read_only=True)
    rows = list(sample["推荐单位"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if "单位名称" in r)
    expected = [r[0] for r in rows[head + 1 :] if r[0]]
    assert 20 <= len(expected)
    empty = db.connect_reader(tmp_path / "empty.duckdb")  # a store with nothing imported
    assert (expected, "sample") == template.unit_names(empty)
    assert (expected, "sample") == template.unit_names(None)
    wb = openpyxl.load_workbook(io.BytesIO(template.workbooks()[template.file_name(REGISTRY)]))
    sheet = next(s for s, c in UNIT_COLUMNS)
    assert expected == dropdown(wb, wb[sheet.name], f"{letter(sheet, '推荐单位')}{FIRST}")


@pytest.mark.parametrize("sheet, col", DATES, ids=lambda x: x.name)
def test_date_columns_are_formatted_and_checked(books, sheet, col):
    ws = books[sheet.export][sheet.name]
    column = letter(sheet, col.name)
    assert "yyyy-mm-dd" == ws[f"{column}{EXAMPLE}"].number_format
    index = openpyxl.utils.column_index_from_string(column)
    (dim,) = [d for d in ws.column_dimensions.values() if d.min <= index <= d.max]
    assert "yyyy-mm-dd" == dim.number_format  # the rows still to fill, too
    assert 1 == len(validations(None, ws, f"{column}{FIRST}", "date"))


def test_no_dropdown_or_date_check_on_other_columns(books):
    for sheet in SHEETS:
        ws = books[sheet.export][sheet.name]
        for col in sheet.columns:
            cell = f"{letter(sheet, col.name)}{FIRST}"
            kinds = {v.type for v in ws.data_validations.dataValidation if cell in v.sqref}
            has_list = col.kind == "enum" or template.is_unit_column(col)
            assert kinds == ({"list"} if has_list else {"date"} if col.kind == "date" else set())


@pytest.mark.parametrize("export", list(EXPORTS))
def test_the_guide_has_a_row_per_column(books, export):
    rows = guide(books[export])
    assert [(s.name, c.name) for s in EXPORTS[export] for c in s.columns] == [
        (r["工作表"], r["列名"]) for r in rows
    ]
    by_column = {(r["工作表"], r["列名"]): r for r in rows}
    for sheet in EXPORTS[export]:
        for col in sheet.columns:
            row = by_column[(sheet.name, col.name)]
            assert labels.TEMPLATE_KIND[col.kind] == row["类型"]
            assert (labels.TEMPLATE_REQUIRED if col.required else labels.TEMPLATE_OPTIONAL) == row[
                "是否必填"
            ]
            assert all(v in row["允许值"] for v in col.values)
            assert all(a in row["允许值"] for a in col.aliases)
            assert row["示例"]
    notes = " ".join(
        str(r[0]) for r in books[export][labels.TEMPLATE_GUIDE_SHEET].iter_rows(values_only=True)
    )
    assert labels.WARN["template_example"] in notes, "the notes tell the example row is ignored"


def test_the_guide_states_the_rules():
    rows = {(r["工作表"], r["列名"]): r["规则"] for r in guide(book(REGISTRY))}
    assert "> 0" in rows[("创建目标", "目标数")]
    assert "须晚于开始日期" in rows[("创建目标", "完成期限")]
    assert "不可重复" in rows[("工作室名录", "工作室编号")]
    assert "与“推荐单位”组合不可重复" in rows[("名额分配", "年度")]
    assert "0–100" in rows[("检查记录", "总分")]
    assert "须为“推荐单位”表中已有的单位名称" in rows[("工作室名录", "推荐单位")]
    outcomes = {(r["工作表"], r["列名"]): r["规则"] for r in guide(book(OUTCOMES))}
    assert "空白按“0”计" in outcomes[("创新成果", "发明专利(件)")]


def test_cells_from_the_data_are_formula_guarded():
    """A unit named like a formula stays text (Excel's quote prefix), its value unchanged."""
    wb = book(REGISTRY, units=["=HYPERLINK(1)", "蜀山区"])
    options = wb[labels.TEMPLATE_OPTIONS_SHEET]
    cell = options["A2"]
    assert ("=HYPERLINK(1)", "s", True) == (cell.value, cell.data_type, cell.quotePrefix)
    assert "hidden" == options.sheet_state


def filled(tmp_path: Path, change=None) -> list[Path]:
    """Both templates filled by a script with conftest's rows from row 4, the example row left
    in place; `change(export, wb)` edits a workbook before it is saved."""
    paths = []
    for export, sheets in ((REGISTRY, REGISTRY_ROWS), (OUTCOMES, OUTCOME_ROWS)):
        wb = openpyxl.load_workbook(io.BytesIO(template.workbooks()[template.file_name(export)]))
        for name, (header, rows) in sheets.items():
            ws = wb[name]
            heads = [c.value for c in ws[HEAD]]
            for i, row in enumerate(rows, start=FIRST):
                for h, value in zip(header, row):
                    if value != "":
                        ws.cell(i, heads.index(h) + 1, value)
        if change:
            change(export, wb)
        paths.append(tmp_path / template.file_name(export))
        wb.save(paths[-1])
    return paths


def test_a_filled_template_imports_with_its_example_rows_ignored(con, tmp_path):
    result = import_files(con, filled(tmp_path))
    assert result.ok, [str(p) for p in result.problems]
    assert {name: len(rows) for name, (_, rows) in {**REGISTRY_ROWS, **OUTCOME_ROWS}.items()} == (
        result.rows
    )
    ignored = [
        (w.file, w.sheet, w.row)
        for w in result.warnings
        if w.reason == labels.WARN["template_example"]
    ]
    assert [(template.file_name(s.export), s.name, EXAMPLE) for s in SHEETS] == ignored
    assert [(FIRST, "HF-2022-001"), (FIRST + 1, "HF-2023-001")] == con.execute(
        "select _row, 工作室编号 from raw_studios order by _row"
    ).fetchall(), "the other rows keep their Excel row numbers"


def test_an_edited_example_row_is_data(con, tmp_path):
    """Only a row equal to the example in every column is dropped: one cell changed, it loads."""

    def edit(export, wb):
        if export == REGISTRY:
            wb["推荐单位"][f"C{EXAMPLE}"] = 9

    result = import_files(con, filled(tmp_path, edit))
    assert result.ok, [str(p) for p in result.problems]
    assert 4 == result.rows["推荐单位"]
    assert "推荐单位" not in {
        w.sheet for w in result.warnings if w.reason == labels.WARN["template_example"]
    }
    assert ("示例区", EXAMPLE) in con.execute("select 单位名称, _row from raw_units").fetchall()


def test_an_invalid_dropdown_value_is_refused(con, tmp_path):
    def bad(export, wb):
        if export == REGISTRY:
            wb["工作室名录"][f"C{FIRST}"] = "劳模工作室"  # 类型: not in its dropdown

    result = import_files(con, filled(tmp_path, bad))
    assert not result.ok
    (problem,) = result.problems
    expected = (template.file_name(REGISTRY), "工作室名录", FIRST, "类型", "劳模工作室")
    assert expected == (problem.file, problem.sheet, problem.row, problem.column, problem.value)
    assert labels.REASON["enum"].split("（")[0] in problem.reason
    assert "劳模创新工作室" in problem.reason
    assert 0 == con.execute("select count(*) from import_log").fetchone()[0], "nothing imported"


def test_a_template_sheet_saved_as_csv_drops_its_example_too(loaded, tmp_path):
    """Excel's 另存为 CSV writes the shown text (dates as yyyy-mm-dd): the example still matches."""
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, (header, rows) in OUTCOME_ROWS.items():
        sheet = next(s for s in SHEETS if s.name == name)
        example = [
            v.isoformat() if isinstance(v, dt.date) else v for v in template.example(sheet).values()
        ]
        with open(folder / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow([labels.TEMPLATE_REQUIRED] * len(header))
            w.writerow(header)
            w.writerow(example)
            w.writerows(rows)
    result = import_files(loaded, [folder])  # beside the registry already loaded
    assert result.ok, [str(p) for p in result.problems]
    assert {"创新成果": 2, "活动记录": 1} == result.rows
    assert [("创新成果.csv", EXAMPLE), ("活动记录.csv", EXAMPLE)] == [
        (w.file, w.row) for w in result.warnings if w.reason == labels.WARN["template_example"]
    ]


def test_cli_writes_both_templates_with_the_data_units(loaded, tmp_path, capsys):
    out = tmp_path / "out"
    assert 0 == cli.main(["template", "--out", str(out), "--db", str(tmp_path / "test.duckdb")])
    names = [template.file_name(export) for export in EXPORTS]
    assert [str(out / n) for n in names] == capsys.readouterr().out.split()
    wb = openpyxl.load_workbook(out / template.file_name(REGISTRY))
    assert UNITS == dropdown(wb, wb["工作室名录"], f"{letter(SHEETS[3], '推荐单位')}{FIRST}")
    assert (out / template.file_name(OUTCOMES)).stat().st_size > 0


def test_admin_data_page_offers_both_templates(app_env, drawn):
    """An administrator sees 下载导入模板 with the two workbooks, served through ui.download."""
    from dashboard import auth
    from dashboard.state import connection

    def audited() -> int:
        return (
            connection()
            .execute(
                "select count(*) from audit_log where action = 'export' and detail like '%模板.xlsx%'"
            )
            .fetchone()[0]
        )

    before = audited()
    at = app_as(auth.User("admin", auth.ADMIN, None, is_demo=True)).run()
    at.switch_page("views/admin_data.py").run()
    assert not at.exception
    assert labels.TEMPLATE_SECTION in [s.value for s in at.subheader]
    shown = {kw["file_name"]: (label, data) for label, data, kw in drawn}
    for export in EXPORTS:
        label, data = shown[template.file_name(export)]
        assert labels.TEMPLATE_DOWNLOAD.format(export=export) == label
        wb = openpyxl.load_workbook(io.BytesIO(data()))
        assert [s.name for s in EXPORTS[export]] == wb.sheetnames[: len(EXPORTS[export])]
    assert before + len(EXPORTS) == audited(), "each download is audited"


def sheet_html(ws, rows: int = 6) -> str:
    """A worksheet's first rows as an HTML table drawn with its fills, fonts and validations."""
    lists = {
        str(c)
        for v in ws.data_validations.dataValidation
        if v.type == "list"
        for c in v.sqref.ranges
    }
    body = []
    for r in ws.iter_rows(min_row=1, max_row=rows):
        cells = []
        for c in r:
            fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
            style = [f"background:#{fill[2:]}" if isinstance(fill, str) else ""]
            if c.font and c.font.b:
                style.append("font-weight:bold")
            if c.font and isinstance(c.font.color and c.font.color.rgb, str):
                style.append(f"color:#{c.font.color.rgb[2:]}")
            value = c.value.date().isoformat() if hasattr(c.value, "date") else c.value
            mark = " ▾" if c.row == FIRST and any(c.column_letter in x for x in lists) else ""
            cells.append(
                f'<td style="{";".join(style)}">{html.escape(str(value or ""))}{mark}</td>'
            )
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<h3>{html.escape(ws.title)}</h3><table>{''.join(body)}</table>"


def test_screenshot_of_the_template(browser, books):
    """tests/screenshots/template_registry.png: the first sheet and 工作室名录 as a user sees them."""
    from tests.browser import SHOTS

    wb = books[REGISTRY]
    page = browser.new_page(viewport={"width": 1500, "height": 700})
    page.set_content(
        "<style>body{font-family:sans-serif;font-size:13px} table{border-collapse:collapse}"
        "td{border:1px solid #bbb;padding:3px 6px;white-space:nowrap}</style>"
        + sheet_html(wb.worksheets[0])
        + sheet_html(wb["工作室名录"])
    )
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "template_registry.png"), full_page=True)
    assert page.locator("td").count() > 40
    page.set_content(
        "<style>body{font-family:sans-serif;font-size:13px} table{border-collapse:collapse}"
        "td{border:1px solid #bbb;padding:3px 6px;max-width:520px}</style>"
        + sheet_html(wb[labels.TEMPLATE_GUIDE_SHEET], rows=24)
    )
    page.screenshot(path=str(SHOTS / "template_guide.png"), full_page=True)
    page.close()
