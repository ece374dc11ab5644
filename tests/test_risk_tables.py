"""The 预警清单 workbook and the risk queries behind the page: the same studios, scores and
reasons as the report, Chinese headers, real numbers, masked phones, formulas neutralised, and
rules whose sheet is missing left out and said."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from dashboard import db, report, risk_tables
from dashboard import labels as L
from dashboard.importer import import_files
from tests.conftest import write_xlsx

AS_OF = dt.date(2023, 12, 15)
HEADERS = list(L.RISK_EXPORT_COLUMNS.values())


def watchlist(con, as_of=AS_OF, unit=None, tiers=None, rule=None, limit=None):
    return db.run(
        con,
        "risk_watchlist",
        as_of=as_of,
        unit=unit,
        p=report.risk_params(con),
        tiers=tiers,
        rule=rule,
        limit=limit,
    )


def workbook(rows, con, scope=L.SCOPE_ALL, tiers=None, rule=None, off=()):
    data = risk_tables.watchlist_workbook(
        rows,
        AS_OF.isoformat(),
        scope,
        risk_tables.filter_line(tiers, rule),
        report.risk_params(con),
        list(off),
    )
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("unit", [None, "蜀山区"])
def test_watchlist_query_equals_the_report(sample_con, unit):
    """queries/risk_watchlist.sql (the page, the export) and report.risk_list (the report)."""
    expected = report.risk_list(sample_con, AS_OF, unit)
    rows = watchlist(sample_con, unit=unit)
    assert [(r["studio_id"], r["score"], r["tier"]) for r in expected] == list(
        zip(rows["studio_id"], rows["score"].astype(int), rows["tier"])
    )
    assert [[x["detail"] for x in r["reasons"]] for r in expected] == [
        risk_tables.reason_texts(x) for x in rows["reasons"]
    ]
    assert {len(expected)} == set(rows["total"])


def test_limit_keeps_the_total(sample_con):
    rows = watchlist(sample_con, tiers=["高", "中", "低"], limit=5)
    assert 5 == len(rows)
    assert len(report.risk_list(sample_con, AS_OF, None)) == rows["total"].iloc[0]
    assert watchlist(sample_con)["studio_id"].head(5).tolist() == rows["studio_id"].tolist()


def test_workbook_layout(sample_con):
    rows = watchlist(sample_con, tiers=["高", "中"])
    wb = workbook(rows, sample_con, scope="范围：全市", tiers=["高", "中"])
    assert [L.RISK_EXPORT_SHEET, L.RISK_EXPORT_RULES_SHEET] == wb.sheetnames
    ws = wb[L.RISK_EXPORT_SHEET]
    assert ws["A1"].value.startswith(L.RISK_EXPORT_TITLE)
    assert "数据截至 2023-12-15" in ws["A2"].value
    assert "范围：全市" in ws["A2"].value and "风险等级：高、中；规则：全部规则" in ws["A2"].value
    assert HEADERS == [c.value for c in ws[4]]
    body = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(body)
    expected = [r for r in report.risk_list(sample_con, AS_OF, None) if r["tier"] in ("高", "中")]
    assert [
        (i + 1, r["tier"], r["score"], r["studio_id"], r["name"], r["unit"])
        for i, r in enumerate(expected)
    ] == [b[:6] for b in body]
    top = expected[0]
    assert "；".join(f"{x['detail']}，{x['points']} 分" for x in top["reasons"]) == body[0][-1]
    # real numbers with a number format, not text
    assert isinstance(ws["B5"].value, str) and isinstance(ws["C5"].value, int)
    assert "#,##0" == ws["C5"].number_format and "#,##0" == ws["A5"].number_format
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref
    reasons = ws.cell(row=5, column=len(HEADERS))
    assert reasons.alignment.wrap_text and reasons.alignment.vertical == "top"


def test_workbook_masks_phones(sample_con):
    rows = watchlist(sample_con)
    raw = set(rows["phone"].dropna().astype(str))
    assert raw, "the sample has phone numbers"
    ws = workbook(rows, sample_con)[L.RISK_EXPORT_SHEET]
    phones = [r[HEADERS.index("联系电话")] for r in ws.iter_rows(min_row=5, values_only=True)]
    assert all(p is None or (len(p) == 11 and p[3:7] == "****") for p in phones)
    cells = {str(c) for r in ws.iter_rows(values_only=True) for c in r if c is not None}
    assert not raw & cells
    assert not any(p in c for p in raw for c in cells)


def test_workbook_neutralises_formulas(sample_con):
    rows = watchlist(sample_con).head(3).copy()
    rows["studio_name"] = ['=HYPERLINK("http://x","点我")', "+1+2", "@SUM(A1)"]
    rows["host"] = ["-3", "正常单位", "=1"]
    ws = workbook(rows, sample_con)[L.RISK_EXPORT_SHEET]
    names = [ws.cell(row=5 + i, column=HEADERS.index("工作室名称") + 1) for i in range(3)]
    assert ['\'=HYPERLINK("http://x","点我")', "'+1+2", "'@SUM(A1)"] == [c.value for c in names]
    assert all(c.data_type == "s" for c in names)
    hosts = [ws.cell(row=5 + i, column=HEADERS.index("依托单位") + 1).value for i in range(3)]
    assert ["'-3", "正常单位", "'=1"] == hosts


def test_workbook_rules_sheet(sample_con):
    ws = workbook(watchlist(sample_con), sample_con, off=["R8"])[L.RISK_EXPORT_RULES_SHEET]
    assert [L.COL_RULE, L.COL_CONDITION, L.COL_POINTS, L.COL_RULE_STATE] == [c.value for c in ws[4]]
    body = list(ws.iter_rows(min_row=5, values_only=True))
    assert [f"{r} {L.RULE_NAMES[r]}" for r in report.RULES] + ["风险等级"] == [b[0] for b in body]
    assert "近 365 天内（截至数据日期）没有完成的创新成果" == body[0][1]
    assert "未启用：未导入“活动记录”" == body[7][3]
    assert "高 ≥ 60 分，中 30–59 分，低 < 30 分" in body[10][1]


def test_empty_watchlist_still_a_workbook(sample_con):
    rows = watchlist(sample_con, rule="R3", tiers=["低"]).head(0)
    ws = workbook(rows, sample_con)[L.RISK_EXPORT_SHEET]
    assert HEADERS == [c.value for c in ws[4]]
    assert 4 == ws.max_row


def test_filter_line():
    assert "风险等级：全部；规则：全部规则" == risk_tables.filter_line(None, None)
    assert "风险等级：高；规则：R4 最近检查不合格" == risk_tables.filter_line(["高"], "R4")


# --- rules that are off: a database built without the optional sheets ---------------------------


@pytest.fixture
def bare(con, tmp_path, registry, outcomes):
    """The small exports without 检查记录, 年度评估 and 活动记录."""
    for sheet in ("检查记录", "年度评估"):
        del registry[sheet]
    del outcomes["活动记录"]
    # a second named studio with 2 members and no money, so R9 and R10 fire
    registry["工作室名录"][1][1][10:13] = [2, 60.5, 0]
    registry["状态记录"][1].append(["HF-2023-001", "2023-10-01", "命名", "", ""])
    write_xlsx(tmp_path / "工作室台账.xlsx", registry)
    write_xlsx(tmp_path / "创新成果.xlsx", outcomes)
    result = import_files(con, [tmp_path / "工作室台账.xlsx", tmp_path / "创新成果.xlsx"])
    assert result.ok, [str(p) for p in result.problems]
    return con


def test_rules_off_leave_no_points(bare):
    off = report.rules_off(bare)
    assert ["R2", "R3", "R4", "R5", "R7", "R8"] == off
    as_of = report.default_as_of(bare)
    p = report.risk_params(bare)
    counts = db.run(bare, "risk_rule_counts", as_of=as_of, unit=None, p=p)
    assert set(counts["rule"]) <= {"R1", "R6", "R9", "R10"}
    assert {"R9", "R10"} <= set(counts["rule"])
    rows = watchlist(bare, as_of=as_of)
    fired = {x["rule"] for r in rows["reasons"] for x in r}
    assert not fired & set(off)
    lines = risk_tables.rules_off_lines(off)
    assert "R4 最近检查不合格：未导入“检查记录”，本规则未启用" in lines
    assert "R8 活动不足：未导入“活动记录”，本规则未启用" in lines
    states = risk_tables.rules_frame(p, off).set_index(L.COL_RULE)[L.COL_RULE_STATE]
    assert "未启用：未导入“年度评估”" == states["R2 年度评估缺失"]
    assert L.RULE_ON == states["R9 团队不足"]


def test_unit_counts_are_ranked(sample_con):
    counts = db.run(
        sample_con, "risk_by_unit_tier", as_of=AS_OF, unit=None, p=report.risk_params(sample_con)
    )
    risk = pd.DataFrame(report.risk_list(sample_con, AS_OF, None))
    expected = risk.groupby(["unit", "tier"]).size().rename("studios").reset_index()
    got = counts[["unit", "tier", "studios"]].sort_values(["unit", "tier"]).reset_index(drop=True)
    assert expected.sort_values(["unit", "tier"]).reset_index(drop=True).to_dict(
        "records"
    ) == got.to_dict("records")
    high = counts[counts["tier"] == "高"].set_index("unit")["studios"]
    order = counts.drop_duplicates("unit")["unit"].tolist()
    assert sorted(order, key=lambda u: -high.get(u, 0)) == order
