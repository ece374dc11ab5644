"""Hostile workbooks refused before any reader opens them: too many zip members, macros,
external links, zip bombs (bytes and compression ratio measured while decompressing), sheets
whose cells spread over more memory than the machine has; and the Excel error cells (#N/A…)
the reader would show as blank."""

from __future__ import annotations

import html
import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path

from . import settings
from .problems import Refused

ZIP_RATIO_GRACE = 1 << 20  # the compression ratio is judged once a member has given this much


def _inflate(f, info: zipfile.ZipInfo, size: int = 1 << 20):
    """A zip member's bytes, decompressed here in bounded chunks; its declared size and CRC are
    checked at the end rather than trusted up front (a bomb can lie about both)."""
    if info.flag_bits & 0x1:
        raise Refused("file_encrypted")
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
    ERROR = re.compile(
        rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*\st="e"[^>/]*>\s*'
        rb"(?:<f\b[^>]*?(?:/>|>[^<]*</f>)\s*)?<v>([^<]{0,64})</v>"
    )
    ANY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
    TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)([\s/>][^>]*)?>")
    REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
    MOST_ERRORS = 10_000
    MOST_CARRY = 16 << 20  # a cell (or tag) longer than this is no export

    def __init__(self):
        self.rows = self.cols = 0
        self.errors: list[tuple[int, int, str]] = []  # (row, column, text), 1-based
        self.slow = False
        self.row = self.col = 0  # slow path: the position of the last tag
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
        if lt != -1 and buf.find(b">", lt) == -1:  # a tag split across chunks
            cut = lt
        cell = buf.rfind(b'<c r="', 0, cut)  # a cell split across chunks
        if cell != -1:
            gt = buf.find(b">", cell)
            if buf[gt - 1 : gt] != b"/" and buf.find(b"</c>", gt) == -1:
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
                    self.errors += [
                        (int(r), self._col(c), v.decode("utf-8", "replace"))
                        for c, r, v in self.ERROR.findall(buf)
                    ]
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
        if any(
            infos[n].file_size > 1 << 24 for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
        ):
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
        targets[a.get("Id")] = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        )
    names = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        a = dict(attrs.findall(tag))
        rid = next((v for k, v in a.items() if k.endswith(":id")), None)
        if rid in targets:
            names[targets[rid]] = html.unescape(a.get("name", ""))
    return names


def check_xlsx(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Look inside the workbook before any reader does; raise Refused for what must not be read:
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
            raise Refused("zip_members", n=len(infos), limit=int(settings.get("max_zip_members")))
        lower = [i.filename.lower().replace("\\", "/") for i in infos]
        if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in lower):
            raise Refused("xlsx_macro")
        if any("externallinks/" in n for n in lower):
            raise Refused("xlsx_external")
        declared = sum(i.file_size for i in infos)
        if declared > limit:
            raise Refused("zip_bomb", mb=declared / 1024 / 1024)
        total, errors = 0, {}
        for info in infos:
            area, got = _CellArea(), 0
            for chunk in _inflate(f, info):
                got += len(chunk)
                total += len(chunk)
                if total > limit:
                    raise Refused("zip_bomb", mb=total / 1024 / 1024)
                if got > ZIP_RATIO_GRACE and got > ratio * max(info.compress_size, 1):
                    raise Refused("zip_ratio", member=info.filename, ratio=ratio)
                if info.filename == "[Content_Types].xml" and b"macroEnabled" in chunk:
                    raise Refused("xlsx_macro")
                area.feed(chunk)
            area.finish()
            if area.area > most_cells:
                sheet = _sheet_names(z).get(info.filename, info.filename)
                raise Refused(
                    "sheet_too_big", sheet=sheet, rows=area.rows, cols=area.cols, limit=most_cells
                )
            if area.errors:
                errors[info.filename] = area.errors
        names = _sheet_names(z) if errors else {}
        return {names[m]: e for m, e in errors.items() if m in names}
