"""Every found sheet's cells, as text, into a temporary DuckDB table (src_<table>): __row (the
Excel row), then one column per contract column. Cells under no header are counted, to warn."""

from __future__ import annotations

import re
from collections.abc import Callable

import duckdb
import pyarrow as pa

from . import labels, settings, template
from .db import ident
from .normalise import cell_text
from .problems import Problem, Refused
from .sources import Source

CSV_PROBE_COLUMNS = 16  # read past the header rows' width, to notice cells under no header


def load_all(
    con: duckdb.DuckDBPyConnection,
    found: list[Source],
    problems: list[Problem],
    progress: Callable[[str, str, float], None],
    on_step: Callable[[str], None],
) -> list[Source]:
    """Load every source's text; the ones DuckDB cannot read become problems and drop out."""
    # A result the caller left unfetched (con.execute(…).fetchone()) makes register() refuse.
    con.execute("select 1").fetchall()
    loaded = []
    for n, src in enumerate(found):
        progress("read", src.sheet.name, n / max(len(found), 1))
        try:
            load_text(con, src)
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


def load_text(con: duckdb.DuckDBPyConnection, src: Source) -> None:
    """temp table src_<table>: __row, then every contract column as text (absent ones null)."""
    table = f"src_{src.sheet.table}"
    not_blank = " or ".join(f"norm_text({ident(c.name)}) is not null" for c in src.sheet.columns)
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
        con.execute(f"create temp table {table} as select * from arrow_in where {not_blank}")
        con.unregister("arrow_in")
        _drop_template_example(con, table, src)
    else:
        _read_csv(con, f"{table}_csv", src)
        names = [d[0] for d in con.execute(f"select * from {table}_csv limit 0").description]
        cols = ", ".join(
            (
                ident(names[src.mapping[c.name]])
                if c.name in src.mapping and src.mapping[c.name] < len(names)
                else "cast(null as varchar)"
            )
            + f" as {ident(c.name)}"
            for c in src.sheet.columns
        )
        # Temporary tables number their rows from a large base; count from the first data row.
        base = con.execute(f"select coalesce(min(rowid), 0) from {table}_csv").fetchone()[0]
        # The probe columns past the header rows' width notice cells right of every header
        # (DuckDB drops cells past the last column it is told to read).
        unnamed = [*src.unnamed, *range(len(names) - CSV_PROBE_COLUMNS, len(names))]
        first, rows = con.execute(
            f"select min(rowid) - $base + $first, count(*) from {table}_csv where "
            + " or ".join(f"norm_text({ident(names[pos])}) is not null" for pos in unnamed),
            {"base": base, "first": src.header_row + 1},
        ).fetchone()
        if rows:
            src.ignored = (first, rows)
        con.execute(
            f"create temp table {table} as select * from ("
            f"select rowid - $base + $first as __row, {cols} from {table}_csv) "
            f"where {not_blank}",
            {"base": base, "first": src.header_row + 1},
        )
        con.execute(f"drop table {table}_csv")
        _drop_template_example(con, table, src)


EXAMPLES_TABLE = "template_examples"  # (file, sheet, row): the example rows dropped


def _drop_template_example(con, table: str, src: Source) -> None:
    """A template's grey example row (template.example), left in by whoever filled it, is no
    data: a row equal to it in every contract column the file has is dropped before the checks,
    and noted for example_warnings. The other rows keep their Excel row numbers (__row)."""
    cols = [c for c in src.sheet.columns if c.name in src.mapping]
    if not cols:
        return
    example = template.example(src.sheet)
    params = {f"v{i}": cell_text(example[c.name]) for i, c in enumerate(cols)}
    where = " and ".join(
        f"norm_text({ident(c.name)}) is not distinct from norm_text($v{i})"
        for i, c in enumerate(cols)
    )
    if params["v0"]:  # a cheap first pass: trimming every cell of a national file took 2 s
        where = f"contains({ident(cols[0].name)}, norm_text($v0)) and {where}"
    dropped = con.execute(f"delete from {table} where {where} returning __row", params).fetchall()
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


def _read_csv(con, table: str, src: Source) -> None:
    """The CSV's rows below the header as text, as many columns as the header rows have (no
    sniffing: what it guesses from a hostile file can be anything). DuckDB's parallel reader
    refuses quoted line breaks (multi-line cells, common in Excel exports) with padded rows, so
    such a file is read again serially. A file DuckDB cannot read at all is Refused."""
    columns = {f"c{i}": "VARCHAR" for i in range(max(src.width, 1) + CSV_PROBE_COLUMNS)}
    for parallel in (True, False):
        try:
            con.execute(
                f"create temp table {table} as select * from read_csv($path, "
                "auto_detect=false, header=false, skip=$skip, columns=$columns, "
                "null_padding=true, delim=',', quote='\"', escape='\"', "
                "strict_mode=false, max_line_size=$max_line, parallel=$parallel)",
                {
                    "path": str(src.csv_path),
                    "skip": src.header_row,
                    "columns": columns,
                    "max_line": int(settings.get("max_line_mb")) * 1024 * 1024,
                    "parallel": parallel,
                },
            )
            return
        except duckdb.Error as exc:
            message = str(exc)
            if parallel and "parallel" in message:
                continue
            line = re.search(r"Line: (\d+)", message)
            if "Maximum line size" in message:
                raise Refused(
                    "line_too_long",
                    row=line.group(1) if line else "?",
                    mb=int(settings.get("max_line_mb")),
                ) from exc
            detail = labels.LINE.format(row=line.group(1)) if line else type(exc).__name__
            raise Refused("csv_malformed", detail=detail) from exc
