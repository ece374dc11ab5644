"""检查计划 in AppTest: an inspector draws a plan (the list and how it was drawn), the same seed
draws the same list and another seed another, 互查 pairs no unit with itself, saving is audited
and lists the plan, the plan exports as a workbook and prints one checklist per studio; a leader
reads but cannot draw or save, and a unit user is refused even with the page's address."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from dashboard import db, inspect_form, plans, report
from dashboard import labels as L
from dashboard.auth import ADMIN, INSPECTOR, LEADER, UNIT_USER, User
from dashboard.contract import CONDITIONS
from dashboard.ui import plain
from tests.conftest import ROOT, app_as

AS_OF = dt.date(2023, 12, 15)  # the sample's data date
# Four units of the sample with no studio overdue for inspection (R7): a plan there is drawn whole
QUIET_UNITS = ["巢湖市", "庐阳区", "肥西县", "市教育工会"]
RANDOM, MUTUAL = plans.KINDS[1], plans.MUTUAL


@pytest.fixture
def inspector_app(app_env):
    return app_as(User("inspector", INSPECTOR, None, is_demo=True))


@pytest.fixture
def leader_app(app_env):
    return app_as(User("leader", LEADER, None, is_demo=True))


def candidates(con, units: list[str] | None) -> pd.DataFrame:
    """The named studios of `units` as the page asks for them (plan_candidates.sql)."""
    return db.run(
        con,
        "plan_candidates",
        as_of=AS_OF,
        unit=None,
        p=report.risk_params(con),
        units=units,
        studio_types=None,
        statuses=["named"],
    )


def open_plans(at):
    at.run()
    at.switch_page("views/plan.py").run()
    assert not at.exception, at.exception
    return at


def draw(at, size: int, seed: int, units: list[str] | None = QUIET_UNITS, kind: str = RANDOM):
    at.segmented_control(key="plan_kind").set_value(kind)
    at.multiselect(key="plan_units").set_value(units or [])
    at.number_input(key="plan_size").set_value(size)
    at.number_input(key="plan_seed").set_value(seed)
    at.button(key="plan_draw").click().run()
    assert not at.exception, at.exception
    return at


# The page's tables by a column only each has (AppTest does not give a dataframe's key).
TABLES = {
    "draft": L.PLAN_COLUMNS["risk_score"],  # a drawn plan: with the risk score
    "plan_rows": L.PLAN_COLUMNS["reason"],  # a saved plan's list: without it
    "pairing": L.PAIRING_COLUMNS["inspected_unit"],
    "saved_plans": L.PLAN_SAVED_COLUMNS["created_by"],
}


def frame(at, key: str) -> pd.DataFrame:
    """The one table of `key` (TABLES) the page shows."""
    found = [d.value for d in at.dataframe if TABLES[key] in d.value.columns]
    if key == "plan_rows":
        found = [f for f in found if TABLES["draft"] not in f.columns]
    assert 1 == len(found), f"{len(found)} tables of {key}"
    return found[0]


def drawn_ids(at) -> list[str]:
    return frame(at, "draft")[L.PLAN_COLUMNS["studio_id"]].tolist()


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def test_inspector_draws_a_random_plan(inspector_app, sample_con):
    """A 抽查 of 6 among four quiet units: 6 rows, the ones plans.draw_sample draws for the seed,
    and the page says how they were drawn."""
    at = draw(open_plans(inspector_app), size=6, seed=7)
    expected = plans.draw_sample(candidates(sample_con, QUIET_UNITS), 6, 7)
    assert 6 == len(expected.rows)
    assert expected.rows["studio_id"].tolist() == drawn_ids(at)
    assert expected.how in texts(at)
    assert L.PLAN_COUNT.format(n=6) in [c.value for c in at.caption]
    assert set(frame(at, "draft")[L.PLAN_COLUMNS["unit"]]) <= set(QUIET_UNITS)


def test_the_same_seed_draws_the_same_list(inspector_app, app_env):
    first = drawn_ids(draw(open_plans(inspector_app), size=6, seed=7))
    again = app_as(User("inspector", INSPECTOR, None, is_demo=True))
    assert first == drawn_ids(draw(open_plans(again), size=6, seed=7))
    assert first != drawn_ids(draw(again, size=6, seed=8))  # another seed, another list


def test_every_overdue_studio_is_in(inspector_app, sample_con):
    """Over the whole city 45 named studios are overdue: a plan of 60 holds them and 15 more."""
    at = draw(open_plans(inspector_app), size=60, seed=3, units=None)
    pool = candidates(sample_con, None)
    overdue = set(pool.loc[pool["overdue"], "studio_id"])
    assert 45 == len(overdue)
    ids = drawn_ids(at)
    assert 60 == len(ids) == len(set(ids))
    assert overdue <= set(ids)
    # a phone shows 30 cards; a plan not yet saved has no export: it says how to get them all
    notes = [c.value for c in at.caption if c.value.startswith("手机上显示前 30 条，共 60 条")]
    assert [L.CARDS_MORE_DRAFT.format(shown=30, total=60)] == notes


def test_mutual_inspection_pairs_no_unit_with_itself(inspector_app):
    at = draw(open_plans(inspector_app), size=12, seed=5, kind=MUTUAL)
    rows = frame(at, "draft")
    c = L.PLAN_COLUMNS
    assert 12 == len(rows)
    assert (rows[c["inspecting_unit"]] != rows[c["unit"]]).all()
    pairing = frame(at, "pairing")
    p = L.PAIRING_COLUMNS
    assert 12 == pairing[p["studios"]].sum()
    loads = pairing.groupby(p["inspecting_unit"])[p["studios"]].sum()
    assert loads.max() - loads.min() <= 1  # four units of 22: balance is possible
    assert [L.SAMPLE_NOTE] == [w.value for w in at.warning]  # and so no reason why not


def test_mutual_inspection_says_why_the_load_is_uneven(inspector_app, sample_con):
    """Six studios of one unit and two of another: the two's unit must inspect all six."""
    units = ["市教育工会", "合肥市公交集团工会"]
    at = draw(open_plans(inspector_app), size=8, seed=5, units=units, kind=MUTUAL)
    sample = plans.draw_sample(candidates(sample_con, units), 8, 5)
    why = plans.pair_units(sample.rows).why
    assert why and [L.SAMPLE_NOTE, plain(why)] == [w.value for w in at.warning]
    assert [b for b in at.button if b.key == "plan_save"]  # uneven, but every studio is paired


def test_mutual_inspection_within_one_unit_cannot_be_saved(inspector_app):
    at = draw(open_plans(inspector_app), size=4, seed=5, units=["巢湖市"], kind=MUTUAL)
    why = L.PAIR_WHY_ONE_UNIT.format(unit="巢湖市")
    assert [L.SAMPLE_NOTE, plain(why)] == [w.value for w in at.warning]
    assert not [b for b in at.button if b.key == "plan_save"]


def test_a_changed_choice_asks_to_draw_again(inspector_app):
    at = draw(open_plans(inspector_app), size=6, seed=7)
    at.number_input(key="plan_seed").set_value(9).run()
    assert [L.PLAN_STALE] == [i.value for i in at.info if i.value == L.PLAN_STALE]
    assert not [b for b in at.button if b.key == "plan_save"]


def test_saving_is_audited_and_listed(inspector_app):
    from dashboard.state import connection

    at = draw(open_plans(inspector_app), size=6, seed=11)
    ids = drawn_ids(at)
    con = connection()
    audits = "select count(*) from audit_log where action = 'plan_save' and username = 'inspector'"
    before = con.execute(audits).fetchone()[0]
    at.button(key="plan_save").click().run()
    assert not at.exception, at.exception
    assert before + 1 == con.execute(audits).fetchone()[0]
    saved = plans.list_plans(con).iloc[0]  # latest first
    detail = con.execute(
        "select detail from audit_log where action = 'plan_save' order by logged_at desc limit 1"
    ).fetchone()[0]
    assert int(saved["plan_id"]) == json.loads(detail)["plan_id"]
    assert (RANDOM, "inspector", 11, 6) == (
        saved["kind"],
        saved["created_by"],
        saved["seed"],
        saved["size"],
    )
    listed = frame(at, "saved_plans")
    assert int(saved["plan_id"]) == listed[L.PLAN_SAVED_COLUMNS["plan_id"]].iloc[0]
    # the new plan is open: its list is the one drawn
    assert int(saved["plan_id"]) == at.selectbox(key="plan_open").value
    assert ids == frame(at, "plan_rows")[L.PLAN_COLUMNS["studio_id"]].tolist()


@pytest.fixture
def saved_plan(app_env, sample_con):
    """A 互查 plan of eight studios of the quiet units, saved by the administrator."""
    from dashboard.state import connection

    sample = plans.draw_sample(candidates(sample_con, QUIET_UNITS), 8, 21)
    pairing = plans.pair_units(sample.rows)
    rows = sample.rows.merge(pairing.assignments[["studio_id", "inspecting_unit"]])
    admin = User("admin", ADMIN, None, is_demo=True)
    plan_id = plans.save_plan(connection(), admin, MUTUAL, {"seed": 21}, 21, rows, sample.how)
    return plan_id, rows


def open_saved(at, plan_id: int, checklists: bool = False):
    open_plans(at)
    at.selectbox(key="plan_open").set_value(plan_id).run()
    if checklists:
        at.toggle(key="plan_checklists").set_value(True).run()
    assert not at.exception, at.exception
    return at


def test_the_plan_prints_one_checklist_per_studio(inspector_app, saved_plan, sample_con):
    plan_id, rows = saved_plan
    at = open_saved(inspector_app, plan_id, checklists=True)
    assert ["studiodash_print"] == [c.proto.component_name for c in at.get("bidi_component")]
    conditions = [t.value for t in at.table if L.CHECKLIST_CONDITION in t.value.columns]
    assert len(rows) == len(conditions)
    for table in conditions:
        assert list(CONDITIONS) == table[L.CHECKLIST_CONDITION].tolist()
        assert {L.CHECKLIST_BOXES} == set(table[L.CHECKLIST_NOW])
    assert [L.CHECKLIST_TITLE] * len(rows) == [
        s.value for s in at.subheader if s.value == L.CHECKLIST_TITLE
    ]
    shown = texts(at)
    facts = pd.concat([t.value for t in at.table if L.FILE_ITEM in t.value.columns])
    for r in rows.itertuples():
        studio = db.run(sample_con, "studio_profile", studio_id=r.studio_id, as_of=AS_OF, unit=None)
        studio = studio.iloc[0]
        assert studio["studio_name"] in shown
        phone = str(studio["phone"])
        values = facts[L.FILE_VALUE].tolist()  # escaped: st.table renders Markdown
        assert plain(f"{phone[:3]}****{phone[-4:]}") in values
        assert not [v for v in values if phone in v]
        assert r.inspecting_unit in values
    # the last inspection's grades beside the boxes, for a studio inspected before
    first = rows["studio_id"].iloc[0]
    last = db.run(sample_con, "studio_inspections", studio_id=first, as_of=AS_OF, unit=None)
    if not last.empty:
        assert list(last["conditions"].iloc[0]) == conditions[0][L.CHECKLIST_BEFORE].tolist()


def test_a_studio_of_the_plan_opens_the_form_with_the_plans_method(inspector_app, saved_plan):
    plan_id, rows = saved_plan
    at = open_saved(inspector_app, plan_id)
    studio = rows["studio_id"].iloc[0]
    at.selectbox(key="plan_record").set_value(studio).run()
    next(b for b in at.button if b.label == L.INSPECT_RECORD).click().run()
    assert not at.exception, at.exception
    assert (at.query_params["id"], at.query_params["method"]) == (studio, MUTUAL)
    assert [L.PAGE_INSPECT] == [t.value for t in at.title]
    assert MUTUAL == at.radio(key=inspect_form.KEYS[inspect_form.METHOD]).value


def test_the_plan_exports_as_a_workbook(inspector_app, saved_plan, drawn):
    import openpyxl

    from dashboard.state import connection

    plan_id, rows = saved_plan
    open_saved(inspector_app, plan_id)
    # the first run drew 创建进度, whose 打印简报 is a download too
    [(label, build, kwargs)] = [d for d in drawn if d[0] != L.BRIEF_BUTTON]
    assert L.EXPORT_XLSX == label
    assert L.PLAN_EXPORT_FILE.format(id=plan_id, date="2023-12-15") == kwargs["file_name"]
    con = connection()
    audited = "select count(*) from audit_log where action = 'export' and detail like $d"
    like = {"d": f"%{kwargs['file_name']}%"}
    before = con.execute(audited, like).fetchone()[0]
    book = openpyxl.load_workbook(io.BytesIO(build()))
    assert before + 1 == con.execute(audited, like).fetchone()[0]
    assert list(L.PLAN_SHEETS) == book.sheetnames
    listed = list(book[L.PLAN_SHEETS[0]].iter_rows(min_row=5, values_only=True))
    assert rows["studio_id"].tolist() == [r[1] for r in listed]
    assert rows["inspecting_unit"].tolist() == [r[4] for r in listed]
    pairs = list(book[L.PLAN_SHEETS[1]].iter_rows(min_row=5, values_only=True))
    assert len(rows) == sum(r[2] for r in pairs)
    about = dict(book[L.PLAN_SHEETS[2]].iter_rows(min_row=5, values_only=True))
    assert (str(plan_id), MUTUAL, "21") == (
        about[L.PLAN_FACTS["plan_id"]],
        about[L.PLAN_FACTS["kind"]],
        about[L.PLAN_FACTS["seed"]],
    )


def test_a_leader_reads_plans_but_cannot_draw_or_save(leader_app, saved_plan):
    from dashboard.state import connection

    plan_id, rows = saved_plan
    at = open_saved(leader_app, plan_id, checklists=True)
    assert L.PLAN_READ_ONLY in [i.value for i in at.info]
    keys = {b.key for b in at.button}
    assert not keys & {"plan_draw", "plan_save"}
    assert not [w for w in at.number_input if w.key in ("plan_size", "plan_seed")]
    assert (
        rows["studio_id"].tolist() == frame(at, "plan_rows")[L.PLAN_COLUMNS["studio_id"]].tolist()
    )
    assert not at.get("download_button")  # leaders do not export
    conditions = [t for t in at.table if L.CHECKLIST_CONDITION in t.value.columns]
    assert len(rows) == len(conditions)  # but print the checklists
    with pytest.raises(plans.PlanError):  # nor can anything save for them
        plans.save_plan(connection(), User("leader", LEADER, None), RANDOM, {}, 1, rows, "")


def test_a_unit_user_is_refused(unit_app):
    """Not in the unit user's menu, and the page itself refuses them (an address can be typed)."""
    from streamlit.testing.v1 import AppTest

    at = unit_app.run()
    assert not at.exception
    with pytest.raises(Exception):  # noqa: B017 - any refusal: the page is not in the unit's menu
        at.switch_page("views/plan.py").run()

    view = AppTest.from_file(str(ROOT / "dashboard" / "views" / "plan.py"), default_timeout=60)
    view.session_state["user"] = User("shushan", UNIT_USER, "蜀山区", is_demo=True)
    view.run()
    assert not view.exception
    assert [L.PLAN_NO_PERMISSION] == [e.value for e in view.error]
    assert not view.dataframe and not view.button and not view.subheader and not view.table
