"""The imported data as immutable files, so that any number of processes read while one serves.

DuckDB lets one process open a file read-write, or many open it read-only, never both. The
dashboard holds its database read-write (accounts, sessions, the audit log, the app's inspection
records, the stored marts), so the imported data live beside it, in files that are never written
twice (README, "Reading while the dashboard runs"):

    data/studios.duckdb          the app's database (one read-write owner: the server, or a command)
    data/studios.store/
        <id>.duckdb              import <id>: one table raw_<table> per sheet it carried
        <id>.json                its log entry: kind, when, who, files, rows, warnings, and the
                                 state after it (sheet -> [import holding it, rows]); `previous`
        CURRENT                  the id of the state readers use; replaced atomically (the commit)
        app_inspections.parquet  the app's inspection records, as the owner last committed them
        memo.duckdb              the stored marts (memo.py), as the owner last stored them whole
        .lock                    one writer of the store at a time, across processes (flock)

An import (from the page or from `studiodash import`, with or without a server running) reads and
checks its files, then, holding the lock, writes <id>.duckdb and <id>.json under temporary names,
renames them, and replaces CURRENT: the one step that makes it visible. A process killed before
that leaves files no state names (the next id skips them). A restore writes a log entry whose
state is an older one. A reader reads CURRENT once and attaches exactly the files its state names,
read-only: it sees one state whole, never a mix, however many imports commit meanwhile.

`sync` brings a connection's log tables and raw_<table> views to the store's CURRENT state; the
server calls it (through `refresh`) at the start of every script run, so an import made by another
process is seen at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb

from . import labels
from .contract import SHEETS

CURRENT = "CURRENT"
APP_MIRROR = "app_inspections.parquet"
MEMO = "memo.duckdb"
INCOMING = "incoming"  # incoming-<pid>-<token>.duckdb: an import being read and checked
_SEEN: dict[str, int] = {}  # store -> the id of CURRENT this process last caught up with
_SEEN_LOCK = threading.Lock()


def directory(db_path: str | Path) -> Path:
    """The store of the app database at db_path: beside the file the path resolves to (a link
    names the same store), named after the whole file name (a backup `studios.bak` beside
    `studios.duckdb` has a store of its own)."""
    path = Path(db_path).resolve()
    return path.with_name(path.name + ".store")


class StoreBroken(RuntimeError):
    """The store cannot be read as it is (the message, in Chinese, says what to do)."""


def current(store: Path) -> int:
    """The id of the state readers use (0: nothing imported yet). A store is made with CURRENT
    (`writing`), so numbered files without it are a store damaged by hand: refused, never taken
    for an empty one (an import would then overwrite its files)."""
    try:
        return int((store / CURRENT).read_text(encoding="ascii").strip() or 0)
    except FileNotFoundError:
        if any(_numbered(store)):
            raise StoreBroken(labels.STORE_NO_CURRENT.format(store=store)) from None
        return 0


def _numbered(store: Path) -> Iterator[int]:
    if store.is_dir():
        for p in store.iterdir():
            head = p.name.split(".", 1)[0]
            if head.isdigit():
                yield int(head)


def entry(store: Path, import_id: int) -> dict:
    return json.loads((store / f"{import_id}.json").read_text(encoding="utf-8"))


def chain(store: Path, upto: int | None = None) -> list[dict]:
    """The log of the state `upto` (default CURRENT), oldest first: its entry and every entry
    before it, following `previous`. Entries no state names (a killed import) are not in it."""
    out = []
    at = current(store) if upto is None else upto
    while at:
        e = entry(store, at)
        out.append(e)
        at = e.get("previous") or 0
    return out[::-1]


def next_id(store: Path) -> int:
    """The id of the next state: CURRENT is always the latest committed. Files a killed import
    left with that id are no state's, and are overwritten (under the write lock)."""
    return current(store) + 1


@contextlib.contextmanager
def writing(store: Path) -> Iterator[None]:
    """Hold the store's write lock (blocking): one import or restore at a time, across processes.
    The kernel releases it if the process dies."""
    store.mkdir(parents=True, exist_ok=True)
    with open(store / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (store / CURRENT).exists() and not any(_numbered(store)):
                write_atomic(store / CURRENT, b"0\n")  # a store always has CURRENT
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _fsync_dir(store: Path) -> None:
    fd = os.open(store, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write path so that a reader sees the old content or the new, never a part."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_tables(
    con: duckdb.DuckDBPyConnection, store: Path, import_id: int, selects: dict[str, str]
) -> None:
    """Write <import_id>.duckdb with one table per entry of selects (name -> a select on con),
    under a temporary name, then rename it: the file is whole or absent."""
    final = store / f"{import_id}.duckdb"
    tmp = store / f"{import_id}.duckdb.tmp"
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    alias = f"w{import_id}"
    con.execute(f"attach {_lit(tmp)} as {alias}")
    try:
        for name, select in selects.items():
            con.execute(f"create table {alias}.{name} as {select}")
    finally:
        con.execute(f"detach {alias}")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, final)


@contextlib.contextmanager
def incoming(con: duckdb.DuckDBPyConnection, store: Path) -> Iterator[str]:
    """A new file in the store, attached under the alias yielded, in which an import stages its
    sheets as it reads them (load.py): kept as the import's own file (keep), or removed. Files
    of the kind a killed process left are removed first. (In the store, so that keeping it is a
    rename; staged there, the sheets are not copied once more when the import is written.)"""
    store.mkdir(parents=True, exist_ok=True)
    for old in store.glob(f"{INCOMING}-*.duckdb*"):
        pid = old.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            old.unlink(missing_ok=True)
    token = secrets.token_hex(4)
    path = store / f"{INCOMING}-{os.getpid()}-{token}.duckdb"
    name = f"{INCOMING}_{token}"
    con.execute(f"attach {_lit(path)} as {name}")
    try:
        yield name
    finally:
        if con.execute(
            "select count(*) from duckdb_databases() where database_name = $n", {"n": name}
        ).fetchone()[0]:
            con.execute(f"detach {name}")
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def keep(
    con: duckdb.DuckDBPyConnection, store: Path, name: str, import_id: int, tables: dict[str, list]
) -> None:
    """The staged file attached as `name` (incoming) becomes <import_id>.duckdb: each staged
    table (tables: staged name -> [final name, columns to drop, {column: new name}]) trimmed and
    renamed, the file closed, synced and renamed, whole or absent."""
    for staged, (final, drop, rename) in tables.items():
        for col in drop:
            con.execute(f"alter table {name}.{staged} drop column {_quoted(col)}")
        for old, new in rename.items():
            con.execute(
                f"alter table {name}.{staged} rename column {_quoted(old)} to {_quoted(new)}"
            )
        con.execute(f"alter table {name}.{staged} rename to {final}")
    path = Path(
        con.execute(
            "select path from duckdb_databases() where database_name = $n", {"n": name}
        ).fetchone()[0]
    )
    # Written into the file itself, not left in its WAL (which is not renamed with it): a
    # detach while another cursor's transaction has read the database skips the checkpoint.
    con.execute(f"checkpoint {name}")
    con.execute(f"detach {name}")
    if path.with_name(path.name + ".wal").exists():
        raise RuntimeError(f"{path}: not checkpointed")  # never seen; the import is not kept
    with open(path, "rb") as f:
        os.fsync(f.fileno())
    os.replace(path, store / f"{import_id}.duckdb")


def commit(store: Path, log: dict) -> None:
    """Make the state of log (its entry, already complete) the current one: write the entry,
    then replace CURRENT. Call while holding `writing`."""
    write_atomic(
        store / f"{log['import_id']}.json", json.dumps(log, ensure_ascii=False).encode("utf-8")
    )
    write_atomic(store / CURRENT, f"{log['import_id']}\n".encode("ascii"))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(path: Path) -> str:
    """A path as an SQL string literal (ATTACH and COPY take no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def alias(import_id: int) -> str:
    return f"s{import_id}"


def table_of(sheet_table: str, holder: int) -> str:
    """The SQL name of a sheet's table in import `holder`'s file (attached as s<holder>)."""
    return f"{alias(holder)}.raw_{sheet_table}"


def attach(con: duckdb.DuckDBPyConnection, store: Path, holders: set[int]) -> None:
    for holder in sorted(holders):
        con.execute(
            f"attach if not exists {_lit(store / f'{holder}.duckdb')} as {alias(holder)} (read_only)"
        )


def attach_known(con: duckdb.DuckDBPyConnection, store: Path) -> None:
    """Attach the files the views of con's database name (its log's latest state, as it was
    last synced) and those of the store's current state: before the views are made again."""
    named = con.execute(
        "select version_table from import_state "
        "where import_id = (select max(import_id) from import_log)"
    ).fetchall()
    holders = {int(t.split(".", 1)[0][1:]) for (t,) in named if t.startswith("s") and "." in t}
    at = current(store)
    attach(con, store, holders | (_holders(entry(store, at)["state"]) if at else set()))


def _holders(state: dict) -> set[int]:
    return {holder for holder, _ in state.values()}


def sync(con: duckdb.DuckDBPyConnection, store: Path) -> list[dict]:
    """Bring con's import_log, import_state and raw_<table> views to the store's current state,
    in one transaction; returns the log entries new to con (oldest first)."""
    from .db import point_views, version_table  # db imports this module

    log = chain(store)
    have = con.execute("select coalesce(max(import_id), 0) from import_log").fetchone()[0]
    latest = log[-1]["import_id"] if log else 0
    if latest == have:
        return []
    if have > latest or (have and have not in {e["import_id"] for e in log}):
        raise StoreBroken(labels.STORE_BEHIND.format(have=have, latest=latest, store=store))
    state = log[-1]["state"] if log else {}
    attach(con, store, _holders(state))
    new = [e for e in log if e["import_id"] > have]
    con.execute("begin")  # appended: the entries before are the same in every state's chain
    try:
        con.executemany(
            "insert into import_log values (?, ?, cast(? as timestamp), ?, ?, ?, ?, ?, ?)",
            [
                (
                    e["import_id"],
                    e["kind"],
                    e["imported_at"],
                    e["by_user"],
                    json.dumps(e["files"], ensure_ascii=False),
                    json.dumps(e["rows"], ensure_ascii=False),
                    json.dumps(e["warnings"], ensure_ascii=False),
                    e["restored_to"],
                    e["is_sample"],
                )
                for e in new
            ],
        )
        rows = [
            (e["import_id"], sheet, table_of(_table(sheet), holder), n)
            for e in new
            for sheet, (holder, n) in e["state"].items()
        ]
        if rows:
            con.executemany("insert into import_state values (?, ?, ?, ?)", rows)
        point_views(
            con,
            {
                s.table: table_of(s.table, state[s.name][0])
                if s.name in state
                else version_table(s.table, 0)
                for s in SHEETS
            },
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return new


def migrate(con: duckdb.DuckDBPyConnection, store: Path) -> None:
    """A database made before the store (its sheets as version tables raw_<table>__v<N> inside
    it): write each import's tables and log entry to the store, oldest first, then CURRENT; the
    old tables stay where they were. Nothing to do once the store has a state."""
    if any(_numbered(store)) or current(store):
        return
    legacy = con.execute(
        "select count(*) from import_state where version_table not like 's%.raw_%'"
    ).fetchone()[0]
    if not legacy:
        return
    log = con.execute(
        "select import_id, kind, strftime(imported_at, '%Y-%m-%d %H:%M:%S.%f'), by_user, files, "
        "rows, warnings, restored_to, is_sample from import_log order by import_id"
    ).fetchall()
    if not log:
        return
    names = {s.name: s.table for s in SHEETS}
    store.mkdir(parents=True, exist_ok=True)
    previous = None
    for import_id, kind, at, by, files, rows, warnings, restored_to, is_sample in log:
        state = {
            sheet: [int(table.rsplit("__v", 1)[1]), n]
            for sheet, table, n in con.execute(
                "select sheet, version_table, rows from import_state where import_id = $id",
                {"id": import_id},
            ).fetchall()
        }
        carried = {
            s: t for s, (holder, _) in state.items() if holder == import_id for t in [names[s]]
        }
        if carried:
            write_tables(
                con,
                store,
                import_id,
                {f"raw_{t}": f"select * from raw_{t}__v{import_id}" for t in carried.values()},
            )
        entry = {
            "import_id": import_id,
            "kind": kind,
            "imported_at": at,
            "by_user": by,
            "files": json.loads(files or "[]"),
            "rows": json.loads(rows or "{}"),
            "warnings": json.loads(warnings or "[]"),
            "restored_to": restored_to,
            "is_sample": bool(is_sample),
            "previous": previous,
            "state": state,
        }
        write_atomic(store / f"{import_id}.json", json.dumps(entry, ensure_ascii=False).encode())
        previous = import_id
    write_atomic(store / CURRENT, f"{previous}\n".encode("ascii"))
    con.execute("begin")  # made again from the store, with its table names
    try:
        con.execute("delete from import_state")
        con.execute("delete from import_log")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _table(sheet_name: str) -> str:
    return next(s.table for s in SHEETS if s.name == sheet_name)


def moved(store: Path) -> int | None:
    """CURRENT's id when it differs from the one `seen` last recorded for this store, else None:
    a read of a few bytes, cheap enough for every script run (an mtime could miss two commits
    within one tick of a coarse file system)."""
    at = current(store)
    with _SEEN_LOCK:
        return None if _SEEN.get(str(store)) == at else at


def seen(store: Path, at: int) -> None:
    with _SEEN_LOCK:
        _SEEN[str(store)] = at


def mirror_app(con: duckdb.DuckDBPyConnection, store: Path) -> None:
    """Write the app's inspection records where readers of other processes find them (the
    owner calls this after each change; atomically replaced)."""
    store.mkdir(parents=True, exist_ok=True)
    tmp = store / (APP_MIRROR + ".tmp")
    cur = con.cursor()
    try:
        at = cur.execute("select coalesce(max(import_id), 0) from import_log").fetchone()[0]
        cur.execute(
            f"copy (select * from app_inspections) to {_lit(tmp)} "
            f"(format parquet, kv_metadata {{state: '{int(at)}'}})"
        )
    finally:
        cur.close()
    os.replace(tmp, store / APP_MIRROR)


def publish_memo(con: duckdb.DuckDBPyConnection, store: Path, tables: list[str]) -> None:
    """Write the stored marts where readers of other processes find them (memo.duckdb, replaced
    atomically; the owner calls this after storing them whole). A reader uses them only when
    their key answers its query, as the owner does (queries/memo_ready.sql)."""
    tmp = store / (MEMO + ".tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    cur = con.cursor()
    try:
        cur.execute(f"attach {_lit(tmp)} as memo_out")
        try:
            for table in tables:
                cur.execute(f"create table memo_out.{table} as select * from {table}")
        finally:
            cur.execute("detach memo_out")
    finally:
        cur.close()
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, store / MEMO)


def attach_memo(con: duckdb.DuckDBPyConnection, store: Path, tables: list[str]) -> bool:
    """A reader's stored marts: views on the published copy (False when there is none)."""
    path = store / MEMO
    if not path.exists():
        return False
    con.execute(f"attach {_lit(path)} as memo_in (read_only)")
    for table in tables:
        con.execute(f"drop table if exists {table}")
        con.execute(f"create or replace view {table} as select * from memo_in.{table}")
    return True


def load_app_mirror(con: duckdb.DuckDBPyConnection, store: Path) -> int:
    """A reader's copy of the app's inspection records (none before the owner wrote any);
    returns the state the owner wrote them at."""
    path = store / APP_MIRROR
    if not path.exists():
        return 0
    con.execute(f"insert into app_inspections select * from read_parquet({_lit(path)})")
    state = con.execute(
        f"select decode(value) from parquet_kv_metadata({_lit(path)}) where decode(key) = 'state'"
    ).fetchone()
    return int(state[0]) if state else 0


def copy_database(source: str | Path, target: str | Path) -> None:
    """Copy a closed app database and its store (a backup, or a test's own copy)."""
    import shutil

    shutil.copy(source, target)
    shutil.rmtree(directory(target), ignore_errors=True)
    if directory(source).is_dir():
        shutil.copytree(directory(source), directory(target), dirs_exist_ok=True)
