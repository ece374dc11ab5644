"""Real-browser support: the Streamlit server on a free port and Chromium driven by Playwright.

Debian's /usr/bin/chromium (installed by `make test`), never a downloaded browser. Screenshots go
to tests/screenshots/ so a person can look at what users see.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard import brief
from dashboard.auth import SESSION_COOKIE

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    *brief.ARGS,  # headless, no sandbox, nothing fetched: as the briefing runs Chromium
    # many tabs at once (tests/test_app_sessions.py): none is throttled as a background tab
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
]
DESKTOP = {"width": 1366, "height": 900}
# ms a page may take to arrive: the suite runs on two workers, and the other may be loading both
# cores (an import, many tabs) while a page is drawn here
WAIT = 60_000
PHONE = {"width": 390, "height": 844}
# A phone as the inspectors' own: it says it is one (User-Agent, touch), as Streamlit's frontend
# and the app's lists (dashboard/lists.py: cards for a phone, none for a desktop) read it
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
AS_PHONE = {"user_agent": ANDROID, "is_mobile": True, "has_touch": True}
CHART = '[data-testid="stEChartsChart"]'  # a chart (charts.py, drawn by ECharts)
CHART_DRAWN = CHART + " svg"  # ECharts has drawn it, not just its frame
# Streamlit marks a chart's box (stPrintGraphic) before its code has loaded and drawn in it
ALL_CHARTS_DRAWN = """() => document.querySelectorAll('.stPrintGraphic').length ===
  document.querySelectorAll('.stPrintGraphic [data-testid="stEChartsChart"] svg').length"""


# Every text a chart draws (labels, axis names, ticks) lies inside the chart's own drawing: the
# SVG cuts off whatever passes its edge. Returns the texts that pass it by more than 2 px (a
# text's box includes the blank beside its first and last glyph), with the overrun in px.
CHART_TEXT_CUT = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('[data-testid="stEChartsChart"] svg')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll("text")) {
      const r = t.getBoundingClientRect();
      if (!r.width || !t.textContent.trim()) continue;
      const over = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
      if (over > 2) out.push(t.textContent + " (" + Math.round(over) + " px)");
    }
  }
  return out;
}"""


# The value axis ticks of the charts with the given keys (st-key-<key>), left to right: the texts
# that are whole numbers (a bar's own label has decimals or words). None for a chart not drawn.
AXIS_TICKS = """(keys) => keys.map((key) => {
  const texts = [...document.querySelectorAll(`.st-key-${key} [data-testid="stEChartsChart"] svg text`)];
  if (!texts.length) return null;
  return texts
    .filter((t) => /^[0-9][0-9,]*$/.test(t.textContent.trim()) && t.getBoundingClientRect().width)
    .map((t) => [t.getBoundingClientRect().left, Number(t.textContent.trim().replace(/,/g, ""))])
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v);
})"""


def evenly_from_zero(ticks: list[float] | None) -> bool:
    """An axis reads 0, s, 2s, …: none skipped (as ECharts' hideOverlap skips some)."""
    if not ticks or len(ticks) < 2 or ticks[0] != 0:
        return False
    return all(b - a == ticks[1] for a, b in zip(ticks, ticks[1:]))


# A fresh tab still draws after its script has finished: an element whose code is loading stands
# as a skeleton, and the elements beside it in its block may not be drawn yet
# KPI cards side by side: for each row of cards (by their top), the heights of its cards.
METRIC_ROWS = """() => {
  const rows = {};
  for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
    const box = m.getBoundingClientRect();
    (rows[Math.round(box.top)] ??= []).push(Math.round(box.height));
  }
  return Object.values(rows);
}"""
# Each choice of buttons (a segmented control): how many rows its options take.
BUTTON_GROUP_ROWS = """() => [...document.querySelectorAll('[data-testid="stButtonGroup"]')]
  .map((g) => new Set([...g.querySelectorAll('button')]
    .map((b) => Math.round(b.getBoundingClientRect().top))).size)"""
# The width of each line an element's text takes (px, top to bottom; its text nodes only).
LINE_WIDTHS = """(el) => {
  const lines = {};
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const box of range.getClientRects()) {
      const top = Math.round(box.top);
      lines[top] = (lines[top] || 0) + box.width;
    }
  }
  return Object.keys(lines).sort((a, b) => a - b).map((top) => lines[top]);
}"""
# The text of each line an element's text takes (top to bottom), character by character.
LINE_TEXTS = """(el) => {
  const lines = [];
  let last = null;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      if (last === null || Math.abs(box.top - last) > 3) { lines.push(""); last = box.top; }
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}"""
# The values a closed select box cuts off: its value is drawn in one <input>, which cannot wrap.
CUT_PICKS = """() => [...document.querySelectorAll('[data-testid="stSelectbox"] input')]
    .filter((i) => i.value && i.offsetWidth && i.scrollWidth > i.clientWidth + 1)
    .map((i) => i.value)"""
NO_SKELETONS = """() => !document.querySelector('[data-testid="stSkeleton"]')"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run dashboard/app.py` (or another `script`) on a database of its own, on
    `port` (default: a free one); stopped by stop()."""

    def __init__(
        self, db: Path, env: dict | None = None, script: Path | None = None, port: int = 0
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = db.parent / "streamlit.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script or ROOT / "dashboard" / "app.py"),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "STUDIODASH_DB": str(db), **(env or {})},
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(self.url + "/_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start: " + (db.parent / "streamlit.log").read_text())

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _env() -> dict:
    # Given to the browser itself: Playwright's driver (already started) would not pass on a
    # variable set in this process now, and Chromium would draw Chinese in a Japanese face.
    return {**os.environ, "FONTCONFIG_FILE": str(ROOT / "tests" / "fonts.conf")}


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=_env())


def launch_profile(chromium, profile: Path, **context):
    """Chromium on a persistent profile (a person's own browser, whose disk cache and compiled
    scripts outlive a tab, unlike an incognito context's): its one context, made with `context`.
    chromium: a BrowserType (playwright.chromium, or a browser's browser_type)."""
    return chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=ARGS, env=_env(), **context
    )


def settle(page, timeout: float = WAIT, started: bool = False) -> None:
    """Wait like Streamlit's own e2e suite: connected, script finished; then until every element
    is drawn (no skeleton) and every chart with it. started: a run was seen going (after()), so
    the pause that lets one begin is not needed."""
    if not started:
        page.wait_for_timeout(200)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout
    )
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=timeout)
    page.wait_for_function(NO_SKELETONS, timeout=timeout)
    page.wait_for_timeout(300)


def after(page, action, timeout: float = WAIT) -> None:
    """Do `action` (a click, a key press) and wait for the script run it starts to finish.

    settle() alone may look before the new run has begun and see the old one finished, so first
    wait for the run to start; a run quick enough to be over before we look costs 3 s at most."""
    action()
    try:
        page.wait_for_selector('[data-test-script-state="running"]', timeout=3_000)
        started = True
    except PlaywrightTimeout:
        started = False
    settle(page, timeout, started)


def choose(page, box, option) -> None:
    """Open the selectbox `box` (a locator) and click `option` in its list, waiting for the run
    it starts. A click that lands while the page still settles may not open the list: tried
    three times."""
    for _ in range(3):
        box.click()
        try:
            option.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    after(page, option.click)


def login(page, username: str, password: str, ok: bool = False) -> None:
    """Submit the login form; with ok=True, also wait until the form has given way to the page."""
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    after(page, page.get_by_role("button", name="登录").click)
    if ok:
        page.get_by_role("button", name="登录", exact=True).wait_for(state="detached", timeout=WAIT)
        settle(page)
        # The session cookie is set by the page's script once the signed-in run has drawn: wait
        # for it, so a tab opened next (or a copied storage state) is signed in too.
        deadline = time.time() + WAIT / 1000
        while not any(c["name"] == SESSION_COOKIE for c in page.context.cookies()):
            assert time.time() < deadline, "the session cookie was never set"
            page.wait_for_timeout(100)


def open_page(
    browser, url: str, viewport: dict, user: str | None = "admin", password: str = "demo1234"
):
    """A new browser context at `url`, signed in as `user` (a demo account) unless None; at
    PHONE size, a phone's browser."""
    phone = AS_PHONE | {"device_scale_factor": 2} if viewport is PHONE else {}
    context = browser.new_context(viewport=viewport, locale="zh-CN", **phone)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    settle(page)
    if user:
        # A new context is not signed in: wait for the form, which a loaded machine may draw
        # after the page has settled (signing in was then skipped, and the page showed the form)
        try:
            page.get_by_label("密码").wait_for(timeout=15_000)
        except PlaywrightTimeout:
            pass  # no form: the page needs no sign-in
    if user and page.get_by_label("密码").count():
        login(page, user, password, ok=True)
    page.errors = errors
    return page


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    # Streamlit scrolls inside its main block, so grow the viewport to the content's height.
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path
