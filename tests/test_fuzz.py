"""Property-based tests (hypothesis) of the importer over cells and whole files.

Cells: random text (control characters, full-width forms, very long text, formula-like text),
numbers (huge, NaN, infinity, with units and separators), dates in every accepted spelling and
not, written into real xlsx and CSV (UTF-8, UTF-8 with BOM, GBK). The import either succeeds
with exactly the values the SQL normaliser gives for those cells, or fails listing each bad cell
at its row and column, and leaves the database as it was. Files: random bytes, damaged
workbooks, CSV mixing encodings. Nothing ever raises out of import_files.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import math
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dashboard import db
from dashboard.importer import import_files
from dashboard.normalise import _COL_ID, _enum_rows, cell_text
from tests.conftest import OUTCOMES, REGISTRY, snapshot, write_xlsx

# The default run is small and repeatable (fixed examples); a longer, random campaign:
#   STUDIODASH_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py   (make fuzz)
CAMPAIGN = int(os.environ.get("STUDIODASH_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=CAMPAIGN or 40,
    deadline=None,
    derandomize=not CAMPAIGN,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FILES = settings(FUZZ, max_examples=CAMPAIGN // 2 or 15)

HEADER, ROWS = OUTCOMES["创新成果"]
FUZZED = ["成果名称", "经济效益(万元)", "发明专利(件)", "完成日期", "推广应用", "社会效益"]
ADOPTED = {
    alias: value
    for col_id, alias, value in _enum_rows()
    if col_id == _COL_ID[("创新成果", "推广应用")]
}

# --- strategies -------------------------------------------------------------------------------
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff")
text = st.one_of(
    st.text(CHARS, max_size=24),
    st.text(
        st.sampled_from("０１２３４５６７８９ＡＢ　 \t\r\n,\"'=+-@.万元件年月日/"), max_size=12
    ),
    st.sampled_from(
        [
            "",
            " ",
            "\u3000",
            "\x00",
            "=1+1",
            "@SUM(A1)",
            "-x",
            "\t=x",
            "NULL",
            "nan",
            "inf",
            "-0",
            "a\r\nb",
            "a\rb",
            '"',
            '""',
            "x,y",
            "；",
            "数控刀具改进",
        ]
    ),
    st.integers(32_000, 33_000).map(lambda n: "长" * n),  # around Excel's cell limit
)
number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
    st.from_regex(
        r"\A[ \u3000]?[+-]?[0-9０-９]{1,22}([.,][0-9]{0,6})?"
        r"(万元|件|e[+-]?[0-9]{1,3})?[ \u3000]?\Z",
        fullmatch=True,
    ),
    text,
)
day = st.dates(dt.date(1850, 1, 1), dt.date(2150, 12, 31))
date = st.one_of(
    day.flatmap(
        lambda d: st.sampled_from(
            [
                d.isoformat(),
                f"{d.year}/{d.month}/{d.day}",
                f"{d.year}.{d.month}.{d.day}",
                f"{d.year}年{d.month}月{d.day}日",
                d.strftime("%Y%m%d"),
                f"{d.isoformat()} 08:30:00",
            ]
        )
    ),
    day,  # a real date cell in xlsx, its ISO text in CSV
    st.integers(-100, 100_000),  # Excel serial numbers, and not
    text,
)
adopted = st.one_of(
    st.sampled_from(["是", "否", "Y", "n", "√", "×", "已推广", " 未推广 ", "", "是否"]), text
)
WILD = {
    "成果名称": text,
    "经济效益(万元)": number,
    "发明专利(件)": number,
    "完成日期": date,
    "推广应用": adopted,
    "社会效益": text,
}
# What real exports hold, in all their accepted spellings (mostly valid).
PLAUSIBLE = {
    "成果名称": st.text(
        st.characters(categories=("Lo", "Nd", "Lu", "Zs")), min_size=1, max_size=20
    ),
    "经济效益(万元)": st.one_of(
        st.floats(0, 1e9),
        st.integers(0, 10**6),
        st.just(""),
        st.from_regex(r"\A ?[0-9０-９]{1,3}(,[0-9]{3})?(\.[0-9]{1,2})?(万元)? ?\Z", fullmatch=True),
    ),
    "发明专利(件)": st.one_of(
        st.integers(0, 100), st.just(""), st.from_regex(r"\A[0-9０-９]{1,3}件?\Z", fullmatch=True)
    ),
    "完成日期": st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).flatmap(
        lambda d: st.sampled_from(
            [d, d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}年{d.month}月{d.day}日"]
        )
    ),
    "推广应用": st.sampled_from(["是", "否", "Y", "n", "√", "×", "已推广", " 未推广 ", ""]),
    "社会效益": st.text(max_size=30),
}
# Each example makes up to two cells wild; the rest stay plausible, so both sides get tested.
row_cells = st.sets(st.sampled_from(FUZZED), max_size=2).flatmap(
    lambda wild: st.fixed_dictionaries({c: (WILD if c in wild else PLAUSIBLE)[c] for c in FUZZED})
)
formats = st.sampled_from(["xlsx", "utf-8", "utf-8-sig", "gbk"])


# --- writing cells the way each format holds them ---------------------------------------------
def as_written(value, fmt: str):
    """The value as the file will hold it: CSV holds text; GBK only what GBK can encode."""
    if fmt == "xlsx":
        return (
            value[:32767] if isinstance(value, str) else value
        )  # xlsxwriter cuts to Excel's limit
    if isinstance(value, dt.date):
        value = value.isoformat()
    value = value if isinstance(value, str) else str(value)
    if fmt == "gbk":
        value = value.encode("gbk", "replace").decode("gbk")
    return value


def cell_text_of(value, fmt: str) -> str | None:
    """The text the importer should see for a written value (None: an empty cell)."""
    if fmt == "xlsx":
        if isinstance(value, float) and not math.isfinite(value):
            return "#NUM!"  # xlsxwriter writes an Excel error cell
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return cell_text(float(f"{float(value):.16G}"))  # the 16 digits xlsxwriter keeps
        if isinstance(value, dt.date):
            return value.isoformat()
        value = cell_text(value)
    return value or None


def write(folder: Path, fmt: str, cells: dict) -> Path:
    """The outcome export with row CG-001 holding `cells` (written as each format would)."""
    rows = copy.deepcopy(ROWS)
    for column, value in cells.items():
        rows[0][HEADER.index(column)] = value
    sheets = {"创新成果": (HEADER, rows), "活动记录": OUTCOMES["活动记录"]}
    if fmt == "xlsx":
        path = folder / "创新成果.xlsx"
        wb = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
        day_format = wb.add_format({"num_format": "yyyy-mm-dd"})
        for name, (header, body) in sheets.items():
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, header)
            for i, row in enumerate(body, start=1):
                for j, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    if isinstance(value, str):
                        ws.write_string(i, j, value)
                    elif isinstance(value, dt.date):
                        ws.write_datetime(i, j, dt.datetime.combine(value, dt.time()), day_format)
                    else:
                        ws.write_number(i, j, float(value))
        wb.close()
        return path
    folder.mkdir(exist_ok=True)
    for name, (header, body) in sheets.items():
        with open(folder / f"{name}.csv", "w", encoding=fmt, newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows([[as_written(v, fmt) for v in row] for row in body])
    return folder


def expected(con, texts: dict) -> tuple[dict, set[str]]:
    """What the normaliser makes of each cell's text, and which cells it must refuse."""
    t = texts
    (
        name,
        name_len,
        benefit,
        patents,
        day_,
        key,
        adopted_blank,
        social,
        social_len,
        benefit_blank,
        patents_blank,
    ) = con.execute(
        "select norm_text($a), length($a), norm_num($b), norm_int($c), norm_date($d), "
        "upper(replace(norm_key($e), ' ', '')), norm_text($e) is null, norm_text($f), "
        "length($f), norm_text($b) is null, norm_text($c) is null",
        {
            "a": t["成果名称"],
            "b": t["经济效益(万元)"],
            "c": t["发明专利(件)"],
            "d": t["完成日期"],
            "e": t["推广应用"],
            "f": t["社会效益"],
        },
    ).fetchall()[0]
    bad = set()
    if name is None or (name_len or 0) > 32767:
        bad.add("成果名称")
    if not benefit_blank and (benefit is None or benefit < 0):
        bad.add("经济效益(万元)")
    if patents_blank:
        patents = 0
    elif patents is None or patents < 0:
        bad.add("发明专利(件)")
    if day_ is None:
        bad.add("完成日期")
    value = "否" if adopted_blank else ADOPTED.get(key)
    if value is None:
        bad.add("推广应用")
    if (social_len or 0) > 32767:
        bad.add("社会效益")
    return {
        "成果名称": name,
        "经济效益(万元)": None if benefit_blank else benefit,
        "发明专利(件)": patents,
        "完成日期": day_,
        "推广应用": value,
        "社会效益": social,
    }, bad


def stored(con) -> dict:
    rows = con.execute(
        "select "
        + ", ".join(f'"{c}"' for c in FUZZED)
        + " from raw_outcomes where \"成果编号\" = 'CG-001'"
    ).fetchall()
    return dict(zip(FUZZED, rows[0]))


def assert_clear(problems) -> None:
    """Every problem says where and why, in words."""
    assert problems
    for p in problems:
        assert p.file and p.reason and str(p)
        if p.row is not None:
            assert p.sheet and p.column


@pytest.fixture(scope="module")
def fuzz_con(tmp_path_factory):
    """A database holding the registry; each example imports an outcome export into it."""
    folder = tmp_path_factory.mktemp("fuzz")
    con = db.connect(folder / "fuzz.duckdb")
    assert import_files(
        con, [write_xlsx(folder / "r.xlsx", REGISTRY), write_xlsx(folder / "o.xlsx", OUTCOMES)]
    ).ok
    yield con, folder
    con.close()


def _fresh(folder: Path, name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=name, dir=folder))


# --- cells --------------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@FUZZ
@given(cells=row_cells, fmt=formats)
def test_cells_are_loaded_as_normalised_or_refused_where_they_are(fuzz_con, cells, fmt):
    con, folder = fuzz_con
    written = {c: as_written(v, fmt) for c, v in cells.items()}
    want, bad = expected(con, {c: cell_text_of(v, fmt) for c, v in written.items()})
    before = snapshot(con)
    result = import_files(con, [write(_fresh(folder, "cells"), fmt, written)])
    if not bad:
        assert result.ok, [str(p) for p in result.problems]
        assert want == stored(con)
    else:
        assert not result.ok
        assert_clear(result.problems)
        found = {(p.sheet, p.row, p.column) for p in result.problems}
        assert {("创新成果", 2, c) for c in bad} <= found, (bad, [str(p) for p in result.problems])
        assert before == snapshot(con)


# --- files --------------------------------------------------------------------------------------
@FILES
@given(
    data=st.binary(max_size=4096),
    name=st.sampled_from(["创新成果.xlsx", "创新成果.csv", "活动记录.csv", "工作室台账.xlsx"]),
)
def test_random_bytes_are_refused_in_words(fuzz_con, data, name):
    con, folder = fuzz_con
    path = _fresh(folder, "bytes") / name
    path.write_bytes(data)
    before = snapshot(con)
    result = import_files(con, [path])
    assert not result.ok
    assert_clear(result.problems)
    assert before == snapshot(con)


@FILES
@given(
    cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=4),
    truncate=st.booleans(),
)
def test_damaged_workbook_never_raises(fuzz_con, cuts, truncate):
    con, folder = fuzz_con
    good = (folder / "o.xlsx").read_bytes()
    data = bytearray(good)
    for where, byte in cuts:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    if truncate:
        data = data[: int(cuts[0][0] * len(data))]
    assume(bytes(data) != good)
    path = _fresh(folder, "damaged") / "创新成果.xlsx"
    path.write_bytes(bytes(data))
    before = snapshot(con)
    result = import_files(con, [path])  # a flip in an unused byte may still read: either is fine
    if not result.ok:
        assert_clear(result.problems)
        assert before == snapshot(con)


@FILES
@given(
    encodings=st.lists(
        st.sampled_from(["utf-8", "gbk", "gb18030", "utf-16-le", "latin-1"]), min_size=3, max_size=3
    )
)
def test_csv_mixing_encodings_is_read_or_refused(fuzz_con, encodings):
    """Lines of one file in different encodings: read as a whole (when one decoder takes it
    all) with the ASCII cells intact, or refused with a reason; never garbled ASCII."""
    con, folder = fuzz_con
    header, rows = OUTCOMES["活动记录"]
    lines = [",".join(header)] + [f"HF-2022-001,2023-0{i + 3}-01,技术交流,{i}" for i in range(2)]
    data = b"".join((line + "\r\n").encode(enc, "replace") for line, enc in zip(lines, encodings))
    csvs = _fresh(folder, "mixed")
    write(csvs, "utf-8", {})
    (csvs / "活动记录.csv").write_bytes(data)
    before = snapshot(con)
    result = import_files(con, [csvs])
    if result.ok:
        assert [("HF-2022-001", 0), ("HF-2022-001", 1)] == con.execute(
            'select "工作室编号", "参与人次" from raw_activities order by 2'
        ).fetchall()
    else:
        assert_clear(result.problems)
        assert before == snapshot(con)


def test_excel_error_cells_are_refused_not_blank(fuzz_con):
    """#DIV/0! and #N/A in a number column are problems, not 'not reported' (calamine reads
    error cells as blank; the importer reads them from the sheet's XML)."""
    con, folder = fuzz_con
    path = _fresh(folder, "errors") / "创新成果.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for name, (header, body) in OUTCOMES.items():
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, header)
        for i, row in enumerate(body, start=1):
            for j, value in enumerate(row):
                if value not in ("", None):
                    ws.write(i, j, value)
    ws = wb.get_worksheet_by_name("创新成果")
    ws.write_formula(1, HEADER.index("经济效益(万元)"), "=1/0", None, "#DIV/0!")
    ws.write_formula(2, HEADER.index("经济效益(万元)"), "=NA()", None, "#N/A")
    wb.close()
    result = import_files(con, [path])
    assert [(2, "经济效益(万元)", "#DIV/0!"), (3, "经济效益(万元)", "#N/A")] == [
        (p.row, p.column, p.value) for p in result.problems
    ]


def test_zip_members_are_checked_against_their_declared_sizes(fuzz_con):
    """A workbook whose sheet inflates to more than its header declares is corrupt."""
    con, folder = fuzz_con
    from tests.test_hostile import lie_about_sizes

    path = _fresh(folder, "lying") / "创新成果.xlsx"
    path.write_bytes((folder / "o.xlsx").read_bytes())
    with zipfile.ZipFile(path) as z:
        size = z.getinfo("xl/worksheets/sheet1.xml").file_size
    lie_about_sizes(path, "xl/worksheets/sheet1.xml", size - 10)
    result = import_files(con, [path])
    assert ["创新成果.xlsx"] == [p.file for p in result.problems]
    assert "文件已损坏" in result.problems[0].reason
