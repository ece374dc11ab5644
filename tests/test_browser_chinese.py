"""Every page, as each role, in Chromium: no visible Latin-letter word outside a short whitelist
(ids, file types, units), Streamlit's own widget text included (issue 17, point 3)."""

from __future__ import annotations

import re

import pytest

from dashboard import auth
from tests.browser import CUT_PICKS, DESKTOP, PHONE, after, open_page

WIDE = {"width": 1440, "height": 900}

PATHS = ["/", "/benefits", "/explore", "/data", "/applications", "/honours", "/risk", "/studio"]
ADMIN_PATHS = ["/admin-data", "/admin-users"]
ROLE_PATHS = {
    "admin": ["/plan", "/inspect"],
    "inspector": ["/plan", "/inspect"],
    "leader": ["/plan"],
}
ROLES = ["admin", "leader", "inspector", "shushan"]
# data: account names — the demo accounts, and the one tests/test_browser_access.py creates on
# the shared server before this test may run
USERNAMES = frozenset({*(name for name, _, _ in auth.DEMO_USERS), "locktest"})
WORD = re.compile(r"[A-Za-z][A-Za-z]+")
ALLOWED = {
    "HF",  # studio ids (HF-2023-001), inspection ids (JC-…), outcome ids (CG-…)
    "JC",
    "XC",  # inspections recorded in the app (XC-20261129-0001)
    "CG",
    "QC",  # the outcome category QC成果
    "xlsx",
    "csv",
    "XLSX",
    "CSV",
    "Excel",
    "MB",
}
# Visible text without Material icons (their names are ligatures drawn as pictures).
VISIBLE_TEXT = """() => {
  const out = [];  // the whole body: menus and pop-overs are drawn outside the app's root
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('[data-testid="stIconMaterial"], script, style')) continue;
    const style = getComputedStyle(el);
    if (style.fontFamily.includes("Material")) continue;  // an icon's ligature
    if (parseFloat(style.fontSize) < 1) continue;  // text drawn over (CSS ::after) in its place
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;  // visually hidden (a skip link, say)
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    out.push(node.textContent);
  }
  // a text box's hint shows while it is empty (a select's own input keeps a hidden one)
  for (const input of document.querySelectorAll(
      'input[placeholder]:not([role="combobox"]), textarea[placeholder]'))
    if (!input.value && input.checkVisibility()) out.push(input.placeholder);
  return out.join("\\n");
}"""


# Resolves once the layout for a new window size has been drawn: two animation frames (the
# resize's style and layout, then what React re-renders for the new width), and a short pause for
# a component that measures itself once more after that.
REDRAWN = """() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))))"""


def latin_words(page, allowed: frozenset = frozenset()) -> set[str]:
    return {w for w in WORD.findall(page.evaluate(VISIBLE_TEXT)) if w not in ALLOWED | allowed}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_speaks_chinese(server, browser, role):
    """Each page is read at 1440 px, then at 390 px (the same page resized: a phone's layout is
    CSS, the cards and the table are both sent), so both widths cost one visit; at 390 px no
    select box cuts its value."""
    paths = PATHS + ROLE_PATHS.get(role, []) + (ADMIN_PATHS if role == "admin" else [])
    page = open_page(browser, server.url + paths[0], WIDE, user=role, password=auth.DEMO_PASSWORD)
    try:
        found = {}
        for path in paths:
            page.set_viewport_size(WIDE)
            after(page, lambda p=path: page.goto(server.url + p))
            for name, size in (("1440", WIDE), ("390", PHONE)):
                page.set_viewport_size(size)
                page.evaluate(REDRAWN)
                if words := latin_words(page, USERNAMES):
                    found[f"{path} @ {name}"] = sorted(words)
                if size is PHONE and (cut := page.evaluate(CUT_PICKS)):
                    found[f"{path} @ {name}: a select box cuts"] = cut
        assert {} == found, found
    finally:
        page.context.close()


def test_widget_popups_speak_chinese(server, browser):
    """Streamlit's own text appears when a multiselect opens and while a filter is typed."""
    page = open_page(browser, server.url + "/explore", DESKTOP)
    try:
        page.get_by_text("筛选条件").click()
        box = page.get_by_test_id("stMultiSelect").first
        box.click()
        page.wait_for_timeout(500)
        opened = latin_words(page, USERNAMES)
        page.keyboard.press("Escape")
        page.get_by_placeholder("工作室名称、领衔人或依托单位").fill("张")  # not yet applied
        page.wait_for_timeout(500)
        typed = latin_words(page, USERNAMES)
        assert (set(), set()) == (opened, typed)
    finally:
        page.context.close()
