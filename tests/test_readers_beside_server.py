"""Reading while the dashboard runs (README, "Reading while the dashboard runs"): the server
serves ten signed-in sessions that keep reading, while `studiodash import` (from the command
line, in a process of its own) commits new data again and again and `studiodash report` runs
beside it. Everything succeeds, and nothing anyone sees mixes two imports: every outcome and
activity carries its import's marker (tests/test_concurrency.py), so a page whose rows come from
one import and whose 数据来源 names another, or a report whose benefits add up to neither, fails.
The server picks each command-line import up at its sessions' next run."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from dashboard import auth, db
from dashboard.auth import ADMIN
from dashboard.importer import import_files
from tests.browser import ROOT, Server
from tests.conftest import REGISTRY, write_xlsx
from tests.streamlit_client import Session
from tests.test_concurrency import AS_OF, N, marked_export, marker_of_source

SESSIONS = 10
IMPORTS = 2  # command-line imports: export B, then export A again
STUDIODASH = [sys.executable, "-m", "dashboard.cli"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server on a database holding export A (marker 1), and a session cookie per reader."""
    folder = tmp_path_factory.mktemp("beside")
    path = folder / "app.duckdb"
    a = write_xlsx(folder / "创新成果A.xlsx", marked_export(1))
    b = write_xlsx(folder / "创新成果B.xlsx", marked_export(2))
    con = db.connect(path)
    assert import_files(con, [write_xlsx(folder / "r.xlsx", REGISTRY), a]).ok
    auth.add_user(con, "boss", "a-long-password-1", ADMIN, None)
    tokens = [auth.start_session(con, "boss") for _ in range(SESSIONS)]
    con.close()
    srv = Server(path)
    yield srv, path, (a, b), tokens
    srv.stop()


def page_marker(drawn) -> int:
    """The import a drawn 数据概况 page comes from, wholly; a mix fails."""
    assert not drawn.exception, drawn.exception
    context = next(t for t in drawn.texts if "page-context" in t)
    marker = marker_of_source(context)
    rows = drawn.tables[0].set_index("工作表")["行数"]
    assert (rows["创新成果"], rows["活动记录"]) == (N[marker], N[marker]), (context, rows)
    return marker


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*STUDIODASH, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def report_marker(path) -> int:
    """The import a `studiodash report` run read, wholly: its benefits add up to one import's."""
    done = cli("report", "--db", str(path), "--as-of", AS_OF.isoformat())
    assert done.returncode == 0, done.stderr
    total = sum(u["benefit_wan"] for u in json.loads(done.stdout)["benefits"]["units"])
    marker = next((m for m in N if m * N[m] == total), None)
    assert marker is not None, f"a report mixing imports: benefits {total}"
    return marker


def test_sessions_imports_and_reports_at_once(served):
    srv, path, (a, b), tokens = served
    stop = threading.Event()
    errors: list[str] = []
    seen: dict[str, set[int]] = {"page": set(), "report": set()}
    reports = []
    runs = [0] * SESSIONS

    def reader(k: int) -> None:
        try:
            with Session(srv.port, {auth.SESSION_COOKIE: tokens[k]}) as session:
                while not stop.is_set():
                    seen["page"].add(page_marker(session.run("data")))
                    runs[k] += 1
        except Exception as exc:  # any failure is a finding
            errors.append(f"session {k}: {type(exc).__name__}: {exc}")

    readers = [threading.Thread(target=reader, args=(k,)) for k in range(SESSIONS)]
    for t in readers:
        t.start()
    try:
        for i in range(IMPORTS):
            export = b if i % 2 == 0 else a
            importing = subprocess.Popen(
                [*STUDIODASH, "import", "--db", str(path), "--user", "cli", str(export)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            while importing.poll() is None:  # reports while the import runs, and one after
                reports.append(report_marker(path))
            out = importing.communicate()[0]
            assert importing.returncode == 0, out
            reports.append(report_marker(path))
        time.sleep(1)  # the sessions' next runs see the last import
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert [] == errors
    assert all(runs), runs  # every session read, throughout
    assert {1, 2} == seen["page"]  # the server saw the command line's imports
    assert {1, 2} == set(reports)  # the reports read both, each whole
    print(
        f"{sum(runs)} page runs in {SESSIONS} sessions, {len(reports)} reports, {IMPORTS} imports"
    )
    with Session(srv.port, {auth.SESSION_COOKIE: tokens[0]}) as last:
        assert page_marker(last.run("data")) == 1  # the last import (export A) is shown
    history = cli("history", "--db", str(path))
    assert history.returncode == 0, history.stderr
    assert history.stdout.count("cli") == IMPORTS  # each import in the log, with who ran it
    assert "Traceback" not in srv.log_path.read_text(encoding="utf-8")
