"""What pages share: the cached connection, cached queries, and the global filters.

No SQL here: queries are names of files in queries/. Every cached query is keyed by all of its
parameters, the unit scope included, and by the data version (the latest import id and the app's inspection changes), so a new
import, restore or recorded inspection is seen at once and one unit's figures never reach another unit's user.
"""

from __future__ import annotations

import datetime as dt
import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from . import auth, db, report, settings
from .sample import ensure_sample
from .versions import commits_here, refresh


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    con = db.connect(path)
    ensure_sample(con)
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """The process-wide connection to the configured database (queries take cursors of it)."""
    return _connection(str(settings.db_path()))


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Once per server process, at its first visit (the login form, as a rule), in a thread of its
    own: the one-time work Streamlit would otherwise do inside the first page that draws a pill, a
    segmented control or a button with an icon — compiling its emoji pattern, 0.07–0.2 s of that
    page's first run on two cores (benchmarks/RESULTS.md, section 10)."""
    thread = threading.Thread(
        target=importlib.import_module, args=("streamlit.emojis",), name="warm-up", daemon=True
    )
    thread.start()
    return thread


def refresh_data() -> None:
    """Catch up with an import or restore committed by another process (versions.refresh)."""
    refresh(connection())


def _snapshot():
    """This script run's read snapshot: a cursor in a transaction begun at the run's first query.
    Every query of one run then sees one import: an import committing mid-run cannot give a page
    its header from one import and its figures from the next (tests/test_concurrency.py). The
    session's next run replaces it, and so does an import or restore made by this run itself
    (the administrator sees it in the history at once); outside a script run there is none."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    held = getattr(ctx, "_studiodash_snapshot", None)
    mine = commits_here()
    if held is not None and held[0] is ctx.cursors and held[2] == mine:  # a new dict each run
        return held[1]
    if held is not None:
        held[1].close()
    refresh(connection())  # an import made by another process (studiodash import) is seen now
    cur = connection().cursor()
    cur.execute("begin transaction")
    ctx._studiodash_snapshot = (ctx.cursors, cur, mine)
    return cur


def _read(name: str, **params) -> pd.DataFrame:
    cur = _snapshot()
    return db.run(connection(), name, **params) if cur is None else db.run_in(cur, name, **params)


def data_version() -> tuple[int, int]:
    """The latest import id and the app's inspection changes (as this run's snapshot sees them):
    part of every cache key. Read once per snapshot (a page asks for it with every query)."""
    cur = _snapshot()
    ctx = get_script_run_ctx(suppress_warning=True)
    snapshot = getattr(ctx, "_studiodash_snapshot", None)
    held = getattr(ctx, "_studiodash_version", (None, None))
    if cur is not None and held[0] is snapshot:
        return held[1]
    row = _read("data_version").iloc[0]
    version = (int(row["import_id"]), int(row["app_changes"]))
    if cur is not None:
        ctx._studiodash_version = (snapshot, version)
    return version


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, version: tuple, params: tuple) -> pd.DataFrame:
    return _read(name, **dict(params))  # the caller's snapshot: its data is `version`


def query(name: str, **params: object) -> pd.DataFrame:
    """queries/<name>.sql with named parameters, cached per parameters and data version."""
    return _cached(name, data_version(), tuple(sorted(params.items(), key=lambda kv: kv[0])))


@st.cache_data(show_spinner=False, max_entries=256)
def _shaped(shape: str, name: str, version: tuple, params: tuple, args: tuple) -> object:
    module, _, attr = shape.rpartition(".")
    return getattr(importlib.import_module(module), attr)(_cached(name, version, params), *args)


def shaped(shape: Callable, name: str, params: dict, *args: object) -> object:
    """shape(query(name, **params), *args), cached like the query itself (and with it, per data
    version): for the tables a page shapes in Python at a cost above drawing them."""
    key = tuple(sorted(params.items(), key=lambda kv: kv[0]))
    return _shaped(f"{shape.__module__}.{shape.__qualname__}", name, data_version(), key, args)


@st.cache_resource(show_spinner=False, max_entries=256)
def _kept(what: str, version: tuple, key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def kept(what: str, key: tuple, build: Callable[[], object]) -> object:
    """build(), made once per `what`, key and data version for the whole process and handed
    out as is (not copied, unlike query and shaped): for what a page draws and never changes,
    such as a chart (charts.Chart), whose building costs more per run than drawing it. The key must
    hold everything build() reads (the query parameters, the unit scope among them, and the
    page's choices): one unit's figure never reaches another unit's user."""
    return _kept(what, data_version(), key, build)


def clear_kept() -> None:
    """Forget every kept result (a benchmark's cold run starts without them)."""
    _kept.clear()


def fresh(name: str, **params: object) -> pd.DataFrame:
    """An uncached query, for what changes without an import (accounts, the audit log)."""
    return db.run(connection(), name, **params)


def current_user() -> auth.User | None:
    """The signed-in auth.User (app.py lets no page run without one)."""
    return st.session_state.get("user")


@st.cache_data(show_spinner=False, max_entries=64)
def _of_version(name: str, version: tuple) -> object:
    """report.<name>(con) for data version `version` (settings and the loaded sheets, read
    once for all four: a page that asks for several would read them again for each)."""
    if name == "loaded_sheets":
        return report.loaded_sheets(connection())
    return getattr(report, name)(connection(), _of_version("loaded_sheets", version))


def risk_params() -> dict:
    """The risk struct p of the queries (settings risk_* and the loaded sheets)."""
    return dict(_of_version("risk_params", data_version()))


def rules_off() -> list[str]:
    return list(_of_version("rules_off", data_version()))


def commend_params() -> dict:
    """The commendation struct c (settings commend_* and the loaded sheets)."""
    return dict(_of_version("commend_params", data_version()))


def criteria_off() -> list[str]:
    return list(_of_version("criteria_off", data_version()))


@dataclass(frozen=True)
class Filters:
    """The global sidebar choices every page reads."""

    campaign: int | None
    as_of: dt.date | None
    unit: str | None  # the unit scope: None = 全市
    data_as_of: dt.date | None


def scope_unit() -> str | None:
    """The unit a signed-in unit user is limited to (None: everything)."""
    user = current_user()
    return user.scope if user else None


def filters() -> Filters:
    return st.session_state["filters"]
