"""Reads the federation's exports, normalises and validates them, and loads them all or nothing.

Flow: find the sheets in the files (xlsx workbooks, per-sheet CSV, folders) -> map each header
to the contract's columns -> load every cell as text into a temporary DuckDB table -> normalise
with the SQL macros of ``queries/macros`` (fast, vectorised) -> collect every problem with its
file, sheet, Excel row, column and value -> if there is none, write new version tables and point
the views at them, in the same transaction. Nothing is half-written: any failure rolls back.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import getpass
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa

from . import labels as L
from . import settings
from .contract import EXPORTS, SHEETS, SHEETS_BY_NAME, Col, Sheet
from .db import ident, point_views, version_table

HEADER_SEARCH_ROWS = 6  # up to 5 title or blank rows above the header
_FOLD = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " "})

Progress = Callable[[str, str, float], None]  # (stage, what, fraction done)


@dataclass
class Problem:
    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str | None = None   # None: no cell to show (file- or column-level notes)
    reason: str = ""
    suggestion: str | None = None

    def __str__(self) -> str:
        where = " › ".join(p for p in (self.file, self.sheet,
                                        L.ROW.format(row=self.row) if self.row else "",
                                        self.column) if p)
        text = (f"{where}：{self.reason}" if self.value is None else
                L.PROBLEM_LINE.format(where=where, value=self.value, reason=self.reason))
        return text + (L.SUGGEST.format(suggestion=self.suggestion) if self.suggestion else "")

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "value": self.value, "reason": self.reason, "suggestion": self.suggestion}


@dataclass
class ImportResult:
    ok: bool
    import_id: int | None = None
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[Problem] = field(default_factory=list)
    changes: dict[str, dict[str, int]] = field(default_factory=dict)  # dry run: per-sheet diff


@dataclass
class Source:
    """One sheet found in one file."""
    file: Path
    sheet: Sheet
    kind: str                              # xlsx | csv
    rows: list | None = None               # xlsx: the cells, row by row
    csv_path: Path | None = None           # csv: a UTF-8 file DuckDB can read
    header_row: int = 0                    # 1-based row of the header
    mapping: dict[str, int] = field(default_factory=dict)  # column name -> position
    loaded: bool = False

    @property
    def label(self) -> str:
        return self.file.name


# --- cells and headers ---------------------------------------------------------------------

def fold(text: str) -> str:
    """Full-width ASCII and the ideographic space to half-width (the Python twin of fold.sql)."""
    return text.translate(_FOLD)


def header_key(text) -> str:
    """A header as matched: folded, without spaces, without a trailing unit in brackets."""
    key = re.sub(r"\s+", "", fold(str(text or "")))
    return re.sub(r"\([^()]*\)$", "", key)


def cell_text(value) -> str | None:
    """A cell from a workbook as the text the SQL normaliser reads."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(fold(value).strip(), list(candidates), n=1, cutoff=0.5)
    return match[0] if match else None


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --- finding sheets in files -----------------------------------------------------------------

def expand(paths: Iterable[os.PathLike | str]) -> list[Path]:
    files = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*")
                            if f.is_file() and f.suffix.lower() in (".xlsx", ".csv")
                            and not f.name.startswith(("~$", ".")))
        else:
            files.append(p)
    return files


def _check_file(path: Path, problems: list[Problem]) -> bool:
    name = path.name
    if not path.is_file():
        problems.append(Problem(name, reason=L.REASON["file_missing"]))
        return False
    size = path.stat().st_size
    limit = int(settings.get("max_file_mb"))
    if size == 0:
        problems.append(Problem(name, reason=L.REASON["file_empty"]))
        return False
    if size > limit * 1024 * 1024:
        problems.append(Problem(name, reason=L.REASON["file_too_big"].format(
            mb=size / 1024 / 1024, limit=limit)))
        return False
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        problems.append(Problem(name, reason=L.REASON["file_encrypted"]))
        return False
    if path.suffix.lower() not in (".xlsx", ".csv"):
        problems.append(Problem(name, reason=L.REASON["file_type"]))
        return False
    if path.suffix.lower() == ".xlsx" and not magic.startswith(b"PK"):
        problems.append(Problem(name, reason=L.REASON["file_corrupt"].format(detail="不是有效的 xlsx")))
        return False
    return True


def _xlsx_sources(path: Path, problems, warnings) -> list[Source]:
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(path) as z:
            unzipped = sum(i.file_size for i in z.infolist())
            if unzipped > int(settings.get("max_unzipped_mb")) * 1024 * 1024:
                problems.append(Problem(path.name, reason=L.REASON["zip_bomb"].format(
                    mb=unzipped / 1024 / 1024)))
                return []
        book = CalamineWorkbook.from_path(str(path))
        sources = []
        for name in book.sheet_names:
            sheet = SHEETS_BY_NAME.get(fold(name).strip())
            if sheet is None:
                warnings.append(Problem(path.name, name, reason=L.WARN["extra_sheet"].format(sheet=name)))
                continue
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sources.append(Source(path, sheet, "xlsx", rows=rows))
        return sources
    except Exception as exc:  # any reader failure is a corrupt file to the user
        problems.append(Problem(path.name, reason=L.REASON["file_corrupt"].format(
            detail=type(exc).__name__)))
        return []


def _utf8_copy(path: Path, workdir: Path) -> tuple[Path | None, str | None]:
    """The CSV as UTF-8 for DuckDB: the file itself when it is UTF-8, else a GB18030 transcode."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 24), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return path, "utf-8"
    except UnicodeDecodeError:
        pass
    out = workdir / (path.stem + ".utf8.csv")
    try:
        dec = codecs.getincrementaldecoder("gb18030")()
        with open(path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
            for chunk in iter(lambda: src.read(1 << 24), b""):
                dst.write(dec.decode(chunk))
            dst.write(dec.decode(b"", final=True))
        return out, "gb18030"
    except UnicodeDecodeError:
        return None, None


def _head_rows(csv_path: Path) -> list[list[str]]:
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        head = []
        for line in f:
            head.append(line)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
    return list(csv.reader(io.StringIO("".join(head))))


def _find_header(src: Source, head: list[list], problems, warnings) -> bool:
    """Locate the header row among the first rows and map it to the sheet's columns."""
    known = {header_key(c.name): c.name for c in src.sheet.columns}
    best, best_hits = None, 0
    for i, row in enumerate(head[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if header_key(v) in known)
        if hits > best_hits:
            best, best_hits = i, hits
    if best is None:
        problems.append(Problem(src.label, src.sheet.name, reason=L.REASON["header_missing"]))
        return False
    src.header_row = best + 1
    ok = True
    for pos, value in enumerate(head[best]):
        key = header_key(value)
        if not key:
            continue
        name = known.get(key)
        if name is None:
            warnings.append(Problem(src.label, src.sheet.name, src.header_row, str(value).strip(),
                                    reason=L.WARN["extra_column"].format(column=str(value).strip())))
        elif name in src.mapping:
            problems.append(Problem(src.label, src.sheet.name, src.header_row, name, str(value),
                                    L.REASON["column_duplicate"].format(column=name)))
            ok = False
        else:
            src.mapping[name] = pos
    for col in src.sheet.columns:
        if col.required and col.name not in src.mapping:
            problems.append(Problem(src.label, src.sheet.name, src.header_row, col.name, None,
                                    L.REASON["column_missing"].format(column=col.name)))
            ok = False
    return ok


def find_sources(files: list[Path], workdir: Path, problems, warnings) -> list[Source]:
    sources: list[Source] = []
    for path in files:
        if not _check_file(path, problems):
            continue
        if path.suffix.lower() == ".xlsx":
            found = _xlsx_sources(path, problems, warnings)
            for src in found:
                if _find_header(src, src.rows[:HEADER_SEARCH_ROWS], problems, warnings):
                    src.loaded = True
            sources += found
            continue
        sheet = SHEETS_BY_NAME.get(fold(path.stem).strip())
        if sheet is None:
            problems.append(Problem(path.name, reason=L.REASON["unknown_sheet_file"].format(
                sheets="、".join(f"{s.name}.csv" for s in SHEETS))))
            continue
        utf8, _ = _utf8_copy(path, workdir)
        if utf8 is None:
            problems.append(Problem(path.name, sheet.name, reason=L.REASON["csv_encoding"]))
            continue
        src = Source(path, sheet, "csv", csv_path=utf8)
        src.loaded = _find_header(src, _head_rows(utf8), problems, warnings)
        sources.append(src)
    seen: dict[str, Source] = {}
    for src in sources:
        if src.sheet.name in seen:
            problems.append(Problem(src.label, src.sheet.name, reason=L.REASON["sheet_twice"].format(
                sheet=src.sheet.name, other=seen[src.sheet.name].label)))
            src.loaded = False
        else:
            seen[src.sheet.name] = src
    carried = {s.sheet.export for s in sources}
    for export in carried:
        for sheet in EXPORTS[export]:
            if sheet.required and sheet.name not in seen:
                where = next(s.label for s in sources if s.sheet.export == export)
                problems.append(Problem(where, sheet.name,
                                        reason=L.REASON["sheet_missing"].format(sheet=sheet.name)))
    if not sources and not problems:
        problems.append(Problem("、".join(p.name for p in files) or "—", reason=L.REASON["no_sheets"].format(
            sheets="、".join(s.name for s in SHEETS))))
    return [s for s in sources if s.loaded]


# --- loading cells into DuckDB ---------------------------------------------------------------

def _load_text(con, src: Source) -> None:
    """temp table src_<table>: __row, then every contract column as text (absent ones null)."""
    table = f"src_{src.sheet.table}"
    if src.kind == "xlsx":
        data = src.rows[src.header_row:]
        arrays = {"__row": pa.array(range(src.header_row + 1, src.header_row + 1 + len(data)),
                                    pa.int64())}
        for col in src.sheet.columns:
            pos = src.mapping.get(col.name)
            arrays[col.name] = pa.array(
                [cell_text(r[pos]) if pos is not None and pos < len(r) else None for r in data],
                pa.string())
        con.register("arrow_in", pa.table(arrays))
        con.execute(f"create temp table {table}_in as select * from arrow_in")
        con.unregister("arrow_in")
    else:
        con.execute(f"create temp table {table}_csv as select * from read_csv($path, header=false, "
                    "skip=$skip, all_varchar=true, null_padding=true, delim=',', quote='\"', "
                    "escape='\"', strict_mode=false)",
                    {"path": str(src.csv_path), "skip": src.header_row})
        names = [d[0] for d in con.execute(f"select * from {table}_csv limit 0").description]
        cols = ", ".join(
            (ident(names[src.mapping[c.name]])
             if c.name in src.mapping and src.mapping[c.name] < len(names)
             else "cast(null as varchar)") + f" as {ident(c.name)}"
            for c in src.sheet.columns)
        # Temporary tables number their rows from a large base; count from the first data row.
        base = con.execute(f"select coalesce(min(rowid), 0) from {table}_csv").fetchone()[0]
        con.execute(f"create temp table {table}_in as select rowid - $base + $first as __row, "
                    f"{cols} from {table}_csv", {"base": base, "first": src.header_row + 1})
        con.execute(f"drop table {table}_csv")
    not_blank = " or ".join(f"norm_text({ident(c.name)}) is not null" for c in src.sheet.columns)
    con.execute(f"create temp table {table} as select * from {table}_in where {not_blank}")
    con.execute(f"drop table {table}_in")


def _norm_expr(col: Col, i: int) -> str:
    raw = ident(col.name)
    expr = {
        "text": f"norm_text({raw})",
        "key": f"norm_key({raw})",
        "int": f"norm_int({raw})",
        "num": f"norm_num({raw})",
        "date": f"norm_date({raw})",
        "enum": f"(select value from enum_map where col_id = {i} "
                f"and alias = upper(replace(norm_key({raw}), ' ', '')))",
    }[col.kind]
    if col.blank_as is not None:
        blank = str(col.blank_as) if col.kind != "enum" else f"'{col.blank_as}'"
        expr = f"coalesce({expr}, case when norm_text({raw}) is null then {blank} end)"
    return expr


def _enum_rows() -> list[tuple[int, str, str]]:
    rows = []
    for i, col in _columns():
        if col.kind == "enum":
            pairs = {**{v: v for v in col.values}, **col.aliases}
            rows += [(i, re.sub(r"\s", "", fold(a)).upper(), v) for a, v in pairs.items()]
    return rows


def _columns():
    i = 0
    for sheet in SHEETS:
        for col in sheet.columns:
            yield i, col
            i += 1


_COL_ID = {(s.name, c.name): i for i, (s, c) in
           enumerate((s, c) for s in SHEETS for c in s.columns)}


def _normalise(con, sheet: Sheet) -> None:
    """temp table stage_<table>: __row, <col>__raw (the cell's text), <col> (typed)."""
    parts = ["__row"]
    for col in sheet.columns:
        parts.append(f"{ident(col.name)} as {ident(col.name + '__raw')}")
        parts.append(f"cast({_norm_expr(col, _COL_ID[(sheet.name, col.name)])} as {col.sql_type}) "
                     f"as {ident(col.name)}")
    con.execute(f"create temp table stage_{sheet.table} as select {', '.join(parts)} "
                f"from src_{sheet.table}")
    con.execute(f"drop table src_{sheet.table}")


# --- checks ---------------------------------------------------------------------------------

def _problem_sql(sheet: Sheet) -> list[tuple[str, str]]:
    """(code, select __row, column, value, arg) for every cell rule of a sheet."""
    s = f"stage_{sheet.table}"
    out = []
    for col in sheet.columns:
        c, raw = ident(col.name), ident(col.name + "__raw")
        base = f"select __row, $col as col, {raw} as value, null as arg from {s} where "
        if col.required:
            out.append(("required", base + f"{c} is null and norm_text({raw}) is null", col))
        if col.kind in ("int", "num", "date", "enum"):
            out.append((col.kind, base + f"{c} is null and norm_text({raw}) is not null", col))
        if col.min is not None:
            op = "<=" if col.min_exclusive else "<"
            out.append(("min_exclusive" if col.min_exclusive else "min",
                        base + f"{c} {op} {col.min}", col))
        if col.max is not None:
            out.append(("max", base + f"{c} > {col.max}", col))
    return out


def _collect(con, sources: dict[str, Source], problems_limit: int) -> tuple[list[Problem], int]:
    con.execute("create temp table problems (sheet varchar, __row bigint, col varchar, "
                "value varchar, code varchar, arg varchar)")

    def add(sheet_name: str, code: str, select: str, params: dict | None = None):
        con.execute(f"insert into problems select $sheet, __row, col, value, $code, arg from ({select})",
                    {"sheet": sheet_name, "code": code, **(params or {})})

    for name, src in sources.items():
        sheet = src.sheet
        s = f"stage_{sheet.table}"
        for code, select, col in _problem_sql(sheet):
            add(name, code, select, {"col": col.name})
        for key in sheet.unique:
            k = ", ".join(ident(c) for c in key)
            shown = " || ' / ' || ".join(f"cast({ident(c + '__raw')} as varchar)" for c in key)
            add(name, "unique",
                f"select __row, $col as col, value, cast(first_row as varchar) as arg from ("
                f"select __row, {shown} as value, min(__row) over (partition by {k}) as first_row "
                f"from {s} where {' and '.join(f'{ident(c)} is not null' for c in key)}) "
                f"where __row > first_row", {"col": "+".join(key)})
        if sheet.table == "campaigns":
            add(name, "deadline_order",
                f"select __row, '完成期限' as col, \"完成期限__raw\" as value, "
                f"cast(\"开始日期\" as varchar) as arg from {s} where \"完成期限\" <= \"开始日期\"")
    # references, checked against what the database will hold afterwards
    for sheet in SHEETS:
        for col in sheet.columns:
            if not col.ref:
                continue
            target_sheet = SHEETS_BY_NAME[col.ref[0]]
            if target_sheet.name in sources:
                target = f"stage_{target_sheet.table}"
            elif _is_broken(target_sheet, sources):
                continue
            else:
                target = f"raw_{target_sheet.table}"
            t = f"(select {ident(col.ref[1])} from {target} where {ident(col.ref[1])} is not null)"
            c = ident(col.name)
            if sheet.name in sources:
                add(sheet.name, "ref",
                    f"select __row, $col as col, {ident(col.name + '__raw')} as value, "
                    f"$target as arg from stage_{sheet.table} where {c} is not null "
                    f"and {c} not in {t}", {"col": col.name, "target": target_sheet.name})
            elif target_sheet.name in sources:
                own_key = next((k.name for k in sheet.columns if k.kind == "key" and not k.ref), None)
                record = (f"$target || '|{own_key}：' || {ident(own_key)}" if own_key
                          else "$target || '|'")
                add(sheet.name, "ref_existing",
                    f"select _row as __row, $col as col, cast({c} as varchar) as value, "
                    f"{record} as arg from raw_{sheet.table} where {c} not in {t}",
                    {"col": col.name, "target": target_sheet.name})
    count = con.execute("select count(*) from problems").fetchone()[0]
    rows = con.execute("select sheet, __row, col, value, code, arg from problems "
                       "order by sheet, __row, col limit $n", {"n": problems_limit}).fetchall()
    return [_render(con, sources, *r) for r in rows], count


def _is_broken(sheet: Sheet, sources: dict[str, Source]) -> bool:
    """The sheet's export is in this import but the sheet itself could not be read."""
    return any(s.sheet.export == sheet.export for s in sources.values()) and sheet.required


def _render(con, sources, sheet_name, row, col_name, value, code, arg) -> Problem:
    sheet = SHEETS_BY_NAME[sheet_name]
    src = sources.get(sheet_name)
    file = src.label if src and code != "ref_existing" else L.WHERE_DB
    value = "" if value is None else str(value)
    suggestion = None
    if code == "enum":
        col = sheet.col(col_name)
        reason = L.REASON["enum"].format(values="、".join(col.values))
        suggestion = suggest(value, [*col.values, *col.aliases])
        suggestion = col.aliases.get(suggestion, suggestion)
    elif code in ("min", "min_exclusive", "max"):
        col = sheet.col(col_name)
        reason = L.REASON[code].format(min=col.min, max=col.max)
    elif code == "unique":
        reason = L.REASON["unique"].format(first=arg)
    elif code == "deadline_order":
        reason = L.REASON["deadline_order"].format(start=arg)
    elif code in ("ref", "ref_existing"):
        arg, _, record = arg.partition("|")
        target = SHEETS_BY_NAME[arg]
        col = sheet.col(col_name)
        reason = L.REASON[code].format(sheet=arg, column=col_name, value=value,
                                       record=f"（{record}）" if record else "")
        if code == "ref" and target.col(col.ref[1]).kind == "text":
            where = f"stage_{target.table}" if arg in sources else f"raw_{target.table}"
            keys = [r[0] for r in con.execute(
                f"select distinct cast({ident(col.ref[1])} as varchar) from {where} limit 5000"
            ).fetchall() if r[0] is not None]
            suggestion = suggest(value, keys)
    else:
        reason = L.REASON[code]
    return Problem(file, sheet_name, row, col_name, value, reason, suggestion)


def _warnings(con, sources: dict[str, Source]) -> list[Problem]:
    if "状态记录" not in sources:
        return []
    rows = con.execute(
        "select e.__row, e.\"日期__raw\", cast(f.first as varchar) from stage_status_events e "
        "join (select \"工作室编号\" as id, min(\"日期\") as first from stage_status_events "
        "where \"状态\" = '申报' group by 1) f on f.id = e.\"工作室编号\" "
        "where e.\"日期\" < f.first order by e.__row limit 200").fetchall()
    label = sources["状态记录"].label
    return [Problem(label, "状态记录", r, "日期", v, L.WARN["event_order"].format(first=f))
            for r, v, f in rows]


# --- the import ------------------------------------------------------------------------------

def import_files(con, paths, user: str | None = None, progress: Progress | None = None,
                 is_sample: bool = False, dry_run: bool = False) -> ImportResult:
    """Import the files all or nothing; on any problem the database is left as it was.

    With dry_run, everything is checked and the per-sheet changes are counted (rows added,
    removed, changed, unchanged), then the transaction is rolled back: the preview."""
    progress = progress or (lambda stage, what, frac: None)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    files = expand(paths)
    with tempfile.TemporaryDirectory(prefix="studiodash-") as workdir:
        progress("read", "", 0.0)
        found = find_sources(files, Path(workdir), problems, warnings)
        con.execute("begin")
        try:
            result = _import_in_transaction(con, files, found, problems, warnings, user,
                                            progress, is_sample, dry_run)
            if result.ok and not dry_run:
                fault_point("before_commit")
                con.execute("commit")
            else:
                con.execute("rollback")
            progress("done", "", 1.0)
            return result
        except BaseException:
            con.execute("rollback")
            raise
        finally:
            _drop_work_tables(con)


def _drop_work_tables(con) -> None:
    """The importer's temporary tables outlive a commit; drop them so the next import starts clean."""
    for (name,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall():
        con.execute(f"drop table if exists temp.{ident(name)}")


def _import_in_transaction(con, files, found, problems, warnings, user, progress, is_sample,
                           dry_run=False):
    sources = {s.sheet.name: s for s in found}
    for n, src in enumerate(found):
        progress("read", src.sheet.name, n / max(len(found), 1))
        _load_text(con, src)
        fault_point("after_read")
    con.execute("create or replace temp table enum_map (col_id integer, alias varchar, value varchar)")
    con.executemany("insert into enum_map values (?, ?, ?)", _enum_rows())
    for n, src in enumerate(found):
        progress("check", src.sheet.name, n / max(len(found), 1))
        _normalise(con, src.sheet)
    cell_problems, count = _collect(con, sources, int(settings.get("max_problems")))
    if not problems and not sources:
        problems.append(Problem("—", reason=L.REASON["no_sheets"].format(
            sheets="、".join(s.name for s in SHEETS))))
    if problems or count:
        all_problems = problems + cell_problems
        return ImportResult(False, problems=all_problems[: int(settings.get("max_problems"))],
                            problem_count=len(problems) + count, warnings=warnings)
    warnings += _warnings(con, sources)
    if dry_run:
        return ImportResult(True, rows={n: _count(con, f"stage_{s.sheet.table}")
                                        for n, s in sources.items()},
                            warnings=warnings, changes=_changes(con, sources))
    import_id = con.execute("select coalesce(max(import_id), 0) + 1 from import_log").fetchone()[0]
    state = {r[0]: (r[1], r[2]) for r in con.execute(
        "select sheet, version_table, rows from import_state "
        "where import_id = (select max(import_id) from import_log)").fetchall()}
    rows = {}
    for n, (name, src) in enumerate(sorted(sources.items(), key=lambda kv: SHEETS.index(kv[1].sheet))):
        progress("write", name, n / max(len(sources), 1))
        table = version_table(src.sheet.table, import_id)
        cols = ", ".join(ident(c.name) for c in src.sheet.columns)
        con.execute(f"create table {table} as select {cols}, __row as _row "
                    f"from stage_{src.sheet.table} order by __row")
        rows[name] = con.execute(f"select count(*) from {table}").fetchone()[0]
        state[name] = (table, rows[name])
        fault_point("after_write")
    con.execute("insert into import_log values ($id, 'import', current_timestamp, $user, $files, "
                "$rows, $warnings, null, $sample)", {
                    "id": import_id, "user": user or _whoami(),
                    "files": json.dumps([{"name": f.name, "sha256": sha256(f), "bytes": f.stat().st_size}
                                         for f in files], ensure_ascii=False),
                    "rows": json.dumps(rows, ensure_ascii=False),
                    "warnings": json.dumps([str(w) for w in warnings], ensure_ascii=False),
                    "sample": is_sample})
    _save_state(con, import_id, state)
    return ImportResult(True, import_id, rows, warnings=warnings)


def _count(con, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def _changes(con, sources: dict[str, Source]) -> dict[str, dict[str, int]]:
    """Per carried sheet: rows added, removed, changed (same key, other values), unchanged.
    Sheets without a key compare whole rows, so an edited row counts as one removed, one added."""
    out = {}
    for name, src in sources.items():
        sheet = src.sheet
        cols = ", ".join(ident(c.name) for c in sheet.columns)
        new, old = f"(select {cols} from stage_{sheet.table})", f"(select {cols} from raw_{sheet.table})"
        same = con.execute(f"select count(*) from ({new} intersect all {old})").fetchone()[0]
        if sheet.unique:
            key = ", ".join(ident(c) for c in sheet.unique[0])
            common = con.execute(f"select count(*) from (select {key} from {new} "
                                 f"intersect select {key} from {old})").fetchone()[0]
            total_new, total_old = _count(con, new), _count(con, old)
            out[name] = {"added": total_new - common, "removed": total_old - common,
                         "changed": common - same, "unchanged": same}
        else:
            out[name] = {"added": _count(con, f"({new} except all {old})"),
                         "removed": _count(con, f"({old} except all {new})"),
                         "changed": 0, "unchanged": same}
    return out


def _save_state(con, import_id: int, state: dict[str, tuple[str, int]]) -> None:
    if state:
        con.executemany("insert into import_state values (?, ?, ?, ?)",
                        [(import_id, sheet, table, n) for sheet, (table, n) in state.items()])
    point_views(con, {s.table: state[s.name][0] if s.name in state else version_table(s.table, 0)
                      for s in SHEETS})


def restore(con, import_id: int, user: str | None = None) -> int | None:
    """Bring back the data as it was before import ``import_id``; returns the new log id."""
    con.execute("begin")
    try:
        if not con.execute("select count(*) from import_log where import_id = $id",
                           {"id": import_id}).fetchone()[0]:
            con.execute("rollback")
            return None
        new_id = con.execute("select max(import_id) + 1 from import_log").fetchone()[0]
        state = {r[0]: (r[1], r[2]) for r in con.execute(
            "select sheet, version_table, rows from import_state where import_id = "
            "(select max(import_id) from import_log where import_id < $id)",
            {"id": import_id}).fetchall()}
        con.execute("insert into import_log values ($id, 'restore', current_timestamp, $user, "
                    "'[]', $rows, '[]', $to, "
                    "coalesce((select is_sample from import_log where import_id = "
                    "(select max(import_id) from import_log where import_id < $to)), false))",
                    {"id": new_id, "user": user or _whoami(), "to": import_id,
                     "rows": json.dumps({k: v[1] for k, v in state.items()}, ensure_ascii=False)})
        _save_state(con, new_id, state)
        con.execute("commit")
        return new_id
    except BaseException:
        con.execute("rollback")
        raise


def _whoami() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def fault_point(name: str) -> None:
    """Test hook: STUDIODASH_FAULT=<name> kills the process here, as a crash would."""
    if os.environ.get("STUDIODASH_FAULT") == name:
        os.kill(os.getpid(), 9)


def ensure_sample(con) -> ImportResult | None:
    """On first start, load the bundled sample so a newcomer sees data at once."""
    if con.execute("select count(*) from import_log").fetchone()[0]:
        return None
    from .auth import ensure_demo_users
    files = sorted(settings.SAMPLE_DIR.glob("*.xlsx"))
    result = import_files(con, files, user="示例数据", is_sample=True)
    if result.ok:
        ensure_demo_users(con)
    return result
