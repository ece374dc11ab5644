"""Finding the sheets in the files (xlsx workbooks, per-sheet CSV, folders) and, in each, the
header row, mapped to the contract's columns."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import headers, labels, settings
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
    # a select of __row and each column's text, for reading cells back (load.raw_cells)
    raw: tuple[str, dict] | None = None

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
    csv_file = path.suffix.lower() == ".csv"  # streamed from disk; an xlsx is unzipped in memory
    limit = int(settings.get("max_csv_mb" if csv_file else "max_xlsx_mb"))
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


def _find_header(
    src: Source, head: list[list], problems, warnings, given=None, layouts=None, used=None
) -> bool:
    """Locate the header row among the first rows and map it to the sheet's columns: by the
    exact name, a synonym of the contract or the user's mapping (given: headers.check_mapping's
    resolved mapping). The layout read goes to layouts[sheet]; the mapped headers met, to used."""
    read = headers.reader(src.sheet, given or {})
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
        hits = sum(1 for v in row if header_key(v) and read(v).column)
        if hits > best_hits:
            best, best_hits = i, hits
    if best is None:
        problems.append(Problem(src.label, src.sheet.name, reason=labels.REASON["header_missing"]))
        return False
    src.header_row = best + 1
    header = list(head[best]) + [None] * (src.width - len(head[best]))
    src.unnamed = tuple(pos for pos, value in enumerate(header) if not header_key(value))
    ok = True
    readings = {
        pos: (shown(str(value).strip()), read(value))
        for pos, value in enumerate(head[best])
        if header_key(value)
    }
    by_column: dict[str, list[int]] = {}
    for pos, (_, reading) in readings.items():
        if reading.column:
            by_column.setdefault(reading.column, []).append(pos)
    unknown = [pos for pos, (_, r) in readings.items() if r.column is None]
    for name, positions in by_column.items():
        positions.sort(key=lambda p: headers.RANK[readings[p][1].how])
        top = headers.RANK[readings[positions[0]][1].how]
        if top == headers.RANK[headers.MAPPED]:  # the user's mapping and the file's own name
            top = headers.RANK[headers.EXACT]  # are both meant: ambiguous
        first, *others = [p for p in positions if headers.RANK[readings[p][1].how] <= top]
        unknown += [p for p in positions if headers.RANK[readings[p][1].how] > top]
        for pos in others:
            texts = (readings[first][0], readings[pos][0])
            if readings[first][1].how == readings[pos][1].how == headers.EXACT:
                reason = labels.REASON["column_duplicate"].format(column=name)
            else:
                reason = labels.REASON["header_ambiguous"].format(
                    first=texts[0], second=texts[1], column=name
                )
            problems.append(
                Problem(src.label, src.sheet.name, src.header_row, name, texts[1], reason)
            )
            ok = False
        src.mapping[name] = first
        text, reading = readings[first]
        if reading.how in (headers.SYNONYM, headers.MAPPED):
            if reading.how == headers.MAPPED and used is not None:
                used.add((src.sheet.name, headers.header_text(text)))
            warnings.append(
                Problem(
                    src.label,
                    src.sheet.name,
                    src.header_row,
                    name,
                    reason=labels.WARN[f"header_{reading.how}"].format(header=text, column=name),
                )
            )
    for pos in sorted(unknown):
        text, reading = readings[pos]
        missing = [c for c in reading.candidates if c not in src.mapping]
        if missing:  # 编号 where it could be either of two columns, one of them absent
            problems.append(
                Problem(
                    src.label,
                    src.sheet.name,
                    src.header_row,
                    text,
                    None,
                    labels.REASON["header_two_columns"].format(
                        header=text, columns=labels.HEADER_OR.join(reading.candidates)
                    ),
                )
            )
            ok = False
            continue
        warnings.append(
            Problem(
                src.label,
                src.sheet.name,
                src.header_row,
                text,
                reason=labels.WARN["extra_column"].format(column=text),
            )
        )
    missing = [c.name for c in src.sheet.columns if c.required and c.name not in src.mapping]
    for name in missing:
        problems.append(
            Problem(
                src.label,
                src.sheet.name,
                src.header_row,
                name,
                None,
                labels.REASON["column_missing"].format(column=name),
            )
        )
        ok = False
    if layouts is not None:
        layouts[src.sheet.name] = {
            "file": src.label,
            "header_row": src.header_row,
            "headers": [shown(str(v).strip()) if v is not None else "" for v in head[best]],
            "missing": missing,
            "unknown": [readings[p][0] for p in sorted(unknown)],
            "fingerprint": headers.fingerprint(src.sheet.name, list(head[best])),
        }
    return ok


def find_sources(
    files: list[Path],
    workdir: Path,
    problems: list[Problem],
    warnings: list[Problem],
    given: dict | None = None,
    layouts: dict | None = None,
) -> list[Source]:
    """The sheets of the files with their headers mapped (given: the user's mapping, resolved by
    headers.check_mapping); each sheet's layout read goes to layouts."""
    sources: list[Source] = []
    used: set[str] = set()
    header_args = (given, layouts, used)
    for path in files:
        if not _check_file(path, problems):
            continue
        if path.suffix.lower() == ".xlsx":
            found = _xlsx_sources(path, problems, warnings)
            for src in found:
                if _find_header(
                    src, src.rows[:HEADER_SEARCH_ROWS], problems, warnings, *header_args
                ):
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
        try:
            utf8 = utf8_copy(path, workdir)
        except Refused as refused:  # not UTF-8 nor GB18030/GBK, or a mix: the line named
            problems.append(
                Problem(
                    path.name,
                    sheet.name,
                    reason=labels.REASON[refused.key].format(**refused.fields),
                )
            )
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
        src.loaded = _find_header(src, head, problems, warnings, *header_args)
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
    for (sheet, text), (header, column) in (given or {}).items():
        if sources and not any(t == text and sheet in (None, s) for s, t in used):
            warnings.append(
                Problem(
                    labels.MAP_WHERE,
                    sheet or "",
                    reason=labels.WARN["map_unused"].format(header=header, column=column),
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
