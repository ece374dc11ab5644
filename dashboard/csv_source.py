"""A CSV export made readable for DuckDB: UTF-8 or GB18030, empty lines kept as rows (so row
numbers stay Excel's), and its first rows read with a bound on every line."""

from __future__ import annotations

import codecs
import csv
import hashlib
from pathlib import Path

import numpy as np

from . import labels, settings
from .problems import Refused


def _cp936_euro(error: UnicodeDecodeError) -> tuple[str, int]:
    """GB18030 decoding with the one byte Windows' GBK (CP936) adds: 0x80 is "€" there (Excel
    writes it so), and no character in GB18030. Any other byte is an error as before."""
    if error.object[error.start : error.start + 1] == b"\x80":
        return "€", error.start + 1
    raise error


codecs.register_error("studiodash_cp936", _cp936_euro)
CHINESE = ("gb18030", "studiodash_cp936")  # GB18030 ⊇ GBK, plus CP936's euro sign
CHUNK = 1 << 24  # bytes read at a time


def utf8_copy(path: Path, workdir: Path) -> Path:
    """The CSV as UTF-8 for DuckDB: the file itself when it is UTF-8, else a GB18030 / GBK (CP936)
    transcode. A file with blank lines is rewritten (_keep_blank_rows). Refused (naming the line)
    when it is neither, or when it mixes them: valid UTF-8 Chinese before a byte that is not
    (a GBK line pasted into a UTF-8 file, which would otherwise read as GB18030 gibberish)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank = _BlankLines()
    done, wide = 0, False  # bytes decoded; whether any of them was non-ASCII UTF-8
    digest = hashlib.sha256()  # the file's, for the import log (sha256): one read does both
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(CHUNK), b""):
                if not wide:  # decoded up to the first chunk with UTF-8 Chinese in it
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError as error:
                        wide = not chunk[: error.start].isascii()
                        raise _Stop(done + error.start) from None
                    wide = not chunk.isascii()
                blank.feed(chunk)
                digest.update(chunk)
                done += len(chunk)
            if not wide:
                decoder.decode(b"", final=True)
        # A UTF-8 file: DuckDB checks the rest of it as it reads (1.7 CPU-s of decoding in
        # Python nationally); a byte that is not UTF-8 there is a mix (load.py, mixed_line).
        _DIGESTS[_stat_key(path)] = digest.hexdigest()
        return _keep_blank_rows(path, workdir) if blank.found else path
    except _Stop as stop:
        if wide:
            raise Refused("csv_mixed", line=_line_at(path, stop.at)) from None
    except UnicodeDecodeError:  # a sequence cut at the end of the file
        pass
    out = workdir / (path.stem + ".utf8.csv")
    blank = _BlankLines()
    done = 0
    dec = codecs.getincrementaldecoder(CHINESE[0])(errors=CHINESE[1])
    digest = hashlib.sha256()
    with open(path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            try:
                text = dec.decode(chunk)
            except UnicodeDecodeError as error:
                raise Refused("csv_encoding_at", line=_line_at(path, done + error.start)) from None
            blank.feed(text.encode())
            dst.write(text)
            digest.update(chunk)
            done += len(chunk)
        try:
            dst.write(dec.decode(b"", final=True))
        except UnicodeDecodeError:
            raise Refused("csv_encoding_at", line=_line_at(path, done)) from None
    _DIGESTS[_stat_key(path)] = digest.hexdigest()
    return _keep_blank_rows(out, workdir) if blank.found else out


# SHA-256 of the files read, by (path, size, mtime): the import log's checksum without a
# second read of a 600 MB file (sha256 reads the files not in here).
_DIGESTS: dict[tuple, str] = {}


def _stat_key(path: Path) -> tuple:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def sha256(path: Path) -> str:
    """The file's SHA-256 (hex): as computed while it was read, or by reading it now."""
    key = _stat_key(path)
    if key not in _DIGESTS:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        _DIGESTS[key] = h.hexdigest()
    return _DIGESTS[key]


def mixed_line(path: Path) -> int:
    """The line of the first byte that is not UTF-8 in a file read as UTF-8 (its last line if
    none is found), for the refusal of a file that mixes encodings."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return _line_at(path, done + error.start)
            done += len(chunk)
    return _line_at(path, done)


class _Stop(Exception):
    def __init__(self, at: int):
        self.at = at


def _line_at(path: Path, offset: int) -> int:
    """The 1-based line of the file that holds byte `offset` (counted in one streaming read)."""
    lines, seen = 1, 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 24), b""):
            part = chunk[: max(0, offset - seen)]
            lines += part.count(b"\n")
            seen += len(chunk)
            if seen >= offset:
                break
    return lines


class _BlankLines:
    """Whether bytes fed in order hold an empty line (\n\n, \n\r or \r\r, also across
    chunks, or a line ending first). Each pair is looked for as a 16-bit word at even and at odd
    offsets (numpy): five times faster than `in`, which stops at every line end of a CSV."""

    def __init__(self):
        self.found, self._last = False, b"\n"

    def feed(self, chunk: bytes) -> None:
        if self.found or not chunk:
            return
        edge = self._last + chunk[:1]
        # \r is rare (old Mac and Windows line ends): found by memchr, the two patterns with it
        # are searched only in a chunk that has one
        patterns = (b"\n\n", b"\n\r", b"\r\r") if b"\r" in edge or b"\r" in chunk else (b"\n\n",)
        self.found = any(p in edge for p in patterns) or _has_pair(chunk, patterns)
        self._last = chunk[-1:]


def _has_pair(data: bytes, pairs: tuple[bytes, ...]) -> bool:
    """Whether data holds any of the two-byte pairs, at any offset."""
    even = np.frombuffer(data, "<u2", count=len(data) // 2)
    odd = np.frombuffer(data, "<u2", offset=1, count=(len(data) - 1) // 2)
    words = [int.from_bytes(p, "little") for p in pairs]
    return any(bool((even == w).any() or (odd == w).any()) for w in words)


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
                raise Refused("line_too_long")
            yield line

    previous = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        with (
            open(path, encoding="utf-8-sig", newline="") as src,
            open(out, "w", encoding="utf-8", newline="") as dst,
        ):
            writer = csv.writer(dst, lineterminator="\n")
            for row in csv.reader(lines(src)):
                if len(row) > most:
                    raise Refused("too_many_columns")
                writer.writerow(row or [""])
    except (csv.Error, Refused, UnicodeDecodeError):  # not UTF-8 far in: a mix, load.py says
        return path  # DuckDB reads the original and says what is wrong with it
    finally:
        csv.field_size_limit(previous)
    return out


def head_rows(csv_path: Path, most: int) -> list[list[str]]:
    """The first `most` rows of a CSV, each line read with a bound: a 10 MB cell or a million columns
    is refused (Refused) here, before DuckDB reads the file. Lines may end in \\n, \\r\\n or a
    lone \\r (Excel for Mac)."""
    limit = int(settings.get("max_line_mb")) * 1024 * 1024
    lines = []
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        for n in range(1, most + 1):
            try:
                line = f.readline(limit + 1)
            except UnicodeDecodeError:  # past the part utf8_copy decoded: a mix of encodings
                raise Refused("csv_mixed", line=mixed_line(csv_path)) from None
            if not line:
                break
            if len(line) > limit:
                raise Refused("line_too_long", row=n, mb=int(settings.get("max_line_mb")))
            lines.append(line)
    reader = csv.reader(lines)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:  # a cell over csv's own limit (131072 characters), or worse
        where = labels.LINE.format(row=reader.line_num)
        if "field larger than field limit" in str(exc):
            raise Refused(
                "head_cell_too_long",
                row=reader.line_num,
                n=csv.field_size_limit(),
                limit=int(settings.get("max_cell_chars")),
            ) from exc
        raise Refused(
            "csv_malformed", detail=labels.WHERE_DETAIL.format(where=where, detail=exc)
        ) from exc
    return rows
