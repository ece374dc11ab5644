"""工作室档案 in AppTest: /studio?id=… shows that studio's whole file as of the data date — registry
with the phone masked, current risk with its reasons, the nine conditions, history, inspections,
assessments, outcomes, activities — and nothing of a studio outside the user's unit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import db, report
from dashboard import labels as L
from dashboard.contract import CONDITIONS

AS_OF = dt.date(2023, 12, 15)


@pytest.fixture(scope="module")
def top(sample_con):
    """The named studio with the highest risk score, and its registry row."""
    risk = report.risk_list(sample_con, AS_OF, None)[0]
    studio = (
        sample_con.execute("select * from stg_studios where studio_id = ?", [risk["studio_id"]])
        .df()
        .iloc[0]
    )
    return risk, studio


def open_file(at, studio_id: str | None):
    if studio_id:
        at.query_params["id"] = studio_id
    at.run()
    at.switch_page("views/studio.py").run()
    assert not at.exception
    return at


def html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_file_of_a_named_studio(app, top):
    risk, studio = top
    at = open_file(app, risk["studio_id"])
    assert risk["studio_id"] == at.query_params["id"]  # the URL stays shareable
    assert [studio["studio_name"]] == [h.value for h in at.header]
    shown = metrics(at)
    assert f"{L.TIER_LIGHT[risk['tier']]} · {risk['score']} 分" == shown["摘牌风险"]
    assert shown["当前状态"].startswith("已命名")
    body = html(at)
    for reason in risk["reasons"]:
        assert reason["detail"] in body
        assert f"+{reason['points']} 分" in body
    for label in L.REGISTRY_FIELDS.values():
        assert f"<dt>{label}</dt>" in body
    assert studio["host"] in body and studio["leader"] in body


def test_phone_is_masked(app, top):
    risk, studio = top
    at = open_file(app, risk["studio_id"])
    phone = str(studio["phone"])
    body = html(at)
    assert phone not in body
    assert f"{phone[:3]}****{phone[-4:]}" in body


def test_nine_conditions_of_the_latest_inspection(app, sample_con, top):
    risk, _ = top
    at = open_file(app, risk["studio_id"])
    last = db.run(
        sample_con, "studio_inspections", studio_id=risk["studio_id"], as_of=AS_OF, unit=None
    ).iloc[0]
    body = html(at)
    for name, grade in zip(CONDITIONS, last["conditions"]):
        assert f"</span>{name}<small>{grade}</small>" in body
    assert any(
        str(last["inspection_id"]) in c.value and "依据最近一次检查" in c.value for c in at.caption
    )


@pytest.mark.parametrize(
    "name, section",
    [
        ("studio_events", L.SECTION_HISTORY),
        ("studio_inspections", L.SECTION_INSPECTIONS),
        ("studio_assessments", L.SECTION_ASSESSMENTS),
        ("studio_outcomes", L.SECTION_OUTCOMES),
        ("studio_activities", L.SECTION_ACTIVITIES),
    ],
)
def test_every_section_is_there(app, sample_con, top, name, section):
    risk, _ = top
    at = open_file(app, risk["studio_id"])
    assert section in [s.value for s in at.subheader]
    rows = db.run(sample_con, name, studio_id=risk["studio_id"], as_of=AS_OF, unit=None)
    if name == "studio_events":
        body = html(at)
        assert body.count("<li style='--tone") == len(rows)
        for status in rows["status"]:
            assert f"<b>{status}</b>" in body
    else:
        tables = [t.value for t in at.table]
        column = {
            "studio_inspections": "检查编号",
            "studio_assessments": "年度",
            "studio_outcomes": "成果编号",
            "studio_activities": "活动日期",
        }[name]
        matching = [t for t in tables if column in t.columns]
        most = 30 if name == "studio_activities" else len(rows)  # a phone: the latest 30
        assert min(len(rows), most) == (len(matching[0]) if matching else 0)


def test_a_phone_shows_the_latest_activities_and_says_how_many_there_are(app, sample_con):
    """AppTest sends no User-Agent, as a phone may not (lists.wants_cards): the studio with the
    most activities shows its latest 30 and says how many it has; the workbook holds them all."""
    studio_id, n = sample_con.execute(
        "select studio_id, count(*) from stg_activities where activity_date <= ? "
        "group by 1 order by 2 desc, 1 limit 1",
        [AS_OF],
    ).fetchone()
    assert n > 30
    at = open_file(app, studio_id)
    rows = db.run(sample_con, "studio_activities", studio_id=studio_id, as_of=AS_OF, unit=None)
    [table] = [v for v in (t.value for t in at.table) if "活动日期" in v.columns]
    assert (
        rows["activity_date"].head(30).dt.strftime("%Y-%m-%d").tolist()
        == table["活动日期"].tolist()
    )
    assert f"手机上显示前 30 条，共 {n} 条" in " ".join(c.value for c in at.caption)


def test_outcomes_timeline_and_table(app, sample_con, top):
    from tests.tables import charts

    risk, _ = top
    at = open_file(app, risk["studio_id"])
    outcomes = db.run(
        sample_con, "studio_outcomes", studio_id=risk["studio_id"], as_of=AS_OF, unit=None
    )
    chart = charts(at)[0]
    assert len(outcomes) == sum(len(t["data"]) for t in chart["series"])
    drawn = sorted(p["value"][0] for t in chart["series"] for p in t["data"])
    assert sorted(d.strftime("%Y-%m-%d") for d in outcomes["completed_on"]) == drawn
    assert f"{len(outcomes)} 项" == metrics(at)["累计成果"]
    table = next(t.value for t in at.table if "成果编号" in t.value.columns)
    assert outcomes["outcome_id"].tolist() == table["成果编号"].tolist()


def test_the_timeline_is_each_files_own(app_env, sample_con, top):
    """The outcomes chart is built once per studio, date and scope (state.kept, for the whole
    process): two studios and an earlier date, each in a new session, draw their own outcomes."""
    from dashboard.auth import ADMIN, User
    from tests.conftest import app_as
    from tests.tables import charts

    risk, _ = top
    others = sample_con.execute(
        "select studio_id from stg_outcomes where studio_id <> ? group by 1 order by count(*) desc",
        [risk["studio_id"]],
    ).fetchall()
    for studio_id, as_of in [
        (risk["studio_id"], AS_OF),
        (others[0][0], AS_OF),
        (risk["studio_id"], dt.date(2021, 12, 31)),
    ]:
        at = open_file(app_as(User("admin", ADMIN, None, is_demo=True)), studio_id)
        if as_of != AS_OF:
            at.date_input(key="as_of").set_value(as_of).run()
        expected = db.run(
            sample_con, "studio_outcomes", studio_id=studio_id, as_of=as_of, unit=None
        )
        drawn = sum(len(t["data"]) for c in charts(at) for t in c["series"])
        assert len(expected) == drawn, (studio_id, as_of)


def test_replay_hides_what_came_later(app, sample_con, top):
    risk, _ = top
    at = open_file(app, risk["studio_id"])
    at.date_input(key="as_of").set_value(dt.date(2022, 12, 31)).run()
    assert not at.exception
    earlier = report.risk_list(sample_con, dt.date(2022, 12, 31), None)
    mine = [r for r in earlier if r["studio_id"] == risk["studio_id"]]
    outcomes = db.run(
        sample_con,
        "studio_outcomes",
        studio_id=risk["studio_id"],
        as_of=dt.date(2022, 12, 31),
        unit=None,
    )
    assert f"{len(outcomes)} 项" == metrics(at)["累计成果"]
    if mine:
        assert f"{L.TIER_LIGHT[mine[0]['tier']]} · {mine[0]['score']} 分" == metrics(at)["摘牌风险"]


def test_studio_not_named_has_no_risk(app, sample_con):
    studio_id = sample_con.execute(
        "select studio_id from studio_status(?, null) where status_key = 'rejected' "
        "order by studio_id limit 1",
        [AS_OF],
    ).fetchone()[0]
    at = open_file(app, studio_id)
    assert L.STUDIO_NOT_RATED == metrics(at)["摘牌风险"]
    assert any("不是已命名状态" in i.value for i in at.info)


def test_unknown_id(app):
    at = open_file(app, "NO-SUCH-ID")
    assert [L.STUDIO_NOT_FOUND.format(id="NO-SUCH-ID")] == [e.value for e in at.error]
    assert not at.metric


def test_no_id_offers_the_picker(app, sample_con):
    at = open_file(app, None)
    assert [L.STUDIO_NONE_PICKED] == [i.value for i in at.info]
    studio_id = sample_con.execute("select min(studio_id) from stg_studios").fetchone()[0]
    at.selectbox(key="studio_pick").set_value(studio_id).run()
    assert studio_id == at.query_params["id"]
    assert not at.error and at.metric


def test_search_narrows_the_picker(app, top):
    risk, studio = top
    at = open_file(app, None)
    at.text_input(key="studio_q").set_value(studio["leader"]).run()
    options = at.selectbox(key="studio_pick").options
    assert options and all(studio["leader"] in o for o in options)
    assert any(o.startswith(risk["studio_id"]) for o in options)


def test_a_studio_outside_the_unit_is_not_shown(unit_app, sample_con):
    other = sample_con.execute(
        "select studio_id from stg_studios where unit <> '蜀山区' order by studio_id limit 1"
    ).fetchone()[0]
    at = open_file(unit_app, other)
    assert [L.NO_PERMISSION_STUDIO] == [e.value for e in at.error]
    assert not at.metric and not at.table
    for name in (
        "studio_profile",
        "studio_events",
        "studio_inspections",
        "studio_assessments",
        "studio_outcomes",
        "studio_activities",
    ):
        assert db.run(sample_con, name, studio_id=other, as_of=AS_OF, unit="蜀山区").empty, name
    assert db.run(
        sample_con,
        "studio_risk",
        studio_id=other,
        as_of=AS_OF,
        unit="蜀山区",
        p=report.risk_params(sample_con),
    ).empty


def test_an_unknown_id_for_a_unit_user_is_not_found(unit_app):
    at = open_file(unit_app, "NO-SUCH-ID")
    assert [L.STUDIO_NOT_FOUND.format(id="NO-SUCH-ID")] == [e.value for e in at.error]


def test_a_studio_inside_the_unit_is_shown(unit_app, sample_con):
    own = sample_con.execute(
        "select studio_id from stg_studios where unit = '蜀山区' order by studio_id limit 1"
    ).fetchone()[0]
    at = open_file(unit_app, own)
    assert not at.error and at.metric
    options = at.selectbox(key="studio_pick").options
    assert all("（蜀山区）" in o for o in options)


def test_the_whole_file_exports_as_one_workbook(app, sample_con, top, drawn):
    """导出 Excel under the studio's name: one sheet per section of the file, each titled with the
    studio's id, values as values (dates, 万元), the phone masked, built by the one export path."""
    import io

    import openpyxl

    from dashboard import studio_file
    from dashboard.state import connection

    risk, studio = top
    at = open_file(app, risk["studio_id"])
    drawn = [d for d in drawn if d[0] != L.BRIEF_BUTTON]  # 创建进度's, drawn by the first run
    assert [L.EXPORT_XLSX] == [label for label, _, _ in drawn]
    assert [L.EXPORT_XLSX] == [b.proto.label for b in at.get("download_button")]
    assert ["studiodash_print"] == [c.proto.component_name for c in at.get("bidi_component")]
    _, build, kwargs = drawn[0]
    assert "studio_xlsx" == kwargs["key"]
    assert f"工作室档案_{risk['studio_id']}_2023-12-15.xlsx" == kwargs["file_name"]

    con = connection()
    audited = "select count(*) from audit_log where action = 'export' and detail like $d"
    before = con.execute(audited, {"d": f"%{risk['studio_id']}%"}).fetchone()[0]
    book = openpyxl.load_workbook(io.BytesIO(build()))  # as the click builds it: exports.exported
    assert before + 1 == con.execute(audited, {"d": f"%{risk['studio_id']}%"}).fetchone()[0]
    assert studio_file.SECTIONS == book.sheetnames
    assert 8 == len(book.sheetnames)
    for sheet in book.worksheets:
        assert risk["studio_id"] in sheet["A1"].value, sheet.title
        assert sheet["A1"].value.endswith(sheet.title)
    rows = lambda name: list(book[name].iter_rows(min_row=5, values_only=True))  # noqa: E731
    facts = dict(rows(L.SECTION_REGISTRY))
    phone = str(studio["phone"])
    assert f"{phone[:3]}****{phone[-4:]}" == facts[L.COL_PHONE]
    assert studio["studio_name"] == facts[L.REGISTRY_FIELDS["studio_name"]]
    assert f"{L.TIER_LIGHT[risk['tier']]} · {risk['score']} 分" == facts[L.KPI_STUDIO_RISK]
    fired = rows(L.SECTION_STUDIO_RISK)
    assert [r["rule"] for r in risk["reasons"]] == [r[0] for r in fired]
    assert [r["points"] for r in risk["reasons"]] == [r[2] for r in fired]
    outcomes = db.run(
        sample_con, "studio_outcomes", studio_id=risk["studio_id"], as_of=AS_OF, unit=None
    )
    shown = rows(L.SECTION_OUTCOMES)
    assert outcomes["outcome_id"].tolist() == [r[1] for r in shown]
    assert [pd.Timestamp(d) for d in outcomes["completed_on"]] == [r[0] for r in shown]  # dates
    assert [None if pd.isna(x) else x for x in outcomes["benefit_wan"]] == [r[4] for r in shown]
    last = db.run(
        sample_con, "studio_inspections", studio_id=risk["studio_id"], as_of=AS_OF, unit=None
    ).iloc[0]
    conditions = rows(L.SECTION_CONDITIONS)
    assert list(zip(CONDITIONS, last["conditions"])) == [(r[2], r[3]) for r in conditions]
