"""Known answers for every accepted form of a cell and a header (data-contract.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.normalise import cell_text, header_key


def one(con, macro, value):
    return con.execute(f"select {macro}($v)", {"v": value}).fetchone()[0]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2023-05-12", dt.date(2023, 5, 12)),
        ("2023/5/12", dt.date(2023, 5, 12)),
        ("2023.5.12", dt.date(2023, 5, 12)),
        ("2023年5月12日", dt.date(2023, 5, 12)),
        ("20230512", dt.date(2023, 5, 12)),
        ("45058", dt.date(2023, 5, 12)),  # Excel serial number
        ("45058.0", dt.date(2023, 5, 12)),
        ("２０２３－０５－１２", dt.date(2023, 5, 12)),  # full-width digits
        ("\u30002023-05-12 ", dt.date(2023, 5, 12)),  # full-width and ASCII spaces
        ("2023-05-12 00:00:00", dt.date(2023, 5, 12)),
        ("2023-02-30", None),
        ("2024-02-29", dt.date(2024, 2, 29)),  # the plain form's quick path, at its edges
        ("2023-13-01", None),
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("1899-12-31", None),
        ("2099-12-31", dt.date(2099, 12, 31)),
        ("2100-12-31", dt.date(2100, 12, 31)),
        ("2101-01-01", None),
        ("2023", None),
        ("0023-01-01", None),
        ("明天", None),
        ("", None),
    ],
)
def test_norm_date(con, raw, expected):
    assert expected == one(con, "norm_date", raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1,234.5", 1234.5),
        ("12.5万元", 12.5),
        ("３件", 3.0),
        (" 8人 ", 8.0),
        ("\u3000７\u3000", 7.0),
        ("1，234", 1234.0),  # full-width thousands separator
        ("0", 0.0),
        ("007.50", 7.5),  # the quick path for plain decimals and its edges
        ("123456789012345.5", 123456789012345.5),
        ("1234567890123456789", 1234567890123456789.0),
        ("1.", 1.0),
        (".5", 0.5),
        ("-5", -5.0),
        ("nan", None),
        ("inf", None),
        ("1e400", None),
        ("abc", None),
        ("", None),
    ],
)
def test_norm_num(con, raw, expected):
    assert expected == one(con, "norm_num", raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("3", 3),
        ("007", 7),
        ("123456789012345", 123456789012345),
        ("9007199254740991", 9007199254740991),
        ("3.0", 3),
        ("3件", 3),
        ("８人", 8),
        ("1,200", 1200),
        ("3.5", None),
        ("0x10", None),
        ("1_000", None),
        ("9007199254740993", None),
    ],
)
def test_norm_int(con, raw, expected):
    assert expected == one(con, "norm_int", raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\u3000ＨＦ－２０２１－００７ ", "HF-2021-007"),
        ("HF-2021-007", "HF-2021-007"),
        (" HF-2021-007\t", "HF-2021-007"),
        ("蜀山区\u00a0", "蜀山区"),
        ("   ", None),
        ("", None),
    ],
)
def test_norm_key(con, raw, expected):
    assert expected == one(con, "norm_key", raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\u3000张伟（高级技师）工作室 ", "张伟（高级技师）工作室"),  # width of text is kept
        ("\t", None),
    ],
)
def test_norm_text(con, raw, expected):
    assert expected == one(con, "norm_text", raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("经济效益", "经济效益"),
        ("经济效益(万元)", "经济效益"),
        ("经济效益（万元）", "经济效益"),
        (" 经济 效益（万元） ", "经济效益"),
        ("\u3000工作室编号", "工作室编号"),
        ("场所面积(㎡)", "场所面积"),
        ("单位类别", "单位类别"),
    ],
)
def test_header_key(raw, expected):
    assert expected == header_key(raw)


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        (3.0, "3"),
        (12.5, "12.5"),
        (dt.datetime(2023, 5, 12, 0, 0), "2023-05-12"),
        (dt.date(2023, 5, 12), "2023-05-12"),
        ("  x ", "  x "),
        (True, "是"),
    ],
)
def test_cell_text(value, expected):
    assert expected == cell_text(value)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("劳模", "劳模创新工作室"),
        ("高技能人才", "高技能人才创新工作室"),
        (" 劳模创新工作室\u3000", "劳模创新工作室"),
    ],
)
def test_enum_aliases_studio_type(con, tmp_path, registry, raw, expected):
    from dashboard.importer import import_files
    from tests.conftest import write_xlsx

    registry["工作室名录"][1][0][2] = raw
    write_xlsx(tmp_path / "r.xlsx", registry)
    assert import_files(con, [tmp_path / "r.xlsx"]).ok
    assert (
        expected
        == con.execute(
            "select studio_type from stg_studios where studio_id = 'HF-2022-001'"
        ).fetchone()[0]
    )


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("是", True),
        ("Y", True),
        ("y", True),
        ("√", True),
        ("已推广", True),
        ("否", False),
        ("N", False),
        ("×", False),
        ("未推广", False),
        ("", False),
    ],
)
def test_enum_aliases_adopted(con, tmp_path, registry, outcomes, raw, expected):
    from dashboard.importer import import_files
    from tests.conftest import write_xlsx

    outcomes["创新成果"][1][0][9] = raw
    write_xlsx(tmp_path / "r.xlsx", registry)
    write_xlsx(tmp_path / "o.xlsx", outcomes)
    assert import_files(con, [tmp_path / "r.xlsx", tmp_path / "o.xlsx"]).ok
    assert (
        expected
        == con.execute(
            "select is_adopted from stg_outcomes where outcome_id = 'CG-001'"
        ).fetchone()[0]
    )
