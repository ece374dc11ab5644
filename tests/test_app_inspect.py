"""现场检查录入 in AppTest (/inspect?id=…): the importer's own messages for a form that is not
complete, a draft saved on every change and restored in a new session, a submitted record in the
studio's file as 现场录入, 作废 only with a reason, and the page refusing leaders and unit users.

The module runs on a database of its own (a fresh copy of the bundled sample): its records would
change the figures other page tests read from the shared one."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st

from dashboard import auth, db, inspect_form, inspections, labels, report
from dashboard.contract import CONDITIONS
from tests.conftest import ROOT, app_as

F = inspect_form
INSPECTOR = auth.User("insp_t", auth.INSPECTOR, None)
ADMIN = auth.User("admin_t", auth.ADMIN, None)


@pytest.fixture(scope="module")
def own_db(tmp_path_factory):
    """This module's database: the cached query results of other databases are dropped on the
    way in and out (they are keyed by data version, not by file)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUDIODASH_DB", str(tmp_path_factory.mktemp("inspect") / "app.duckdb"))
        st.cache_data.clear()
        from dashboard.state import connection

        yield connection()
    st.cache_data.clear()


@pytest.fixture(scope="module")
def quiet(own_db):
    """Named studios that no rule flags as of the data's date (one per test, so no test sees
    another's draft or record), and that date."""
    as_of = db.run(own_db, "as_of_default")["as_of"].iloc[0].date()
    clean = [r["studio_id"] for r in report.risk_list(own_db, as_of, None) if r["score"] == 0]
    return clean, as_of


def open_form(user: auth.User, studio_id: str, method: str | None = None):
    at = app_as(user)
    at.query_params["id"] = studio_id
    if method:
        at.query_params["method"] = method
    at.run()
    at.switch_page("views/inspect.py").run()
    assert not at.exception, at.exception
    return at


def fill(at, values: dict) -> None:
    """Set form fields ({contract column: value}) as a user would, one run for all."""
    for name, value in values.items():
        key = F.KEYS[name]
        widget = next(w for kind in ("radio", "date_input", "number_input", "text_area",
                                     "text_input") for w in at.get(kind) if w.key == key)  # fmt: skip
        widget.set_value(value)
    at.run()
    assert not at.exception, at.exception


def complete(as_of: dt.date, conclusion: str = "合格") -> dict:
    return {
        F.DATE: as_of,
        **{c: "达标" for c in CONDITIONS},
        F.SCORE: 75.0,
        F.CONCLUSION: conclusion,
        F.ISSUES: "台账需补齐",
    }


def count_app(con) -> int:
    return con.execute("select count(*) from app_inspections").fetchone()[0]


def test_a_missing_condition_is_refused_with_the_importers_words(own_db, quiet):
    studio, as_of = quiet[0][0], quiet[1]
    at = open_form(INSPECTOR, studio)
    values = complete(as_of)
    del values[CONDITIONS[0]]
    fill(at, values)
    before = count_app(own_db)
    at.button(key="insp_submit").click().run()
    required = labels.WHERE_DETAIL.format(where=CONDITIONS[0], detail=labels.REASON["required"])
    assert [labels.INSPECT_REFUSED.format(n=1) + "\n\n" + required] == [e.value for e in at.error]
    assert before == count_app(own_db)
    # the same words as the importer's check of the same row
    row = {inspections.STUDIO: studio, F.METHOD: labels.INSPECT_DEFAULT_METHOD, **values}
    problems = inspections.validate(own_db, row)
    assert [(CONDITIONS[0], labels.REASON["required"])] == [(p.column, p.reason) for p in problems]
    fill(at, {F.DATE: None})  # the date cleared: the importer's message for it too
    at.button(key="insp_submit").click().run()
    assert labels.WHERE_DETAIL.format(where=F.DATE, detail=labels.REASON["required"]) in (
        at.error[0].value
    )


def test_nothing_is_chosen_for_the_user(own_db, quiet):
    at = open_form(INSPECTOR, quiet[0][1], method="互查")
    shown = {w.key: w.value for w in at.radio}
    assert "互查" == shown[F.KEYS[F.METHOD]]  # ?method= prefills 检查方式
    assert all(shown[F.KEYS[c]] is None for c in CONDITIONS)
    assert shown[F.KEYS[F.CONCLUSION]] is None
    assert dt.date.today() == at.date_input(key=F.KEYS[F.DATE]).value
    # the studio's status in the words of every other page (已命名), not its last event (命名)
    assert any(c.value.endswith(f" · {labels.STATUS['named']}") for c in at.caption)
    inspector = at.text_input(key=F.KEYS[F.INSPECTOR])  # the inspectors' names, not the account's
    assert ("", labels.INSPECT_INSPECTOR_HINT) == (inspector.value, inspector.placeholder)
    other = open_form(INSPECTOR, quiet[0][1], method="<b>抽查</b>")
    assert labels.INSPECT_DEFAULT_METHOD == other.radio(key=F.KEYS[F.METHOD]).value
    assert any("\\<b\\>" in w.value for w in other.warning)  # the URL's text shown as itself


def test_a_draft_is_saved_on_every_change_and_restored_in_a_new_session(own_db, quiet):
    studio = quiet[0][2]
    at = open_form(INSPECTOR, studio)
    fill(at, {CONDITIONS[0]: "不达标", CONDITIONS[4]: "基本达标", F.ISSUES: "标识牌破损"})
    assert any(c.value.startswith(labels.INSPECT_DRAFT_SAVED[:5]) for c in at.caption)
    again = open_form(INSPECTOR, studio)  # a reload: a new session of the same user
    assert "不达标" == again.radio(key=F.KEYS[CONDITIONS[0]]).value
    assert "基本达标" == again.radio(key=F.KEYS[CONDITIONS[4]]).value
    assert again.radio(key=F.KEYS[CONDITIONS[1]]).value is None
    assert "标识牌破损" == again.text_area(key=F.KEYS[F.ISSUES]).value
    assert [labels.INSPECT_DRAFT_RESTORED[:5]] == [i.value[:5] for i in again.info]
    someone_else = open_form(auth.User("insp_t2", auth.INSPECTOR, None), studio)
    assert someone_else.radio(key=F.KEYS[CONDITIONS[0]]).value is None  # drafts are per user
    again.button(key="insp_clear_ask").click().run()
    again.button(key="insp_clear_yes").click().run()
    assert again.radio(key=F.KEYS[CONDITIONS[0]]).value is None
    assert inspections.load_draft(own_db, INSPECTOR, studio) is None


def test_a_submitted_record_is_in_the_file_as_recorded_on_site(own_db, quiet):
    studio, as_of = quiet[0][3], quiet[1]
    at = open_form(INSPECTOR, studio)
    fill(at, complete(as_of))
    at.button(key="insp_submit").click().run()
    assert not at.error
    new_id = own_db.execute(
        "select max(inspection_id) from stg_inspections where studio_id = ? and in_app", [studio]
    ).fetchone()[0]
    assert new_id.startswith(f"XC-{dt.date.today():%Y%m%d}-")
    assert [labels.INSPECT_DONE.format(id=new_id)] == [s.value for s in at.success]
    assert at.radio(key=F.KEYS[CONDITIONS[0]]).value is None  # a new, empty form
    assert inspections.load_draft(own_db, INSPECTOR, studio) is None
    at.query_params["id"] = studio
    at.switch_page("views/studio.py").run()
    table = next(t.value for t in at.table if "检查编号" in t.value.columns)
    origin = dict(zip(table["检查编号"], table[labels.COL_ORIGIN]))
    assert labels.ORIGIN_APP == origin.pop(new_id)
    assert origin and set(origin.values()) == {labels.ORIGIN_IMPORT}
    assert any(new_id in c.value and labels.ORIGIN_APP in c.value
               for c in at.caption)  # fmt: skip


def test_an_administrator_voids_only_with_a_reason(own_db, quiet):
    studio, as_of = quiet[0][4], quiet[1]
    at = open_form(ADMIN, studio)
    assert [labels.APP_RECORDS_NONE] == [i.value for i in at.info]
    fill(at, complete(as_of, conclusion="不合格"))
    at.button(key="insp_submit").click().run()
    new_id = at.dataframe[0].value["检查编号"].iloc[0]
    assert 40 == _risk(own_db, studio, as_of).get("R4")
    at.selectbox(key="insp_void_id").set_value(new_id).run()
    at.button(key="insp_void_ask").click().run()  # no reason: refused before any confirmation
    assert [labels.VOID_NEEDS_REASON] == [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "insp_void_yes"]
    at.text_input(key="insp_void_reason").set_value("   ").run()
    at.button(key="insp_void_ask").click().run()
    assert [labels.VOID_NEEDS_REASON] == [e.value for e in at.error]
    assert 40 == _risk(own_db, studio, as_of).get("R4")  # still counts
    at.text_input(key="insp_void_reason").set_value("日期填错").run()
    at.button(key="insp_void_ask").click().run()
    assert [labels.VOID_QUESTION.format(id=new_id)] == [w.value for w in at.warning][-1:]
    at.button(key="insp_void_yes").click().run()
    assert not at.error
    assert [labels.VOID_DONE.format(id=new_id)] == [s.value for s in at.success]
    assert [labels.APP_RECORDS_NONE] == [i.value for i in at.info]
    assert {} == _risk(own_db, studio, as_of)
    kept = own_db.execute(
        "select voided_by, void_reason from app_inspections where 检查编号 = ?", [new_id]
    ).fetchone()
    assert (ADMIN.username, "日期填错") == kept  # nothing deleted


def _risk(con, studio: str, as_of: dt.date) -> dict[str, int]:
    row = db.run(
        con, "studio_risk", studio_id=studio, as_of=as_of, unit=None, p=report.risk_params(con)
    )
    return {r["rule"]: r["points"] for r in row["reasons"].iloc[0]} if len(row) else {}


def test_inspectors_see_no_void(own_db, quiet):
    at = open_form(INSPECTOR, quiet[0][4])
    assert labels.SECTION_APP_RECORDS not in [s.value for s in at.subheader]


@pytest.mark.parametrize(
    "user",
    [
        auth.User("leader", auth.LEADER, None, True),
        auth.User("shushan", auth.UNIT_USER, "蜀山区", True),
    ],
    ids=["leader", "unit"],
)
def test_leaders_and_unit_users_never_record(own_db, quiet, user):
    at = app_as(user).run()
    with pytest.raises(Exception):  # noqa: B017 - the page is not in their menu
        at.switch_page("views/inspect.py").run()
    at.query_params["id"] = quiet[0][0]
    at.switch_page("views/studio.py").run()
    assert not [b for b in at.button if b.key == "record_inspection"]
    # and the page itself refuses them, however it is reached (a typed URL)
    from streamlit.testing.v1 import AppTest

    page = AppTest.from_file(str(ROOT / "dashboard" / "views" / "inspect.py"), default_timeout=60)
    page.session_state["user"] = user
    page.query_params["id"] = quiet[0][0]
    page.run()
    assert [labels.INSPECT_NO_PERMISSION] == [e.value for e in page.error]
    assert not page.radio and not page.button


def test_the_file_offers_to_record_to_those_who_may(own_db, quiet):
    at = app_as(INSPECTOR)
    at.query_params["id"] = quiet[0][0]
    at.run()
    at.switch_page("views/studio.py").run()
    at.button(key="record_inspection").click().run()
    assert not at.exception
    assert quiet[0][0] == at.query_params["id"]
    assert [labels.PAGE_INSPECT] == [t.value for t in at.title]
    assert 9 == len([r for r in at.radio if r.label in CONDITIONS])
