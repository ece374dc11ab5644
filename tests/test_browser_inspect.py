"""现场检查录入 in Chromium on a 390 px phone: an inspector fills half the form, reloads, finds the
draft restored, finishes, submits; the studio's file lists the new 检查编号 as 现场录入 and the
摘牌风险 watch list names the studio at once, for 最近检查不合格 (R4).

On a server of its own (a fresh copy of the sample): the record changes the figures the shared
server's tests read. Screenshots of the form (phone and 1440 px) go to /tmp/shots/."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from dashboard import inspect_form, labels, report, settings
from dashboard.contract import CONDITIONS, GRADES
from tests import browser as chromium
from tests.browser import PHONE, Server, after, open_page, settle, shot

F = inspect_form
WIDE = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("inspect") / "app.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chromium, "SHOTS", Path("/tmp/shots"))
        yield srv
    srv.stop()


@pytest.fixture(scope="module")
def studio(sample_con):
    """A named studio no rule flags as of the data's date (so not in the watch list), that date,
    and its name; the server's database is the same sample."""
    from dashboard import db

    as_of = db.run(sample_con, "as_of_default")["as_of"].iloc[0].date()
    clean = [r for r in report.risk_list(sample_con, as_of, None) if r["score"] == 0]
    return clean[0]["studio_id"], as_of, clean[0]["name"]


def tap(page, name: str, choice: str) -> None:
    """Tap one choice of a field's radio (a field of the form, by its contract name)."""
    option = page.locator(f".st-key-{F.KEYS[name]}").get_by_text(choice, exact=True)
    after(page, option.click)


def checked(page, name: str) -> str | None:
    group = page.locator(f".st-key-{F.KEYS[name]}")
    for option in group.locator('[data-testid="stRadioOption"]').all():
        if option.locator("input").is_checked():
            return option.inner_text().strip()
    return None


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_record_on_a_phone_reload_submit_and_see_it_counted(own_server, browser, studio):
    studio_id, as_of, name = studio
    page = open_page(browser, f"{own_server.url}/inspect?id={studio_id}", PHONE, user="inspector")
    try:
        header = page.locator(".page-context").inner_text()
        assert f"数据截至 {as_of:%Y-%m-%d}" in header
        assert checked(page, CONDITIONS[0]) is None  # nothing chosen for the inspector
        assert labels.INSPECT_DEFAULT_METHOD == checked(page, F.METHOD)
        target = page.locator(f".st-key-{F.KEYS[CONDITIONS[0]]} [data-testid='stRadioOption']")
        assert 3 == target.count() and target.first.bounding_box()["height"] >= 44  # CSS px
        no_sideways_scroll(page)

        # half the form: the date (the data's own), five conditions, the findings
        date = page.locator(f".st-key-{F.KEYS[F.DATE]} input")
        date.fill(f"{as_of:%Y-%m-%d}")
        after(page, lambda: date.press("Enter"))
        page.keyboard.press("Escape")
        first = ["不达标", "基本达标", "达标", "达标", "不达标"]
        for condition, grade in zip(CONDITIONS, first):
            tap(page, condition, grade)
        issues = page.locator(f".st-key-{F.KEYS[F.ISSUES]} textarea")
        issues.fill("标识牌缺失；活动台账不全")
        after(page, lambda: issues.press("Tab"))

        page.reload()  # a lost connection, a tap on reload
        settle(page)
        assert page.get_by_text(re.compile(r"^已恢复草稿（保存于 .+）")).is_visible()
        for condition, grade in zip(CONDITIONS, first):
            assert grade == checked(page, condition), condition
        assert checked(page, CONDITIONS[5]) is None
        assert f"{as_of:%Y-%m-%d}" == page.locator(f".st-key-{F.KEYS[F.DATE]} input").input_value()
        assert "标识牌缺失；活动台账不全" == issues.input_value()

        after(page, page.get_by_role("button", name=labels.INSPECT_SUBMIT).click)  # too early
        refused = page.locator('[data-testid="stAlertContentError"]').inner_text()
        for condition in CONDITIONS[5:]:
            assert f"{condition}：{labels.REASON['required']}" in refused
        assert f"{F.CONCLUSION}：{labels.REASON['required']}" in refused
        shot(page, "inspect-phone-refused")

        for condition in CONDITIONS[5:]:
            tap(page, condition, GRADES[0])
        score = page.locator(f".st-key-{F.KEYS[F.SCORE]} input")
        score.fill("52")
        after(page, lambda: score.press("Tab"))
        tap(page, F.CONCLUSION, "不合格")
        no_sideways_scroll(page)
        shot(page, "inspect-phone-filled")

        after(page, page.get_by_role("button", name=labels.INSPECT_SUBMIT).click)
        done = page.get_by_text(re.compile(r"^已提交，检查编号 XC-\d{8}-\d{4}")).inner_text()
        new_id = re.search(r"XC-\d{8}-\d{4}", done).group(0)
        assert checked(page, CONDITIONS[0]) is None  # the form starts again
        shot(page, "inspect-phone-done")

        after(page, page.get_by_role("link", name=labels.INSPECT_OPEN_FILE).click)
        url = urllib.parse.urlparse(page.url)
        assert "/studio" == url.path and [studio_id] == urllib.parse.parse_qs(url.query)["id"]
        row = page.locator(".st-key-wide_inspections tr", has_text=new_id)
        assert labels.ORIGIN_APP in row.inner_text()
        assert page.locator(".st-key-wide_inspections tr", has_text=labels.ORIGIN_IMPORT).count()
        no_sideways_scroll(page)

        page.goto(f"{own_server.url}/risk")
        settle(page)
        card = page.locator('[class*="st-key-card_watchlist_"]', has_text=name)
        text = card.inner_text()
        assert f"{labels.RULE_NAMES['R4']}（{as_of:%Y-%m-%d} 检查 {new_id} 结论不合格）" in text
        points = settings.get("risk_r4_points") + 2 * settings.get("risk_r5_points_each")  # R4, R5
        tier = "高" if points >= settings.get("risk_tier_high") else "中"
        pill = card.locator('[class*="st-key-pill_"]').inner_text().strip()
        assert labels.RISK_TIER_NAMES[tier] == pill
        assert not page.errors
    finally:
        page.context.close()


def test_the_form_at_1440_px(own_server, browser, studio):
    """The same form on a desktop: each condition on one line, its name before its choices."""
    studio_id = studio[0]
    page = open_page(browser, f"{own_server.url}/inspect?id={studio_id}", WIDE, user="inspector")
    try:
        tap(page, CONDITIONS[0], "基本达标")
        name = page.locator(f".st-key-{F.KEYS[CONDITIONS[0]]} [data-testid='stWidgetLabel']")
        choice = page.locator(f".st-key-{F.KEYS[CONDITIONS[0]]}").get_by_text("达标", exact=True)
        label_box, choice_box = name.bounding_box(), choice.bounding_box()
        assert abs(label_box["y"] - choice_box["y"]) < 30  # one line
        shot(page, "inspect-desktop")
    finally:
        page.context.close()
