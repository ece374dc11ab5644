"""检查计划 in Chromium: an inspector draws a small 抽查 plan, saves it and prints its checklists to
PDF — one A4 page per planned studio, each with the studio's name and the nine conditions, in
Chinese; screenshots of the page and the checklists at desktop and phone width (SHOTS_DIR, by
default tests/screenshots/), with no sideways scroll on the phone.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard import db, plans, report
from dashboard import labels as L
from dashboard.contract import CONDITIONS
from tests.browser import BUTTON_GROUP_ROWS, CUT_PICKS, PHONE, SHOTS, after, open_page, settle, shot
from tests.test_browser_hostile import pick_first
from tests.test_browser_print import pdf_pages, squeeze

AS_OF = dt.date(2023, 12, 15)
DESKTOP = {"width": 1440, "height": 900}
UNITS = ["巢湖市", "庐阳区"]  # ten named studios, none overdue: a plan of three is three
SIZE, SEED = 3, 7


@pytest.fixture(scope="module")
def expected(sample_con):
    """The plan the page must draw, and each studio's registry row (the same sample)."""
    pool = db.run(
        sample_con,
        "plan_candidates",
        as_of=AS_OF,
        unit=None,
        p=report.risk_params(sample_con),
        units=UNITS,
        studio_types=None,
        statuses=["named"],
    )
    rows = plans.draw_sample(pool, SIZE, SEED).rows
    assert SIZE == len(rows)
    scope = dict(as_of=AS_OF, unit=None)
    profiles = {
        s: db.run(sample_con, "studio_profile", studio_id=s, **scope).iloc[0]
        for s in rows["studio_id"]
    }
    last = [
        db.run(sample_con, "studio_inspections", studio_id=s, **scope) for s in rows["studio_id"]
    ]
    ids = [*rows["studio_id"], *(x["inspection_id"].iloc[0] for x in last if len(x))]
    return rows, profiles, {w for i in ids for w in re.findall(r"[A-Za-z]+", i)}


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, "the page scrolls sideways"


def choose_units(page, units: list[str]) -> None:
    box = page.get_by_test_id("stMultiSelect").filter(has_text=L.F_UNITS).locator("input")
    for unit in units:
        box.click()
        box.fill(unit)
        after(page, lambda: box.press("Enter"))
    page.keyboard.press("Escape")


def set_number(page, label: str, value: int) -> None:
    field = page.get_by_role("spinbutton", name=label)
    field.fill(str(value))
    after(page, lambda: field.press("Enter"))


def open_checklists(page) -> None:
    after(page, page.get_by_text(L.PLAN_SHOW_CHECKLISTS).click)
    page.locator(".st-key-checklists").wait_for()
    settle(page)


@pytest.fixture(scope="module")
def saved(server, browser, expected):
    """Draw and save the plan as the inspector at desktop width; screenshots on the way."""
    page = open_page(browser, f"{server.url}/plan", DESKTOP, user="inspector")
    try:
        assert [] == page.errors
        choose_units(page, UNITS)
        set_number(page, L.PLAN_SIZE, SIZE)
        set_number(page, L.PLAN_SEED, SEED)
        after(page, page.get_by_role("button", name=L.PLAN_DRAW).click)
        page.get_by_role("button", name=L.PLAN_SAVE).wait_for()
        shot(page, "plan-draft-1440")
        after(page, page.get_by_role("button", name=L.PLAN_SAVE).click)
        page.get_by_text(L.PLAN_SHOW_CHECKLISTS).wait_for()
        shot(page, "plan-saved-1440")
        yield page
    finally:
        page.context.close()


def test_checklists_print_one_page_per_studio(saved, expected):
    """Printed to A4: as many pages as studios, each with its studio's name, the nine conditions,
    the boxes, the signature lines and the print header, and no Latin word but the data's own."""
    rows, profiles, data_words = expected
    page = saved
    open_checklists(page)
    assert SIZE == page.locator("[class*='st-key-checklist_']").count()
    shot(page, "plan-checklists-1440")
    page.evaluate("window.print = () => { window.printed = true; }")  # headless has no dialog
    page.get_by_role("button", name=L.PRINT).click()
    assert page.evaluate("window.printed === true")
    pdf = page.pdf(format="A4", print_background=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "plan-checklists.pdf").write_bytes(pdf)
    pages = [squeeze(t) for t in pdf_pages(pdf)]
    assert SIZE == len(pages), f"{len(pages)} pages for {SIZE} studios"
    for text, studio_id in zip(pages, rows["studio_id"]):
        studio = profiles[studio_id]
        assert squeeze(studio["studio_name"]) in text
        assert studio_id in text
        for condition in CONDITIONS:
            assert condition in text
        for label in (L.CHECKLIST_TITLE, L.CHECKLIST_ISSUES, L.CHECKLIST_RECTIFY):
            assert squeeze(label) in text
        assert squeeze(L.CHECKLIST_BOXES) in text and squeeze(L.CHECKLIST_CONCLUSION_BOXES) in text
        for sign in (L.CHECKLIST_INSPECTOR_SIGN, L.CHECKLIST_LEADER_SIGN):
            assert squeeze(sign) in text
        assert squeeze(L.PRINT_HEADER.format(page=L.PAGE_PLAN, date="2023-12-15")) in text
        phone = str(studio["phone"])
        assert phone not in text and f"{phone[:3]}****{phone[-4:]}" in text
        # nothing of the screen: the plan's form, list and buttons
        for control in (L.PLAN_SECTION_NEW, L.PLAN_SECTION_SAVED, L.EXPORT_XLSX):
            assert squeeze(control) not in text
    words = set(re.findall(r"[A-Za-z]+", "".join(pages)))
    assert words <= data_words, words  # the ids of studios and inspections (HF-…, JC-…)
    viewer = saved.context.browser.new_page(viewport={"width": 794, "height": 1123})
    try:  # the first page as Chromium's PDF viewer shows it
        viewer.goto((SHOTS / "plan-checklists.pdf").as_uri() + "#toolbar=0&navpanes=0&view=Fit")
        viewer.wait_for_timeout(2000)
        viewer.screenshot(path=str(SHOTS / "plan-checklists-pdf-page1.png"))
    finally:
        viewer.close()


def test_the_page_and_checklists_on_a_phone(server, browser, saved, expected):
    """At 390 px: the saved plan opens, its list and checklists fit the width."""
    rows, profiles, _ = expected
    page = open_page(browser, f"{server.url}/plan", PHONE, user="inspector")
    try:
        assert [] == page.errors
        no_sideways_scroll(page)
        assert [1, 1] == page.evaluate(BUTTON_GROUP_ROWS)  # 检查方式, 单位类别: one row each
        shot(page, "plan-390")
        pick_first(page, L.PLAN_OPEN)  # the latest plan: the one saved above
        assert [] == page.evaluate(CUT_PICKS)  # the plan picked reads in full
        open_checklists(page)
        no_sideways_scroll(page)
        names = page.locator("[class*='st-key-clname_']").all_text_contents()
        assert [profiles[s]["studio_name"] for s in rows["studio_id"]] == names
        shot(page, "plan-checklists-390")
    finally:
        page.context.close()
