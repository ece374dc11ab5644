"""The campaign cycle (data-contract.md, "The campaign cycle") on small hand-made data whose
answers were worked out by hand: applications (late, eligibility), shortfall, the 金牌职工 roll
and commendation C1-C4, each at its edges, through the report (the same queries as the pages)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from dashboard import db, report
from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, write_xlsx

AS_OF = dt.date(2023, 12, 15)
HEADER = REGISTRY["工作室名录"][0]


def studio(sid, kind, honour, skill, unit="蜀山区", year=2023, members=8, funding=10):
    name = f"{sid}工作室"
    typ = "劳模创新工作室" if kind == "劳模" else "高技能人才创新工作室"
    return [sid, name, typ, f"领衔{sid}", honour, skill, "某公司", unit, "", year, members, 50,
            funding, ""]  # fmt: skip


# Campaign 2023: 申报截止日期 2023-10-30, target 40; 蜀山区 quota 4, 高新区 quota 3.
STUDIOS = [
    # applications: (id, form, honour, skill) -> eligibility
    studio("A1", "劳模", "市级劳模", "", unit="蜀山区"),  # 符合, applied on the deadline day
    studio("A2", "劳模", "无", "高级技师", unit="蜀山区"),  # 不符合 (a skill does not count)
    studio("A3", "劳模", "", "", unit="蜀山区"),  # 待核实, late (the day after)
    studio("A4", "高技能", "", "高级工", unit="高新区"),  # 符合 (the lowest level that fits)
    studio(
        "A5", "高技能", "全国劳模", "中级工", unit="高新区"
    ),  # 不符合 (an honour does not count)
    studio("A6", "高技能", "", "", unit="高新区"),  # 待核实, named
    studio("A7", "高技能", "", "首席技师", unit="高新区"),  # 符合, rejected
    # the roll and commendation: named in 2021
    studio("G1", "劳模", "工匠", "", year=2021),  # named, delisted, named again
    studio("G2", "劳模", "工匠", "", year=2021),  # C3 at exactly 50 万元: a candidate
    studio("G3", "劳模", "工匠", "", year=2021),  # warned, with a perfect record
    studio("G4", "劳模", "工匠", "", year=2021),  # C3 at 49.99 万元, no invention: near miss
    studio("G5", "劳模", "工匠", "", year=2021),  # first naming without 文号, a later one with
]
EVENTS = [
    ["A1", "2023-10-30", "申报", "", ""],
    ["A2", "2023-05-01", "申报", "", ""],
    ["A3", "2023-10-31", "申报", "", ""],
    ["A4", "2023-06-01", "申报", "", ""],
    ["A5", "2023-06-02", "申报", "", ""],
    ["A6", "2023-06-03", "申报", "", ""],
    ["A6", "2023-12-12", "命名", "合工〔2023〕88号", ""],
    ["A7", "2023-06-04", "申报", "", ""],
    ["A7", "2023-12-12", "未通过", "", ""],
    ["G1", "2021-05-01", "申报", "", ""],
    ["G1", "2021-12-20", "命名", "合工〔2021〕9号", ""],
    ["G1", "2022-06-01", "摘牌", "", ""],
    ["G1", "2023-03-01", "命名", "合工〔2023〕2号", ""],
    ["G2", "2021-05-01", "申报", "", ""],
    ["G2", "2021-12-20", "命名", " ", ""],
    ["G3", "2021-05-01", "申报", "", ""],
    ["G3", "2021-12-20", "命名", "合工〔2021〕9号", ""],
    ["G3", "2023-09-01", "通报", "", ""],
    ["G4", "2021-05-01", "申报", "", ""],
    ["G4", "2021-12-20", "命名", "合工〔2021〕9号", ""],
    ["G5", "2021-05-01", "申报", "", ""],
    ["G5", "2021-12-20", "命名", "", ""],
    ["G5", "2022-06-01", "摘牌", "", ""],
    ["G5", "2023-01-10", "命名", "合工〔2023〕1号", ""],
]
INSPECTION_HEADER = REGISTRY["检查记录"][0]


def inspection(iid, sid, day, conclusion):
    return [iid, sid, day, "定期检查", *["达标"] * 9, 90, conclusion, "", "", "王检"]


INSPECTIONS = [inspection(f"J{s}", s, "2023-06-01", "优秀") for s in ("G1", "G2", "G3", "G4")]
ASSESSMENTS = [[s, 2022, "2023-03-01", "优秀"] for s in ("G1", "G2", "G3", "G4")]
OUT_HEADER = OUTCOMES["创新成果"][0]


def outcome(oid, sid, day, wan, invention=0):
    return [oid, sid, "成果", "技术创新", day, wan, invention, 0, 0, "是", "", ""]


OUTS = [
    outcome("O1", "G1", "2023-05-01", 80),
    outcome("O2", "G2", "2023-05-01", 30),
    outcome("O3", "G2", "2022-12-16", 20),  # the window's first day: (D-365, D] holds it
    outcome("O4", "G2", "2022-12-15", 500),  # one day before the window
    outcome("O5", "G3", "2023-05-01", 90, 1),
    outcome("O6", "G4", "2023-05-01", 49.99),
]
ACTIVITIES = [
    [s, f"2023-{m:02d}-01", "技能培训", 10] for s in ("G1", "G2", "G3", "G4") for m in (2, 4, 6, 8)
]


def build(tmp_path, drop=()):
    registry = copy.deepcopy(REGISTRY)
    registry["工作室名录"] = (HEADER, STUDIOS)
    registry["状态记录"] = (REGISTRY["状态记录"][0], EVENTS)
    registry["名额分配"] = (
        REGISTRY["名额分配"][0],
        [[2023, "蜀山区", 4], [2023, "高新区", 3], [2023, "市建设工会", 0]],
    )
    registry["检查记录"] = (INSPECTION_HEADER, INSPECTIONS)
    registry["年度评估"] = (REGISTRY["年度评估"][0], ASSESSMENTS)
    outcomes = {"创新成果": (OUT_HEADER, OUTS), "活动记录": (OUTCOMES["活动记录"][0], ACTIVITIES)}
    for sheet in drop:
        registry.pop(sheet, None)
        outcomes.pop(sheet, None)
    con = db.connect(tmp_path / "cycle.duckdb")
    files = [
        write_xlsx(tmp_path / "工作室台账.xlsx", registry),
        write_xlsx(tmp_path / "创新成果.xlsx", outcomes),
    ]
    result = import_files(con, files)
    assert result.ok, [str(p) for p in result.problems]
    return con


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    con = build(tmp_path_factory.mktemp("cycle"))
    yield report.build(con, campaign=2023, as_of=AS_OF), con
    con.close()


def test_applications_late_and_eligibility(data):
    apps = {a["studio_id"]: a for a in data[0]["applications"]}
    assert {"A1", "A2", "A3", "A4", "A5", "A6", "A7"} == set(apps)
    assert {k: a["eligibility"] for k, a in apps.items()} == {
        "A1": "符合",
        "A2": "不符合",
        "A3": "待核实",
        "A4": "符合",
        "A5": "不符合",
        "A6": "待核实",
        "A7": "符合",
    }
    assert [k for k, a in apps.items() if a["late"]] == ["A3"]  # A1 on the deadline day is not
    assert "2023-10-31" == apps["A3"]["applied_on"]
    assert {k: a["status"] for k, a in apps.items()} == {
        "A1": "in_review",
        "A2": "in_review",
        "A3": "in_review",
        "A4": "in_review",
        "A5": "in_review",
        "A6": "named",
        "A7": "rejected",
    }
    # by unit, then applied_on, then id
    assert ["A2", "A1", "A3", "A4", "A5", "A6", "A7"] == [
        a["studio_id"] for a in data[0]["applications"]
    ]


def test_campaign_and_unit_shortfall(data):
    camp = data[0]["campaign"]
    assert "2023-10-30" == camp["application_deadline"]
    assert (7, 5, 1, 1) == (camp["applied"], camp["in_review"], camp["named"], camp["rejected"])
    assert (1, 2, 2) == (camp["late"], camp["ineligible"], camp["unverified"])
    assert 40 - 1 - 5 == camp["shortfall"]
    units = {u["unit"]: u for u in data[0]["units"]}
    assert (1, 4 - 0 - 3) == (units["蜀山区"]["late"], units["蜀山区"]["shortfall"])
    assert (0, 0) == (units["高新区"]["late"], units["高新区"]["shortfall"])  # 3 - 1 - 2 = 0
    assert 0 == units["市建设工会"]["shortfall"]


def test_gold_worker_roll(data):
    roll = {g["studio_id"]: g for g in data[0]["gold_workers"]}
    assert ["G1", "G2", "G3", "G4", "G5", "A6"] == [g["studio_id"] for g in data[0]["gold_workers"]]
    # the 文号 of the first naming, blank there even though a later naming has one
    assert ("2021-12-20", None) == (roll["G5"]["named_on"], roll["G5"]["document_no"])
    assert ("2021-12-20", "合工〔2021〕9号", True) == (
        roll["G1"]["named_on"],
        roll["G1"]["document_no"],
        roll["G1"]["active"],
    )  # named, delisted, named again: the first naming, active again
    assert roll["G2"]["document_no"] is None  # a blank 文号
    assert ("领衔A6", 2023, "高新区") == (
        roll["A6"]["leader"],
        roll["A6"]["campaign_year"],
        roll["A6"]["unit"],
    )


def test_roll_as_of_between_delisting_and_renaming(data):
    con = data[1]
    roll = {
        g["studio_id"]: g for g in report.build(con, 2023, dt.date(2022, 12, 31))["gold_workers"]
    }
    assert roll["G1"]["active"] is False and "2021-12-20" == roll["G1"]["named_on"]


def test_commendation_candidates_and_criteria(data):
    cands = data[0]["commendation"]
    # G2: C3 at exactly 50 万元 (30 + 20 on the window's first day); G1: 80 万元.
    # G3 is warned (perfect record otherwise); G4 has 49.99 万元 and no invention patent.
    assert ["G1", "G2"] == [c["studio_id"] for c in cands]
    assert {"studio_id": "G2", "benefit_wan": 50.0, "invention_patents": 0} == {
        k: cands[1][k] for k in ("studio_id", "benefit_wan", "invention_patents")
    }
    assert ["C1", "C2", "C3", "C4"] == cands[0]["criteria"]
    rows = report.commendation(data[1], AS_OF, None, most_missing=2).set_index("studio_id")
    # G3's 通报 is R6 (30 points): warned, and so tier 中 too
    assert ["warned", "tier"] == list(rows.loc["G3", "missed"])
    assert 30 == rows.loc["G3", "risk_score"]
    near = report.commendation(data[1], AS_OF, None, most_missing=1).set_index("studio_id")
    assert ["C3"] == list(near.loc["G4", "missed"])


def test_each_criterion_off_without_its_sheet(tmp_path):
    con = build(tmp_path, drop=("检查记录", "年度评估", "活动记录"))
    data = report.build(con, 2023, AS_OF)
    assert ["C1", "C2", "C4"] == data["criteria_off"]
    cands = {c["studio_id"]: c["criteria"] for c in data["commendation"]}
    # only C3 is on; without inspections R4/R7, without assessments R2 are off too
    assert {"G1": ["C3"], "G2": ["C3"]} == {k: v for k, v in cands.items() if k in ("G1", "G2")}
    assert "G4" not in cands


def test_unit_limits_every_list(data):
    con = data[1]
    mine = report.build(con, 2023, AS_OF, unit="高新区")
    for key in ("applications", "gold_workers", "commendation", "units"):
        assert {r["unit"] for r in mine[key]} <= {"高新区"}, key
    assert {"A4", "A5", "A6", "A7"} == {a["studio_id"] for a in mine["applications"]}
    assert 3 - 1 - 2 == mine["campaign"]["shortfall"]


def test_xlsx_report_has_a_sheet_for_each_list(data):
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(report.report_workbook(data[0])))
    rows = {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    for sheet, n in (("申报审核", 7), ("金牌职工", 6), ("表彰建议名单", 2)):
        header = next(i for i, r in enumerate(rows[sheet]) if r and r[0] == "工作室编号")
        assert n == len([r for r in rows[sheet][header + 1 :] if r and r[0]]), sheet
    gold = rows["金牌职工"]
    assert any(r[:2] == ("G2", "领衔G2") for r in gold)
    assert any("是" in r for r in gold) and any("C1、C2、C3、C4" in r for r in rows["表彰建议名单"])


HONOUR_FITS = {  # 劳模创新工作室: honoured at city level or above (第四条（一）)
    "全国劳模": "符合",
    "全国五一劳动奖章": "符合",
    "省部级劳模": "符合",
    "省五一劳动奖章": "符合",
    "市级劳模": "符合",
    "市五一劳动奖章": "符合",
    "工匠": "符合",
    "无": "不符合",
    "": "待核实",
}
SKILL_FITS = {  # 高技能人才创新工作室: 高级工 or above (第四条（二）)
    "首席技师": "符合",
    "特级技师": "符合",
    "高级技师": "符合",
    "技师": "符合",
    "高级工": "符合",
    "中级工": "不符合",
    "初级工": "不符合",
    "无": "不符合",
    "": "待核实",
}


def test_eligibility_of_every_honour_and_skill_value(tmp_path):
    """Each value of the contract's two enums, and a blank, for each form; a 劳模 studio is
    judged by its honour only and a 高技能 studio by its skill level only."""
    studios, events, expected = [], [], {}
    for i, (honour, fits) in enumerate(HONOUR_FITS.items()):
        sid = f"H{i}"
        studios.append(studio(sid, "劳模", honour, "初级工"))
        expected[sid] = fits
    for i, (skill, fits) in enumerate(SKILL_FITS.items()):
        sid = f"S{i}"
        studios.append(studio(sid, "高技能", "全国劳模", skill))
        expected[sid] = fits
    events = [[s[0], "2023-06-01", "申报", "", ""] for s in studios]
    registry = copy.deepcopy(REGISTRY)
    registry["工作室名录"] = (HEADER, studios)
    registry["状态记录"] = (REGISTRY["状态记录"][0], events)
    for sheet in ("检查记录", "年度评估"):
        registry.pop(sheet)
    con = db.connect(tmp_path / "forms.duckdb")
    assert import_files(con, [write_xlsx(tmp_path / "工作室台账.xlsx", registry)]).ok
    apps = report.build(con, 2023, AS_OF)["applications"]
    assert expected == {a["studio_id"]: a["eligibility"] for a in apps}


@pytest.mark.parametrize(
    "sheet, off", [("检查记录", ["C1"]), ("年度评估", ["C2"]), ("活动记录", ["C4"])]
)
def test_one_criterion_off_without_its_sheet(tmp_path, sheet, off):
    """Each criterion alone: without its sheet it is off, and the candidates need the others."""
    con = build(tmp_path, drop=(sheet,))
    data = report.build(con, 2023, AS_OF)
    assert off == data["criteria_off"]
    on = [k for k in ("C1", "C2", "C3", "C4") if k not in off]
    assert ["G1", "G2"] == [c["studio_id"] for c in data["commendation"]]
    assert all(on == c["criteria"] for c in data["commendation"])


def test_activities_sheet_without_rows_turns_c4_off(tmp_path):
    con = build(tmp_path, drop=())
    assert [] == report.criteria_off(con)
    empty = copy.deepcopy(OUTCOMES)
    empty["创新成果"] = (OUT_HEADER, OUTS)
    empty["活动记录"] = (OUTCOMES["活动记录"][0], [])
    path = write_xlsx(tmp_path / "新成果.xlsx", empty)
    assert import_files(con, [path]).ok
    assert ["C4"] == report.criteria_off(con)


def listed(con, **kept) -> tuple[list[str], int, int]:
    """queries/applications_list.sql as 申报审核 runs it: ids in order, total, problems."""
    params = dict(pick=None, eligibility=None, late_only=False, statuses=None, limit=None)
    rows = db.run(con, "applications_list", campaign=2023, as_of=AS_OF, unit=None, **params | kept)
    total, problems = (0, 0) if rows.empty else (rows["total"][0], rows["problems"][0])
    return rows["studio_id"].tolist(), int(total), int(problems)


def test_applications_list_needing_attention_first(data):
    """By hand: A2, A5 不符合 and A3, A6 待核实 (A3 also late) need attention; they come first,
    each group by unit (蜀山区 before 高新区), then applied_on."""
    con = data[1]
    assert (["A2", "A3", "A5", "A6", "A1", "A4", "A7"], 7, 4) == listed(con)
    assert (["A1", "A4"], 3, 0) == listed(con, eligibility=["符合"], limit=2)  # total: uncapped
    assert (["A6", "A7"], 2, 1) == listed(con, pick="高新区", statuses=["named", "rejected"])
    assert (["A3"], 1, 1) == listed(con, late_only=True)
    assert ([], 0, 0) == listed(con, pick="蜀山区", eligibility=["符合"], late_only=True)


def test_applications_per_unit(data):
    """By hand: 蜀山区 A1 符合, A2 不符合, A3 待核实 and late; 高新区 A4, A7 符合, A5 不符合,
    A6 待核实."""
    con = data[1]
    params = dict(campaign=2023, as_of=AS_OF, unit=None, pick=None, eligibility=None)
    every = db.run(con, "applications_units", **params, late_only=False, statuses=None)
    assert [("蜀山区", 3, 1, 1, 1, 1), ("高新区", 4, 2, 1, 1, 0)] == list(
        every[["unit", "applied", "符合", "不符合", "待核实", "late"]].itertuples(index=False)
    )
    picked = db.run(
        con, "applications_units", **params | {"pick": "高新区", "eligibility": ["符合"]},
        late_only=False, statuses=None,
    )  # fmt: skip
    assert [("高新区", 2, 2, 0, 0, 0)] == list(
        picked[["unit", "applied", "符合", "不符合", "待核实", "late"]].itertuples(index=False)
    )
