"""检查查询: filters as SQL parameters, literal free text, exports that are safe and masked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dashboard import db, exports, report
from dashboard.importer import import_files
from tests.conftest import write_xlsx

NONE = dict(
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


@pytest.fixture
def hostile(con, tmp_path, registry, outcomes):
    """The small exports plus a studio whose name is an SQL injection and a formula."""
    header, rows = registry["工作室名录"]
    rows.append(
        [
            "HF-2023-002",
            "' OR 1=1 --工作室",
            "劳模",
            '=HYPERLINK("http://x")',
            "市级劳模",
            "技师",
            "+丙公司",
            "市建设工会",
            "制造业",
            2023,
            3,
            10,
            1,
            "13700002222",
        ]
    )
    registry["状态记录"][1].append(["HF-2023-002", "2023-06-01", "申报", "", ""])
    write_xlsx(tmp_path / "r.xlsx", registry)
    write_xlsx(tmp_path / "o.xlsx", outcomes)
    assert import_files(con, [tmp_path / "r.xlsx", tmp_path / "o.xlsx"]).ok
    return con


def explore(con, **filters):
    return db.run(
        con,
        "explore_studios",
        as_of=dt.date(2023, 12, 15),
        unit=None,
        p=report.risk_params(con),
        **{**NONE, **filters},
    )


def test_free_text_is_literal(hostile):
    assert ["HF-2023-002"] == explore(hostile, text="' OR 1=1 --")["studio_id"].tolist()
    assert [] == explore(hostile, text="%")["studio_id"].tolist()
    assert [] == explore(hostile, text="_")["studio_id"].tolist()
    assert ["HF-2022-001"] == explore(hostile, text="张伟")["studio_id"].tolist()
    assert ["HF-2023-001"] == explore(hostile, text="乙电力")["studio_id"].tolist()  # host


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["HF-2022-001", "HF-2023-001", "HF-2023-002"]),
        ({"statuses": ["named"]}, ["HF-2022-001"]),
        ({"statuses": ["in_review"]}, ["HF-2023-001", "HF-2023-002"]),
        ({"units": ["高新区"]}, ["HF-2023-001"]),
        ({"unit_kinds": ["产业工会"]}, ["HF-2023-002"]),
        ({"studio_types": ["劳模创新工作室"]}, ["HF-2022-001", "HF-2023-002"]),
        ({"industries": ["电力"]}, ["HF-2023-001"]),
        ({"named_years": [2022]}, ["HF-2022-001"]),
        (
            {"campaign_years": [2023], "statuses": ["in_review"], "units": ["市建设工会"]},
            ["HF-2023-002"],
        ),
        ({"tiers": ["低"]}, ["HF-2022-001"]),
        ({"tiers": ["高"]}, []),
    ],
)
def test_filters_combine(hostile, filters, expected):
    assert expected == sorted(explore(hostile, **filters)["studio_id"])


def test_scope_and_limit(hostile):
    assert ["HF-2023-001"] == db.run(
        hostile,
        "explore_studios",
        as_of=dt.date(2023, 12, 15),
        unit="高新区",
        p=report.risk_params(hostile),
        **NONE,
    )["studio_id"].tolist()
    limited = explore(hostile, limit=2)
    assert (2, 3) == (len(limited), int(limited["total"].iloc[0]))


def test_exports_are_masked_and_formula_safe(hostile):
    shown = exports.explore_frame(explore(hostile))
    row = shown[shown["工作室编号"] == "HF-2023-002"].iloc[0]
    assert "137****2222" == row["联系电话"]
    csv = exports.csv_bytes(shown)
    assert csv.startswith("\ufeff".encode())
    text = csv.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+丙公司" in text and "13700002222" not in text
    book = load_workbook(
        io.BytesIO(
            exports.xlsx_workbook("T", "2023-12-15", "范围：全市", [("检查查询", shown, {})])
        )
    )
    ws = book["检查查询"]
    cells = [c.value for row in ws.iter_rows(min_row=5) for c in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    assert "137****2222" in cells and "13700002222" not in cells
    assert "数据截至 2023-12-15" in ws["A2"].value
