"""Which contract column a file's header is read as: the exact name, a synonym of the contract
(HEADER_SYNONYMS), or a header the user mapped (CLI --map, the mapping step of 数据管理); a
layout's fingerprint, the similarity that preselects the mapping step, and the mappings the
app remembers per layout."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import duckdb

from . import labels
from .contract import AMBIGUOUS_HEADERS, SHEETS, SHEETS_BY_NAME, Sheet, header_synonyms
from .normalise import fold, header_key
from .problems import Problem

# How a header is read, strongest first: a mapping the user gave beats the exact name, which
# beats a synonym of the contract.
MAPPED, EXACT, SYNONYM, AMBIGUOUS, UNKNOWN = "mapped", "exact", "synonym", "ambiguous", "unknown"
RANK = {MAPPED: 0, EXACT: 1, SYNONYM: 2}

# A mapping: {header: column} for every sheet, or {(sheet, header): column} for one sheet.
Mapping = dict[str | tuple[str, str], str]


def header_text(value: object) -> str:
    """A header as written, folded and without spaces (a bracketed unit or note kept)."""
    return re.sub(r"\s+", "", fold(str(value if value is not None else "")))


def fingerprint(sheet: str, header: list) -> str:
    """The layout of a sheet: its name and its ordered, folded headers (trailing blanks dropped)."""
    texts = [header_text(v) for v in header]
    while texts and not texts[-1]:
        texts.pop()
    return hashlib.sha256(json.dumps([sheet, texts], ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class Reading:
    how: str  # MAPPED | EXACT | SYNONYM | AMBIGUOUS | UNKNOWN
    column: str | None = None
    candidates: tuple[str, ...] = ()  # AMBIGUOUS: the columns it could be


def check_mapping(mapping: Mapping | Iterable[tuple]) -> tuple[dict, list[Problem]]:
    """A mapping resolved to {(sheet or None, header text): (header as given, column)}, and the
    problems that refuse it: a header bound to two columns, two headers bound to one column, a
    sheet or column the contract does not have."""
    pairs = list(mapping.items() if isinstance(mapping, dict) else mapping)
    resolved: dict[tuple[str | None, str], tuple[str, str]] = {}
    problems: list[Problem] = []
    bound: dict[tuple[str | None, str], str] = {}  # (scope, column) -> header as given

    def refuse(key: str, **fields) -> None:
        problems.append(Problem(labels.MAP_WHERE, reason=labels.REASON[key].format(**fields)))

    for key, target in pairs:
        sheet, header = key if isinstance(key, tuple) else (None, key)
        header, target = str(header).strip(), str(target).strip()
        if sheet is not None and sheet not in SHEETS_BY_NAME:
            refuse("map_unknown_sheet", sheet=sheet, header=header)
            continue
        sheets = [SHEETS_BY_NAME[sheet]] if sheet else SHEETS
        columns = {header_key(c.name): c.name for s in sheets for c in s.columns}
        column = columns.get(header_key(target))
        if not header_text(header):
            refuse("map_empty", column=target)
            continue
        if column is None:
            near = difflib.get_close_matches(target, sorted(set(columns.values())), n=1)
            problems.append(
                Problem(
                    labels.MAP_WHERE,
                    column=target,
                    reason=labels.REASON["map_unknown_column"].format(header=header, column=target),
                    suggestion=near[0] if near else None,
                )
            )
            continue
        slot = (sheet, header_text(header))
        if slot in resolved and resolved[slot][1] != column:
            refuse("map_header_twice", header=header, first=resolved[slot][1], second=column)
            continue
        if (sheet, column) in bound and header_text(bound[(sheet, column)]) != slot[1]:
            refuse("map_column_twice", column=column, first=bound[(sheet, column)], second=header)
            continue
        resolved[slot] = (header, column)
        bound[(sheet, column)] = header
    return resolved, problems


def reader(sheet: Sheet, given: dict) -> Callable[[object], Reading]:
    """A function reading one header cell of `sheet`: given is check_mapping's resolved mapping."""
    exact = {header_key(c.name): c.name for c in sheet.columns}
    synonyms = header_synonyms(sheet.name)
    by_text = {header_text(h): c for h, c in synonyms.items()}
    by_key = {header_key(h): c for h, c in synonyms.items() if header_key(h) not in exact}
    ambiguous = {header_text(h): cols for h, cols in AMBIGUOUS_HEADERS.get(sheet.name, {}).items()}
    mapped = {text: col for (s, text), (_, col) in given.items() if s is None}
    mapped |= {text: col for (s, text), (_, col) in given.items() if s == sheet.name}
    names = {c.name for c in sheet.columns}

    def read(value: object) -> Reading:
        text, key = header_text(value), header_key(value)
        if mapped.get(text) in names:
            return Reading(MAPPED, mapped[text])
        if text in by_text:
            return Reading(SYNONYM, by_text[text])
        if key in exact:
            return Reading(EXACT, exact[key])
        if key in by_key:
            return Reading(SYNONYM, by_key[key])
        if text in ambiguous:
            return Reading(AMBIGUOUS, candidates=ambiguous[text])
        return Reading(UNKNOWN)

    return read


def suggest(sheet: str, missing: list[str], unknown: list[str]) -> dict[str, str]:
    """The unknown header most like each missing column (its name or a synonym of it), each
    header at most once: {column: header}, for the columns with a close enough header."""
    synonyms = header_synonyms(sheet)
    scores = []
    for column in missing:
        names = [column, *(h for h, c in synonyms.items() if c == column)]
        for header in unknown:
            score = max(
                difflib.SequenceMatcher(None, header_key(header), header_key(n)).ratio()
                for n in names
            )
            if score >= 0.5:
                scores.append((score, column, header))
    chosen: dict[str, str] = {}
    for _, column, header in sorted(scores, key=lambda s: -s[0]):
        if column not in chosen and header not in chosen.values():
            chosen[column] = header
    return chosen


def recall(con: duckdb.DuckDBPyConnection, fingerprints: list[str]) -> dict[str, dict[str, str]]:
    """The mappings confirmed earlier for these layouts: {fingerprint: {header: column}}."""
    from . import db

    rows = db.run(con, "header_mappings", fingerprints=list(fingerprints))
    return {r.fingerprint: json.loads(r.mapping) for r in rows.itertuples()}


def remember(
    con: duckdb.DuckDBPyConnection, username: str, layout: dict, sheet: str, mapping: dict[str, str]
) -> None:
    """Keep a confirmed mapping ({header: column}) for the layout, and audit it."""
    from . import auth, db

    params = {
        "fingerprint": layout["fingerprint"],
        "sheet": sheet,
        "headers": json.dumps(layout["headers"], ensure_ascii=False),
        "mapping": json.dumps(mapping, ensure_ascii=False),
        "username": username,
    }
    auth._write(con, db.sql("header_mapping_save"), params)
    detail = {"file": layout["file"], "sheet": sheet, "fingerprint": layout["fingerprint"]}
    auth.audit(con, username, "header_mapping", {**detail, "mapping": mapping})
