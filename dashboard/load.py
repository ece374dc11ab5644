"""Every found sheet read into its stage (normalise.py): __row (the Excel row), then each
contract column typed, with the text of the cells that break a rule. A CSV is read once, by
DuckDB, straight into it; a workbook's text goes through a temporary table (src_<table>). Cells
under no header are counted, to warn; a template's example row is dropped, to warn."""

from __future__ import annotations

import re
from collections.abc import Callable

import duckdb
import pyarrow as pa

from . import labels, settings, template
from .csv_source import mixed_line
from .db import ident
from .normalise import _literal, cell_text, normalise
from .problems import Problem, Refused
from .sources import Source

CSV_PROBE_COLUMNS = 16  # read past the header rows' width, to notice cells under no header


def load_all(
    con: duckdb.DuckDBPyConnection,
    found: list[Source],
    problems: list[Problem],
    progress: Callable[[str, str, float], None],
    on_step: Callable[[str], None],
    into: str | None = None,
) -> list[Source]:
    """Stage every source (in the attached database `into`, or as temporary tables); the ones
    DuckDB cannot read become problems and drop out."""
    # A result the caller left unfetched (con.execute(…).fetchone()) makes register() refuse.
    con.execute("select 1").fetchall()
    loaded = []
    for n, src in enumerate(found):
        progress("read", src.sheet.name, n / max(len(found), 1))
        try:
            load_text(con, src, into)
        except Refused as refused:
            problems.append(
                Problem(
                    src.label,
                    src.sheet.name,
                    reason=labels.REASON[refused.key].format(**refused.fields),
                )
            )
            continue
        loaded.append(src)
        on_step("after_read")
    return loaded


def load_text(con: duckdb.DuckDBPyConnection, src: Source, into: str | None = None) -> None:
    """The table stage_<table> (normalise.py; in `into`, or temporary): __row, then every contract
    column typed (absent ones null), with the text of the cells that break a rule. A CSV is read
    once, straight into it: its rows numbered by the reader (with ordinality), blank rows and a
    template's example row dropped, cells under no header counted. A workbook's text goes
    through src_<table>."""
    table = src.sheet.table
    staged = f"{into}.stage_{table}" if into else f"stage_{table}"  # deleted from by name
    if src.kind == "xlsx":
        data = src.rows[src.header_row :]
        arrays = {
            "__row": pa.array(range(src.header_row + 1, src.header_row + 1 + len(data)), pa.int64())
        }
        for col in src.sheet.columns:
            pos = src.mapping.get(col.name)
            arrays[col.name] = pa.array(
                [cell_text(r[pos]) if pos is not None and pos < len(r) else None for r in data],
                pa.string(),
            )
        unnamed = [(pos, pos + 1) for pos in src.unnamed] + [(src.width, None)]
        flagged = [
            n
            for n, r in enumerate(data)
            if any(_filled(v) for start, stop in unnamed for v in r[start:stop])
        ]
        if flagged:
            src.ignored = (src.header_row + 1 + flagged[0], len(flagged))
        con.register("arrow_in", pa.table(arrays))
        con.execute(
            f"create temp table src_{table} as select * from arrow_in where "
            + _any_text(ident(c.name) for c in src.sheet.columns)
        )
        con.unregister("arrow_in")
        example = _example(src)
        if example:
            dropped = con.execute(
                f"delete from src_{table} where {example} returning __row"
            ).fetchall()
            _note_examples(con, src, dropped)
        src.raw = (f"select * from src_{table}", {})
        normalise(con, src.sheet, into=into)
        return
    # A file no row of which is wider than its header is read strictly, without probe columns
    # (16 more columns to parse cost 1.3 CPU-s nationally); one that the strict reader refuses
    # (a row wider than the header, a stray quote) is read again as before, leniently.
    for strict in (True, False):
        names, raw, params = _csv_select(src, strict)
        probes = [ident(names[pos]) for pos in src.unnamed]
        if not strict:
            probes += [ident(name) for name in names[-CSV_PROBE_COLUMNS:]]
        # Flags, dropped rows after: each a coalesce or a case, which stop at the first cell
        # that decides (an `or` of twelve cells in a select evaluates all twelve: 6 CPU-s).
        source = (
            f"select *, {_any_text(probes) if probes else 'false'} as __unheaded, "
            f"{_maybe_example(src)} as __example from ({raw})"
        )
        try:
            parallel = _stage(con, src, source, params, into)
            break
        except duckdb.Error as exc:
            if not strict:
                raise _refused(exc, src) from exc
    src.raw = (raw, {**params, "parallel": parallel})
    first, rows = con.execute(
        f"select min(__row), count(*) from stage_{table} where __unheaded"
    ).fetchone()
    if rows:
        src.ignored = (first, rows)
    con.execute(f"delete from {staged} where not __filled")
    maybe = [
        r for (r,) in con.execute(f"select __row from stage_{table} where __example").fetchall()
    ]
    if maybe:  # the file read again for the rows that may be the example (few)
        dropped = con.execute(
            f"select __row from ({raw}) where __row in (select unnest($maybe)) and {_example(src)}",
            {**src.raw[1], "maybe": maybe},
        ).fetchall()
        con.execute(
            f"delete from {staged} where __row in (select unnest($rows))",
            {"rows": [r for (r,) in dropped]},
        )
        _note_examples(con, src, dropped)


def _stage(con, src: Source, source: str, params: dict, into: str | None) -> bool:
    """normalise a CSV's select into its stage; whether the reader ran in parallel. DuckDB's
    parallel reader refuses quoted line breaks with padded rows: such a file is read serially."""
    for parallel in (True, False):
        try:
            keep = ("__unheaded", "__example")
            normalise(con, src.sheet, source, {**params, "parallel": parallel}, keep, into, True)
            return parallel
        except duckdb.Error as exc:
            if not (parallel and "parallel" in str(exc)):
                raise
    raise AssertionError("unreachable")


def _any_text(cols) -> str:
    """Whether any of the columns holds text (SQL): the first that does decides."""
    return f"coalesce({', '.join(f'norm_text({c})' for c in cols)}) is not null"


def raw_cells(
    con: duckdb.DuckDBPyConnection, src: Source, cells: list[tuple[int, str]]
) -> dict[tuple[int, str], str | None]:
    """The text of cells (Excel row, column) of a loaded sheet, read back from its source: the
    stage keeps only the text of cells that break a rule (normalise.py). A CSV is read again."""
    rows = sorted({row for row, _ in cells})
    cols = sorted({col for _, col in cells})
    sql, params = src.raw
    got = con.execute(
        f"select __row, {', '.join(ident(c) for c in cols)} from ({sql}) "
        "where __row in (select unnest($lookup_rows))",
        {**params, "lookup_rows": rows},
    ).fetchall()
    return {(r[0], col): text for r in got for col, text in zip(cols, r[1:])}


EXAMPLES_TABLE = "template_examples"  # (file, sheet, row): the example rows dropped


def _example(src: Source) -> str | None:
    """A template's grey example row (template.example), left in by whoever filled it, is no
    data: the condition (SQL over the columns' text) that holds on a row equal to it in every
    contract column the file has. Such rows are dropped before the checks and noted for
    example_warnings; the other rows keep their Excel row numbers (__row). The example's
    values are the template's own, written in as literals: a parameter is not folded, and
    testing every row against one cost 6 CPU-s nationally."""
    cols = [c for c in src.sheet.columns if c.name in src.mapping]
    if not cols:
        return None
    example = template.example(src.sheet)
    values = [cell_text(example[c.name]) for c in cols]
    text = [f"norm_text({_literal(v)})" if v is not None else "null" for v in values]
    where = " and ".join(
        f"norm_text({ident(c.name)}) is not distinct from {t}" for c, t in zip(cols, text)
    )
    if values[0]:  # a cheap first pass: trimming every cell of a national file took 2 s
        where = f"contains({ident(cols[0].name)}, {text[0]}) and {where}"
    return where


def _maybe_example(src: Source) -> str:
    """A cheap condition that holds on every example row (_example) and on few others: the
    first column contains the example's value. (The whole condition in a select is evaluated
    cell by cell on every row: 6 CPU-s nationally.)"""
    cols = [c for c in src.sheet.columns if c.name in src.mapping]
    if not cols:
        return "false"
    first = cell_text(template.example(src.sheet)[cols[0].name])
    if not first:
        return _example(src) or "false"
    return f"contains({ident(cols[0].name)}, norm_text({_literal(first)}))"


def _note_examples(con, src: Source, dropped: list[tuple[int]]) -> None:
    if not dropped:
        return
    con.execute(
        f"create temp table if not exists {EXAMPLES_TABLE} (file varchar, sheet varchar, row bigint)"
    )
    con.executemany(
        f"insert into {EXAMPLES_TABLE} values (?, ?, ?)",
        [(src.label, src.sheet.name, row) for (row,) in dropped],
    )


def example_warnings(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    """A warning for each template example row dropped while loading (已忽略模板示例行)."""
    if not con.execute(
        "select count(*) from duckdb_tables() where temporary and table_name = $t",
        {"t": EXAMPLES_TABLE},
    ).fetchone()[0]:
        return []
    rows = con.execute(f"select file, sheet, row from {EXAMPLES_TABLE} order by rowid").fetchall()
    return [Problem(f, s, r, reason=labels.WARN["template_example"]) for f, s, r in rows]


def _filled(value) -> bool:
    return bool((cell_text(value) or "").strip())


def _csv_select(src: Source, strict: bool) -> tuple[list[str], str, dict]:
    """The CSV's rows below the header as text (the reader's columns, then a select of __row and
    each contract column): as many columns as the header rows have. Strict, the reader refuses
    a row with more; else CSV_PROBE_COLUMNS more are read, to notice cells right of every
    header (the lenient reader drops cells past the last column it is told to read). No sniffing: what it guesses from a hostile file can be anything. DuckDB's
    parallel reader refuses quoted line breaks (multi-line cells, common in Excel exports)
    with padded rows, so the caller reads such a file again serially ($parallel)."""
    names = [f"c{i}" for i in range(max(src.width, 1) + (0 if strict else CSV_PROBE_COLUMNS))]
    cols = ", ".join(
        (
            ident(names[src.mapping[c.name]])
            if src.mapping.get(c.name, len(names)) < len(names)
            else "cast(null as varchar)"
        )
        + f" as {ident(c.name)}"
        for c in src.sheet.columns
    )
    # Rows numbered by the reader in the file's order (a streaming window): no copy to number
    # them, no sort to put them back in order.
    sql = (
        f"select ordinality + $header_row as __row, {cols}, {', '.join(names)} from read_csv("
        "$path, auto_detect=false, header=false, skip=$header_row, columns=$columns, "
        "null_padding=true, delim=',', quote='\"', escape='\"', strict_mode=$strict, "
        "max_line_size=$max_line, parallel=$parallel) with ordinality"
    )
    params = {
        "path": str(src.csv_path),
        "header_row": src.header_row,
        "columns": dict.fromkeys(names, "VARCHAR"),
        "max_line": int(settings.get("max_line_mb")) * 1024 * 1024,
        "strict": strict,
    }
    return names, sql, params


def _refused(exc: duckdb.Error, src: Source) -> Refused:
    """A CSV DuckDB cannot read, as the problem to show (naming the line where it can). A byte
    that is not UTF-8 in a file found UTF-8 where it was decoded (csv_source.utf8_copy) is a
    mix of encodings."""
    message = str(exc)
    if "Invalid unicode" in message:
        return Refused("csv_mixed", line=mixed_line(src.file))
    line = re.search(r"Line: (\d+)", message)
    if "Maximum line size" in message:
        return Refused(
            "line_too_long", row=line.group(1) if line else "?", mb=int(settings.get("max_line_mb"))
        )
    detail = labels.LINE.format(row=line.group(1)) if line else type(exc).__name__
    return Refused("csv_malformed", detail=detail)
