"""The contract's rules over the normalised tables: every problem with its file, sheet, Excel
row, column and value (collected in SQL, shown up to max_problems), and the warnings."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

import duckdb

from . import labels, settings
from .contract import DATE_ORDERS, FIRST_EVENTS, SHEET_NAMES, SHEETS, SHEETS_BY_NAME, Sheet
from .db import ident
from .load import raw_cells
from .normalise import cell_rules, fold
from .problems import Problem, shown
from .sources import Source


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    if len(value) > 100:  # nothing to suggest, and difflib would index the whole cell
        return None
    match = difflib.get_close_matches(fold(value).strip(), list(candidates), n=1, cutoff=0.5)
    return match[0] if match else None


def _problem_sql(sheet: Sheet) -> list[tuple[str, str, object]]:
    """(code, select __row, column, value, arg, lookup, col) for every cell rule of a sheet."""
    s = f"stage_{sheet.table}"
    out = []
    for col in sheet.columns:
        c, raw = ident(col.name), ident(col.name + "__raw")
        base = f"select __row, $col as col, {raw} as value, null as arg, null as lookup from {s} where "
        out += [(code, base + cond, col) for code, cond in cell_rules(col, c, raw)]
    return out


def collect_problems(
    con: duckdb.DuckDBPyConnection,
    sources: dict[str, Source],
    problems_limit: int,
    one_sheet: bool = False,
) -> tuple[list[Problem], int]:
    """Every problem of the staged sheets (the first problems_limit, and how many in all).
    one_sheet: the sources are one sheet on its own (a form), not an export missing its other
    sheets, so its references are checked against the data already held."""
    con.execute(
        "create temp table problems (sheet varchar, __row bigint, col varchar, "
        "value varchar, code varchar, arg varchar, lookup varchar[])"
    )

    def add(sheet_name: str, code: str, select: str, params: dict | None = None):
        """Problems from select (__row, col, value, arg[, lookup]): lookup names the columns
        whose text, read back from the file (load.raw_cells), is the value shown."""
        if " as lookup from " not in select:
            select = f"select *, null as lookup from ({select})"
        con.execute(
            "insert into problems select $sheet, __row, col, value, $code, arg, lookup "
            f"from ({select})",
            {"sheet": sheet_name, "code": code, **(params or {})},
        )

    for name, src in sources.items():
        sheet = src.sheet
        s = f"stage_{sheet.table}"
        for code, select, col in _problem_sql(sheet):
            add(name, code, select, {"col": col.name})
        for key in sheet.unique:
            k = ", ".join(ident(c) for c in key)
            given = " and ".join(f"{ident(c)} is not null" for c in key)
            # Each key's first row, of the keys held more than once: a hash aggregate, not a
            # window over every row (2.5× the time on a national 创新成果), and first over the
            # keys' 64-bit hashes (cheaper to group than text); equal hashes are then grouped
            # by the keys themselves, so a collision is no duplicate.
            twice = (
                f"select h from (select hash({k}) as h from {s} where {given}) "
                "group by h having count(*) > 1"
            )
            add(
                name,
                "unique",
                f"select s.__row, $col as col, null as value, cast(d.first_row as varchar) "
                f"as arg, $lookup as lookup from {s} s join (select {k}, min(__row) as first_row "
                f"from {s} where {given} and hash({k}) in ({twice}) "
                f"group by all having count(*) > 1) d using ({k}) where s.__row > d.first_row",
                {"col": "+".join(key), "lookup": list(key)},
            )
        for rule in DATE_ORDERS:
            if rule.sheet == name:
                later, earlier = ident(rule.later), ident(rule.earlier)
                add(
                    name,
                    rule.code,
                    f"select __row, $col as col, null as value, cast({earlier} as varchar) "
                    f"as arg, [$col] as lookup from {s} where {later} <= {earlier}",
                    {"col": rule.later},
                )
    # references, checked against what the database will hold afterwards
    for sheet in SHEETS:
        for col in sheet.columns:
            if not col.ref:
                continue
            target_sheet = SHEETS_BY_NAME[col.ref[0]]
            if target_sheet.name in sources:
                target = f"stage_{target_sheet.table}"
            elif not one_sheet and _is_broken(target_sheet, sources):
                continue
            else:
                target = f"raw_{target_sheet.table}"
            t = f"(select {ident(col.ref[1])} from {target} where {ident(col.ref[1])} is not null)"
            c = ident(col.name)
            if sheet.name in sources:
                add(
                    sheet.name,
                    "ref",
                    f"select __row, $col as col, null as value, $target as arg, [$col] as lookup "
                    f"from stage_{sheet.table} where {c} is not null and {c} not in {t}",
                    {"col": col.name, "target": target_sheet.name},
                )
            elif target_sheet.name in sources:
                own_key = next(
                    (k.name for k in sheet.columns if k.kind == "key" and not k.ref), None
                )
                record = (  # target|key column|key value, or target| without a key
                    f"$target || '|' || $own_key || '|' || {ident(own_key)}"
                    if own_key
                    else "$target || '|'"
                )
                add(
                    sheet.name,
                    "ref_existing",
                    f"select _row as __row, $col as col, cast({c} as varchar) as value, "
                    f"{record} as arg from raw_{sheet.table} where {c} not in {t}",
                    {"col": col.name, "target": target_sheet.name}
                    | ({"own_key": own_key} if own_key else {}),
                )
    _app_references(sources, add)
    count = con.execute("select count(*) from problems").fetchone()[0]
    rows = con.execute(
        "select sheet, __row, col, value, code, arg, lookup from problems "
        "order by sheet, __row, col limit $n",
        {"n": problems_limit},
    ).fetchall()
    texts = {}
    for name in {r[0] for r in rows if r[6]}:
        cells = [(r[1], c) for r in rows if r[0] == name and r[6] for c in r[6]]
        texts[name] = raw_cells(con, sources[name], cells)
    rows = [(*r[:3], _looked_up(texts[r[0]], r[1], r[6]) if r[6] else r[3], *r[4:6]) for r in rows]
    return [_render(con, sources, *r) for r in rows], count


def _looked_up(texts: dict, row: int, cols: list[str]) -> str | None:
    """The value a problem shows: its columns' text, joined (null if one is blank, as SQL's ||)."""
    parts = [texts.get((row, c)) for c in cols]
    return None if None in parts else " / ".join(parts)


def _app_references(sources: dict[str, Source], add: Callable) -> None:
    """A registry import may not leave an inspection recorded in the app (app_inspections: not
    voided, and not replaced by this import's 检查记录) pointing to a studio it removes: the
    record would silently drop out of every figure."""
    studios, inspections = SHEETS_BY_NAME[SHEET_NAMES["studios"]], SHEET_NAMES["inspections"]
    if studios.name not in sources:
        return
    studio, inspection = (
        ident(studios.unique[0][0]),
        ident(SHEETS_BY_NAME[inspections].unique[0][0]),
    )
    held = "stage_inspections" if inspections in sources else "raw_inspections"
    add(
        inspections,
        "ref_app",
        f"select null as __row, $col as col, {studio} as value, {inspection} as arg "
        f"from app_inspections where voided_at is null "
        f"and {inspection} not in (select {inspection} from {held}) "
        f"and {studio} not in (select {studio} from stage_studios where {studio} is not null)",
        {"col": studios.unique[0][0]},
    )


def _is_broken(sheet: Sheet, sources: dict[str, Source]) -> bool:
    """The sheet's export is in this import but the sheet itself could not be read."""
    return any(s.sheet.export == sheet.export for s in sources.values()) and sheet.required


def _record(record: str) -> str:
    """ "key column|key value" as the reason shows it, "" for none."""
    if not record:
        return ""
    column, _, value = record.partition("|")
    return labels.REF_RECORD.format(column=column, value=value)


def _render(con, sources, sheet_name, row, col_name, value, code, arg) -> Problem:
    sheet = SHEETS_BY_NAME[sheet_name]
    src = sources.get(sheet_name)
    file = src.label if src and code != "ref_existing" else labels.WHERE_DB
    value = "" if value is None else str(value)
    suggestion = None
    if code == "too_long":
        reason = labels.REASON["cell_too_long"].format(
            n=len(value), limit=int(settings.get("max_cell_chars"))
        )
    elif code == "enum":
        col = sheet.col(col_name)
        reason = labels.REASON["enum"].format(values=labels.LIST_SEP.join(col.values))
        suggestion = suggest(value, [*col.values, *col.aliases])
        suggestion = col.aliases.get(suggestion, suggestion)
    elif code in ("min", "min_exclusive", "max"):
        col = sheet.col(col_name)
        reason = labels.REASON[code].format(min=col.min, max=col.max)
    elif code == "unique":
        reason = labels.REASON["unique"].format(first=arg)
    elif code in {rule.code for rule in DATE_ORDERS}:
        reason = labels.REASON[code].format(start=arg)
    elif code == "ref_app":
        file, reason = labels.WHERE_APP, labels.REASON["ref_app"].format(id=arg)
    elif code in ("ref", "ref_existing"):
        arg, _, record = arg.partition("|")
        target = SHEETS_BY_NAME[arg]
        col = sheet.col(col_name)
        reason = labels.REASON[code].format(
            sheet=arg, column=col_name, value=value, record=_record(record)
        )
        if code == "ref" and target.col(col.ref[1]).kind == "text":
            where = f"stage_{target.table}" if arg in sources else f"raw_{target.table}"
            keys = [
                r[0]
                for r in con.execute(
                    f"select distinct cast({ident(col.ref[1])} as varchar) from {where} limit 5000"
                ).fetchall()
                if r[0] is not None
            ]
            suggestion = suggest(value, keys)
    else:
        reason = labels.REASON[code]
    return Problem(file, sheet_name, row, col_name, shown(value), reason, suggestion)


def collect_warnings(con: duckdb.DuckDBPyConnection, sources: dict[str, Source]) -> list[Problem]:
    out = [
        Problem(
            s.label,
            s.sheet.name,
            s.ignored[0],
            reason=labels.WARN["unheaded_cells"].format(rows=s.ignored[1]),
        )
        for s in sources.values()
        if s.ignored
    ]
    for rule in FIRST_EVENTS:
        if rule.sheet not in sources:
            continue
        s = f"stage_{SHEETS_BY_NAME[rule.sheet].table}"
        key, date = ident(rule.key), ident(rule.date)
        rows = con.execute(
            f"select e.__row, cast(f.first as varchar) from {s} e "
            f"join (select {key} as id, min({date}) as first from {s} "
            f"where {ident(rule.column)} = $value group by 1) f on f.id = e.{key} "
            f"where e.{date} < f.first order by e.__row limit 200",
            {"value": rule.value},
        ).fetchall()
        src = sources[rule.sheet]
        texts = raw_cells(con, src, [(r, rule.date) for r, _ in rows]) if rows else {}
        out += [
            Problem(
                src.label,
                rule.sheet,
                r,
                rule.date,
                texts.get((r, rule.date)),
                labels.WARN[rule.code].format(first=f),
            )
            for r, f in rows
        ]
    return out
