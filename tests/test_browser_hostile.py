"""Every page in Chromium on a database whose every text cell is Markdown or HTML: the payloads
read as text — no link to another site, no outside image, no injected script, and the browser
asks no host but the app for anything (not even when the URL itself carries Markdown)."""

from __future__ import annotations

import itertools
import urllib.parse

import pytest

from dashboard import auth, db
from dashboard.contract import SHEETS
from dashboard.importer import import_files
from dashboard.ui import WORD_JOINER
from tests.browser import CHART_DRAWN, DESKTOP, Server, after, choose, login, settle
from tests.conftest import OUTCOMES, REGISTRY, write_xlsx

PAYLOADS = (  # the first three name the units, in tables, headings and chart labels
    '<a href="https://evil.example/">点我</a>',
    "![b](http://127.0.0.1:9/x.png)",
    "[点我](https://evil.example/)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "https://evil.example/auto",
    "www.evil.example",
    "mail@evil.example",
    ":red[**红**] $x^2$ `code`",
)
LOGIN_LINK = "[请点击此处重新登录](https://evil.example/login)"
USER, PASSWORD = "hostile", "hostile-pass-1"

# Links, images, scripts and event handlers a payload could have turned into, as the page has them.
FIND_INJECTED = """() => {
  const here = location.host, bad = [];
  const where = (el) => (el.closest("[data-testid]") || el).getAttribute("data-testid") + ": ";
  const foreign = (value, dataOk) => {
    if (!value) return false;
    const url = new URL(value, location.href);
    if (dataOk && url.protocol === "data:") return false;
    return !["http:", "https:"].includes(url.protocol) || url.host !== here;
  };
  for (const a of document.querySelectorAll("a")) {
    const href = a.getAttribute("href") || a.getAttribute("xlink:href");
    if (foreign(href, false)) bad.push(where(a) + "a " + href);
  }
  for (const img of document.querySelectorAll("img, image, source, video, audio")) {
    const src = img.getAttribute("src") || img.getAttribute("href") || img.getAttribute("xlink:href");
    if (foreign(src, true)) bad.push(where(img) + img.tagName + " " + src);
  }
  for (const s of document.querySelectorAll("script")) {
    if (s.textContent.includes("alert(1)") || foreign(s.getAttribute("src"), false))
      bad.push("script " + (s.getAttribute("src") || s.textContent.slice(0, 60)));
  }
  for (const el of document.querySelectorAll("*")) {
    for (const at of el.attributes)
      if (at.name.startsWith("on") && at.value.includes("alert")) bad.push(where(el) + el.tagName + " " + at.name);
  }
  return bad;
}"""


def hostile_exports() -> tuple[dict, dict]:
    """REGISTRY and OUTCOMES with every free-text and key cell replaced by a payload (the same
    value by the same payload everywhere, so references hold), blank text cells filled too."""
    texts = {(s.name, c.name) for s in SHEETS for c in s.columns if c.kind in ("text", "key")}
    payloads = itertools.cycle(PAYLOADS)
    given: dict[str, str] = {}
    counter = itertools.count(1)

    def swap(value: object) -> str:
        if value in ("", None):
            return next(payloads)
        if value not in given:
            n = next(counter)  # unique (keys, unit names); a suffix keeps the payload whole
            given[value] = f"{next(payloads)} {n}"
        return given[value]

    out = []
    for book in (REGISTRY, OUTCOMES):
        sheets = {}
        for sheet, (header, rows) in book.items():
            cols = [i for i, h in enumerate(header) if (sheet, h) in texts]
            sheets[sheet] = (
                header,
                [[swap(v) if i in cols else v for i, v in enumerate(row)] for row in rows],
            )
        out.append(sheets)
    return out[0], out[1]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, browser):
    """The app on the hostile database, and a signed-in admin's page that records every request
    to another host (and refuses it) and every dialog (an alert() that ran)."""
    folder = tmp_path_factory.mktemp("hostile")
    registry, outcomes = hostile_exports()
    # The file names show on every page (数据来源): one of them is a bare domain.
    files = [
        write_xlsx(folder / "工作室台账 www.evil.example.xlsx", registry),
        write_xlsx(folder / "创新成果.xlsx", outcomes),
    ]
    con = db.connect(folder / "app.duckdb")
    result = import_files(con, files, user=USER)
    assert result.ok, [str(p) for p in result.problems]
    auth.add_user(con, USER, PASSWORD, auth.ADMIN)
    studios = con.execute("select studio_id, studio_name from stg_studios order by 1").fetchall()
    con.close()
    server = Server(folder / "app.duckdb")
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    outside: list[str] = []

    def route(r):
        if urllib.parse.urlsplit(r.request.url).netloc == f"127.0.0.1:{server.port}":
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "request",
        lambda r: (
            r.url.startswith(("http", "ws"))
            and urllib.parse.urlsplit(r.url).netloc != f"127.0.0.1:{server.port}"
            and outside.append(r.url)
        ),
    )
    page.on("dialog", lambda d: (outside.append("dialog " + d.message), d.dismiss()))
    page.goto(server.url)
    settle(page)
    login(page, USER, PASSWORD, ok=True)
    page.outside = outside
    page.base = server.url
    page.studios = studios
    page.files = files
    yield page
    context.close()
    server.stop()


def visit(page, path: str) -> None:
    page.goto(page.base + path)
    settle(page)
    assert 0 == page.get_by_test_id("stException").count(), path


def text_of(locator) -> str:
    """What a reader sees: the text without the invisible word joiners that stop autolinks."""
    return locator.inner_text().replace(WORD_JOINER, "").strip()


def assert_clean(page, where: str) -> None:
    page.wait_for_timeout(100)  # an image or a prefetch would be asked for by now
    asked, page.outside[:] = list(page.outside), []  # each check answers for its own requests
    assert [] == page.evaluate(FIND_INJECTED), where
    assert [] == asked, where


def pick_first(page, label: str) -> None:
    """Open the selectbox labelled `label` and choose its first option."""
    choose(page, page.get_by_role("combobox", name=label), page.get_by_role("option").first)


@pytest.mark.parametrize(
    "path",
    ["/", "/benefits", "/risk", "/explore", "/data", "/admin-users", "/applications", "/honours"],
)
def test_page_shows_payloads_as_text(hostile, path):
    visit(hostile, path)
    assert_clean(hostile, path)
    if path == "/":
        pick_first(hostile, "查看单位的申报工作室")  # the unit's name in the section heading
        assert_clean(hostile, path + " unit")
    if path == "/benefits":
        pick_first(hostile, "查看单位的工作室")
        assert_clean(hostile, path + " unit")


@pytest.mark.parametrize("path", ["/benefits", "/risk"])
def test_charts_show_payloads_as_text_when_hovered(hostile, path):
    """The charts (ECharts, as SVG) set the unit names as text; their tooltips, drawn as the pointer
    crosses every bar, inject nothing either."""
    visit(hostile, path)
    charts = hostile.locator(CHART_DRAWN)
    assert charts.count() >= 2, path
    words = " ".join(
        t for i in range(charts.count()) for t in charts.nth(i).locator("text").all_text_contents()
    )
    assert any(p in words for p in PAYLOADS[:3]), words[:300]
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        for fx, fy in itertools.product((0.3, 0.5, 0.8), (0.25, 0.5, 0.75)):
            hostile.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            hostile.wait_for_timeout(30)
    assert_clean(hostile, path + " hovered")


def test_studio_file_shows_payloads_as_text(hostile):
    for studio_id, name in hostile.studios:
        visit(hostile, "/studio?id=" + urllib.parse.quote(studio_id, safe=""))
        assert_clean(hostile, studio_id)
        heading = hostile.get_by_test_id("stHeading").filter(has_text=name.split()[-1]).first
        assert name == text_of(heading)  # the name itself, as text
    box = hostile.get_by_placeholder("编号、名称、领衔人或依托单位")
    box.fill(PAYLOADS[1])  # a search that finds nothing says so, quoting the search
    after(hostile, lambda: box.press("Enter"))
    assert_clean(hostile, "studio search")


def test_markdown_in_the_url_is_shown_as_text(hostile):
    """/studio?id=[请点击此处重新登录](https://evil.example/login): an error quoting the id, no link."""
    visit(hostile, "/studio?id=" + urllib.parse.quote(LOGIN_LINK, safe=""))
    error = hostile.get_by_test_id("stAlertContentError")
    assert LOGIN_LINK in text_of(error)
    assert 0 == error.locator("a").count()
    assert_clean(hostile, "url")


def test_upload_warnings_show_column_names_as_text(hostile, tmp_path):
    """An extra column whose header is a payload: the upload's warnings quote it as text."""
    registry, outcomes = hostile_exports()
    header, rows = outcomes["活动记录"]
    outcomes["活动记录"] = ([*header, PAYLOADS[0]], [[*row, "x"] for row in rows])
    files = [
        write_xlsx(tmp_path / "工作室台账.xlsx", registry),
        write_xlsx(tmp_path / "创新成果.xlsx", outcomes),
    ]
    visit(hostile, "/admin-data")
    assert_clean(hostile, "/admin-data")
    hostile.locator("input[type=file]").set_input_files([str(f) for f in files])
    hostile.get_by_text("提示（不影响导入）").wait_for(timeout=30_000)
    settle(hostile)
    after(hostile, hostile.get_by_text("提示（不影响导入）").click)
    assert PAYLOADS[0] in text_of(hostile.get_by_test_id("stExpander"))
    assert_clean(hostile, "upload warnings")
