"""Each page in Chromium: navigation to main content drawn, cold and warm, at each scale.

    python benchmarks/bench_browser.py [--scales city,national] [--runs 5] [--pages risk,data]
                                       [--against DIR]

What a user waits for, where bench_pages.py times only the page's script. Per scale, a returning
user's browser (a persistent Chromium profile, as a person's own browser is: its disk cache and
compiled scripts outlive a tab, where an incognito context's do not) signs in through the login
page (tests/browser.py's helpers) and opens every page once, so that it holds the session cookie
and all of the app's files. Every server of the scale listens on the same port, as a deployed
dashboard keeps its one address (on a new port, the cached files would not be its own). Then,
for each page and run:
- cold: a fresh server process (its data cache empty), whose database connection is opened by
  an anonymous visit to the login form (server start and that first open are not counted); a
  new tab of the returning browser opens the page's URL. With --first-visit the tab is in a
  fresh incognito context instead, holding the session cookie and nothing else (no cached
  files);
- warm: the same URL loaded again in that tab (data cache and browser cache filled).
The time runs from navigation start (the document's performance.timeOrigin, i.e. page.goto) to
the first frame in which the page header with 数据截至 is shown, the first table / KPI / chart
the page has is drawn (CONTENT), and the script run is over (`data-test-script-state`).
Reported, each as the median of the runs: the time; its parts as the browser saw them (boot:
until the WebSocket is connected; script: until the run is over and the header drawn; draw:
until the content is drawn after that); the CPU seconds spent meanwhile by the server process (DuckDB's threads
included) and by all of Chromium's processes (cold/warm); and how long the page's main thread
was busy in that document, of which running JavaScript (Chromium's Performance metrics
TaskDuration and ScriptDuration; cold/warm).
Also per page (but the studio file, which no sidebar link opens at a studio), in-app navigation
as a user moves between pages without reloading (NAV): on a fresh server, a tab showing another
page (数据概况) clicks the page's sidebar link: cold (its queries never ran), then warm (back and
again). And first, the floor: the same loads and navigation of a bare Streamlit app on the same
machine (benchmarks/floor_app.py: header line, one KPI, a three-row table, no data), against which
each page's cold load and cold navigation are given as multiples (÷ floor).
Target (issue 17.8): at national scale every page within TARGET s, cold and warm.

To judge a change: --against DIR, a checkout of the commit before it (`git worktree add DIR REF`,
on the same database schema). Per page, `--runs` pairs of cold loads, one on each checkout's app
in alternating order, and the median of the pairs' differences with their range and how many
this checkout won (paired): the machine's drift, which moves a median of five by 0.2 s from one
hour to the next, falls on both sides of a pair alike.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import BENCH_PASSWORD, BENCH_USER, query_params  # noqa: E402
from benchmarks.bench_pages import PAGES as SCRIPT_PAGES  # noqa: E402
from benchmarks.bench_report import database  # noqa: E402
from dashboard import auth, db, labels  # noqa: E402

TARGET = 1.5  # s to content at national scale, cold and warm, every page
TIMEOUT = 180_000  # ms for one page load: a slow page is reported, a stuck one fails

# Every page of the app: those bench_pages.py times, then the rest (the explorer and the two
# administrator pages); the URL path of each is read from dashboard/app.py.
PAGES = SCRIPT_PAGES | {
    "explore": "views/explore.py",
    "admin-data": "views/admin_data.py",
    "admin-users": "views/admin_users.py",
}

METRIC = '[data-testid="stMetric"]'
TABLE = '[data-testid="stDataFrame"]'
CHART = '[data-testid="stEChartsChart"] svg'  # ECharts has drawn, not just its frame
# What "main content drawn" means on each page: the first element of each kind listed here,
# inside the main area, has a size on screen.
CONTENT = {
    "progress": (METRIC, CHART, TABLE),
    "data": (TABLE,),
    "benefits": (METRIC, CHART, TABLE),
    "risk": (METRIC, TABLE, CHART),
    "studio": (METRIC,),
    "applications": (METRIC, TABLE),
    "honours": (TABLE,),
    "explore": (TABLE,),
    "admin-data": (TABLE,),
    "admin-users": (TABLE,),
    "floor": (METRIC, TABLE),  # benchmarks/floor_app.py
}
NAV_ORIGIN = {"data": "/admin-data", "floor": "/"}  # any other page is reached from /data

# Runs in every document before the app's own scripts: on each animation frame, note the first
# time (ms since navigation start) each condition holds; `done` when all hold in one frame.
PROBE = """
(([asOf, content]) => {
  const marks = {};
  window.__bench = marks;
  const sized = (el) => {
    const r = el.getBoundingClientRect();  // forces a layout: asked only once all are there
    return r.width > 0 && r.height > 0;
  };
  const tick = () => {
    const t = performance.now();
    const app = document.querySelector('[data-testid="stApp"]');
    const main = document.querySelector('[data-testid="stMain"]');
    if (app && app.getAttribute("data-test-connection-state") === "CONNECTED")
      marks.connected ??= t;
    const state = app && app.getAttribute("data-test-script-state");
    if (state === "running") marks.running ??= t;
    // The header exists only once the script has run; a run over while the browser was busy
    // may never show "running" (its start and end drawn in one frame), so that is not awaited.
    const header = main && main.querySelector(".page-context");
    const headed = !!header && header.textContent.includes(asOf);
    if (headed) marks.header ??= t;
    const idle = headed && state === "notRunning";
    if (idle) marks.finished ??= t;
    const found = main ? content.map((sel) => main.querySelector(sel)) : [null];
    const drawn = found.every(Boolean) && found.every(sized);
    if (drawn) marks.content ??= t;
    if (idle && headed && drawn) { marks.done = t; return; }
    const failed = '[data-testid="stException"], [data-testid="stAlertContentError"]';
    if (state === "notRunning" && main && main.querySelector(failed)) { marks.error = t; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})
"""


# In-app navigation, as a user moves between pages: click the page's link in the sidebar (no new
# document: Streamlit's frontend stays loaded) and resolve with the ms until the new page's
# header and CONTENT are drawn by elements of the new run (none marked stale) and the run is
# over. A MutationObserver notes that the run started, so an old page's idle state is not taken
# for the new page's; a run too quick to be seen counts once the page has held still a second.
NAV = """
(([path, asOf, content, timeout]) => new Promise((resolve, reject) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const link = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')]
    .find((a) => new URL(a.href).pathname === path);
  if (!link) { reject(new Error("no sidebar link to " + path)); return; }
  let started = false;
  const seen = new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "running") started = true;
  });
  seen.observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
  const fresh = (el) => !el.closest('[data-stale="true"]');
  const sized = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const start = performance.now();
  let quiet = null;
  const tick = () => {
    if (performance.now() - start > timeout) {
      reject(new Error(`no content after ${timeout} ms: started ${started}, at ${location.pathname}`));
      return;
    }
    const main = document.querySelector('[data-testid="stMain"]');
    const idle = app.getAttribute("data-test-script-state") === "notRunning";
    const header = main && [...main.querySelectorAll(".page-context")].find(fresh);
    const headed = location.pathname === path && !!header && header.textContent.includes(asOf);
    const found = content.map((sel) => main && [...main.querySelectorAll(sel)].find(fresh));
    const ready = idle && headed && found.every(Boolean) && found.every(sized);
    const now = performance.now();
    if (ready && started) { seen.disconnect(); resolve(now - start); return; }
    // A run too quick to be seen running: the page has held still, drawn, for a second.
    if (ready) { quiet ??= now; if (now - quiet > 1000) { seen.disconnect(); resolve(quiet - start); return; } }
    else quiet = null;
    requestAnimationFrame(tick);
  };
  link.click();
  requestAnimationFrame(tick);
}))
"""

FLOOR_APP = ROOT / "benchmarks" / "floor_app.py"


def url_paths() -> dict[str, str]:
    """views/<file> -> its URL path, from the (file, title, icon, url_path) rows of app.py's
    PAGES and ADMIN_PAGES (the default page, url_path None, is served at /)."""
    tree = ast.parse((ROOT / "dashboard" / "app.py").read_text(encoding="utf-8"))
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("PAGES", "ADMIN_PAGES") for t in node.targets
        ):
            for row in node.value.elts:
                file, path = row.elts[0].value, row.elts[3].value
                out[f"views/{file}"] = path or ""
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (all its threads), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def chromium_pids() -> list[int]:
    """Chromium's processes started by this process (through Playwright's driver)."""
    parent, names = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().rsplit(")", 1)
        except (FileNotFoundError, ProcessLookupError):
            continue
        parent[int(entry.name)] = int(rest.split()[1])
        names[int(entry.name)] = name.split("(", 1)[1]
    me, out = os.getpid(), []
    for pid in parent:
        up = parent[pid]
        while up > 1 and up != me:
            up = parent.get(up, 0)
        if up == me and names[pid].startswith("chrom"):
            out.append(pid)
    return out


def chromium_cpu() -> dict[int, float]:
    return {pid: cpu_seconds(pid) for pid in chromium_pids()}


@dataclass
class Load:
    """One page load: seconds from navigation start to each mark, CPU seconds meanwhile."""

    marks: dict
    server_cpu: float
    browser_cpu: float
    main_thread: dict  # the renderer's main thread busy in this document (s): task, of it js

    @property
    def seconds(self) -> float:
        return self.marks["done"] / 1000

    def part(self, name: str) -> float:
        m = self.marks
        start, end = {
            "boot": (0, m["connected"]),
            "script": (m["connected"], m["finished"]),
            "draw": (m["finished"], m["done"]),
        }[name]
        return (end - start) / 1000


def main_thread(cdp) -> dict:
    """The page's main thread so far in this document (Chromium resets it per navigation)."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"task": metrics["TaskDuration"], "js": metrics["ScriptDuration"]}


def load(page, cdp, url: str, server_pid: int) -> Load:
    """Open url in `page` and wait for its main content (see PROBE); cdp: the page's CDP
    session with Performance enabled."""
    server, browser = cpu_seconds(server_pid), chromium_cpu()
    page.goto(url, wait_until="commit", timeout=TIMEOUT)
    try:
        page.wait_for_function(
            "() => window.__bench && (window.__bench.done || window.__bench.error)", timeout=TIMEOUT
        )
    except Exception as exc:
        marks = page.evaluate("() => window.__bench")
        if page.get_by_label(labels.LOGIN_PASSWORD).count():
            raise RuntimeError(f"{url}: the login form, not the page (cookie refused)") from exc
        raise RuntimeError(f"{url}: the content signal never came; marks {marks}") from exc
    marks = page.evaluate("() => window.__bench")
    if "done" not in marks:
        text = page.locator('[data-testid="stMain"]').inner_text()[:500]
        raise RuntimeError(f"{url}: an error instead of the page: {text}")
    after = chromium_cpu()
    return Load(
        marks,
        cpu_seconds(server_pid) - server,
        sum(cpu - browser.get(pid, 0.0) for pid, cpu in after.items()),
        main_thread(cdp),
    )


def prepare(path: Path) -> None:
    """The benchmark's administrator in the database (before any server opens it)."""
    con = db.connect(path)
    try:
        auth.add_user(con, BENCH_USER, BENCH_PASSWORD, auth.ADMIN, None)
    except auth.AuthError:
        pass  # made by an earlier run
    finally:
        con.close()


def probe(page_name: str) -> str:
    """PROBE for one page: the header's 数据截至 and that page's CONTENT."""
    return f"{PROBE}({json.dumps([labels.AS_OF.split('{')[0].strip(), CONTENT[page_name]])})"


def page_path(page_name: str, path: Path) -> str:
    """The page's URL path and query (the studio file opens at the studio most at risk)."""
    query = query_params(page_name, path) if page_name == "studio" else {}
    return f"/{url_paths()[PAGES[page_name]]}" + (f"?{urlencode(query)}" if query else "")


def open_page(context, page_name: str):
    """A new tab probing for the page's content; its CDP session (Performance enabled)."""
    page = context.new_page()
    page.add_init_script(probe(page_name))
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    return page, cdp


@dataclass
class Browsers:
    """One scale's browsers. `returning`: a person's own browser (a persistent profile), signed
    in, that has opened every page; `anonymous`: one whose contexts hold nothing (a fresh
    server's first visitor, and --first-visit). Every server of the scale listens on `port`, as
    a deployed dashboard keeps its one address: the returning browser's files are its own."""

    returning: object  # a BrowserContext
    anonymous: object  # a Browser
    port: int


def sign_in(anonymous, path: Path, paths: dict[str, str], profile: Path) -> Browsers:
    """A returning user's browser (a persistent profile in the folder `profile`, beside the
    `anonymous` browser): sign in through the login page as a user does, then open each page
    (`paths`: name -> URL path) once, so that it holds the session cookie and every file of the
    app. Stays open (the caller closes b.returning)."""
    from tests.browser import DESKTOP, Server, free_port, launch_profile, login, settle

    port = free_port()
    server = Server(path, port=port)
    context = launch_profile(anonymous.browser_type, profile, viewport=DESKTOP, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(server.url)
        settle(page, TIMEOUT)
        login(page, BENCH_USER, BENCH_PASSWORD, ok=True)
        page.close()
        for name, url in paths.items():
            page, cdp = open_page(context, name)
            load(page, cdp, server.url + url, server.proc.pid)
            page.close()
        return Browsers(context, anonymous, port)
    except BaseException:
        context.close()
        raise
    finally:
        server.stop()


@dataclass
class Sample:
    cold: Load
    warm: Load
    errors: list = field(default_factory=list)


def fresh_server(b: Browsers, path: Path, script: Path | None = None):
    """A new server (the dashboard, or `script`) on the database at path, whose first visitor,
    anonymous, has opened its database connection: part of the server's start, not a page's."""
    from tests.browser import DESKTOP, Server

    server = Server(path, script=script, port=b.port)
    try:
        anonymous = b.anonymous.new_context(viewport=DESKTOP, locale="zh-CN")
        page = anonymous.new_page()
        page.goto(server.url, timeout=TIMEOUT)
        page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=TIMEOUT)
        anonymous.close()
    except BaseException:
        server.stop()
        raise
    return server


def measure(
    b: Browsers,
    path: Path,
    page_name: str,
    url: str,
    first: bool = False,
    script: Path | None = None,
) -> Sample:
    """One cold load of a page on a fresh server, then one warm reload (see the docstring), in
    a new tab of the returning browser (from sign_in); url: the page's path and query.
    first: in a new context instead, holding only the session cookie (a first visit). script:
    another Streamlit app (the floor) instead of the dashboard."""
    from tests.browser import DESKTOP

    server = fresh_server(b, path, script)
    fresh = None
    try:
        if first:
            fresh = b.anonymous.new_context(viewport=DESKTOP, locale="zh-CN")
            fresh.add_cookies(b.returning.cookies())
        page, cdp = open_page(fresh or b.returning, page_name)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        cold = load(page, cdp, server.url + url, server.proc.pid)
        warm = load(page, cdp, server.url + url, server.proc.pid)
        exceptions = page.locator('[data-testid="stException"]').count()
        page.close()
        return Sample(cold, warm, errors + ["stException"] * exceptions)
    finally:
        if fresh is not None:
            fresh.close()
        server.stop()


def navigate(page, path: str, content: tuple) -> float:
    """Seconds of one in-app navigation to `path` in `page` (see NAV)."""
    asof = labels.AS_OF.split("{")[0].strip()
    return page.evaluate(NAV, [path, asof, list(content), TIMEOUT]) / 1000


def measure_nav(
    b: Browsers, path: Path, url: str, origin: str, content: tuple, script: Path | None = None
) -> tuple[float, float]:
    """In-app navigation on a fresh server, cold then warm: a tab opens `origin` (another page,
    whose queries are not the page's), clicks the page's link (cold: its queries never ran);
    then back to origin and to the page again (warm). url, origin: URL paths."""
    from tests.browser import settle

    server = fresh_server(b, path, script)
    try:
        page = b.returning.new_page()
        page.goto(server.url + origin, timeout=TIMEOUT)

        settle(page, TIMEOUT)
        target = url.split("?")[0]
        cold = navigate(page, target, content)
        navigate(page, origin, ())
        warm = navigate(page, target, content)
        page.close()
        return cold, warm
    finally:
        server.stop()


def measure_page(b: Browsers, path: Path, page_name: str, url: str, runs: int, first: bool) -> dict:
    """Medians over `runs` samples of one page: seconds and their parts, CPU seconds; and of
    in-app navigation to it (none for the studio file, which no sidebar link opens at a
    studio)."""
    script = FLOOR_APP if page_name == "floor" else None
    samples = [measure(b, path, page_name, url, first, script) for _ in range(runs)]
    out = {"errors": [e for s in samples for e in s.errors]}
    if page_name != "studio":
        origin = NAV_ORIGIN.get(page_name, "/data")
        navs = [measure_nav(b, path, url, origin, CONTENT[page_name], script) for _ in range(runs)]
        out["nav cold"] = statistics.median(c for c, _ in navs)
        out["nav warm"] = statistics.median(w for _, w in navs)
    for kind in ("cold", "warm"):
        loads = [getattr(s, kind) for s in samples]
        out[kind] = statistics.median(x.seconds for x in loads)
        for part in ("boot", "script", "draw"):
            out[f"{kind} {part}"] = statistics.median(x.part(part) for x in loads)
        out[f"{kind} server cpu"] = statistics.median(x.server_cpu for x in loads)
        out[f"{kind} browser cpu"] = statistics.median(x.browser_cpu for x in loads)
        for what in ("task", "js"):
            out[f"{kind} main {what}"] = statistics.median(x.main_thread[what] for x in loads)
    return out


def paired(this: list[float], base: list[float]) -> dict:
    """Two series measured in alternation, run by run: the median of each, and the median of
    their differences (this - base) with the smallest and the largest, and how many runs this
    was the faster in. On a shared machine the load drifts by more than a small change moves a
    page; alternating puts both sides of each pair under the same drift."""
    diffs = [a - b for a, b in zip(this, base, strict=True)]
    return {
        "this": statistics.median(this),
        "base": statistics.median(base),
        "diff": statistics.median(diffs),
        "low": min(diffs),
        "high": max(diffs),
        "faster": sum(d < 0 for d in diffs),
        "runs": len(diffs),
    }


def compare(b: Browsers, path: Path, page_name: str, url: str, runs: int, base_app: Path) -> dict:
    """Cold loads of one page (as measure's), `runs` pairs: one on this checkout's app, one on
    `base_app` (another checkout's dashboard/app.py), each on a fresh server, in alternating
    order. Seconds and main-thread busy seconds, each as paired()."""
    this, base = [], []
    for run in range(runs):
        sides = [(None, this), (base_app, base)]
        for script, out in sides if run % 2 == 0 else sides[::-1]:
            server = fresh_server(b, path, script)
            try:
                page, cdp = open_page(b.returning, page_name)
                out.append(load(page, cdp, server.url + url, server.proc.pid))
                page.close()
            finally:
                server.stop()
    return {
        "seconds": paired([x.seconds for x in this], [x.seconds for x in base]),
        "main": paired(
            [x.main_thread["task"] for x in this], [x.main_thread["task"] for x in base]
        ),
    }


def compare_row(scale: str, name: str, r: dict) -> str:
    """One line of --against's table: this checkout, the base, the paired difference."""
    s, m = r["seconds"], r["main"]
    spread = f"{s['low']:+.2f}…{s['high']:+.2f}"
    faster = f"{s['faster']}/{s['runs']}"
    return (
        f"{scale:<10}{name:<13}{s['this']:>7.2f}{s['base']:>7.2f}{s['diff']:>+11.2f}"
        f"{spread:>14}{faster:>8}{m['diff']:>+10.2f}{loadavg().split()[0]:>6}"
    )


COMPARE_HEADER = (
    f"{'scale':<10}{'page':<13}{'this s':>7}{'base s':>7}{'this−base':>11}{'low…high':>14}"
    f"{'faster':>8}{'main Δ s':>10}{'load':>6}"
)


def sample_database(path: Path = ROOT / "benchmarks" / "out" / "sample.duckdb") -> Path:
    """The bundled sample in a database of its own (`--scales sample`, for a quick look)."""
    from dashboard.sample import ensure_sample

    con = db.connect(path)
    try:
        ensure_sample(con)
    finally:
        con.close()
    return path


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


HEADER = (
    f"{'scale':<10}{'page':<13}{'cold s':>7}{'warm s':>7}{'nav cold':>9}{'nav warm':>9}"
    f"{'÷ floor':>10}{'target':>7}"
    f"{'boot/script/draw cold':>23}{'… warm':>16}{'server cpu':>12}{'chromium cpu':>14}"
    f"{'main thread (js)':>26}{'load':>6}"
)
TIMES = ("cold", "warm", "nav cold", "nav warm")


def row(scale: str, name: str, r: dict, floor: dict | None = None) -> str:
    """One line of the table (cold/warm pairs in the CPU and main-thread columns); ÷ floor:
    cold load and cold navigation as multiples of the floor's (benchmarks/floor_app.py)."""
    over = [f"{k} +{r[k] - TARGET:.2f} s" for k in TIMES if r.get(k, 0) > TARGET]
    missed = "  MISSED: " + ", ".join(over) if over and scale == "national" else ""
    errors = f"  ERRORS: {sorted(set(r['errors']))}" if r["errors"] else ""
    parts = {
        k: "/".join(f"{r[f'{k} {x}']:.2f}" for x in ("boot", "script", "draw"))
        for k in ("cold", "warm")
    }
    cpu = {w: f"{r[f'cold {w}']:.2f}/{r[f'warm {w}']:.2f}" for w in ("server cpu", "browser cpu")}
    busy = "/".join(
        f"{r[f'{k} main task']:.2f} ({r[f'{k} main js']:.2f})" for k in ("cold", "warm")
    )
    nav = {k: f"{r[k]:.2f}" if k in r else "—" for k in ("nav cold", "nav warm")}
    ratio = "—"
    if floor and name != "floor":
        ratio = f"{r['cold'] / floor['cold']:.1f}"
        if "nav cold" in r:
            ratio += f"/{r['nav cold'] / floor['nav cold']:.1f}"
    return (
        f"{scale:<10}{name:<13}{r['cold']:>7.2f}{r['warm']:>7.2f}{nav['nav cold']:>9}"
        f"{nav['nav warm']:>9}{ratio:>10}{f'≤ {TARGET}':>7}"
        f"{parts['cold']:>23}{parts['warm']:>16}{cpu['server cpu']:>12}{cpu['browser cpu']:>14}"
        f"{busy:>26}{loadavg().split()[0]:>6}{missed}{errors}"
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="city,national")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--pages", default=",".join(PAGES))
    p.add_argument(
        "--first-visit",
        action="store_true",
        help="cold loads in a fresh browser context (nothing of the app cached but the cookie)",
    )
    p.add_argument(
        "--against",
        type=Path,
        help="a checkout of another commit (git worktree add DIR REF): cold loads of each page "
        "on it and on this one, alternating, and their paired difference (no floor, no warm)",
    )
    args = p.parse_args()
    first = args.first_visit
    base_app = args.against and (args.against / "dashboard" / "app.py").resolve()
    if base_app and not base_app.is_file():
        p.error(f"--against: no {base_app}")
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    print(f"load average (1, 5, 15 min) at start: {loadavg()}", flush=True)
    print(COMPARE_HEADER if base_app else HEADER, flush=True)
    started = time.perf_counter()
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            for scale in args.scales.split(","):
                path = sample_database() if scale == "sample" else database(scale)
                prepare(path)
                paths = {name: page_path(name, path) for name in args.pages.split(",")}
                with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
                    b = sign_in(browser, path, paths, Path(profile))
                    try:
                        if base_app:
                            for name, url in paths.items():
                                r = compare(b, path, name, url, args.runs, base_app)
                                print(compare_row(scale, name, r), flush=True)
                            continue
                        floor = measure_page(b, path, "floor", "/other", args.runs, first)
                        print(row(scale, "floor", floor), flush=True)
                        for name, url in paths.items():
                            r = measure_page(b, path, name, url, args.runs, first)
                            print(row(scale, name, r, floor), flush=True)
                    finally:
                        b.returning.close()
        finally:
            browser.close()
    took = (time.perf_counter() - started) / 60
    print(f"load average at end: {loadavg()}; took {took:.1f} min", flush=True)


if __name__ == "__main__":
    main()
