"""A corpus of bad exports: each is refused with the right file, sheet, row, column and value,
and the database already loaded stays exactly as it was."""

from __future__ import annotations

import copy

import pytest

from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, snapshot, write_csv, write_xlsx

# Rows in write_xlsx workbooks: title on 1, header on 2, so data row i (0-based) is Excel row i + 3.


def edit(base: dict, changes: dict) -> dict:
    """A copy of the exports with cells changed: {sheet: [(row_index, column_name, value), ...]};
    a row index past the end appends a copy of the last row first."""
    sheets = copy.deepcopy(base)
    for sheet, edits in changes.items():
        header, rows = sheets[sheet]
        for i, column, value in edits:
            if i >= len(rows):
                rows.append(copy.deepcopy(rows[-1]))
            rows[i][header.index(column)] = value
    return sheets


def reg(**changes):
    return edit(REGISTRY, changes)


def out(**changes):
    return edit(OUTCOMES, changes)


def drop(sheets, sheet=None, column=None):
    sheets = copy.deepcopy(sheets)
    if column:
        header, rows = sheets[sheet]
        j = header.index(column)
        sheets[sheet] = (header[:j] + header[j + 1 :], [r[:j] + r[j + 1 :] for r in rows])
    else:
        del sheets[sheet]
    return sheets


def xlsx(name, sheets):
    return lambda d: [write_xlsx(d / name, sheets)]


def raw_bytes(name, data: bytes):
    def make(d):
        (d / name).write_bytes(data)
        return [d / name]

    return make


def csv_folder(sheets, encoding="utf-8-sig"):
    return lambda d: [write_csv(d / "csv", sheets, encoding=encoding)]


# (id, files maker, expected problems: (file, sheet, row, column, value) — None = not checked)
CASES = [
    (
        "not-a-spreadsheet",
        raw_bytes("说明.txt", "台账".encode()),
        [("说明.txt", "", None, "", None)],
    ),
    (
        "corrupt-xlsx",
        raw_bytes("工作室台账.xlsx", b"PK\x03\x04garbage" * 10),
        [("工作室台账.xlsx", "", None, "", None)],
    ),
    (
        "encrypted-xlsx",
        raw_bytes("工作室台账.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        [("工作室台账.xlsx", "", None, "", None)],
    ),
    ("empty-file", raw_bytes("工作室台账.xlsx", b""), [("工作室台账.xlsx", "", None, "", None)]),
    ("unknown-csv-name", raw_bytes("名单.csv", b"a,b\n1,2\n"), [("名单.csv", "", None, "", None)]),
    (
        "missing-sheet",
        xlsx("r.xlsx", drop(REGISTRY, "状态记录")),
        [("r.xlsx", "状态记录", None, "", None)],
    ),
    (
        "missing-column",
        xlsx("r.xlsx", drop(REGISTRY, "工作室名录", "领衔人")),
        [("r.xlsx", "工作室名录", 2, "领衔人", None)],
    ),
    (
        "empty-required-cell",
        xlsx("r.xlsx", reg(工作室名录=[(1, "工作室名称", "")])),
        [("r.xlsx", "工作室名录", 4, "工作室名称", "")],
    ),
    (
        "bad-date",
        xlsx("r.xlsx", reg(状态记录=[(0, "日期", "2022-13-45")])),
        [("r.xlsx", "状态记录", 3, "日期", "2022-13-45")],
    ),
    (
        "bad-number",
        xlsx("r.xlsx", reg(工作室名录=[(0, "场所面积(㎡)", "大约一百")])),
        [("r.xlsx", "工作室名录", 3, "场所面积(㎡)", "大约一百")],
    ),
    (
        "fractional-int",
        xlsx("r.xlsx", reg(工作室名录=[(0, "申报年度", "2022.5")])),
        [("r.xlsx", "工作室名录", 3, "申报年度", "2022.5")],
    ),
    (
        "negative-count",
        xlsx("o.xlsx", out(创新成果=[(1, "发明专利(件)", -1)])),
        [("o.xlsx", "创新成果", 4, "发明专利(件)", "-1")],
    ),
    (
        "negative-money",
        xlsx("o.xlsx", out(创新成果=[(0, "经济效益(万元)", "-5万元")])),
        [("o.xlsx", "创新成果", 3, "经济效益(万元)", "-5万元")],
    ),
    (
        "zero-members",
        xlsx("r.xlsx", reg(工作室名录=[(1, "成员人数", 0)])),
        [("r.xlsx", "工作室名录", 4, "成员人数", "0")],
    ),
    (
        "score-over-100",
        xlsx("r.xlsx", reg(检查记录=[(0, "总分", 120)])),
        [("r.xlsx", "检查记录", 3, "总分", "120")],
    ),
    (
        "target-zero",
        xlsx("r.xlsx", reg(创建目标=[(1, "目标数", 0)])),
        [("r.xlsx", "创建目标", 4, "目标数", "0")],
    ),
    (
        "deadline-before-start",
        xlsx("r.xlsx", reg(创建目标=[(1, "完成期限", "2022-12-31")])),
        [("r.xlsx", "创建目标", 4, "完成期限", "2022-12-31")],
    ),
    (
        "enum-unit-kind",
        xlsx("r.xlsx", reg(推荐单位=[(0, "单位类别", "县区")])),
        [("r.xlsx", "推荐单位", 3, "单位类别", "县区")],
    ),
    (
        "enum-category",
        xlsx("o.xlsx", out(创新成果=[(0, "成果类别", "技术创心")])),
        [("o.xlsx", "创新成果", 3, "成果类别", "技术创心")],
    ),
    (
        "enum-condition",
        xlsx("r.xlsx", reg(检查记录=[(0, "设施齐全", "差")])),
        [("r.xlsx", "检查记录", 3, "设施齐全", "差")],
    ),
    (
        "duplicate-studio-id",
        xlsx("r.xlsx", reg(工作室名录=[(1, "工作室编号", "HF-2022-001")])),
        [("r.xlsx", "工作室名录", 4, "工作室编号", "HF-2022-001")],
    ),
    (
        "duplicate-quota",
        xlsx("r.xlsx", reg(名额分配=[(1, "推荐单位", "蜀山区")])),
        [("r.xlsx", "名额分配", 4, "年度+推荐单位", "2023 / 蜀山区")],
    ),
    (
        "unknown-unit",
        xlsx("r.xlsx", reg(工作室名录=[(0, "推荐单位", "蜀山去")])),
        [("r.xlsx", "工作室名录", 3, "推荐单位", "蜀山去")],
    ),
    (
        "unknown-campaign",
        xlsx("r.xlsx", reg(名额分配=[(0, "年度", 2030)])),
        [("r.xlsx", "名额分配", 3, "年度", "2030")],
    ),
    (
        "unknown-studio",
        xlsx("o.xlsx", out(创新成果=[(1, "工作室编号", "HF-9999-001")])),
        [("o.xlsx", "创新成果", 4, "工作室编号", "HF-9999-001")],
    ),
    (
        "orphaned-outcomes",
        xlsx(
            "r.xlsx",
            reg(
                工作室名录=[(0, "工作室编号", "HF-2022-009")],
                状态记录=[(0, "工作室编号", "HF-2022-009"), (1, "工作室编号", "HF-2022-009")],
                检查记录=[(0, "工作室编号", "HF-2022-009")],
                年度评估=[(0, "工作室编号", "HF-2022-009")],
            ),
        ),
        [
            ("（库中已有数据）", "创新成果", 3, "工作室编号", "HF-2022-001"),
            ("（库中已有数据）", "活动记录", 3, "工作室编号", "HF-2022-001"),
        ],
    ),
    (
        "gbk-csv-bad-enum",
        csv_folder(out(活动记录=[(0, "活动类型", "拔河比赛")]), encoding="gbk"),
        [("活动记录.csv", "活动记录", 2, "活动类型", "拔河比赛")],
    ),
    (
        "csv-bad-date",
        csv_folder(out(创新成果=[(1, "完成日期", "2023年2月30日")])),
        [("创新成果.csv", "创新成果", 3, "完成日期", "2023年2月30日")],
    ),
    (
        "many-problems-at-once",
        xlsx(
            "r.xlsx",
            reg(
                工作室名录=[
                    (0, "类型", "劳模工作室"),
                    (1, "领衔人", ""),
                    (1, "年度经费(万元)", "-1"),
                ],
                状态记录=[(2, "状态", "已命名")],
            ),
        ),
        [
            ("r.xlsx", "工作室名录", 3, "类型", "劳模工作室"),
            ("r.xlsx", "工作室名录", 4, "领衔人", ""),
            ("r.xlsx", "工作室名录", 4, "年度经费(万元)", "-1"),
            ("r.xlsx", "状态记录", 5, "状态", "已命名"),
        ],
    ),
    (
        "no-header",
        xlsx("o.xlsx", {"创新成果": (["甲", "乙"], [[1, 2]]), "活动记录": OUTCOMES["活动记录"]}),
        [("o.xlsx", "创新成果", None, "", None)],
    ),
    (
        "duplicate-column",
        xlsx(
            "o.xlsx",
            {
                "创新成果": (
                    OUTCOMES["创新成果"][0] + ["成果名称"],
                    [r + ["重复"] for r in OUTCOMES["创新成果"][1]],
                )
            },
        ),
        [("o.xlsx", "创新成果", 2, "成果名称", None)],
    ),
    (
        "same-sheet-twice",
        lambda d: [
            write_xlsx(d / "o.xlsx", OUTCOMES),
            write_csv(d / "csv", {"活动记录": OUTCOMES["活动记录"]}),
        ],
        [(None, "活动记录", None, "", None)],
    ),
]


@pytest.mark.parametrize("maker, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_nothing_changes(loaded, tmp_path, maker, expected):
    before = snapshot(loaded)
    folder = tmp_path / "bad"
    folder.mkdir()
    result = import_files(loaded, maker(folder))
    assert not result.ok
    assert result.problem_count == len(result.problems) >= len(expected)
    found = [(p.file, p.sheet, p.row, p.column, p.value) for p in result.problems]
    for file, sheet, row, column, value in expected:
        assert any(
            (file is None or f == file)
            and s == sheet
            and (row is None or r == row)
            and c == column
            and (value is None or v == value)
            for f, s, r, c, v in found
        ), (file, sheet, row, column, value, found)
    for p in result.problems:
        assert p.reason and str(p)  # every problem renders in words
    assert before == snapshot(loaded)


def test_corpus_has_at_least_25_files():
    assert len(CASES) >= 25


@pytest.mark.parametrize(
    "bad, suggestion",
    [("unknown-unit", "蜀山区"), ("enum-category", "技术创新"), ("enum-unit-kind", "县(市)区")],
)
def test_obvious_suggestions(loaded, tmp_path, bad, suggestion):
    maker = next(c[1] for c in CASES if c[0] == bad)
    result = import_files(loaded, maker(tmp_path))
    assert [suggestion] == [p.suggestion for p in result.problems if p.suggestion]
    assert f"是否为“{suggestion}”" in str(next(p for p in result.problems if p.suggestion))


@pytest.mark.parametrize("name", ["活动记录.csv", "创新成果.xlsx"])
def test_file_over_size_limit_is_refused_before_reading(loaded, tmp_path, monkeypatch, name):
    """Each kind of file has its limit (max_csv_mb, max_xlsx_mb), checked before reading."""
    monkeypatch.setenv("STUDIODASH_MAX_CSV_MB", "1")
    monkeypatch.setenv("STUDIODASH_MAX_XLSX_MB", "1")
    path = tmp_path / name
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    before = snapshot(loaded)
    result = import_files(loaded, [path])
    assert [name] == [p.file for p in result.problems]
    assert "超过上限 1 MB" in result.problems[0].reason
    assert before == snapshot(loaded)


def test_csv_and_xlsx_limits_are_separate(loaded, tmp_path, monkeypatch):
    """A CSV above the xlsx limit is read (DuckDB streams it; the national export is 565 MB),
    an xlsx above it is not: the limits are two settings, not one."""
    monkeypatch.setenv("STUDIODASH_MAX_XLSX_MB", "1")
    header, rows = OUTCOMES["活动记录"]
    big = [["HF-2022-001", "2023-03-01", "技能培训", k] for k in range(80_000)]
    sheets = {**OUTCOMES, "活动记录": (header, big)}
    folder = write_csv(tmp_path / "big", sheets, encoding="utf-8")
    assert (folder / "活动记录.csv").stat().st_size > 1024 * 1024
    assert import_files(loaded, [folder]).ok
    xlsx = write_xlsx(tmp_path / "big.xlsx", sheets)
    assert xlsx.stat().st_size > 1024 * 1024
    result = import_files(loaded, [xlsx])
    assert ["big.xlsx"] == [p.file for p in result.problems]
    assert "超过上限 1 MB" in result.problems[0].reason


def test_problem_list_is_capped_but_counted(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIODASH_MAX_PROBLEMS", "3")
    sheets = out(创新成果=[(i, "成果类别", "无此类") for i in range(10)])
    for i, row in enumerate(sheets["创新成果"][1]):
        row[0] = f"CG-{i:03d}"
    result = import_files(loaded, [write_xlsx(tmp_path / "o.xlsx", sheets)])
    assert (3, 10) == (len(result.problems), result.problem_count)


def test_registry_dropping_a_studio_with_outcomes_names_the_orphaned_record(loaded, tmp_path):
    """Re-importing the registry without a studio that outcomes in the database still cite
    is refused; the reason names the outcome (成果编号 and its value) that would be orphaned."""
    header, rows = OUTCOMES["创新成果"]
    outcome_id = rows[0][header.index("成果编号")]
    studio = rows[0][header.index("工作室编号")]
    sheets = copy.deepcopy(REGISTRY)
    for name, (cols, data) in sheets.items():
        if "工作室编号" in cols:
            j = cols.index("工作室编号")
            sheets[name] = (cols, [r for r in data if r[j] != studio])
    before = snapshot(loaded)
    (tmp_path / "new").mkdir()
    new = write_xlsx(tmp_path / "new" / "工作室台账.xlsx", sheets)
    result = import_files(loaded, [new])
    assert not result.ok
    texts = [str(p) for p in result.problems]
    assert any(f"（成果编号：{outcome_id}）" in t and "孤立" in t for t in texts), texts
    assert before == snapshot(loaded)
