"""Many people at once (four, one of each demo role; STUDIODASH_TEST_SESSIONS=20 for the heavy run the README
names, 3.5 min on 2 cores), on a server of their own: each signs in through the login form, opens
every page its role may see and signs out. The browser tabs act together, so the server runs
all their sessions' scripts at the same time on its one shared DuckDB connection (which refuses a
second call while one is running: every query must take a cursor of its own). No page may show
an error, and the server's log must stay clean: no traceback, no deprecation warning."""

from __future__ import annotations

import os
import re
import time

import pytest

from dashboard import auth
from tests.browser import Server

SESSIONS = int(os.environ.get("STUDIODASH_TEST_SESSIONS", "4"))
SMALL = {"width": 1024, "height": 600}  # wide enough for the sidebar (退出登录); less to paint
PAGES = ["/", "/benefits", "/explore", "/risk", "/data", "/studio"]
ADMIN_PAGES = ["/admin-data", "/admin-users"]
DIRTY_LOG = re.compile(r"Traceback|deprecat|will be removed|Exception|Error", re.IGNORECASE)


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("sessions") / "app.duckdb")
    yield srv
    srv.stop()


# A tab is done when its script has run and drawn the page: the page's title (or the login
# form) is there and no run is going on. Waiting for the drawn result, not a fixed pause, keeps
# many tabs quick.
DONE = """(signedIn) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testConnectionState !== "CONNECTED") return false;
  if (document.querySelector('[data-test-script-state="running"]')) return false;
  const form = [...document.querySelectorAll("button")].some(b => b.innerText.trim() === "登录");
  const title = document.querySelector('[data-testid="stMain"] h1');
  return !!title && form !== signedIn;
}"""


def signed_in(tab) -> bool:
    return 0 == tab.get_by_role("button", name="登录", exact=True).count()


def all_at_once(tabs, action, signed_in: bool = True) -> None:
    """Start `action` on every tab, then wait for every tab: the script runs overlap."""
    started = time.perf_counter()
    for tab in tabs:
        action(tab)
    for tab in tabs:
        tab.wait_for_function(DONE, arg=signed_in, timeout=120_000, polling=100)
        if signed_in:
            tab.wait_for_selector(".page-context, [data-testid='stException']", timeout=120_000)
    print(f"{len(tabs)} tabs: {time.perf_counter() - started:.1f} s")


def test_many_sessions_at_once_then_a_clean_server_log(own_server, browser):
    users = [name for name, _, _ in auth.DEMO_USERS]
    contexts = [
        browser.new_context(viewport=SMALL, locale="zh-CN", reduced_motion="reduce")
        for _ in range(SESSIONS)
    ]
    tabs = [c.new_page() for c in contexts]
    who = {id(tab): users[n % len(users)] for n, tab in enumerate(tabs)}
    errors: list[str] = []
    for tab in tabs:
        tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        all_at_once(tabs, lambda t: t.goto(own_server.url, wait_until="commit"), signed_in=False)
        for tab in tabs:  # fill in every form first, then submit them all together
            tab.get_by_label("用户名").fill(who[id(tab)])
            tab.get_by_label("密码").fill(auth.DEMO_PASSWORD)
        all_at_once(tabs, lambda t: t.get_by_role("button", name="登录").click())
        for tab in tabs:
            assert signed_in(tab), f"{who[id(tab)]} is not signed in"
        for path in PAGES + ADMIN_PAGES:
            visitors = [t for t in tabs if path in PAGES or who[id(t)] == "admin"]
            all_at_once(
                visitors, lambda t, url=own_server.url + path: t.goto(url, wait_until="commit")
            )
            for tab in visitors:
                shown = tab.get_by_test_id("stException")
                assert 0 == shown.count(), f"{who[id(tab)]} {path}: {shown.first.inner_text()}"
                assert signed_in(tab), f"{who[id(tab)]} {path}: signed out"
        all_at_once(
            tabs, lambda t: t.get_by_role("button", name="退出登录").click(), signed_in=False
        )
        for tab in tabs:
            assert not signed_in(tab), f"{who[id(tab)]} still signed in"
    finally:
        for c in contexts:
            c.close()
    assert [] == errors
    log = own_server.log_path.read_text(encoding="utf-8")
    assert [] == [line for line in log.splitlines() if DIRTY_LOG.search(line)]
