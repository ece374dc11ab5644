"""成果效益's export and helpers: the xlsx has Chinese headers, 万元 and % formats, 数据截至; the
period and 同比 rules."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from dashboard import benefits_tables as B
from dashboard import db, exports
from dashboard.contract import OUTCOME_CATEGORIES

AS_OF = dt.date(2023, 12, 15)


def build(con, choice: str = B.YTD, unit: str | None = None, picked: str | None = None) -> bytes:
    """The workbook the page offers, built the way the page builds it."""
    start, end = B.period_bounds(choice, AS_OF)
    params = dict(as_of=AS_OF, period_start=start, period_end=end, unit=unit)
    units = db.run(con, "benefits_by_unit", **params)
    prior = (
        None
        if choice == B.ALL
        else db.run(con, "benefits_by_unit", **B.previous(AS_OF, start, end), unit=unit)
    )
    tables = [
        ("units", B.units_table(units, prior)),
        (
            "categories",
            B.categories_table(db.run(con, "benefits_by_category", **params), OUTCOME_CATEGORIES),
        ),
        ("years", B.years_table(db.run(con, "benefits_by_year", as_of=AS_OF, unit=unit), AS_OF)),
        ("top", B.top_table(db.run(con, "benefits_top_outcomes", **params, top=20))),
    ]
    if picked:
        tables.append(
            (
                "studios",
                B.studios_table(db.run(con, "benefits_studios", **{**params, "unit": picked})),
            )
        )
    return B.workbook(AS_OF, "范围：全市", B.period_span(choice, start, end), tables)


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_workbook_sheets_headers_and_as_of(sample_con):
    wb = openpyxl.load_workbook(io.BytesIO(build(sample_con, picked="蜀山区")))
    assert ["各单位", "成果类别", "历年趋势", "效益最高的成果", "单位工作室"] == wb.sheetnames
    ws = wb["各单位"]
    assert "成果效益（本年至今：2023-01-01 至 2023-12-15） — 各单位" == ws["A1"].value
    assert ws["A2"].value.startswith("数据截至 2023-12-15")
    assert "范围：全市" in ws["A2"].value
    assert [
        "推荐单位",
        "经济效益(万元)",
        "效益同比",
        "室均效益(万元)",
        "上年同期(万元)",
        "单位类别",
        "在册工作室",
        "成果数",
        "发明专利",
        "实用新型",
        "外观设计",
        "推广应用率",
    ] == rows(ws)[3]
    for sheet in wb.worksheets:
        assert sheet["A2"].value.startswith("数据截至 2023-12-15")


def test_workbook_values_and_number_formats(sample_con):
    wb = openpyxl.load_workbook(io.BytesIO(build(sample_con)))
    ws = wb["各单位"]
    expected = db.run(
        sample_con,
        "benefits_by_unit",
        as_of=AS_OF,
        period_start=dt.date(2023, 1, 1),
        period_end=AS_OF,
        unit=None,
    )
    header = rows(ws)[3]
    col = {name: i + 1 for i, name in enumerate(header)}
    first = 5
    assert expected["unit"].tolist() == [
        ws.cell(first + i, col["推荐单位"]).value for i in range(len(expected))
    ]
    benefit = ws.cell(first, col["经济效益(万元)"])
    assert pytest.approx(expected["benefit_wan"].iloc[0]) == benefit.value
    assert "#,##0.00" == benefit.number_format
    share = ws.cell(first, col["推广应用率"])
    assert pytest.approx(expected["adopted_share"].iloc[0]) == share.value
    assert "0.0%" == share.number_format
    assert "#,##0" == ws.cell(first, col["成果数"]).number_format
    assert ws.cell(first, col["效益同比"]).value[0] in "▲▼持"
    top = wb["效益最高的成果"]
    head = rows(top)[3]
    assert [
        "成果名称",
        "工作室名称",
        "推荐单位",
        "成果类别",
        "完成日期",
        "经济效益(万元)",
        "专利",
        "推广应用",
        "成果编号",
        "工作室编号",
    ] == head
    done = top.cell(5, head.index("完成日期") + 1)
    assert isinstance(done.value, dt.datetime) and "yyyy-mm-dd" == done.number_format
    assert top.cell(5, head.index("推广应用") + 1).value in ("是", "否")


def test_categories_sheet_lists_every_category_in_order(sample_con):
    ws = openpyxl.load_workbook(io.BytesIO(build(sample_con)))["成果类别"]
    assert list(OUTCOME_CATEGORIES) == [r[0] for r in rows(ws)[4:]]


def test_all_time_workbook_has_no_yoy_columns(sample_con):
    ws = openpyxl.load_workbook(io.BytesIO(build(sample_con, B.ALL)))["各单位"]
    assert "效益同比" not in rows(ws)[3]
    assert "全部：截至 2023-12-15" in ws["A1"].value


def test_categories_table_fills_missing_categories():
    got, formats = B.categories_table(
        pd.DataFrame(
            {
                "category": ["QC成果"],
                "outcomes": [2],
                "benefit_wan": [12.5],
                "invention_patents": [1],
                "utility_patents": [0],
                "design_patents": [0],
                "adopted_share": [0.5],
            }
        ),
        OUTCOME_CATEGORIES,
    )
    assert list(OUTCOME_CATEGORIES) == got["成果类别"].tolist()
    assert [0] * 8 + [2] == got["成果数"].tolist()
    assert [0.0] * 8 + [12.5] == got["经济效益(万元)"].tolist()
    assert "wan" == formats["经济效益(万元)"] and "pct" == formats["推广应用率"]


@pytest.mark.parametrize(
    "choice, as_of, expected",
    [
        ("ytd", dt.date(2023, 12, 15), (dt.date(2023, 1, 1), dt.date(2023, 12, 15))),
        ("2021", dt.date(2023, 12, 15), (dt.date(2021, 1, 1), dt.date(2021, 12, 31))),
        ("all", dt.date(2023, 12, 15), (dt.date(1900, 1, 1), dt.date(2023, 12, 15))),
    ],
)
def test_period_bounds(choice, as_of, expected):
    assert expected == B.period_bounds(choice, as_of)


def test_previous_period_of_a_leap_day():
    assert dict(
        as_of=dt.date(2023, 2, 28),
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 2, 28),
    ) == B.previous(dt.date(2024, 2, 29), dt.date(2024, 1, 1), dt.date(2024, 2, 29))


def test_period_options_skip_the_current_year():
    assert ["ytd", "2022", "2020", "all"] == B.period_options(
        [2020, 2022, 2023], dt.date(2023, 5, 1)
    )


def test_units_table_yoy_per_unit():
    units = pd.DataFrame(
        {
            "unit": ["甲", "乙", "丙"],
            "unit_kind": ["开发区"] * 3,
            "studios": [2, 1, 0],
            "outcomes": [4, 1, 0],
            "benefit_wan": [110.0, 50.0, 0.0],
            "invention_patents": [1, 0, 0],
            "utility_patents": [0, 0, 0],
            "design_patents": [0, 0, 0],
            "adopted_share": [0.5, 1.0, None],
        }
    )
    prior = pd.DataFrame({"unit": ["甲", "乙"], "benefit_wan": [100.0, 80.0]})
    got, _ = B.units_table(units, prior)
    assert ["▲ 10.0%", "▼ 37.5%"] == got["效益同比"].head(2).tolist()
    assert "上年同期无数据" == got["效益同比"].iloc[2]  # 丙 has no year earlier: said, not blank
    assert [55.0, 50.0] == got["室均效益(万元)"].head(2).tolist()
    assert pd.isna(got["室均效益(万元)"].iloc[2])


def test_studio_url():
    assert "/studio?id=HF-2022-001" == exports.studio_url("HF-2022-001")
    assert "/studio?id=%E5%90%88-1%26x" == exports.studio_url("合-1&x")


# --- money on KPI cards, and 同比 on a small base (issue 17, point 5) ------------------------------
@pytest.mark.parametrize(
    "wan, expected",
    [
        (None, "—"),
        (16.99, "16.99 万元"),
        (9_999.99, "9,999.99 万元"),
        (9_999.996, "1.00 亿元"),  # shows as 10,000.00 万元: that is 1 亿
        (10_000.0, "1.00 亿元"),
        (28_289.17, "2.83 亿元"),  # 28,289.17 万元 / 10,000 = 2.828917 亿
        (120_795.9, "12.08 亿元"),
    ],
)
def test_money_switches_to_yi_at_one_yi(wan, expected):
    assert expected == B.money(wan)


NOW = {
    "benefit_wan": 28_289.17,
    "outcomes": 1_350,
    "patents": 677,
    "adopted_share": 0.5,
    "studios": 150,
    "per_studio_wan": 188.5945,
    "outcomes_per_studio": 9.0,
    "invention_patents": 149,
}


def pct(value: float | None) -> str:
    return f"{value * 100:.1f}%"


def test_kpi_cards_carry_their_unit_and_say_what_they_count():
    cells = {c["label"]: c for c in B.kpi_metrics(NOW, None, pct, base=50)}
    assert "2.83 亿元" == cells["经济效益"]["value"]
    assert "188.59 万元" == cells["室均效益"]["value"]
    assert "150" == cells["累计在册工作室"]["value"]
    assert "不限创建年度" in cells["累计在册工作室"]["help"]
    assert "经济效益(万元)" not in cells and "命名工作室" not in cells


def test_kpi_benefit_yoy_on_a_small_base():
    """The benefit's 同比 below the base says 基数过小; other figures keep their percentage."""
    before = {**NOW, "benefit_wan": 16.99, "outcomes": 1_000}
    cells = {c["label"]: c for c in B.kpi_metrics(NOW, before, pct, base=50)}
    assert ("基数过小", "gray") == (cells["经济效益"]["delta"], cells["经济效益"]["delta_color"])
    assert "▲ 35.0%" == cells["成果数(项)"]["delta"]
    before = {**NOW, "benefit_wan": 20_000.0}
    cells = {c["label"]: c for c in B.kpi_metrics(NOW, before, pct, base=50)}
    assert ("▲ 41.4%", "green") == (cells["经济效益"]["delta"], cells["经济效益"]["delta_color"])


@pytest.mark.parametrize(
    "current, prior, expected",
    [
        (2_529.56, 16.99, ("基数过小", "gray")),  # was ▲ 14788.5%
        (10.0, 49.99, ("基数过小", "gray")),
        (2_529.56, 60.0, ("▲ 4115.9%", "green")),  # (2529.56 − 60) / 60 = 41.1593
        (25.0, 50.0, ("▼ 50.0%", "red")),  # at the base: a percentage
        (5.0, 0.0, ("上年同期无数据", "gray")),
    ],
)
def test_yoy_below_the_min_base(current, prior, expected):
    assert expected == B.yoy(current, prior, min_base=50)


def unit_rows(benefit: list[float]) -> pd.DataFrame:
    n = len(benefit)
    return pd.DataFrame(
        {
            "unit": ["甲", "乙", "丙"][:n],
            "unit_kind": ["开发区"] * n,
            "studios": [1] * n,
            "outcomes": [1] * n,
            "benefit_wan": benefit,
            "invention_patents": [0] * n,
            "utility_patents": [0] * n,
            "design_patents": [0] * n,
            "adopted_share": [None] * n,
        }
    )


def test_units_table_says_small_base_below_the_setting(monkeypatch):
    prior = pd.DataFrame({"unit": ["甲", "乙", "丙"], "benefit_wan": [16.99, 60.0, 80.0]})
    got, _ = B.units_table(unit_rows([2_529.56, 2_529.56, 50.0]), prior)
    assert ["基数过小", "▲ 4115.9%", "▼ 37.5%"] == got["效益同比"].tolist()
    assert [16.99, 60.0, 80.0] == got["上年同期(万元)"].tolist()  # the base itself stays shown
    monkeypatch.setenv("STUDIODASH_YOY_MIN_BASE_WAN", "70")
    got, _ = B.units_table(unit_rows([2_529.56, 2_529.56, 50.0]), prior)
    assert ["基数过小", "基数过小", "▼ 37.5%"] == got["效益同比"].tolist()
    assert ["▲ 14788.5%"] == B.units_table(unit_rows([2_529.56]), prior, base=0)[0][
        "效益同比"
    ].tolist()


def test_period_note_names_the_base():
    earlier = {"period_start": dt.date(2022, 1, 1), "period_end": dt.date(2022, 12, 15)}
    note = B.period_note("本年至今", earlier, base=50)
    assert "上年同期经济效益不足 50 万元的，同比显示“基数过小”。" in note
    assert "基数过小" not in B.period_note("全部", None, base=50)
