"""Cells to typed values: the Python twins of the SQL macros (fold, header keys, a workbook cell
as text) and the normalisation of a sheet's text table into typed columns with the macros of
``queries/macros`` (fast, vectorised)."""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from . import settings
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


def cell_rules(col: Col, typed: str, raw: str) -> list[tuple[str, str]]:
    """(code, condition) of every rule on one cell, over its typed value and its text (SQL)."""
    rules = []
    if col.required:
        rules.append(("required", f"{typed} is null and norm_text({raw}) is null"))
    if col.kind in ("int", "num", "date", "enum"):
        rules.append((col.kind, f"{typed} is null and norm_text({raw}) is not null"))
    else:  # text and keys: other kinds fail to parse long before this length
        most = int(settings.get("max_cell_chars"))  # strlen, in bytes, is read at once
        rules.append(("too_long", f"strlen({raw}) > {most} and length({raw}) > {most}"))
    if col.min is not None:
        op = "<=" if col.min_exclusive else "<"
        code = "min_exclusive" if col.min_exclusive else "min"
        rules.append((code, f"{typed} {op} {col.min}"))
    if col.max is not None:
        rules.append(("max", f"{typed} > {col.max}"))
    return rules


def normalise(
    con: duckdb.DuckDBPyConnection,
    sheet: Sheet,
    source: str | None = None,
    params: dict | None = None,
    keep: tuple[str, ...] = (),
    into: str | None = None,
    filled: bool = False,
) -> None:
    """The table stage_<table> (temporary, or in the attached database `into`, then read through
    a temporary view of that name) from source (a select of __row and each column's text;
    default the table src_<table>): __row, <col> (typed), <col>__raw, and the source's columns
    in keep.

    <col>__raw holds a cell's text only where it breaks one of its cell_rules, which is what the
    rules need (each holds on the kept text exactly when it holds on the cell's: a cell that
    breaks none keeps null, on which none holds). The text of other cells is read back from the
    source when a problem shows it (load.raw_cells): not keeping every cell twice is most of
    what makes a national import fast.

    With filled, also __filled: whether any cell of the row holds text (a row that holds none is
    blank, and dropped). A typed value that blank text does not give (every rule but a blank's
    default, col.blank_as) answers for nearly every row with a null test; only the rest have
    their text trimmed (norm_text of every cell of 5M rows cost 1 CPU-s)."""
    source = source or f"select * from src_{sheet.table}"
    typed, kept = ["__row"], ["__row"]
    for col in sheet.columns:
        c, text = ident(col.name), ident(col.name + "__text")
        expr = _norm_expr(col, _COL_ID[(sheet.name, col.name)])
        typed += [f"cast({expr} as {col.sql_type}) as {c}", f"{c} as {text}"]
        fails = " or ".join(f"({cond})" for _, cond in cell_rules(col, c, text))
        kept += [c, f"case when {fails} then {text} end as {ident(col.name + '__raw')}"]
    typed += [ident(k) for k in keep]
    kept += [ident(k) for k in keep]
    if filled:
        answers = " or ".join(
            f"{ident(c.name)} is not null" for c in sheet.columns if c.blank_as is None
        )
        texts = ", ".join(f"norm_text({ident(c.name + '__text')})" for c in sheet.columns)
        kept.append(
            f"case when {answers or 'false'} then true "
            f"else coalesce({texts}) is not null end as __filled"
        )
    table = f"{into}.stage_{sheet.table}" if into else f"stage_{sheet.table}"
    con.execute(
        f"create {'' if into else 'temp '}table {table} as select {', '.join(kept)} from ("
        f"select {', '.join(typed)} from ({source}))",
        params or {},
    )
    if into:  # read as stage_<table> like a temporary one
        con.execute(f"create or replace temp view stage_{sheet.table} as select * from {table}")
