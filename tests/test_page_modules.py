"""What a page's server process loads to show a page: not Playwright, which only the briefing's
renderer drives (创建进度's 打印简报 button asks whether it is installed, without loading it).
Loading it cost a fresh server 0.23 s on its first 创建进度 (benchmarks/RESULTS.md, section 10).
(Streamlit itself imports plotly when it is installed, at its own start, whatever the page.)"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import logging, sys
logging.disable(logging.WARNING)
from dashboard.auth import ADMIN, User
from tests.conftest import app_as
at = app_as(User("probe", ADMIN, None, is_demo=False))
at.run()  # 创建进度, the first page, with its 打印简报 button
assert not at.exception, at.exception
for page in ("views/benefits.py", "views/risk.py"):
    at.switch_page(page).run()
    assert not at.exception, (page, at.exception)
assert len(at.get("echarts_chart")) == 2, "risk draws its two charts"
print("LOADED", ",".join(sorted({m.split(".")[0] for m in sys.modules} & {"playwright"})))
"""


def fresh_process(code: str, tmp_path) -> str:
    """What `code` prints, run in a new Python process on a database of its own (the sample)."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"STUDIODASH_DB": str(tmp_path / "app.duckdb"), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert 0 == done.returncode, done.stderr[-3000:]
    return done.stdout


def test_pages_do_not_load_playwright(tmp_path):
    assert "LOADED \n" in fresh_process(PROBE, tmp_path)


def test_the_button_still_says_when_playwright_is_missing(monkeypatch):
    import importlib.util

    from dashboard import brief, labels

    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "playwright" else found(name)
    )
    assert labels.BRIEF_NO_PLAYWRIGHT == brief.renderer_missing()
    monkeypatch.undo()
    assert brief.renderer_missing() is None  # Chromium and Playwright are here (make test)


WARM_PROBE = """
import logging, sys
logging.disable(logging.WARNING)
from streamlit.testing.v1 import AppTest
from dashboard import state
warm_up = state.warm_up.__wrapped__  # what it does, on its own (not cached)
print("BEFORE", "streamlit.emojis" in sys.modules)
warm_up().join(30)
print("EMOJIS", "streamlit.emojis" in sys.modules)
calls = []
state.warm_up = lambda: calls.append(1)
at = AppTest.from_file("dashboard/app.py", default_timeout=60)
at.run()  # an anonymous visit: the login form
assert at.text_input, "the login form"
print("CALLED", len(calls))
"""


def test_the_first_visit_starts_streamlits_one_time_work_for_the_pages(tmp_path):
    """The login form calls state.warm_up, whose thread compiles Streamlit's emoji pattern before
    any page with a pill or an icon needs it. (The sample's login form, which lists the demo
    accounts, compiles it itself; with real data it does not, so the call is what is checked.)"""
    said = fresh_process(WARM_PROBE, tmp_path)
    assert "BEFORE False" in said and "EMOJIS True" in said and "CALLED 1" in said, said
