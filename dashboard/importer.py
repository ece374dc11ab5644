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
import html
import json
import os
import posixpath
import re
import struct
import tempfile
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import pyarrow as pa

from . import labels as L
from . import settings
from .contract import EXPORTS, SHEETS, SHEETS_BY_NAME, Col, Sheet
from .db import ident, point_views, version_table

CSV_PROBE_COLUMNS = 16  # read past the header rows' width, to notice cells under no header
HEADER_SEARCH_ROWS = 6  # up to 5 title or blank rows above the header
SHOWN_CHARS = 200       # a problem shows at most this much of a cell
ZIP_RATIO_GRACE = 1 << 20  # the compression ratio is judged once a member has given this much
# One writer at a time in this process (the app serves every session from one connection): two
# imports at once would both claim the next import id and one would fail at commit.
WRITE_LOCK = threading.Lock()
_COMMITS = threading.local()


def commits_here() -> int:
    """Imports and restores committed by this thread: a page run that imports sees its own
    write (state.py), while other sessions keep the snapshot their run started with."""
    return getattr(_COMMITS, "n", 0)


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
    width: int = 0                         # columns in the header rows (CSV: columns read)
    unnamed: tuple[int, ...] = ()          # positions under a blank header cell
    ignored: tuple[int, int] | None = None  # (first row, rows) with cells under no header
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


def shown(value: str) -> str:
    """A cell as a problem shows it: very long text cut (a 10 MB cell stays in the file)."""
    if len(value) <= SHOWN_CHARS:
        return value
    return value[:SHOWN_CHARS] + L.VALUE_CUT.format(n=len(value))


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    if len(value) > 100:  # nothing to suggest, and difflib would index the whole cell
        return None
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


class _Refused(Exception):
    """A file refused before it is read: the reason's key in labels.REASON and its fields."""

    def __init__(self, key: str, **fields):
        super().__init__(key)
        self.key, self.fields = key, fields


def _inflate(f, info: zipfile.ZipInfo, size: int = 1 << 20):
    """A zip member's bytes, decompressed here in bounded chunks; its declared size and CRC are
    checked at the end rather than trusted up front (a bomb can lie about both)."""
    if info.flag_bits & 0x1:
        raise _Refused("file_encrypted")
    f.seek(info.header_offset)
    head = f.read(30)
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("local header")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    f.seek(info.header_offset + 30 + name_len + extra_len)
    left, crc, total = info.compress_size, 0, 0
    if info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
    else:
        raise zipfile.BadZipFile(f"compression {info.compress_type}")
    while left:
        data = f.read(min(size, left))
        if not data:
            raise zipfile.BadZipFile("truncated")
        left -= len(data)
        while data:
            if inflater is None:
                out, data = data, b""
            else:
                out = inflater.decompress(data, size)
                data = inflater.unconsumed_tail
            crc, total = zlib.crc32(out, crc), total + len(out)
            yield out
    if inflater is not None:
        out = inflater.flush()
        crc, total = zlib.crc32(out, crc), total + len(out)
        yield out
        if not inflater.eof:
            raise zipfile.BadZipFile("truncated stream")
    if total != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile("size or CRC")


class _CellArea:
    """What calamine will make of a sheet, read from its XML as it streams by: the area (last
    row x last column) it allocates, and the cells holding an Excel error (#DIV/0!, #N/A…),
    which calamine reads as blank. Cells without a value (``<c r="XFD1048576" s="1"/>``) do not
    count, as calamine skips them. The fast path needs ``r`` as a cell's first attribute (Excel,
    openpyxl and xlsxwriter all write it so); any other form of cell switches to reading tag by
    tag, which finds the area but not the errors."""
    CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>')
    EMPTY = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"[^>/]*/>')
    ERROR = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*\st="e"[^>/]*>\s*'
                       rb'(?:<f\b[^>]*?(?:/>|>[^<]*</f>)\s*)?<v>([^<]{0,64})</v>')
    ANY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
    TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)([\s/>][^>]*)?>")
    REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
    MOST_ERRORS = 10_000
    MOST_CARRY = 16 << 20   # a cell (or tag) longer than this is no export

    def __init__(self):
        self.rows = self.cols = 0
        self.errors: list[tuple[int, int, str]] = []   # (row, column, text), 1-based
        self.slow = False
        self.row = self.col = 0     # slow path: the position of the last tag
        self.carry = b""

    @staticmethod
    def _col(letters: bytes) -> int:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ch - 64
        return n

    def feed(self, chunk: bytes) -> None:
        buf = self.carry + chunk
        cut = len(buf)
        lt = buf.rfind(b"<")
        if lt != -1 and buf.find(b">", lt) == -1:       # a tag split across chunks
            cut = lt
        cell = buf.rfind(b'<c r="', 0, cut)                # a cell split across chunks
        if cell != -1:
            gt = buf.find(b">", cell)
            if buf[gt - 1:gt] != b"/" and buf.find(b"</c>", gt) == -1:
                cut = cell
        buf, self.carry = buf[:cut], buf[cut:]
        if len(self.carry) > self.MOST_CARRY:
            raise zipfile.BadZipFile("cell too long")
        self._scan(buf)

    def finish(self) -> None:
        self._scan(self.carry)
        self.carry = b""

    def _scan(self, buf: bytes) -> None:
        if not self.slow:
            cells = self.CELL.findall(buf)
            if len(self.ANY.findall(buf)) == len(cells) + len(self.EMPTY.findall(buf)):
                if cells:
                    self.rows = max(self.rows, max(int(r) for _, r in cells))
                    self.cols = max(self.cols, max(self._col(c) for c in {c for c, _ in cells}))
                if b't="e"' in buf and len(self.errors) < self.MOST_ERRORS:
                    self.errors += [(int(r), self._col(c), v.decode("utf-8", "replace"))
                                    for c, r, v in self.ERROR.findall(buf)]
                return
            self.slow, self.row = True, self.rows
        for m in self.TAG.finditer(buf):
            attrs = m.group(2) or b""
            ref = self.REF.search(attrs)
            if m.group(1) == b"row":
                self.row = int(ref.group(2)) if ref and ref.group(2) else self.row + 1
                self.col = 0
                continue
            if ref and ref.group(1):
                self.col = self._col(ref.group(1))
                if ref.group(2):
                    self.row = int(ref.group(2))
            else:
                self.col += 1
            if not attrs.rstrip().endswith(b"/"):
                self.rows, self.cols = max(self.rows, self.row), max(self.cols, self.col)

    @property
    def area(self) -> int:
        return self.rows * self.cols


def _sheet_names(z: zipfile.ZipFile) -> dict[str, str]:
    """Best effort: zip member -> sheet name, to name a refused sheet in the message."""
    try:
        infos = {i.filename: i for i in z.infolist()}
        if any(infos[n].file_size > 1 << 24 for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")):
            return {}
        book = z.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, ValueError):
        return {}
    attrs = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        a = dict(attrs.findall(tag))
        target = a.get("Target", "")
        targets[a.get("Id")] = (target.lstrip("/") if target.startswith("/")
                                else posixpath.normpath("xl/" + target))
    names = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        a = dict(attrs.findall(tag))
        rid = next((v for k, v in a.items() if k.endswith(":id")), None)
        if rid in targets:
            names[targets[rid]] = html.unescape(a.get("name", ""))
    return names


def _check_xlsx(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Look inside the workbook before any reader does; raise _Refused for what must not be read:
    too many members, macros, external links, more bytes or a higher compression ratio than a
    real export has (measured while decompressing, not as declared), or a sheet whose cells
    spread over an area that would take more memory than the machine has. Returns the cells
    holding an Excel error, by sheet name."""
    limit = int(settings.get("max_unzipped_mb")) * 1024 * 1024
    ratio = int(settings.get("max_zip_ratio"))
    most_cells = int(settings.get("max_sheet_cells"))
    with zipfile.ZipFile(path) as z, open(path, "rb") as f:
        infos = z.infolist()
        if len(infos) > int(settings.get("max_zip_members")):
            raise _Refused("zip_members", n=len(infos), limit=int(settings.get("max_zip_members")))
        lower = [i.filename.lower().replace("\\", "/") for i in infos]
        if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in lower):
            raise _Refused("xlsx_macro")
        if any("externallinks/" in n for n in lower):
            raise _Refused("xlsx_external")
        declared = sum(i.file_size for i in infos)
        if declared > limit:
            raise _Refused("zip_bomb", mb=declared / 1024 / 1024)
        total, errors = 0, {}
        for info in infos:
            area, got = _CellArea(), 0
            for chunk in _inflate(f, info):
                got += len(chunk)
                total += len(chunk)
                if total > limit:
                    raise _Refused("zip_bomb", mb=total / 1024 / 1024)
                if got > ZIP_RATIO_GRACE and got > ratio * max(info.compress_size, 1):
                    raise _Refused("zip_ratio", member=info.filename, ratio=ratio)
                if info.filename == "[Content_Types].xml" and b"macroEnabled" in chunk:
                    raise _Refused("xlsx_macro")
                area.feed(chunk)
            area.finish()
            if area.area > most_cells:
                sheet = _sheet_names(z).get(info.filename, info.filename)
                raise _Refused("sheet_too_big", sheet=sheet, rows=area.rows, cols=area.cols,
                               limit=most_cells)
            if area.errors:
                errors[info.filename] = area.errors
        names = _sheet_names(z) if errors else {}
        return {names[m]: e for m, e in errors.items() if m in names}


def _xlsx_sources(path: Path, problems, warnings) -> list[Source]:
    from python_calamine import CalamineWorkbook

    try:
        try:
            errors = _check_xlsx(path)
        except _Refused as refused:
            problems.append(Problem(path.name, reason=L.REASON[refused.key].format(**refused.fields)))
            return []
        book = CalamineWorkbook.from_path(str(path))
        sources = []
        for name in book.sheet_names:
            sheet = SHEETS_BY_NAME.get(fold(name).strip())
            if sheet is None:
                warnings.append(Problem(path.name, name, reason=L.WARN["extra_sheet"].format(sheet=name)))
                continue
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for r, c, text in errors.get(name, ()):  # calamine reads an error cell as blank
                if r <= len(rows) and c <= len(rows[r - 1]):
                    rows[r - 1][c - 1] = text
            sources.append(Source(path, sheet, "xlsx", rows=rows))
        return sources
    except Exception as exc:  # any reader failure is a corrupt file to the user
        problems.append(Problem(path.name, reason=L.REASON["file_corrupt"].format(
            detail=type(exc).__name__)))
        return []


def _utf8_copy(path: Path, workdir: Path) -> Path | None:
    """The CSV as UTF-8 for DuckDB: the file itself when it is UTF-8, else a GB18030 transcode;
    None when it is neither. A file with blank lines is rewritten (_keep_blank_rows)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank = _BlankLines()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 24), b""):
                decoder.decode(chunk)
                blank.feed(chunk)
            decoder.decode(b"", final=True)
        return _keep_blank_rows(path, workdir) if blank.found else path
    except UnicodeDecodeError:
        pass
    out = workdir / (path.stem + ".utf8.csv")
    blank = _BlankLines()
    try:
        dec = codecs.getincrementaldecoder("gb18030")()
        with open(path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
            for chunk in iter(lambda: src.read(1 << 24), b""):
                text = dec.decode(chunk)
                blank.feed(text.encode())
                dst.write(text)
            dst.write(dec.decode(b"", final=True))
        return _keep_blank_rows(out, workdir) if blank.found else out
    except UnicodeDecodeError:
        return None


class _BlankLines:
    """Whether bytes fed in order hold an empty line (\n\n, \n\r or \r\r, also across
    chunks, or a line ending first): memchr-fast, so the check costs little on a 600 MB file."""

    def __init__(self):
        self.found, self._last = False, b"\n"

    def feed(self, chunk: bytes) -> None:
        if self.found or not chunk:
            return
        edge = self._last + chunk[:1]
        self.found = any(p in edge or p in chunk for p in (b"\n\n", b"\n\r", b"\r\r"))
        self._last = chunk[-1:]


def _keep_blank_rows(path: Path, workdir: Path) -> Path:
    """A copy of the CSV in which each empty line is a row of one empty cell. DuckDB skips empty
    lines, which would shift the row numbers of every later row; Excel counts them as rows, and
    so must the problems we report. Read with csv, so quoted cells holding empty lines stay.
    Lines are read with the same bound as everywhere (max_line_mb); a file over it, or with
    rows over max_columns, is left as it is for DuckDB to refuse."""
    out = workdir / (path.stem + ".rows.csv")
    limit = int(settings.get("max_line_mb")) * 1024 * 1024
    most = int(settings.get("max_columns"))

    def lines(f):
        for line in iter(lambda: f.readline(limit + 1), ""):
            if len(line) > limit:
                raise _Refused("line_too_long")
            yield line

    previous = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        with open(path, encoding="utf-8-sig", newline="") as src, \
                open(out, "w", encoding="utf-8", newline="") as dst:
            writer = csv.writer(dst, lineterminator="\n")
            for row in csv.reader(lines(src)):
                if len(row) > most:
                    raise _Refused("too_many_columns")
                writer.writerow(row or [""])
    except (csv.Error, _Refused):
        return path  # DuckDB reads the original and says what is wrong with it
    finally:
        csv.field_size_limit(previous)
    return out


def _head_rows(csv_path: Path) -> list[list[str]]:
    """The first rows of a CSV, each line read with a bound: a 10 MB cell or a million columns
    is refused (_Refused) here, before DuckDB reads the file. Lines may end in \\n, \\r\\n or a
    lone \\r (Excel for Mac)."""
    limit = int(settings.get("max_line_mb")) * 1024 * 1024
    lines = []
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        for n in range(1, HEADER_SEARCH_ROWS + 1):
            line = f.readline(limit + 1)
            if not line:
                break
            if len(line) > limit:
                raise _Refused("line_too_long", row=n, mb=int(settings.get("max_line_mb")))
            lines.append(line)
    reader = csv.reader(lines)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:  # a cell over csv's own limit (131072 characters), or worse
        where = L.LINE.format(row=reader.line_num)
        if "field larger than field limit" in str(exc):
            raise _Refused("head_cell_too_long", row=reader.line_num, n=csv.field_size_limit(),
                           limit=int(settings.get("max_cell_chars")))
        raise _Refused("csv_malformed", detail=f"{where}：{exc}")
    return rows


def _find_header(src: Source, head: list[list], problems, warnings) -> bool:
    """Locate the header row among the first rows and map it to the sheet's columns."""
    known = {header_key(c.name): c.name for c in src.sheet.columns}
    most = int(settings.get("max_columns"))
    for i, row in enumerate(head[:HEADER_SEARCH_ROWS]):
        if len(row) > most:
            problems.append(Problem(src.label, src.sheet.name, reason=L.REASON["too_many_columns"]
                                    .format(row=i + 1, n=len(row), limit=most)))
            return False
    src.width = max((len(row) for row in head[:HEADER_SEARCH_ROWS]), default=0)
    best, best_hits = None, 0
    for i, row in enumerate(head[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if header_key(v) in known)
        if hits > best_hits:
            best, best_hits = i, hits
    if best is None:
        problems.append(Problem(src.label, src.sheet.name, reason=L.REASON["header_missing"]))
        return False
    src.header_row = best + 1
    header = list(head[best]) + [None] * (src.width - len(head[best]))
    src.unnamed = tuple(pos for pos, value in enumerate(header) if not header_key(value))
    ok = True
    for pos, value in enumerate(head[best]):
        key = header_key(value)
        if not key:
            continue
        name = known.get(key)
        if name is None:
            text = shown(str(value).strip())
            warnings.append(Problem(src.label, src.sheet.name, src.header_row, text,
                                    reason=L.WARN["extra_column"].format(column=text)))
        elif name in src.mapping:
            problems.append(Problem(src.label, src.sheet.name, src.header_row, name, shown(str(value)),
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
        utf8 = _utf8_copy(path, workdir)
        if utf8 is None:
            problems.append(Problem(path.name, sheet.name, reason=L.REASON["csv_encoding"]))
            continue
        src = Source(path, sheet, "csv", csv_path=utf8)
        try:
            head = _head_rows(utf8)
        except _Refused as refused:
            problems.append(Problem(path.name, sheet.name,
                                    reason=L.REASON[refused.key].format(**refused.fields)))
            continue
        src.loaded = _find_header(src, head, problems, warnings)
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
    not_blank = " or ".join(f"norm_text({ident(c.name)}) is not null" for c in src.sheet.columns)
    if src.kind == "xlsx":
        data = src.rows[src.header_row:]
        arrays = {"__row": pa.array(range(src.header_row + 1, src.header_row + 1 + len(data)),
                                    pa.int64())}
        for col in src.sheet.columns:
            pos = src.mapping.get(col.name)
            arrays[col.name] = pa.array(
                [cell_text(r[pos]) if pos is not None and pos < len(r) else None for r in data],
                pa.string())
        unnamed = [(pos, pos + 1) for pos in src.unnamed] + [(src.width, None)]
        flagged = [n for n, r in enumerate(data)
                   if any(_filled(v) for start, stop in unnamed for v in r[start:stop])]
        if flagged:
            src.ignored = (src.header_row + 1 + flagged[0], len(flagged))
        con.register("arrow_in", pa.table(arrays))
        con.execute(f"create temp table {table} as select * from arrow_in where {not_blank}")
        con.unregister("arrow_in")
    else:
        _read_csv(con, f"{table}_csv", src)
        names = [d[0] for d in con.execute(f"select * from {table}_csv limit 0").description]
        cols = ", ".join(
            (ident(names[src.mapping[c.name]])
             if c.name in src.mapping and src.mapping[c.name] < len(names)
             else "cast(null as varchar)") + f" as {ident(c.name)}"
            for c in src.sheet.columns)
        # Temporary tables number their rows from a large base; count from the first data row.
        base = con.execute(f"select coalesce(min(rowid), 0) from {table}_csv").fetchone()[0]
        # The probe columns past the header rows' width notice cells right of every header
        # (DuckDB drops cells past the last column it is told to read).
        unnamed = [*src.unnamed, *range(len(names) - CSV_PROBE_COLUMNS, len(names))]
        first, rows = con.execute(
            f"select min(rowid) - $base + $first, count(*) from {table}_csv where "
            + " or ".join(f"norm_text({ident(names[pos])}) is not null" for pos in unnamed),
            {"base": base, "first": src.header_row + 1}).fetchone()
        if rows:
            src.ignored = (first, rows)
        con.execute(f"create temp table {table} as select * from ("
                    f"select rowid - $base + $first as __row, {cols} from {table}_csv) "
                    f"where {not_blank}", {"base": base, "first": src.header_row + 1})
        con.execute(f"drop table {table}_csv")


def _filled(value) -> bool:
    return bool((cell_text(value) or "").strip())


def _read_csv(con, table: str, src: Source) -> None:
    """The CSV's rows below the header as text, as many columns as the header rows have (no
    sniffing: what it guesses from a hostile file can be anything). DuckDB's parallel reader
    refuses quoted line breaks (multi-line cells, common in Excel exports) with padded rows, so
    such a file is read again serially. A file DuckDB cannot read at all is _Refused."""
    columns = {f"c{i}": "VARCHAR" for i in range(max(src.width, 1) + CSV_PROBE_COLUMNS)}
    for parallel in (True, False):
        try:
            con.execute(f"create temp table {table} as select * from read_csv($path, "
                        "auto_detect=false, header=false, skip=$skip, columns=$columns, "
                        "null_padding=true, delim=',', quote='\"', escape='\"', "
                        "strict_mode=false, max_line_size=$max_line, parallel=$parallel)",
                        {"path": str(src.csv_path), "skip": src.header_row, "columns": columns,
                         "max_line": int(settings.get("max_line_mb")) * 1024 * 1024,
                         "parallel": parallel})
            return
        except duckdb.Error as exc:
            message = str(exc)
            if parallel and "parallel" in message:
                continue
            line = re.search(r"Line: (\d+)", message)
            if "Maximum line size" in message:
                raise _Refused("line_too_long", row=line.group(1) if line else "?",
                               mb=int(settings.get("max_line_mb")))
            detail = L.LINE.format(row=line.group(1)) if line else type(exc).__name__
            raise _Refused("csv_malformed", detail=detail)


def _norm_expr(col: Col, i: int) -> str:
    raw = ident(col.name)
    expr = {
        "text": f"norm_text({raw})",
        "key": f"norm_key({raw})",
        "int": f"norm_int({raw})",
        "num": f"norm_num({raw})",
        "date": f"norm_date({raw})",
        # A cell already spelling a value (most) is that value; others go through a CASE over
        # the contract's aliases. (A lookup table joined by a correlated subquery cost 10 s of
        # a national import; normalising every cell first, 1 s per column.)
        "enum": f"case when {raw} in ({', '.join(map(_literal, col.values))}) then {raw} "
                f"else case upper(replace(norm_key({raw}), ' ', '')) "
                + " ".join(f"when {_literal(alias)} then {_literal(value)}"
                           for col_id, alias, value in _enum_rows() if col_id == i) + " end end",
    }[col.kind]
    if col.blank_as is not None:
        blank = str(col.blank_as) if col.kind != "enum" else f"'{col.blank_as}'"
        expr = f"coalesce({expr}, case when norm_text({raw}) is null then {blank} end)"
    return expr


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
        else:  # text and keys: other kinds fail to parse long before this length
            out.append(("too_long", base + f"length({raw}) > {int(settings.get('max_cell_chars'))}",
                        col))
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
    if code == "too_long":
        reason = L.REASON["cell_too_long"].format(n=len(value),
                                                  limit=int(settings.get("max_cell_chars")))
    elif code == "enum":
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
    return Problem(file, sheet_name, row, col_name, shown(value), reason, suggestion)


def _warnings(con, sources: dict[str, Source]) -> list[Problem]:
    out = [Problem(s.label, s.sheet.name, s.ignored[0], reason=L.WARN["unheaded_cells"].format(
        rows=s.ignored[1])) for s in sources.values() if s.ignored]
    if "状态记录" not in sources:
        return out
    rows = con.execute(
        "select e.__row, e.\"日期__raw\", cast(f.first as varchar) from stage_status_events e "
        "join (select \"工作室编号\" as id, min(\"日期\") as first from stage_status_events "
        "where \"状态\" = '申报' group by 1) f on f.id = e.\"工作室编号\" "
        "where e.\"日期\" < f.first order by e.__row limit 200").fetchall()
    label = sources["状态记录"].label
    return out + [Problem(label, "状态记录", r, "日期", v, L.WARN["event_order"].format(first=f))
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
        try:
            progress("read", "", 0.0)
            found = find_sources(files, Path(workdir), problems, warnings)
            # Text goes into temporary tables before the transaction: a file DuckDB cannot
            # read is a problem to list, and a failed statement would abort the transaction.
            found = _load_all(con, found, problems, progress)
            with (WRITE_LOCK if not dry_run else _NO_LOCK):
                con.execute("begin")
                try:
                    result = _import_in_transaction(con, files, found, problems, warnings, user,
                                                    progress, is_sample, dry_run)
                    if result.ok and not dry_run:
                        fault_point("before_commit")
                        con.execute("commit")
                        _COMMITS.n = commits_here() + 1
                    else:
                        con.execute("rollback")
                except BaseException:
                    con.execute("rollback")
                    raise
            progress("done", "", 1.0)
            return result
        finally:
            _drop_work_tables(con)


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_NO_LOCK = _NoLock()


def _load_all(con, found: list[Source], problems: list[Problem], progress) -> list[Source]:
    """Load every source's text; the ones DuckDB cannot read become problems and drop out."""
    # A result the caller left unfetched (con.execute(…).fetchone()) makes register() refuse.
    con.execute("select 1").fetchall()
    loaded = []
    for n, src in enumerate(found):
        progress("read", src.sheet.name, n / max(len(found), 1))
        try:
            _load_text(con, src)
        except _Refused as refused:
            problems.append(Problem(src.label, src.sheet.name,
                                    reason=L.REASON[refused.key].format(**refused.fields)))
            continue
        loaded.append(src)
        fault_point("after_read")
    return loaded


def _drop_work_tables(con) -> None:
    """The importer's temporary tables outlive a commit; drop them so the next import starts clean."""
    for (name,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall():
        con.execute(f"drop table if exists temp.{ident(name)}")


def _import_in_transaction(con, files, found, problems, warnings, user, progress, is_sample,
                           dry_run=False):
    sources = {s.sheet.name: s for s in found}
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
        # Sorted: DuckDB's parallel steps need not keep the file's order (see
        # tests/test_import.py::test_large_csv_keeps_the_file_order).
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
    with WRITE_LOCK:
        return _restore(con, import_id, user)


def _restore(con, import_id: int, user: str | None) -> int | None:
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
        _COMMITS.n = commits_here() + 1
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
