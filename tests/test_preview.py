"""The import preview a person reads before confirming: per sheet the rows added, removed and
changed, the first ten changed rows with their changed cells (versions.first_changes), and the
数据管理 page drawing them highlighted and marked 原值 → 新值."""

from __future__ import annotations

import copy
import io
import re
import shutil

import openpyxl
import pytest

from dashboard import auth, db, settings, store
from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, app_as, write_xlsx


def outcome(number: int, name: str = "巡检机器人") -> list:
    """A 创新成果 row of HF-2023-001, numbered CG-<number>."""
    return [f"CG-{number:03d}", "HF-2023-001", name, "技术创新", "2023-08-01", 3, 0, 1, 0, "否", "",
            ""]  # fmt: skip


def base_outcomes() -> dict:
    """The conftest outcomes, plus CG-003 and CG-101…CG-140 (file rows 5, 6… after a title row
    and the header)."""
    sheets = copy.deepcopy(OUTCOMES)
    sheets["创新成果"][1].extend([outcome(3)] + [outcome(n) for n in range(101, 141)])
    return sheets


@pytest.fixture(scope="module")
def _base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    write_xlsx(folder / "工作室台账.xlsx", REGISTRY)
    write_xlsx(folder / "创新成果.xlsx", base_outcomes())
    con = db.connect(folder / "base.duckdb")
    assert import_files(con, [folder / "工作室台账.xlsx", folder / "创新成果.xlsx"]).ok
    con.close()
    return folder / "base.duckdb"


@pytest.fixture
def base(_base, tmp_path):
    """A database of its own holding REGISTRY and base_outcomes() (import 1)."""
    store.copy_database(_base, tmp_path / "base.duckdb")
    con = db.connect(tmp_path / "base.duckdb")
    yield con
    con.close()


def dry_run(con, tmp_path, sheets):
    result = import_files(con, [write_xlsx(tmp_path / "创新成果.xlsx", sheets)], dry_run=True)
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_known_changes_counted_and_listed(base, tmp_path):
    """CG-001: two cells changed; CG-002: one (a blank filled); CG-003 removed; CG-004 added."""
    sheets = base_outcomes()
    rows = sheets["创新成果"][1]
    rows[0][2], rows[0][5] = "数控刀具改进（二期）", 15
    rows[1][10] = "企业级"
    del rows[2]
    rows.append(outcome(4, "节能照明"))
    preview = dry_run(base, tmp_path, sheets)
    assert {"added": 1, "removed": 1, "changed": 2, "unchanged": 40} == preview.changes["创新成果"]
    assert {
        "changed": [
            {
                "row": 3,
                "key": {"成果编号": "CG-001"},
                "cells": {
                    "成果名称": ("数控刀具改进", "数控刀具改进（二期）"),
                    "经济效益(万元)": (12.5, 15.0),
                },
            },
            {"row": 4, "key": {"成果编号": "CG-002"}, "cells": {"获奖等级": (None, "企业级")}},
        ],
        "added": [{"成果编号": "CG-004"}],
        "removed": [{"成果编号": "CG-003"}],
    } == preview.changed_rows["创新成果"]


def test_sheet_without_key_counts_an_edit_as_removed_and_added(base, tmp_path):
    """活动记录 has no unique key: its edited row is one removed and one added, no changed rows."""
    sheets = base_outcomes()
    sheets["活动记录"][1][0][3] = 35  # 参与人次 30 -> 35
    preview = dry_run(base, tmp_path, sheets)
    assert {"added": 1, "removed": 1, "changed": 0, "unchanged": 0} == preview.changes["活动记录"]
    assert "活动记录" not in preview.changed_rows
    assert {"changed": [], "added": [], "removed": []} == preview.changed_rows["创新成果"]


def test_at_most_ten_rows_in_file_order(base, tmp_path):
    """25 changed, 15 removed, 12 added: the first ten of each, changed and added in the file's
    order (the new file lists CG-125 first), removed by key."""
    sheets = base_outcomes()
    rows = sheets["创新成果"][1]
    kept = rows[:3]
    renamed = [outcome(n, "巡检机器人（改）") for n in range(125, 100, -1)]
    rows[:] = kept + renamed + [outcome(n) for n in range(201, 213)]
    preview = dry_run(base, tmp_path, sheets)
    assert {"added": 12, "removed": 15, "changed": 25, "unchanged": 3} == preview.changes[
        "创新成果"
    ]
    found = preview.changed_rows["创新成果"]
    assert [
        {
            "row": 6 + i,
            "key": {"成果编号": f"CG-{125 - i}"},
            "cells": {"成果名称": ("巡检机器人", "巡检机器人（改）")},
        }
        for i in range(10)
    ] == found["changed"]
    assert [{"成果编号": f"CG-{n}"} for n in range(201, 211)] == found["added"]
    assert [{"成果编号": f"CG-{n}"} for n in range(126, 136)] == found["removed"]


def test_no_change_lists_nothing(base, tmp_path):
    preview = dry_run(base, tmp_path, base_outcomes())
    assert {"added": 0, "removed": 0, "changed": 0, "unchanged": 43} == preview.changes["创新成果"]
    assert {"changed": [], "added": [], "removed": []} == preview.changed_rows["创新成果"]


def edited_sample_registry(tmp_path) -> bytes:
    """The bundled registry with HF-2019-001's 所属行业 and 成员人数 and HF-2019-002's 领衔人
    changed."""
    path = tmp_path / "工作室台账.xlsx"
    shutil.copy(settings.SAMPLE_DIR / "工作室台账.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["工作室名录"]
    header = [c.value for c in ws[2]]
    assert ("HF-2019-001", "HF-2019-002") == (ws.cell(3, 1).value, ws.cell(4, 1).value)
    ws.cell(3, header.index("所属行业") + 1).value = "装备制造"
    ws.cell(3, header.index("成员人数") + 1).value = 12
    ws.cell(4, header.index("领衔人") + 1).value = "郭宇航"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_upload_preview_shows_changed_cells(app_env, tmp_path):
    """数据管理: after the counts, 工作室名录's 变更明细 lists the two changed studios with each
    changed cell written 原值 → 新值 on amber, and only those cells."""
    at = app_as(auth.User("admin", auth.ADMIN, None, True)).run()
    at.switch_page("views/admin_data.py").run()
    data = edited_sample_registry(tmp_path)
    at.file_uploader(key="upload").set_value(
        [("工作室台账.xlsx", data, "application/octet-stream")]
    ).run()
    assert not at.exception
    counts = at.dataframe[0].value.set_index("工作表")
    assert 2 == counts.loc["工作室名录", "修改"]
    assert 0 == counts.loc["推荐单位", "修改"] + counts.loc["推荐单位", "新增"]
    assert ["工作室名录：变更明细（前 10 行）"] == [e.label for e in at.expander]
    detail = at.dataframe[1]  # after the counts
    shown = detail.value.astype(str)
    assert [
        {"工作室编号": "HF-2019-001", "行号": "3", "所属行业": "制造业 → 装备制造",
         "成员人数": "11 → 12", "领衔人": ""},
        {"工作室编号": "HF-2019-002", "行号": "4", "所属行业": "", "成员人数": "",
         "领衔人": "郭宇 → 郭宇航"},
    ] == shown.to_dict("records")  # fmt: skip
    styles = detail.proto.arrow_data.styler.styles
    assert "background-color: #fde9b8" in styles
    amber = {(int(r), int(c)) for r, c in re.findall(r"_row(\d+)_col(\d+)", styles)}
    assert {(0, 2), (0, 3), (1, 4)} == amber  # the three changed cells, and no other
    cells = at.dataframe[2]  # the same for a phone, one line per changed cell
    assert [
        {"工作室编号": "HF-2019-001", "列": "所属行业", "原值 → 新值": "制造业 → 装备制造"},
        {"工作室编号": "HF-2019-001", "列": "成员人数", "原值 → 新值": "11 → 12"},
        {"工作室编号": "HF-2019-002", "列": "领衔人", "原值 → 新值": "郭宇 → 郭宇航"},
    ] == cells.value.to_dict("records")
    amber = re.findall(r"_row(\d+)_col(\d+)", cells.proto.arrow_data.styler.styles)
    assert {("0", "2"), ("1", "2"), ("2", "2")} == set(amber)
    assert 4 == len(at.dataframe)  # and the history: no table of added or removed rows
