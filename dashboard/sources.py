"""Finding the sheets in the files (xlsx workbooks, per-sheet CSV, folders) and, in each, the
header row, mapped to the contract's columns."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import labels, settings
from .contract import EXPORTS, SHEETS, SHEETS_BY_NAME, Sheet
from .csv_source import head_rows, utf8_copy
from .normalise import fold, header_key
from .problems import Problem, Refused, shown
from .xlsx_guard import check_xlsx

HEADER_SEARCH_ROWS = 6  # up to 5 title or blank rows above the header


@dataclass
class Source:
    """One sheet found in one file."""

    file: Path
    sheet: Sheet
    kind: str  # xlsx | csv
    rows: list | None = None  # xlsx: the cells, row by row
    csv_path: Path | None = None  # csv: a UTF-8 file DuckDB can read
    header_row: int = 0  # 1-based row of the header
    mapping: dict[str, int] = field(default_factory=dict)  # column name -> position
    width: int = 0  # columns in the header rows (CSV: columns read)
    unnamed: tuple[int, ...] = ()  # positions under a blank header cell
    ignored: tuple[int, int] | None = None  # (first row, rows) with cells under no header
    loaded: bool = False

    @property
    def label(self) -> str:
        return self.file.name


def expand(paths: Iterable[os.PathLike | str]) -> list[Path]:
    files = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in (".xlsx", ".csv")
                and not f.name.startswith(("~$", "."))
            )
        else:
            files.append(p)
    return files


def _check_file(path: Path, problems: list[Problem]) -> bool:
    name = path.name
    if not path.is_file():
        problems.append(Problem(name, reason=labels.REASON["file_missing"]))
        return False
    size = path.stat().st_size
    limit = int(settings.get("max_file_mb"))
    if size == 0:
        problems.append(Problem(name, reason=labels.REASON["file_empty"]))
        return False
    if size > limit * 1024 * 1024:
        problems.append(
            Problem(
                name,
                reason=labels.REASON["file_too_big"].format(mb=size / 1024 / 1024, limit=limit),
            )
        )
        return False
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        problems.append(Problem(name, reason=labels.REASON["file_encrypted"]))
        return False
    if path.suffix.lower() not in (".xlsx", ".csv"):
        problems.append(Problem(name, reason=labels.REASON["file_type"]))
        return False
    if path.suffix.lower() == ".xlsx" and not magic.startswith(b"PK"):
        problems.append(
            Problem(name, reason=labels.REASON["file_corrupt"].format(detail=labels.NOT_XLSX))
        )
        return False
    return True


def _xlsx_sources(path: Path, problems, warnings) -> list[Source]:
    from python_calamine import CalamineWorkbook

    try:
        try:
            errors = check_xlsx(path)
        except Refused as refused:
            problems.append(
                Problem(path.name, reason=labels.REASON[refused.key].format(**refused.fields))
            )
            return []
        book = CalamineWorkbook.from_path(str(path))
        sources = []
        for name in book.sheet_names:
            sheet = SHEETS_BY_NAME.get(fold(name).strip())
            if sheet is None:
                warnings.append(
                    Problem(path.name, name, reason=labels.WARN["extra_sheet"].format(sheet=name))
                )
                continue
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for r, c, text in errors.get(name, ()):  # calamine reads an error cell as blank
                if r <= len(rows) and c <= len(rows[r - 1]):
                    rows[r - 1][c - 1] = text
            sources.append(Source(path, sheet, "xlsx", rows=rows))
        return sources
    except Exception as exc:  # any reader failure is a corrupt file to the user
        problems.append(
            Problem(
                path.name, reason=labels.REASON["file_corrupt"].format(detail=type(exc).__name__)
            )
        )
        return []


def _find_header(src: Source, head: list[list], problems, warnings) -> bool:
    """Locate the header row among the first rows and map it to the sheet's columns."""
    known = {header_key(c.name): c.name for c in src.sheet.columns}
    most = int(settings.get("max_columns"))
    for i, row in enumerate(head[:HEADER_SEARCH_ROWS]):
        if len(row) > most:
            problems.append(
                Problem(
                    src.label,
                    src.sheet.name,
                    reason=labels.REASON["too_many_columns"].format(
                        row=i + 1, n=len(row), limit=most
                    ),
                )
            )
            return False
    src.width = max((len(row) for row in head[:HEADER_SEARCH_ROWS]), default=0)
    best, best_hits = None, 0
    for i, row in enumerate(head[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if header_key(v) in known)
        if hits > best_hits:
            best, best_hits = i, hits
    if best is None:
        problems.append(Problem(src.label, src.sheet.name, reason=labels.REASON["header_missing"]))
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
            warnings.append(
                Problem(
                    src.label,
                    src.sheet.name,
                    src.header_row,
                    text,
                    reason=labels.WARN["extra_column"].format(column=text),
                )
            )
        elif name in src.mapping:
            problems.append(
                Problem(
                    src.label,
                    src.sheet.name,
                    src.header_row,
                    name,
                    shown(str(value)),
                    labels.REASON["column_duplicate"].format(column=name),
                )
            )
            ok = False
        else:
            src.mapping[name] = pos
    for col in src.sheet.columns:
        if col.required and col.name not in src.mapping:
            problems.append(
                Problem(
                    src.label,
                    src.sheet.name,
                    src.header_row,
                    col.name,
                    None,
                    labels.REASON["column_missing"].format(column=col.name),
                )
            )
            ok = False
    return ok


def find_sources(
    files: list[Path], workdir: Path, problems: list[Problem], warnings: list[Problem]
) -> list[Source]:
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
            problems.append(
                Problem(
                    path.name,
                    reason=labels.REASON["unknown_sheet_file"].format(
                        sheets=labels.LIST_SEP.join(f"{s.name}.csv" for s in SHEETS)
                    ),
                )
            )
            continue
        utf8 = utf8_copy(path, workdir)
        if utf8 is None:
            problems.append(Problem(path.name, sheet.name, reason=labels.REASON["csv_encoding"]))
            continue
        src = Source(path, sheet, "csv", csv_path=utf8)
        try:
            head = head_rows(utf8, HEADER_SEARCH_ROWS)
        except Refused as refused:
            problems.append(
                Problem(
                    path.name,
                    sheet.name,
                    reason=labels.REASON[refused.key].format(**refused.fields),
                )
            )
            continue
        src.loaded = _find_header(src, head, problems, warnings)
        sources.append(src)
    seen: dict[str, Source] = {}
    for src in sources:
        if src.sheet.name in seen:
            problems.append(
                Problem(
                    src.label,
                    src.sheet.name,
                    reason=labels.REASON["sheet_twice"].format(
                        sheet=src.sheet.name, other=seen[src.sheet.name].label
                    ),
                )
            )
            src.loaded = False
        else:
            seen[src.sheet.name] = src
    carried = {s.sheet.export for s in sources}
    for export in carried:
        for sheet in EXPORTS[export]:
            if sheet.required and sheet.name not in seen:
                where = next(s.label for s in sources if s.sheet.export == export)
                problems.append(
                    Problem(
                        where,
                        sheet.name,
                        reason=labels.REASON["sheet_missing"].format(sheet=sheet.name),
                    )
                )
    if not sources and not problems:
        problems.append(
            Problem(
                labels.LIST_SEP.join(p.name for p in files) or "—",
                reason=labels.REASON["no_sheets"].format(
                    sheets=labels.LIST_SEP.join(s.name for s in SHEETS)
                ),
            )
        )
    return [s for s in sources if s.loaded]
