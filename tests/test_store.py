"""The store of imported data (dashboard/store.py; README, "Reading while the dashboard runs"):
known answers of its chain, restore, crash leftovers, readers and migration, and the defects a
hostile review found (each test named for what should hold; the failing ones are the defects).

A "reader import" below is what `studiodash import` does (cli.cmd_import): db.connect_reader on
the database path, then import_files on that reader, while the owner (the server) holds the app's
database. Done in-process to keep the suite fast; the owner's view is what the server sees."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dashboard import auth, db, inspections, settings, store, versions
from dashboard.importer import import_files
from dashboard.sample import ensure_sample
from dashboard.versions import refresh, restore

from .conftest import OUTCOMES, REGISTRY, write_xlsx
from .test_inspections import INSPECTOR_USER, form

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "dashboard.cli"]
BENEFIT = "经济效益(万元)"


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )


def outcomes_with(benefit: float) -> dict:
    """The small outcomes export with the first outcome's 经济效益 set: a marker of the import."""
    sheets = copy.deepcopy(OUTCOMES)
    header, rows = sheets["创新成果"]
    rows[0][header.index(BENEFIT)] = benefit
    return sheets


def benefit_of(con) -> float:
    return con.execute(f'select sum("{BENEFIT}") from raw_outcomes').fetchone()[0]


def log_of(con) -> list[tuple]:
    return con.execute(
        "select import_id, kind, restored_to, is_sample from import_log order by import_id"
    ).fetchall()


def reader_import(path: Path, *files: Path, **kwargs):
    """`studiodash import` beside a running server: a reader, never the app's database."""
    reader = db.connect_reader(path)
    try:
        result = import_files(reader, list(files), **kwargs)
    finally:
        reader.close()
    assert result.ok, [str(p) for p in result.problems]
    return result


@pytest.fixture
def closed_db(_loaded_template, tmp_path) -> Path:
    """A copy of the session's one-import database (import 1: REGISTRY + OUTCOMES, benefit 12.5),
    closed: for tests where another process must own it."""
    path = tmp_path / "test.duckdb"
    store.copy_database(_loaded_template / "test.duckdb", path)
    for name in ("工作室台账.xlsx", "创新成果.xlsx"):
        shutil.copy(_loaded_template / name, tmp_path / name)
    return path


# ----------------------------------------------------------------- known answers (should pass)


def test_chain_is_oldest_first_and_linked_by_previous(loaded, tmp_path):
    """Each import and restore is one entry, `previous` the one before; the owner's log is the
    chain, and CURRENT names its last entry."""
    where = db.store_of(loaded)
    for n, benefit in enumerate((20, 30), start=2):
        assert (
            n
            == import_files(
                loaded, [write_xlsx(tmp_path / f"o{n}.xlsx", outcomes_with(benefit))]
            ).import_id
        )
    assert 4 == restore(loaded, 3)
    chain = store.chain(where)
    assert [1, 2, 3, 4] == [e["import_id"] for e in chain]
    assert [None, 1, 2, 3] == [e["previous"] for e in chain]
    assert ["import", "import", "import", "restore"] == [e["kind"] for e in chain]
    assert 4 == store.current(where)
    assert [(e["import_id"], e["kind"]) for e in chain] == [r[:2] for r in log_of(loaded)]
    # the registry stays in import 1's file; outcomes move with each import
    assert {"工作室名录": [1, 2], "创新成果": [3, 2]} == {
        k: v for k, v in chain[2]["state"].items() if k in ("工作室名录", "创新成果")
    }
    assert 20 + 0 == benefit_of(loaded)  # restored to before 3: import 2's outcomes (20 + blank)


def test_restore_of_a_restore_and_to_before_the_first(loaded, tmp_path):
    """Restore N brings back the state before N, whatever N was; restoring a restore undoes it."""
    assert (
        2 == import_files(loaded, [write_xlsx(tmp_path / "o2.xlsx", outcomes_with(99))]).import_id
    )
    assert 99 == benefit_of(loaded)
    assert 3 == restore(loaded, 2)
    assert 12.5 == benefit_of(loaded)
    assert 4 == restore(loaded, 3)  # undo the restore: import 2's state again
    assert 99 == benefit_of(loaded)
    assert 5 == restore(loaded, 1)  # before the first: nothing loaded
    assert 0 == loaded.execute("select count(*) from raw_studios").fetchone()[0]
    assert [
        (1, "import", None, False),
        (2, "import", None, False),
        (3, "restore", 2, False),
        (4, "restore", 3, False),
        (5, "restore", 1, False),
    ] == log_of(loaded)
    assert restore(loaded, 6) is None and restore(loaded, 0) is None
    # a reader (another process's `studiodash history`) sees the same log and the same data
    reader = db.connect_reader(tmp_path / "test.duckdb")
    assert log_of(loaded) == log_of(reader)
    assert 0 == reader.execute("select count(*) from raw_studios").fetchone()[0]
    reader.close()


def test_a_killed_imports_leftovers_are_overwritten_by_the_next_id(closed_db, tmp_path):
    """An import killed before its commit leaves 2.duckdb (and, killed between the two renames of
    the commit, 2.json) that no state names; the next import takes id 2 and replaces both."""
    killed = write_xlsx(tmp_path / "killed.xlsx", outcomes_with(666))
    done = subprocess.run(
        [sys.executable, "-m", "tests.killed_import", "before_commit", str(closed_db), str(killed)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr
    where = store.directory(closed_db)
    assert (where / "2.duckdb").exists() and 1 == store.current(where)
    store.write_atomic(where / "2.json", json.dumps({"import_id": 2, "kind": "import"}).encode())
    reader_import(closed_db, write_xlsx(tmp_path / "o.xlsx", outcomes_with(7)))
    assert 2 == store.current(where)
    con = db.connect(closed_db)
    assert 7 == benefit_of(con)
    assert [1, 2] == [r[0] for r in log_of(con)]
    assert [7.0, None] == [
        r[0]
        for r in con.execute(f'select "{BENEFIT}" from s2.raw_outcomes order by _row').fetchall()
    ]
    con.close()


def test_a_reader_opened_before_an_import_keeps_its_state(loaded, tmp_path):
    """A report running while an import commits reads the state it opened on, whole."""
    path = tmp_path / "test.duckdb"
    before = db.connect_reader(path)
    reader_import(path, write_xlsx(tmp_path / "o2.xlsx", outcomes_with(50)))
    assert 12.5 == benefit_of(before)
    assert [1] == [r[0] for r in log_of(before)]
    after = db.connect_reader(path)
    assert 50 == benefit_of(after)
    before.close()
    after.close()
    refresh(loaded)  # the server's next script run
    assert 50 == benefit_of(loaded)


def test_two_importing_processes_are_serialised(closed_db, tmp_path):
    """Two `studiodash import` at once: both commit, one after the other, neither lost."""
    a = write_xlsx(tmp_path / "a.xlsx", outcomes_with(100))
    b = write_xlsx(tmp_path / "b.xlsx", outcomes_with(200))
    procs = [
        subprocess.Popen(
            [*CLI, "import", "--db", str(closed_db), "--user", u, str(f)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for u, f in (("ua", a), ("ub", b))
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    chain = store.chain(store.directory(closed_db))
    assert [1, 2, 3] == [e["import_id"] for e in chain]
    assert {"ua", "ub"} == {e["by_user"] for e in chain[1:]}
    last = {"ua": 100, "ub": 200}[chain[-1]["by_user"]]
    con = db.connect(closed_db)
    assert last == benefit_of(con)
    con.close()


def test_a_path_with_quotes_and_spaces(_loaded_template, tmp_path):
    """ATTACH and COPY take the path as an SQL literal: a quote in a folder name is no problem."""
    folder = tmp_path / 'it\'s a "dir" 目录'
    folder.mkdir()
    path = folder / "stu dios.duckdb"
    store.copy_database(_loaded_template / "test.duckdb", path)
    con = db.connect(path)
    reader_import(path, write_xlsx(folder / "o.xlsx", outcomes_with(3)))
    refresh(con)
    assert 3 == benefit_of(con)
    con.close()
    assert (store.directory(folder / "stu dios.duckdb") / "app_inspections.parquet").exists()


def test_init_while_the_server_owns_the_database(closed_db):
    """`studiodash init` beside the server: refused as busy, nothing changed."""
    owner = db.connect(closed_db)
    done = cli("init", "--db", str(closed_db))
    assert done.returncode == 1 and done.stdout == ""
    assert [1] == [e["import_id"] for e in store.chain(store.directory(closed_db))]
    owner.close()


# --------------------------------------------------- a database made before the store (old code)
PRE_STORE = "7d28af3b46fbfecdacff97daa60513814546f715"  # the last commit without dashboard/store.py


@pytest.fixture(scope="module")
def old_database(tmp_path_factory) -> tuple[Path, Path, str, str]:
    """A database made by the code before the store (PRE_STORE; version tables raw_<table>__v<N>
    inside it):
    1 import (registry + outcomes, 12.5), 2 import (outcomes, 20), 3 restore to before 2,
    4 import (outcomes, 40); with the old `report` and `history` of it."""
    folder = tmp_path_factory.mktemp("old")
    tree = folder / "tree"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", PRE_STORE], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    files = [
        write_xlsx(folder / "r.xlsx", REGISTRY),
        write_xlsx(folder / "o1.xlsx", OUTCOMES),
        write_xlsx(folder / "o2.xlsx", outcomes_with(20)),
        write_xlsx(folder / "o4.xlsx", outcomes_with(40)),
    ]
    path = folder / "old.duckdb"
    script = (
        "import contextlib, io, sys\n"
        "from dashboard import db\n"
        "from dashboard.cli import main\n"
        "from dashboard.importer import import_files\n"
        "from dashboard.versions import restore\n"
        "p, r, o1, o2, o4 = sys.argv[1:]\n"
        "con = db.connect(p)\n"
        "assert import_files(con, [r, o1], user='old1').ok\n"
        "assert import_files(con, [o2], user='old2').ok\n"
        "assert restore(con, 2, user='old3') == 3\n"
        "assert import_files(con, [o4], user='old4').ok\n"
        "con.close()\n"
        "for command in ('report', 'history'):\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        assert main([command, '--db', p]) == 0\n"
        "    sys.stdout.write(out.getvalue() + '\\0')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), *map(str, files)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report, history, _ = done.stdout.split("\0")
    return path, folder, report, history


def run_cli(capsys, *args: str) -> tuple[int, str]:
    """`studiodash <args>` in this process (as the subprocess would run it), and its stdout."""
    from dashboard.cli import main

    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out


def _copy_old(old_database, tmp_path) -> Path:
    path = tmp_path / "studios.duckdb"
    shutil.copy(old_database[0], path)
    return path


def test_migrate_gives_the_old_report_history_and_restores(old_database, tmp_path, capsys):
    """The first owner to open a pre-store database writes its imports to the store: the report
    and the history are the old code's, and restoring still goes back to the same data."""
    path = _copy_old(old_database, tmp_path)
    con = db.connect(path)
    assert [
        (1, "import", None, False),
        (2, "import", None, False),
        (3, "restore", 2, False),
        (4, "import", None, False),
    ] == log_of(con)
    assert 40 == benefit_of(con)
    con.close()
    chain = store.chain(store.directory(path))
    assert [None, 1, 2, 3] == [e["previous"] for e in chain]
    assert ["old1", "old2", "old3", "old4"] == [e["by_user"] for e in chain]
    assert not (store.directory(path) / "3.duckdb").exists()  # a restore carries no sheet
    code, report = run_cli(capsys, "report", "--db", str(path))
    assert code == 0
    assert json.loads(old_database[2]) == json.loads(report)
    assert (0, old_database[3]) == run_cli(capsys, "history", "--db", str(path))
    con = db.connect(path)
    assert 5 == restore(con, 4) and 12.5 == benefit_of(con)  # before 4: the state of 3 (= of 1)
    assert 6 == restore(con, 3) and 20 == benefit_of(con)  # before 3: import 2's outcomes
    con.close()


# ------------------------------------------------------------------------------- the defects


def test_reader_import_on_a_premigration_database_keeps_history_and_opens(old_database, tmp_path):
    """DEFECT. After upgrading, `studiodash import` run before any owner (server, init) opened the
    old database: the reader sees no store, so the import starts a new chain at id 1 beside the
    old log, the old imports are never migrated (migrate sees a CURRENT and does nothing), and the
    owner's sync then finds its log ahead of the store (executemany of nothing): the database no
    longer opens — the server cannot start."""
    path = _copy_old(old_database, tmp_path)
    reader_import(path, old_database[1] / "r.xlsx", old_database[1] / "o2.xlsx")
    con = db.connect(path)  # raises today: InvalidInputException from store.sync
    assert [1, 2, 3, 4, 5] == [r[0] for r in log_of(con)]
    assert 20 == benefit_of(con)
    con.close()


def test_report_on_a_premigration_database_reads_its_data(old_database, tmp_path, capsys):
    """DEFECT. After upgrading, before the server restarts (it still holds the file, under the old
    code) or `studiodash init` runs, `studiodash report`/`brief`/`push`/`history` are readers: they
    find no store and report "no data" (exit 1; `history`: 尚无导入记录) on a full database."""
    path = _copy_old(old_database, tmp_path)
    code, history = run_cli(capsys, "history", "--db", str(path))
    assert (0, old_database[3]) == (code, history)
    code, report = run_cli(capsys, "report", "--db", str(path))
    assert (0, json.loads(old_database[2])) == (code, json.loads(report or "null"))


def test_owner_opens_a_store_whose_current_is_missing(loaded, tmp_path):
    """A store without CURRENT (a copy per README "Growing past one machine" whose last file has
    not arrived, a partly deleted folder) was taken for a pre-store database (IndexError, the
    database did not open). Now it is refused in words that say how to mend it; mended, it opens."""
    path = tmp_path / "test.duckdb"
    loaded.close()
    (store.directory(path) / store.CURRENT).unlink()
    with pytest.raises(store.StoreBroken, match="CURRENT"):
        db.connect(path)
    (store.directory(path) / store.CURRENT).write_text("1\n")
    con = db.connect(path)
    assert [1] == [r[0] for r in log_of(con)]
    con.close()


def test_an_import_never_overwrites_a_committed_file(closed_db, tmp_path):
    """DEFECT (data loss). next_id is CURRENT + 1, so with CURRENT missing an import takes id 1
    and replaces 1.duckdb and 1.json, which every later state still names: import 1's data is
    gone, and `restore` to it brings back other data."""
    where = store.directory(closed_db)
    before = {n: (where / n).read_bytes() for n in ("1.duckdb", "1.json")}
    (where / store.CURRENT).unlink()
    with pytest.raises(store.StoreBroken):  # refused before anything is written
        reader = db.connect_reader(closed_db)
        import_files(
            reader,
            [
                closed_db.parent / "工作室台账.xlsx",
                write_xlsx(tmp_path / "o.xlsx", outcomes_with(9)),
            ],
        )
    assert before == {n: (where / n).read_bytes() for n in ("1.duckdb", "1.json")}


def test_refresh_sees_a_commit_within_one_mtime_tick(loaded, tmp_path):
    """DEFECT. refresh() skips catch_up when CURRENT's (mtime_ns, size) equals the mark it last
    synced. Two commits in one timestamp tick (1 s on ext3/HFS+/many NFS and SMB mounts, a jiffy
    on kernels without fine-grained timestamps) give "1\\n" and "2\\n": the same size and mtime,
    and the server keeps serving import 1 until some later commit."""
    where = db.store_of(loaded)
    refresh(loaded)  # the server's run: synced at import 1, mark recorded
    old = (where / store.CURRENT).stat().st_mtime_ns
    reader_import(tmp_path / "test.duckdb", write_xlsx(tmp_path / "o.xlsx", outcomes_with(77)))
    os.utime(where / store.CURRENT, ns=(old, old))  # the commit landed in the same tick
    refresh(loaded)
    assert 77 == benefit_of(loaded)


def test_first_start_does_not_load_the_sample_over_a_real_import(tmp_path, monkeypatch):
    """DEFECT. The server (or `studiodash init`) starts on an empty database while `studiodash
    import` commits real data: ensure_sample counts the owner's log (empty, synced before the
    import committed), then import_files catches up and commits the sample as import 2 on top of
    the real data: every user is served the sample as the current data."""
    sample = tmp_path / "sample"
    sample.mkdir()
    write_xlsx(sample / "工作室台账.xlsx", REGISTRY)
    write_xlsx(sample / "创新成果.xlsx", outcomes_with(1))
    monkeypatch.setattr(settings, "SAMPLE_DIR", sample)  # a small sample, for speed
    path = tmp_path / "studios.duckdb"
    server = db.connect(path)  # state._connection: connect, then ensure_sample
    reader_import(
        path,
        write_xlsx(tmp_path / "r.xlsx", REGISTRY),
        write_xlsx(tmp_path / "o.xlsx", outcomes_with(88)),
    )
    ensure_sample(server)
    assert [(1, "import", None, False)] == log_of(server)
    assert 88 == benefit_of(server)
    server.close()


def _server_on_sample(tmp_path) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """A server's connection on sample data (the small exports, flagged as sample) with the demo
    accounts, as after `studiodash init`."""
    path = tmp_path / "studios.duckdb"
    con = db.connect(path)
    files = [write_xlsx(tmp_path / "r.xlsx", REGISTRY), write_xlsx(tmp_path / "o.xlsx", OUTCOMES)]
    assert import_files(con, files, user="示例数据", is_sample=True).ok
    auth.ensure_demo_users(con)
    return path, con


def test_demo_login_is_refused_once_real_data_is_imported_from_the_cli(tmp_path):
    """DEFECT. Real data imported by `studiodash import` while the server serves the sample: the
    demo accounts are dropped only in refresh(), which runs at a page's first query. app.py runs
    session.recheck and the login page (auth.login, auth.demo_allowed) on connection() before
    any query, so the login page still shows the demo password and the demo admin signs in; the
    run that follows the login still draws its page with the real data before anything drops it."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.browser import ROOT

    path, server = _server_on_sample(tmp_path)

    def login_page() -> str:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
        assert not at.exception
        return " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.info])

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUDIODASH_DB", str(path))
        st.cache_resource.clear()
        st.cache_data.clear()
        try:
            assert auth.DEMO_PASSWORD in login_page()  # the server serves the sample
            reader_import(
                path, tmp_path / "r.xlsx", write_xlsx(tmp_path / "real.xlsx", outcomes_with(5))
            )
            shown = login_page()  # the server's next run, on its cached connection
        finally:
            st.cache_resource.clear()
    assert auth.DEMO_PASSWORD not in shown, "the login page still offers the demo accounts"
    with pytest.raises(auth.AuthError):  # and the demo administrator cannot sign in
        auth.login(server, auth.DEMO_USERS[0][0], auth.DEMO_PASSWORD, client="127.0.0.1")
    server.close()


def test_a_reader_does_not_count_sample_records_after_a_real_import(tmp_path):
    """DEFECT. Inspections recorded in the app on the sample are voided when real data comes
    (after_commit) — but only by the owner, at its next refresh. `studiodash import` then
    `studiodash report`/`brief`/`push` (a cron, with the server idle) reads the mirror as the
    server last wrote it: the demo record counts in the leadership's figures on real data."""
    path, server = _server_on_sample(tmp_path)
    inspections.submit(server, INSPECTOR_USER, form())  # a demo record, on the sample
    reader_import(path, tmp_path / "r.xlsx", write_xlsx(tmp_path / "real.xlsx", outcomes_with(5)))
    reader = db.connect_reader(path)  # `studiodash report` right after the import
    in_reader = reader.execute("select count(*) from stg_inspections where in_app").fetchone()[0]
    reader.close()
    refresh(server)  # the server's next run voids it
    in_server = server.execute("select count(*) from stg_inspections where in_app").fetchone()[0]
    server.close()
    assert (0, 0) == (in_server, in_reader)


def test_sample_records_are_retired_even_if_the_server_dies_while_catching_up(
    tmp_path, monkeypatch
):
    """DEFECT (crash window). The owner's catch_up commits the new log entries (store.sync), then
    after_commit drops the demo accounts and voids the sample's records, in later statements. The
    server killed between the two (or after_commit failing: memo.store at scale, a full disk for
    the mirror) never does it: on restart sync finds nothing new, so after_commit never runs for
    that import, and the demo record counts in real figures for good. (The old code did both in
    the import's own transaction.)"""
    path, server = _server_on_sample(tmp_path)
    inspections.submit(server, INSPECTOR_USER, form())
    reader_import(path, tmp_path / "r.xlsx", write_xlsx(tmp_path / "real.xlsx", outcomes_with(5)))

    def killed(con):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(versions, "after_commit", killed)
    with pytest.raises(KeyboardInterrupt):
        refresh(server)  # the server's next run, killed right after the sync committed
    server.close()
    monkeypatch.undo()
    server = db.connect(path)  # restarted
    left = server.execute("select count(*) from stg_inspections where in_app").fetchone()[0]
    server.close()
    assert 0 == left


def test_a_database_and_its_backup_in_one_folder_do_not_share_a_store(loaded, tmp_path):
    """DEFECT. store.directory uses the name's stem: studios.duckdb, studios.db, studios.bak all
    map to studios.store. A backup made as `cp studios.duckdb studios.bak`, or a second database
    beside the first, opens on the live store: a restore run on the backup changes what the
    server serves."""
    path = tmp_path / "test.duckdb"
    assert (
        2 == import_files(loaded, [write_xlsx(tmp_path / "o2.xlsx", outcomes_with(60))]).import_id
    )
    other = db.connect(tmp_path / "test.db")  # another, new database in the same folder
    assert [] == log_of(other), "a new database shows another database's imports"
    restore(other, 2)  # what an operator does on the copy
    other.close()
    assert 2 == store.current(store.directory(path))


def test_the_store_is_found_through_a_symlinked_database_path(loaded, tmp_path):
    """DEFECT. The store is derived from the path as spelled, not the file: the server opens
    /srv/data/studios.duckdb, a cron opens the link ~/studiodash/studios.duckdb to it (or
    STUDIODASH_DB names the link): the cron's import goes to another store the server never
    reads, and both number their imports from 1."""
    elsewhere = tmp_path / "link"
    elsewhere.mkdir()
    (elsewhere / "test.duckdb").symlink_to(tmp_path / "test.duckdb")
    reader_import(
        elsewhere / "test.duckdb",
        tmp_path / "工作室台账.xlsx",  # the link's store is empty: it needs the registry too
        write_xlsx(tmp_path / "o.xlsx", outcomes_with(31)),
    )
    refresh(loaded)
    assert 31 == benefit_of(loaded)


class _CrashAt:
    """A connection that dies (raises, as a kill would stop it) at the statement starting with
    `at`: what ran before it stays committed, as after a kill -9."""

    def __init__(self, con, at: str):
        self._con, self._at = con, at

    def execute(self, sql, *args):
        if sql.startswith(self._at):
            raise KeyboardInterrupt("killed")
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_migrate_killed_between_its_two_deletes_keeps_the_state(old_database, tmp_path):
    """DEFECT (crash window). migrate empties import_state and import_log in two autocommitted
    statements after CURRENT is written. Killed between them, the next start skips migrate (CURRENT
    exists) and sync sees nothing new (the log still ends at 4): import_state stays empty, so the
    current state lists no sheet (pages' 数据概况, the report's loaded sheets) while views show data."""
    path = _copy_old(old_database, tmp_path)
    raw = duckdb.connect(str(path))
    with pytest.raises(KeyboardInterrupt):
        store.migrate(_CrashAt(raw, "delete from import_log"), store.directory(path))
    raw.close()
    con = db.connect(path)
    state = dict(db.current_state(con)[["sheet", "rows"]].itertuples(index=False))
    con.close()
    assert 2 == state.get("创新成果") and 2 == state.get("工作室名录"), state
