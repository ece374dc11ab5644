"""Hostile files: zip bombs dressed as xlsx, a sheet claiming billions of cells, macros, external
links, a CSV with a million columns or a 10 MB cell. Each is refused with its reason, the
database keeps its data, and the importing process stays within a memory bound.

All files are imported by one child process (a fresh interpreter, as the CLI would be); after
each file it reports the problems and its peak RSS so far (VmHWM), so a file that blows up
memory fails its own case."""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dashboard import labels as L
from tests.conftest import OUTCOMES, REGISTRY, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
MEMORY_BOUND_MB = 1024
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
    b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def reason_pattern(key: str) -> re.Pattern:
    """labels.REASON[key] with its fields as wildcards."""
    parts = re.split(r"\{[^}]*\}", L.REASON[key])
    return re.compile(".*".join(map(re.escape, parts)), re.S)


def rebuild(
    src: Path, out: Path, replace: dict[str, bytes | None] = None, add: dict[str, bytes] = None
) -> Path:
    """A copy of workbook src with members replaced (None: a stream of 100 MB of blanks) or added."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in replace:
                data = replace[info.filename]
                with new.open(info.filename, "w") as f:
                    if data is None:
                        f.write(SHEET_HEAD)
                        blank = b" " * (1 << 20)
                        for _ in range(100):
                            f.write(blank)
                        f.write(SHEET_TAIL)
                    else:
                        f.write(data)
            else:
                new.writestr(info, old.read(info))
        for name, data in add.items():
            new.writestr(name, data)
    return out


def lie_about_sizes(path: Path, member: str, size: int = 1000) -> Path:
    """Patch the local and central headers of `member` to declare `size` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for sig, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(sig)
        while at != -1:
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + field : at + field + 4] = struct.pack("<I", size)
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))
    return path


def sparse_xlsx(path: Path) -> Path:
    """5 KB on disk; a reader that builds the sheet's dense grid needs 17 billion cells."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("创新成果")
    ws.write_row(0, 0, OUTCOMES["创新成果"][0])
    ws.write(1048575, 16383, "x")
    wb.close()
    return path


def outcomes_with(**cells) -> dict:
    """The outcome export with ten more rows (so row 13 is past the header search) and cells set:
    {(row_index, column): value}."""
    header, rows = OUTCOMES["创新成果"]
    rows = [list(r) for r in rows] + [
        [
            f"CG-1{i:02d}",
            "HF-2022-001",
            f"成果{i}",
            "技术创新",
            "2023-05-01",
            1,
            0,
            0,
            0,
            "是",
            "",
            "",
        ]
        for i in range(10)
    ]
    for (i, column), value in cells.get("cells", {}).items():
        rows[i][header.index(column)] = value
    return {"创新成果": (header, rows), "活动记录": OUTCOMES["活动记录"]}


TEN_MB = "长" * (10 * 1024 * 1024 // 3)  # 10 MB in UTF-8


def build(case: str, d: Path) -> tuple[list[Path], dict]:
    """The files of one case and the settings it runs with."""
    good = write_xlsx(d / "good.xlsx", OUTCOMES)
    if case == "zip-bomb":
        return [rebuild(good, d / "创新成果.xlsx", {"xl/worksheets/sheet1.xml": None})], {}
    if case == "zip-bomb-lying-sizes":
        bomb = rebuild(good, d / "创新成果.xlsx", {"xl/worksheets/sheet1.xml": None})
        return [lie_about_sizes(bomb, "xl/worksheets/sheet1.xml")], {}
    if case == "zip-many-members":
        return [
            rebuild(good, d / "创新成果.xlsx", add={f"xl/media/i{i}.bin": b"" for i in range(1500)})
        ], {}
    if case == "sparse-sheet":
        return [sparse_xlsx(d / "创新成果.xlsx")], {}
    if case == "macro":
        return [
            rebuild(good, d / "创新成果.xlsx", add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 64})
        ], {}
    if case == "macro-content-type":  # an .xlsm renamed: the content type gives it away
        with zipfile.ZipFile(good) as z:
            types = z.read("[Content_Types].xml").replace(
                b"sheet.main+xml", b"sheet.macroEnabled.main+xml"
            )
        return [rebuild(good, d / "创新成果.xlsx", {"[Content_Types].xml": types})], {}
    if case == "external-link":
        return [
            rebuild(
                good,
                d / "创新成果.xlsx",
                add={
                    "xl/externalLinks/externalLink1.xml": b"<externalLink/>",
                    "xl/externalLinks/_rels/externalLink1.xml.rels": b"<Relationships/>",
                },
            )
        ], {}
    if case == "csv-million-columns":
        folder = write_csv(d / "csv", OUTCOMES)
        header = ",".join(OUTCOMES["活动记录"][0] + [f"列{i}" for i in range(1_000_000)])
        (folder / "活动记录.csv").write_text(
            header + "\nHF-2022-001,2023-03-01,技能培训,30\n", encoding="utf-8"
        )
        return [folder], {}
    if case == "csv-blank-line-then-line-over-limit":
        folder = write_csv(d / "csv", outcomes_with(cells={(10, "社会效益"): "x" * (3 << 20)}))
        path = folder / "创新成果.csv"
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\r\n\r\n", 1))
        return [folder], {"STUDIODASH_MAX_LINE_MB": "2"}
    if case == "csv-10mb-cell":
        return [write_csv(d / "csv", outcomes_with(cells={(10, "社会效益"): TEN_MB}))], {}
    if case == "csv-10mb-cell-in-header-rows":
        return [write_csv(d / "csv", outcomes_with(cells={(0, "社会效益"): TEN_MB}))], {}
    if case == "csv-line-over-limit":
        return [write_csv(d / "csv", outcomes_with(cells={(10, "社会效益"): "x" * (3 << 20)}))], {
            "STUDIODASH_MAX_LINE_MB": "2"
        }
    raise ValueError(case)


# (case, expected problem: (file, sheet, row, column, reason key))
CASES = [
    ("zip-bomb", ("创新成果.xlsx", "", None, "", "zip_ratio")),
    ("zip-bomb-lying-sizes", ("创新成果.xlsx", "", None, "", "zip_ratio")),
    ("zip-many-members", ("创新成果.xlsx", "", None, "", "zip_members")),
    ("sparse-sheet", ("创新成果.xlsx", "", None, "", "sheet_too_big")),
    ("macro", ("创新成果.xlsx", "", None, "", "xlsx_macro")),
    ("macro-content-type", ("创新成果.xlsx", "", None, "", "xlsx_macro")),
    ("external-link", ("创新成果.xlsx", "", None, "", "xlsx_external")),
    ("csv-million-columns", ("活动记录.csv", "活动记录", None, "", "too_many_columns")),
    ("csv-10mb-cell", ("创新成果.csv", "创新成果", 12, "社会效益", "cell_too_long")),
    ("csv-10mb-cell-in-header-rows", ("创新成果.csv", "创新成果", None, "", "head_cell_too_long")),
    ("csv-line-over-limit", ("创新成果.csv", "创新成果", None, "", "line_too_long")),
    (
        "csv-blank-line-then-line-over-limit",
        ("创新成果.csv", "创新成果", None, "", "line_too_long"),
    ),
]

CHILD = """
import json, os, resource, sys, time
from dashboard import db
from dashboard.importer import import_files
from tests.conftest import snapshot
def peak_mb():
    # VmHWM: this process image's peak RSS. ru_maxrss would carry over the peak of the
    # (large) pytest process that forked it, as Linux keeps it across fork and exec.
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
cases = json.loads(sys.argv[1])
con = db.connect(sys.argv[2])
before = snapshot(con)
for case, files, env in cases:
    os.environ.update(env)
    t = time.perf_counter()
    result = import_files(con, files)
    seconds = time.perf_counter() - t
    for k in env:
        del os.environ[k]
    print(json.dumps({"case": case, "ok": result.ok, "seconds": seconds,
                      "unchanged": snapshot(con) == before,
                      "problems": [p.as_dict() for p in result.problems],
                      "peak_mb": peak_mb()},
                     ensure_ascii=False), flush=True)
"""


@pytest.fixture(scope="module")
def outcomes_of_hostile(tmp_path_factory):
    """Every case imported, one after another, by one child process on a loaded database."""
    base = tmp_path_factory.mktemp("hostile")
    dbfile = base / "h.duckdb"
    from dashboard import db
    from dashboard.importer import import_files

    con = db.connect(dbfile)
    assert import_files(
        con, [write_xlsx(base / "r.xlsx", REGISTRY), write_xlsx(base / "o.xlsx", OUTCOMES)]
    ).ok
    con.close()
    cases = []
    for case, _ in CASES:
        folder = base / case
        folder.mkdir()
        files, env = build(case, folder)
        cases.append((case, [str(f) for f in files], env))
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(cases), str(dbfile)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    outcomes = {r["case"]: r for r in map(json.loads, proc.stdout.splitlines())}
    # A file that kills the importing process (an abort, the OOM killer) fails its own case.
    death = f"the importing process died (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return {case: outcomes.get(case, death) for case, _ in CASES}


@pytest.mark.parametrize("case, expected", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused_with_bounded_memory(outcomes_of_hostile, case, expected):
    out = outcomes_of_hostile[case]
    assert isinstance(out, dict), out
    file, sheet, row, column, key = expected
    assert not out["ok"]
    assert out["unchanged"]
    assert any(
        p["file"] == file
        and p["sheet"] == sheet
        and (row is None or p["row"] == row)
        and p["column"] == column
        and reason_pattern(key).fullmatch(p["reason"])
        for p in out["problems"]
    ), out["problems"]
    for p in out["problems"]:  # a problem shows a cell, never the whole 10 MB of it
        assert p["value"] is None or len(p["value"]) < 300
    assert out["peak_mb"] < MEMORY_BOUND_MB, out["peak_mb"]


def test_every_hostile_case_is_run(outcomes_of_hostile):
    assert all(isinstance(out, dict) for out in outcomes_of_hostile.values())
    for case, out in outcomes_of_hostile.items():  # shown with -s; speed is not asserted here
        print(f"{case:<32}{out['seconds']:>7.2f} s{out['peak_mb']:>8.0f} MB peak so far")
