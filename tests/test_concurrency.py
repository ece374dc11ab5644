"""Many people at once while imports commit: 20 threads querying through `db.run` on cursors of
the app's one shared connection, AppTest sessions of the app, two administrators importing at
the same time, and (tests/test_browser_concurrency.py) several browser tabs while an upload is
confirmed. No query fails, and everything a session sees comes wholly from one import: every
outcome and activity then carries that import's marker (old: 1, new: 2), so a mix shows within
a single query, and on a page as the rows of one import beside the source of another."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from dashboard import db
from dashboard.auth import ADMIN, User
from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, app_as, write_xlsx

N = {1: 40, 2: 50}  # outcomes (and activities) in the old (marker 1) and new (2) export
READERS = 20
IMPORTS = 2  # per administrator; two administrators import at once
AS_OF = dt.date(2023, 7, 1)
MARKERS = """
select (select list(distinct benefit_wan order by benefit_wan) from stg_outcomes) as benefits,
       (select list(distinct participants order by participants) from stg_activities) as people,
       (select count(*) from stg_outcomes) as outcomes,
       (select files from import_log order by import_id desc limit 1) as source
"""


def marked_export(marker: int) -> dict:
    """The outcome export with every benefit = marker (万元) and every activity = marker people."""
    header = OUTCOMES["创新成果"][0]
    rows = [
        [
            f"CG-{i:03d}",
            "HF-2022-001",
            f"成果{i}",
            "技术创新",
            f"2023-0{1 + i % 6}-01",
            float(marker),
            0,
            0,
            0,
            "是",
            "",
            "",
        ]
        for i in range(N[marker])
    ]
    acts = [["HF-2022-001", "2023-03-01", "技能培训", marker] for _ in range(N[marker])]
    return {"创新成果": (header, rows), "活动记录": (OUTCOMES["活动记录"][0], acts)}


def marker_of_source(files: str) -> int:
    return 1 if "创新成果A.xlsx" in files else 2 if "创新成果B.xlsx" in files else 0


@pytest.fixture
def shared(tmp_path, monkeypatch, app_env):
    """The app's cached connection on a database of its own holding export A (marker 1)."""
    path = tmp_path / "app.duckdb"
    exports = (
        write_xlsx(tmp_path / "创新成果A.xlsx", marked_export(1)),
        write_xlsx(tmp_path / "创新成果B.xlsx", marked_export(2)),
    )
    con = db.connect(path)
    assert import_files(con, [write_xlsx(tmp_path / "r.xlsx", REGISTRY), exports[0]]).ok
    con.close()
    monkeypatch.setenv("STUDIODASH_DB", str(path))
    import streamlit as st

    from dashboard.state import _connection

    st.cache_data.clear()  # cached figures are keyed by import id, which another database reuses
    connection = _connection(str(path))  # the very object the AppTest sessions get
    yield connection, exports
    st.cache_data.clear()
    connection.close()


def test_readers_and_sessions_see_one_import_while_imports_commit(shared):
    con, (a, b) = shared
    stop = threading.Event()
    errors: list[str] = []
    seen: list[tuple] = []  # (what, marker) for every observation
    lock = threading.Lock()

    def note(what, marker):
        with lock:
            seen.append((what, marker))

    def reader(k: int) -> None:
        try:
            while not stop.is_set():
                cur = con.cursor()
                try:
                    benefits, people, outcomes, source = cur.execute(MARKERS).fetchall()[0]
                finally:
                    cur.close()
                m = marker_of_source(source)
                if (benefits, people, outcomes) != ([float(m)], [m], N.get(m)):
                    errors.append(f"reader {k}: mixed {benefits} {people} {outcomes} {source}")
                note("query", m)
                units = db.run(
                    con,
                    "benefits_by_unit",
                    as_of=AS_OF,
                    period_start=dt.date(2023, 1, 1),
                    period_end=AS_OF,
                    unit=None,
                )
                total = float(units["benefit_wan"].sum())
                m = next((m for m in N if m * N[m] == total), None)
                if m is None:
                    errors.append(f"reader {k}: benefit total {total}")
                note("run", m)
                stop.wait(0.05)  # pacing, not a wait for anything: leaves the GIL to the rest
        except Exception as exc:  # any failure is a finding
            errors.append(f"reader {k}: {type(exc).__name__}: {exc}")

    def administrator(k: int) -> None:
        try:
            for i in range(IMPORTS):
                cur = con.cursor()
                try:
                    result = import_files(cur, [b if (i + k) % 2 == 0 else a], user=f"admin{k}")
                finally:
                    cur.close()
                if not result.ok:
                    errors.append(f"admin {k}: {[str(p) for p in result.problems]}")
                note("import", 0)
        except Exception as exc:
            errors.append(f"admin {k}: {type(exc).__name__}: {exc}")

    readers = [threading.Thread(target=reader, args=(k,)) for k in range(READERS)]
    admins = [threading.Thread(target=administrator, args=(k,)) for k in range(2)]
    sessions = [app_as(User(f"admin{k}", ADMIN, None, is_demo=False)) for k in range(4)]
    for at in sessions:  # a page switch takes effect from the second run of a session
        at.run()
    for t in readers + admins:
        t.start()
    pages = []
    try:
        # AppTest drives one script run at a time per process (it owns a global runtime), so
        # the sessions take turns here while the readers and the imports run alongside.
        while any(t.is_alive() for t in admins) or len(pages) < 2 * len(sessions):
            at = sessions[len(pages) % len(sessions)]
            at.switch_page("views/data_status.py")
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            rows = at.dataframe[0].value.set_index("工作表")["行数"]
            context = next(m.value for m in at.markdown if "page-context" in m.value)
            m = marker_of_source(context)
            pages.append((m, rows["创新成果"], rows["活动记录"]))
            note("page", m)
    finally:
        for t in admins:
            t.join()
        stop.set()
        for t in readers:
            t.join()
    assert [] == errors
    assert [] == [p for p in pages if p not in ((1, N[1], N[1]), (2, N[2], N[2]))]
    assert 2 * IMPORTS == sum(1 for what, _ in seen if what == "import")
    for what in ("query", "run"):  # the readers really ran across imports: both data seen
        assert {1, 2} == {m for w, m in seen if w == what}, what
    assert len(seen) > 20 * READERS


def test_two_imports_at_once_both_commit_one_after_the_other(shared):
    """Two administrators confirm at the same moment: each import commits whole, in turn."""
    con, (a, b) = shared
    barrier = threading.Barrier(2)
    results = {}

    def confirm(k, path):
        cur = con.cursor()
        try:
            barrier.wait()
            results[k] = import_files(cur, [path], user=f"admin{k}").ok
        except Exception as exc:  # without the write lock, one of them fails at commit
            results[k] = f"{type(exc).__name__}: {exc}"
        finally:
            cur.close()

    threads = [threading.Thread(target=confirm, args=(k, p)) for k, p in enumerate((a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {0: True, 1: True} == results
    log = con.execute("select import_id, by_user from import_log order by 1").fetchall()
    assert [1, 2, 3] == [r[0] for r in log]
    assert {"admin0", "admin1"} == {r[1] for r in log[1:]}


def test_an_import_committing_mid_page_is_not_mixed_in(shared, monkeypatch):
    """An import commits between a page's header (its data source) and its table (rows per
    sheet): the page still shows one import, whole — the one it started with."""
    con, (a, b) = shared
    from dashboard import ui

    header = ui.page_header
    imported = []

    def another_session_imports(path):
        cur = con.cursor()
        try:
            imported.append(import_files(cur, [path]).ok)
        finally:
            cur.close()

    def header_then_import(*args, **kwargs):
        header(*args, **kwargs)
        other = threading.Thread(
            target=another_session_imports, args=(b if len(imported) % 2 == 0 else a,)
        )
        other.start()
        other.join()  # committed before this page runs its next query

    sessions = [app_as(User(f"admin{k}", ADMIN, None, is_demo=False)) for k in range(2)]
    for at in sessions:
        at.run()
    monkeypatch.setattr(ui, "page_header", header_then_import)
    pages = []
    for i in range(4):
        at = sessions[i % 2]
        at.switch_page("views/data_status.py").run()
        assert not at.exception, [e.value for e in at.exception]
        rows = at.dataframe[0].value.set_index("工作表")["行数"]
        context = next(m.value for m in at.markdown if "page-context" in m.value)
        pages.append((marker_of_source(context), rows["创新成果"], rows["活动记录"]))
    assert [True] * 4 == imported
    assert [(1, N[1], N[1]), (2, N[2], N[2]), (1, N[1], N[1]), (2, N[2], N[2])] == pages


def test_a_run_that_imports_sees_its_own_import(shared, monkeypatch):
    """The administrator's own import (or restore) shows at once in the rest of that page run."""
    con, (a, b) = shared
    from dashboard import ui

    header = ui.page_header

    def header_then_own_import(*args, **kwargs):
        header(*args, **kwargs)
        cur = con.cursor()
        try:
            assert import_files(cur, [b]).ok  # in this run's own thread, as admin_data.py does
        finally:
            cur.close()

    at = app_as(User("chief", ADMIN, None, is_demo=False))  # real data retires demo accounts
    at.run()
    monkeypatch.setattr(ui, "page_header", header_then_own_import)
    at.switch_page("views/data_status.py").run()
    assert not at.exception
    assert N[2] == at.dataframe[0].value.set_index("工作表")["行数"]["创新成果"]
