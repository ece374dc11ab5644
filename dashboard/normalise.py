"""Cells to typed values: the Python twins of the SQL macros (fold, header keys, a workbook cell
as text) and the normalisation of a sheet's text table into typed columns with the macros of
``queries/macros`` (fast, vectorised)."""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from .contract import NO, SHEETS, YES, Col, Sheet
from .db import ident

_FOLD = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " "})


def fold(text: str) -> str:
    """Full-width ASCII and the ideographic space to half-width (the Python twin of fold.sql)."""
    return text.translate(_FOLD)


def header_key(text: object) -> str:
    """A header as matched: folded, without spaces, without a trailing unit in brackets."""
    key = re.sub(r"\s+", "", fold(str(text or "")))
    return re.sub(r"\([^()]*\)$", "", key)


def cell_text(value: object) -> str | None:
    """A cell from a workbook as the text the SQL normaliser reads."""
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


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
        + " ".join(
            f"when {_literal(alias)} then {_literal(value)}"
            for col_id, alias, value in _enum_rows()
            if col_id == i
        )
        + " end end",
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


_COL_ID = {
    (s.name, c.name): i for i, (s, c) in enumerate((s, c) for s in SHEETS for c in s.columns)
}


def normalise(con: duckdb.DuckDBPyConnection, sheet: Sheet) -> None:
    """temp table stage_<table>: __row, <col>__raw (the cell's text), <col> (typed)."""
    parts = ["__row"]
    for col in sheet.columns:
        parts.append(f"{ident(col.name)} as {ident(col.name + '__raw')}")
        parts.append(
            f"cast({_norm_expr(col, _COL_ID[(sheet.name, col.name)])} as {col.sql_type}) "
            f"as {ident(col.name)}"
        )
    con.execute(
        f"create temp table stage_{sheet.table} as select {', '.join(parts)} from src_{sheet.table}"
    )
    con.execute(f"drop table src_{sheet.table}")
