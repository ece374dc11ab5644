"""Known answers for every figure of data-contract.md ("Definitions"): tiny hand-made exports go
through the real importer, and whole results are compared with answers worked out by hand."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np
import pandas as pd
import pytest

from dashboard import db, report
from dashboard.contract import CONDITIONS
from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, write_xlsx

# --- building exports from compact data ------------------------------------------------------

UNIT_KINDS = {
    "蜀山区": "县(市)区",
    "高新区": "开发区",
    "市建设工会": "产业工会",
    "包河区": "县(市)区",
    "庐阳区": "县(市)区",
}  # display order is this order (排序 1..5)
_files = itertools.count(1)

# The campaign cycle's additions (applications, 金牌职工, commendation, late and shortfall) have
# their own known answers in tests/test_campaign_cycle.py; these worlds check the rest.
CYCLE_CAMPAIGN_KEYS = ("application_deadline", "late", "ineligible", "unverified", "shortfall")
CYCLE_UNIT_KEYS = ("late", "shortfall")
CYCLE_LISTS = ("applications", "gold_workers", "commendation", "criteria_off")


def build(*args, **kwargs) -> dict:
    """report.build without the campaign cycle's additions."""
    result = report.build(*args, **kwargs)
    for key in CYCLE_LISTS:
        result.pop(key, None)
    if result["campaign"]:
        for key in CYCLE_CAMPAIGN_KEYS:
            result["campaign"].pop(key)
    for row in result["units"]:
        for key in CYCLE_UNIT_KEYS:
            row.pop(key)
    return result


def name(studio_id: str) -> str:
    return f"{studio_id}工作室"


def exports(
    *,
    studios,
    campaigns,
    quotas=None,
    inspections=None,
    assessments=None,
    outcomes=None,
    activities=None,
):
    """(registry, outcome export or None) in the shape write_xlsx takes, from compact data.

    studios      {id: (unit, 申报年度, history[, 成员人数[, 年度经费]])}; history is
                 "2023-03-01 申报; 2023-06-01 命名"; 成员人数/年度经费 default 8/10, None = blank
    campaigns    {年度: (目标数, 开始日期, 完成期限)}
    quotas       {(年度, 推荐单位): 名额}
    inspections  [(检查编号, 工作室编号, 检查日期, 结论, n)]: the first n conditions 不达标
    assessments  [(工作室编号, 年度, 提交日期, 评估等次)]
    outcomes     [(成果编号, 工作室编号, 完成日期[, 经济效益[, (发明, 实用新型, 外观)[, 推广应用[, 类别]]]])]
    activities   [(工作室编号, 活动日期)]
    A sheet given as None is left out of the export; with outcomes and activities both None the
    outcome export is left out altogether.
    """
    reg = {
        "推荐单位": (
            REGISTRY["推荐单位"][0],
            [[u, kind, i] for i, (u, kind) in enumerate(UNIT_KINDS.items(), 1)],
        ),
        "创建目标": (
            REGISTRY["创建目标"][0],
            [[y, t, str(s), "", str(e)] for y, (t, s, e) in campaigns.items()],
        ),
        "名额分配": (REGISTRY["名额分配"][0], [[y, u, n] for (y, u), n in (quotas or {}).items()]),
        "工作室名录": (REGISTRY["工作室名录"][0], []),
        "状态记录": (REGISTRY["状态记录"][0], []),
    }
    for sid, spec in studios.items():
        unit, year, history, members, funding = tuple(spec) + (8, 10)[len(spec) - 3 :]
        reg["工作室名录"][1].append(
            [
                sid,
                name(sid),
                "劳模创新工作室",
                "领衔人",
                "",
                "",
                "依托单位",
                unit,
                "",
                year,
                members,
                "",
                funding,
                "",
            ]
        )
        for event in filter(None, (e.strip() for e in history.split(";"))):
            day, status = event.split()
            reg["状态记录"][1].append([sid, day, status, "", ""])
    if inspections is not None:
        reg["检查记录"] = (
            REGISTRY["检查记录"][0],
            [
                [
                    iid,
                    sid,
                    str(day),
                    "定期检查",
                    *["不达标" if i < failing else "达标" for i in range(len(CONDITIONS))],
                    "",
                    conclusion,
                    "",
                    "",
                    "",
                ]
                for iid, sid, day, conclusion, failing in inspections
            ],
        )
    if assessments is not None:
        reg["年度评估"] = (
            REGISTRY["年度评估"][0],
            [[sid, year, str(day), grade] for sid, year, day, grade in assessments],
        )
    if outcomes is None and activities is None:
        return reg, None
    out = {"创新成果": (OUTCOMES["创新成果"][0], [])}
    defaults = (None, None, None, None, (0, 0, 0), "否", "技术创新")
    for o in outcomes or []:
        oid, sid, day, benefit, patents, adopted, category = tuple(o) + defaults[len(o) :]
        out["创新成果"][1].append(
            [oid, sid, f"成果{oid}", category, str(day), benefit, *patents, adopted, "", ""]
        )
    if activities is not None:
        out["活动记录"] = (
            OUTCOMES["活动记录"][0],
            [[sid, str(day), "技能培训", 10] for sid, day in activities],
        )
    return reg, out


def load(con, folder, registry, outcome_export=None):
    """Import the exports through the real importer; the import must succeed."""
    n = next(_files)
    paths = [write_xlsx(folder / f"工作室台账{n}.xlsx", registry)]
    if outcome_export is not None:
        paths.append(write_xlsx(folder / f"创新成果{n}.xlsx", outcome_export))
    result = import_files(con, paths)
    assert result.ok, [str(p) for p in result.problems]
    return con


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A maker of fresh databases holding given exports, closed at the end of the module."""
    opened = []

    def make(registry, outcome_export=None):
        folder = tmp_path_factory.mktemp("figures")
        con = db.connect(folder / "t.duckdb")
        opened.append(con)
        return load(con, folder, registry, outcome_export)

    yield make
    for con in opened:
        con.close()


def plain(value):
    """A query value as plain Python: NaN/NA -> None, timestamps -> ISO dates, numpy -> Python."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    ):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return plain(value.item())
    return value


def records(df: pd.DataFrame, columns=None) -> list[dict]:
    return [plain(r) for r in (df if columns is None else df[columns]).to_dict("records")]


def reason(rule, points, detail):
    return {"rule": rule, "points": points, "detail": detail}


def risk_row(sid, score, tier, reasons, unit="蜀山区"):
    return {
        "studio_id": sid,
        "name": name(sid),
        "unit": unit,
        "score": score,
        "tier": tier,
        "reasons": reasons,
    }


def unit_row(unit, quota, applied, in_review, named, rejected, completion):
    return {
        "unit": unit,
        "unit_kind": UNIT_KINDS[unit],
        "quota": quota,
        "applied": applied,
        "in_review": in_review,
        "named": named,
        "rejected": rejected,
        "completion": completion,
    }


def benefit_row(unit, studios, outcomes, benefit, patents, adopted_share, kind=False):
    row = {
        "unit": unit,
        "studios": studios,
        "outcomes": outcomes,
        "benefit_wan": benefit,
        "invention_patents": patents[0],
        "utility_patents": patents[1],
        "design_patents": patents[2],
        "adopted_share": adopted_share,
    }
    return {"unit": unit, "unit_kind": UNIT_KINDS[unit], **row} if kind else row


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- as_of and the default campaign -------------------------------------------------------------

CAMPAIGNS_3 = {
    2022: (5, "2022-01-01", "2022-12-31"),
    2023: (10, "2023-03-01", "2023-12-31"),
    2024: (10, "2024-01-01", "2024-12-31"),
}


def as_of_exports(latest_in: str | None):
    """Every date on or before 2023-05-01, except one row dated 2023-09-09 in sheet latest_in.
    年度评估 and 创建目标 hold later dates, which must not count."""
    late = "2023-09-09"
    return exports(
        studios={
            "HF-1": (
                "蜀山区",
                2023,
                "2023-03-01 申报; "
                + ("2023-09-09 受理" if latest_in == "状态记录" else "2023-04-01 受理"),
            )
        },
        campaigns=CAMPAIGNS_3,
        inspections=[
            ("JC-1", "HF-1", late if latest_in == "检查记录" else "2023-04-15", "合格", 0)
        ],
        assessments=[("HF-1", 2023, "2023-12-01", "合格")],
        outcomes=[("CG-1", "HF-1", late if latest_in == "创新成果" else "2023-05-01", 1)],
        activities=[("HF-1", late if latest_in == "活动记录" else "2023-02-01")],
    )


@pytest.mark.parametrize("latest_in", ["状态记录", "检查记录", "创新成果", "活动记录"])
def test_as_of_default_is_the_latest_date_in_the_data(database, latest_in):
    con = database(*as_of_exports(latest_in))
    assert d("2023-09-09") == report.default_as_of(con)
    result = build(con)
    assert ("2023-09-09", 2023) == (result["as_of"], result["campaign"]["year"])


def test_as_of_default_ignores_assessments_and_campaign_dates_and_the_clock(database):
    con = database(*as_of_exports(None))
    # latest: outcome 2023-05-01; not 年度评估 2023-12-01, not 完成期限, not today
    assert d("2023-05-01") == report.default_as_of(con)


def test_empty_database_has_no_as_of(con):
    assert report.default_as_of(con) is None
    assert {
        "as_of": None,
        "campaign": None,
        "units": [],
        "benefits": None,
        "risk": [],
        "applications": [],
        "gold_workers": [],
        "commendation": [],
    } == report.build(con)


@pytest.mark.parametrize(
    "as_of, campaign",
    [
        ("2021-06-01", 2022),  # before every start: the earliest
        ("2022-01-01", 2022),
        ("2023-02-28", 2022),  # 2023 starts tomorrow
        ("2023-03-01", 2023),  # start day counts
        ("2023-12-31", 2023),
        ("2024-01-01", 2024),
        ("2026-06-01", 2024),
    ],
)
def test_default_campaign(database, as_of, campaign):
    con = database(
        *exports(studios={"HF-1": ("蜀山区", 2023, "2023-03-01 申报")}, campaigns=CAMPAIGNS_3)
    )
    assert campaign == report.default_campaign(con, d(as_of))
    assert [
        {"campaign_year": y, "is_default": y == campaign} for y in (2024, 2023, 2022)
    ] == records(report.campaigns(con, d(as_of)), ["campaign_year", "is_default"])
    assert campaign == build(con, as_of=d(as_of))["campaign"]["year"]


# --- the campaign world: statuses, progress, units, burn-up, unit scope ------------------------

D23 = d("2023-10-01")  # 273 of the 364 days from 2023-01-01 to 2023-12-31: time_elapsed 0.75
CAMPAIGN_STUDIOS = {
    "HF-23-A": ("蜀山区", 2023, "2023-03-01 申报; 2023-06-01 命名; 2023-09-15 表彰"),
    "HF-23-B": ("蜀山区", 2023, "2023-03-01 申报; 2023-06-01 命名; 2023-09-01 摘牌"),
    "HF-23-C": (
        "蜀山区",
        2023,
        "2023-03-01 申报; 2023-06-15 命名; 2023-07-01 通报; 2023-08-01 整改完成",
    ),
    "HF-23-C2": ("蜀山区", 2023, "2023-03-01 申报; 2023-06-15 命名; 2023-07-01 通报"),
    "HF-23-D": ("蜀山区", 2023, "2023-03-01 申报; 2023-04-01 受理"),
    "HF-23-D2": ("蜀山区", 2023, "2023-03-01 申报; 2023-04-01 受理; 2023-05-01 现场考核"),
    "HF-23-D3": ("蜀山区", 2023, "2023-03-01 申报"),
    "HF-23-E": ("蜀山区", 2023, "2023-03-01 申报; 2023-04-01 受理; 2023-05-01 未通过"),
    "HF-23-E2": ("蜀山区", 2023, "2023-03-01 申报; 2023-04-01 撤回"),
    "HF-23-F": ("蜀山区", 2023, "2023-03-01 申报; 2023-12-01 命名"),  # named after D23
    "HF-23-G": (
        "蜀山区",
        2023,
        "2023-03-01 申报; 2023-07-01 命名; 2023-12-01 摘牌",
    ),  # delisted after
    "HF-23-H": ("蜀山区", 2023, "2023-11-01 申报"),  # applies after D23
    "HF-23-W": (
        "蜀山区",
        2023,
        "2023-03-01 申报; 2023-07-01 命名; 2023-07-15 通报; 2023-12-01 整改完成",
    ),
    "HF-23-J1": ("市建设工会", 2023, "2023-04-01 申报; 2023-07-01 命名"),  # quota 0
    "HF-23-K1": ("包河区", 2023, "2023-05-01 申报; 2023-06-01 受理"),  # no quota row
    "HF-23-K2": ("包河区", 2023, "2023-05-01 申报; 2023-08-01 命名", None, None),
    "HF-22-X": ("高新区", 2022, "2022-03-01 申报; 2022-06-01 命名"),  # another campaign
}
CAMPAIGN_WORLD = dict(
    studios=CAMPAIGN_STUDIOS,
    campaigns={2022: (5, "2022-01-01", "2022-12-31"), 2023: (10, "2023-01-01", "2023-12-31")},
    quotas={(2023, "蜀山区"): 8, (2023, "高新区"): 3, (2023, "市建设工会"): 0, (2022, "庐阳区"): 2},
    outcomes=[
        ("CG-A", "HF-23-A", "2023-05-01", 5, (0, 0, 0), "是"),
        ("CG-J", "HF-23-J1", "2023-08-01", 2, (0, 0, 0), "否"),
    ],
)


@pytest.fixture(scope="module")
def campaign_con(database):
    return database(*exports(**CAMPAIGN_WORLD))


def test_studio_status_as_of(campaign_con):
    actual = campaign_con.execute(
        "select studio_id, status_key, is_named, is_delisted, is_warned, is_in_review, is_rejected "
        "from studio_status($as_of, null) order by studio_id",
        {"as_of": D23},
    ).fetchall()
    assert [
        ("HF-22-X", "named", True, False, False, False, False),
        ("HF-23-A", "named", True, False, False, False, False),  # 表彰 after 命名: still named
        ("HF-23-B", "delisted", False, True, False, False, False),  # 摘牌 after 命名
        ("HF-23-C", "named", True, False, False, False, False),  # 通报 then 整改完成
        ("HF-23-C2", "named", True, False, True, False, False),  # named and warned
        ("HF-23-D", "in_review", False, False, False, True, False),  # latest 受理
        ("HF-23-D2", "in_review", False, False, False, True, False),  # latest 现场考核
        ("HF-23-D3", "in_review", False, False, False, True, False),  # latest 申报
        ("HF-23-E", "rejected", False, False, False, False, True),  # 未通过
        ("HF-23-E2", "rejected", False, False, False, False, True),  # 撤回
        ("HF-23-F", "in_review", False, False, False, True, False),  # 命名 after D ignored
        ("HF-23-G", "named", True, False, False, False, False),  # 摘牌 after D ignored
        # HF-23-H: its only event is after D, so it has no status at all
        ("HF-23-J1", "named", True, False, False, False, False),
        ("HF-23-K1", "in_review", False, False, False, True, False),
        ("HF-23-K2", "named", True, False, False, False, False),
        ("HF-23-W", "named", True, False, True, False, False),  # 整改完成 after D ignored
    ] == actual


def test_campaign_applicants_as_of(campaign_con):
    df = db.run(campaign_con, "campaign_applicants", campaign=2023, as_of=D23, unit="包河区")
    assert [
        {
            "studio_id": "HF-23-K1",
            "unit": "包河区",
            "applied_on": "2023-05-01",
            "latest_status": "受理",
            "status_key": "in_review",
        },
        {
            "studio_id": "HF-23-K2",
            "unit": "包河区",
            "applied_on": "2023-05-01",
            "latest_status": "命名",
            "status_key": "named",
        },
    ] == records(df, ["studio_id", "unit", "applied_on", "latest_status", "status_key"])


CAMPAIGN_RISK = [  # R1 (no outcome in 12 months) and R6 are the only rules on in this world
    risk_row(
        "HF-23-C2",
        60,
        "高",
        [
            reason("R1", 30, "近12个月无成果（从无成果记录）"),
            reason("R6", 30, "通报未整改（2023-07-01 通报，尚无整改完成记录）"),
        ],
    ),
    risk_row(
        "HF-23-W",
        60,
        "高",
        [
            reason("R1", 30, "近12个月无成果（从无成果记录）"),
            reason("R6", 30, "通报未整改（2023-07-15 通报，尚无整改完成记录）"),
        ],
    ),
    risk_row(
        "HF-22-X", 30, "中", [reason("R1", 30, "近12个月无成果（从无成果记录）")], unit="高新区"
    ),
    risk_row("HF-23-C", 30, "中", [reason("R1", 30, "近12个月无成果（从无成果记录）")]),
    risk_row("HF-23-G", 30, "中", [reason("R1", 30, "近12个月无成果（从无成果记录）")]),
    risk_row(
        "HF-23-K2", 30, "中", [reason("R1", 30, "近12个月无成果（从无成果记录）")], unit="包河区"
    ),
    risk_row("HF-23-A", 0, "低", []),
    risk_row("HF-23-J1", 0, "低", [], unit="市建设工会"),
]


def test_campaign_report(campaign_con):
    assert {
        "as_of": "2023-10-01",
        "campaign": {
            "year": 2023,
            "target": 10,
            "deadline": "2023-12-31",
            "applied": 15,
            "in_review": 5,
            "named": 7,
            "rejected": 2,
            "completion": 0.7,
            "time_elapsed": 0.75,
        },
        "units": [  # by completion (nulls last), named, display order
            unit_row("蜀山区", 8, 12, 4, 5, 2, 0.625),
            unit_row("高新区", 3, 0, 0, 0, 0, 0.0),  # a quota and no applicant
            unit_row("市建设工会", 0, 1, 0, 1, 0, None),  # quota 0: completion null
            unit_row("包河区", 0, 2, 1, 1, 0, None),  # applicants and no quota row
            # 庐阳区: a quota only in 2022, no applicant in 2023: absent
        ],
        "benefits": {
            "period": ["2023-01-01", "2023-10-01"],
            "units": [
                benefit_row("蜀山区", 5, 1, 5.0, (0, 0, 0), 1.0),
                benefit_row("市建设工会", 1, 1, 2.0, (0, 0, 0), 0.0),
                benefit_row("高新区", 1, 0, 0.0, (0, 0, 0), None),
                benefit_row("包河区", 1, 0, 0.0, (0, 0, 0), None),
            ],
        },
        "risk": CAMPAIGN_RISK,
        "rules_off": ["R2", "R3", "R4", "R5", "R7", "R8"],
    } == build(campaign_con, as_of=D23)


@pytest.mark.parametrize(
    "as_of, time_elapsed",
    [
        ("2022-12-01", 0.0),  # before the start: clamped to 0
        ("2023-01-01", 0.0),
        ("2023-10-01", 0.75),  # 273 / 364
        ("2023-12-31", 1.0),
        ("2024-03-01", 1.0),  # after the deadline: clamped to 1
    ],
)
def test_time_elapsed_is_clamped(campaign_con, as_of, time_elapsed):
    df = db.run(campaign_con, "campaign_progress", campaign=2023, as_of=d(as_of), unit=None)
    assert [time_elapsed] == df["time_elapsed"].tolist()


def test_campaign_before_start_and_after_deadline(campaign_con):
    before = build(campaign_con, campaign=2023, as_of=d("2022-12-01"))
    assert {
        "year": 2023,
        "target": 10,
        "deadline": "2023-12-31",
        "applied": 0,
        "in_review": 0,
        "named": 0,
        "rejected": 0,
        "completion": 0.0,
        "time_elapsed": 0.0,
    } == before["campaign"]
    assert [
        unit_row("蜀山区", 8, 0, 0, 0, 0, 0.0),
        unit_row("高新区", 3, 0, 0, 0, 0, 0.0),
        unit_row("市建设工会", 0, 0, 0, 0, 0, None),
    ] == before["units"]
    # After the deadline: F named and H applied (in review), G delisted, W rectified.
    after = build(campaign_con, campaign=2023, as_of=d("2024-03-01"))
    assert {
        "year": 2023,
        "target": 10,
        "deadline": "2023-12-31",
        "applied": 16,
        "in_review": 5,
        "named": 7,
        "rejected": 2,
        "completion": 0.7,
        "time_elapsed": 1.0,
    } == after["campaign"]


@pytest.mark.parametrize(
    "as_of, unit, expected",
    [
        (
            "2023-10-01",
            None,
            [
                ("2023-01-01", 0),
                ("2023-06-01", 2),
                ("2023-06-15", 4),
                ("2023-07-01", 7),
                ("2023-08-01", 8),
                ("2023-09-01", 7),
                ("2023-10-01", 7),
            ],
        ),
        ("2023-06-15", None, [("2023-01-01", 0), ("2023-06-01", 2), ("2023-06-15", 4)]),
        # the end is the deadline; on 12-01 F is named and G delisted: no net change, still a row
        (
            "2024-03-01",
            None,
            [
                ("2023-01-01", 0),
                ("2023-06-01", 2),
                ("2023-06-15", 4),
                ("2023-07-01", 7),
                ("2023-08-01", 8),
                ("2023-09-01", 7),
                ("2023-12-01", 7),
                ("2023-12-31", 7),
            ],
        ),
        (
            "2023-10-01",
            "蜀山区",
            [
                ("2023-01-01", 0),
                ("2023-06-01", 2),
                ("2023-06-15", 4),
                ("2023-07-01", 6),
                ("2023-09-01", 5),
                ("2023-10-01", 5),
            ],
        ),
    ],
)
def test_burnup(campaign_con, as_of, unit, expected):
    df = db.run(campaign_con, "campaign_burnup", campaign=2023, as_of=d(as_of), unit=unit)
    assert [{"day": day, "named": n} for day, n in expected] == records(df)


def test_unit_scope_limits_everything(campaign_con):
    assert {
        "as_of": "2023-10-01",
        "campaign": {
            "year": 2023,
            "target": 8,
            "deadline": "2023-12-31",
            "applied": 12,
            "in_review": 4,
            "named": 5,
            "rejected": 2,
            "completion": 0.625,
            "time_elapsed": 0.75,
        },
        "units": [unit_row("蜀山区", 8, 12, 4, 5, 2, 0.625)],
        "benefits": {
            "period": ["2023-01-01", "2023-10-01"],
            "units": [benefit_row("蜀山区", 5, 1, 5.0, (0, 0, 0), 1.0)],
        },
        "risk": [r for r in CAMPAIGN_RISK if r["unit"] == "蜀山区"],
        "rules_off": ["R2", "R3", "R4", "R5", "R7", "R8"],
    } == build(campaign_con, as_of=D23, unit="蜀山区")


@pytest.mark.parametrize(
    "unit, campaign, units, benefits, risk",
    [
        (
            "高新区",  # a quota and no applicant; its only studio is of the 2022 campaign
            {
                "target": 3,
                "applied": 0,
                "in_review": 0,
                "named": 0,
                "rejected": 0,
                "completion": 0.0,
            },
            [unit_row("高新区", 3, 0, 0, 0, 0, 0.0)],
            [benefit_row("高新区", 1, 0, 0.0, (0, 0, 0), None)],
            [r for r in CAMPAIGN_RISK if r["unit"] == "高新区"],
        ),
        (
            "包河区",  # applicants and no quota row: target 0, completion null
            {
                "target": 0,
                "applied": 2,
                "in_review": 1,
                "named": 1,
                "rejected": 0,
                "completion": None,
            },
            [unit_row("包河区", 0, 2, 1, 1, 0, None)],
            [benefit_row("包河区", 1, 0, 0.0, (0, 0, 0), None)],
            [r for r in CAMPAIGN_RISK if r["unit"] == "包河区"],
        ),
        (
            "庐阳区",  # nothing in 2023
            {
                "target": 0,
                "applied": 0,
                "in_review": 0,
                "named": 0,
                "rejected": 0,
                "completion": None,
            },
            [],
            [],
            [],
        ),
    ],
)
def test_unit_scope_other_units(campaign_con, unit, campaign, units, benefits, risk):
    result = build(campaign_con, as_of=D23, unit=unit)
    assert {"year": 2023, "deadline": "2023-12-31", "time_elapsed": 0.75, **campaign} == result[
        "campaign"
    ]
    assert (units, benefits, risk) == (result["units"], result["benefits"]["units"], result["risk"])


# --- benefits --------------------------------------------------------------------------------

BENEFIT_WORLD = dict(
    studios={
        "HF-S1": ("蜀山区", 2022, "2022-03-01 申报; 2022-06-01 命名"),
        "HF-S2": ("蜀山区", 2023, "2023-01-10 申报; 2023-05-01 命名"),
        "HF-S3": ("蜀山区", 2023, "2023-01-10 申报"),  # in review
        "HF-S4": ("蜀山区", 2022, "2022-01-10 申报; 2022-03-01 命名; 2023-08-01 摘牌"),  # delisted
        "HF-S5": ("蜀山区", 2023, "2023-01-10 申报; 2023-12-01 命名"),  # named after D
        "HF-G1": ("高新区", 2022, "2022-03-01 申报; 2022-06-01 命名"),
        "HF-J1": ("市建设工会", 2023, "2023-01-10 申报; 2023-02-01 命名"),
        "HF-B1": ("包河区", 2022, "2022-01-10 申报; 2022-03-01 命名"),
        "HF-L1": ("庐阳区", 2023, "2023-01-10 申报"),
    },
    campaigns={2022: (5, "2022-01-01", "2022-12-31"), 2023: (10, "2023-01-01", "2023-12-31")},
    outcomes=[
        (
            "O01",
            "HF-S1",
            "2023-01-01",
            10.5,
            (1, 2, 0),
            "是",
            "技术创新",
        ),  # first day of the period
        ("O02", "HF-S1", "2023-10-01", None, (0, 1, 1), "否", "QC成果"),  # D itself; blank benefit
        (
            "O03",
            "HF-S2",
            "2023-04-01",
            4.25,
            (2, 0, 0),
            "是",
            "技术创新",
        ),  # before its naming: counts
        ("O04", "HF-S1", "2022-12-31", 100, (5, 5, 5), "是"),  # before the period
        ("O05", "HF-S1", "2023-10-02", 100, (5, 5, 5), "是"),  # after D
        ("O06", "HF-S3", "2023-03-01", 50, (5, 5, 5), "是"),  # studio not named
        ("O07", "HF-S4", "2023-03-01", 60, (5, 5, 5), "是"),  # studio delisted
        ("O08", "HF-S5", "2023-03-01", 70, (5, 5, 5), "是"),  # named only after D
        ("O09", "HF-G1", "2023-02-01", None, (0, 0, 0), "否", "管理创新"),
        ("O10", "HF-G1", "2023-03-01", None, (0, 0, 0), "是", "管理创新"),
        ("O11", "HF-J1", "2023-06-01", 0, (0, 0, 0), "否", "五小成果"),
        ("O12", "HF-S1", "2022-05-01", 3, (0, 0, 0), "是", "技术创新"),  # a year earlier
        ("O13", "HF-S4", "2022-09-30", 2.5, (1, 0, 0), "否", "技术攻关"),  # S4 named back then
        ("O14", "HF-S2", "2022-08-01", 9, (5, 5, 5), "是"),  # S2 not named back then
        ("O15", "HF-S1", "2022-10-02", 8, (5, 5, 5), "是"),  # after the earlier D
    ],
)


@pytest.fixture(scope="module")
def benefit_con(database):
    return database(*exports(**BENEFIT_WORLD))


def test_benefits_by_unit(benefit_con):
    df = db.run(
        benefit_con,
        "benefits_by_unit",
        as_of=D23,
        period_start=d("2023-01-01"),
        period_end=D23,
        unit=None,
    )
    assert [
        benefit_row("蜀山区", 2, 3, 14.75, (3, 3, 1), 2 / 3, kind=True),
        benefit_row("市建设工会", 1, 1, 0.0, (0, 0, 0), 0.0, kind=True),  # a reported 0 is 0
        benefit_row("包河区", 1, 0, 0.0, (0, 0, 0), None, kind=True),  # no outcome at all
        benefit_row("高新区", 1, 2, None, (0, 0, 0), 0.5, kind=True),  # every benefit blank
        # 庐阳区: no named studio
    ] == records(df)


def test_benefits_in_the_report_default_period(benefit_con):
    assert {
        "period": ["2023-01-01", "2023-10-01"],
        "units": [
            benefit_row("蜀山区", 2, 3, 14.75, (3, 3, 1), 2 / 3),
            benefit_row("市建设工会", 1, 1, 0.0, (0, 0, 0), 0.0),
            benefit_row("包河区", 1, 0, 0.0, (0, 0, 0), None),
            benefit_row("高新区", 1, 2, None, (0, 0, 0), 0.5),
        ],
    } == build(benefit_con, as_of=D23)["benefits"]
    assert {
        "period": ["2023-01-01", "2023-10-01"],
        "units": [benefit_row("高新区", 1, 2, None, (0, 0, 0), 0.5)],
    } == build(benefit_con, as_of=D23, unit="高新区")["benefits"]


def test_benefits_year_on_year(benefit_con):
    """同比: the same query with as_of and the period one year earlier."""
    earlier = report.year_earlier(D23)
    assert d("2022-10-01") == earlier
    df = db.run(
        benefit_con,
        "benefits_by_unit",
        as_of=earlier,
        period_start=report.year_start(earlier),
        period_end=earlier,
        unit=None,
    )
    assert [
        benefit_row("蜀山区", 2, 2, 5.5, (1, 0, 0), 0.5, kind=True),  # S1 and S4 (not yet delisted)
        benefit_row("高新区", 1, 0, 0.0, (0, 0, 0), None, kind=True),
        benefit_row("包河区", 1, 0, 0.0, (0, 0, 0), None, kind=True),
    ] == records(df)


def test_year_earlier_of_29_february():
    assert d("2023-02-28") == report.year_earlier(d("2024-02-29"))


def test_benefits_by_category(benefit_con):
    df = db.run(
        benefit_con,
        "benefits_by_category",
        as_of=D23,
        period_start=d("2023-01-01"),
        period_end=D23,
        unit=None,
    )
    row = lambda c, n, b, p, share: {  # noqa: E731
        "category": c,
        "outcomes": n,
        "benefit_wan": b,
        "invention_patents": p[0],
        "utility_patents": p[1],
        "design_patents": p[2],
        "adopted_share": share,
    }
    assert [
        row("技术创新", 2, 14.75, (3, 2, 0), 1.0),
        row("五小成果", 1, 0.0, (0, 0, 0), 0.0),
        row("管理创新", 2, None, (0, 0, 0), 0.5),
        row("QC成果", 1, None, (0, 1, 1), 0.0),
    ] == records(df)
    df = db.run(
        benefit_con,
        "benefits_by_category",
        as_of=D23,
        period_start=d("2023-01-01"),
        period_end=D23,
        unit="市建设工会",
    )
    assert [row("五小成果", 1, 0.0, (0, 0, 0), 0.0)] == records(df)


# --- risk of delisting -----------------------------------------------------------------------

D24 = d("2024-05-15")  # on or after 03-31: the 2023 assessment is due


def before(days: int) -> str:
    return (D24 - dt.timedelta(days=days)).isoformat()


NAMED = "2020-03-01 申报; 2021-06-01 命名"
CLEAN = dict(
    history=NAMED,
    members=3,
    funding=0.5,
    outcomes=[before(364)],  # 2023-05-17
    assessments=[(2023, "2024-03-01", "合格")],
    inspections=[(before(729), "合格", 0)],  # 2022-05-17
    activities=[before(364), "2023-09-01", "2024-01-01", D24.isoformat()],
)
RISK_CASES = {  # studio: what differs from CLEAN, which fires nothing
    "ST-00": {},
    "ST-01": dict(outcomes=[before(365)]),  # 2023-05-16: out of window
    "ST-01B": dict(outcomes=["2024-05-16"]),  # after D: ignored
    "ST-02": dict(assessments=[(2022, "2023-03-01", "合格")]),
    "ST-02B": dict(history="2023-03-01 申报; 2024-01-10 命名", assessments=[]),  # not due yet
    "ST-02C": dict(history="2023-03-01 申报; 2023-12-31 命名", assessments=[]),  # due
    "ST-03": dict(assessments=[(2023, "2024-03-01", "不合格")]),
    "ST-04": dict(inspections=[("2024-04-01", "不合格", 1)]),
    "ST-04B": dict(inspections=[("2023-06-01", "不合格", 3), ("2024-04-01", "合格", 0)]),
    "ST-05": dict(inspections=[("2023-06-01", "合格", 0), ("2024-04-01", "合格", 4)]),
    "ST-05B": dict(inspections=[("2023-06-01", "合格", 3), ("2024-04-01", "合格", 2)]),
    "ST-06": dict(history=NAMED + "; 2024-02-01 通报"),
    "ST-06B": dict(history=NAMED + "; 2024-02-01 通报; 2024-03-01 整改完成"),
    "ST-07": dict(inspections=[(before(730), "合格", 0)]),  # 2022-05-16
    "ST-07B": dict(inspections=[]),
    "ST-08": dict(
        activities=[before(365), "2023-09-01", "2024-01-01", D24.isoformat(), "2024-05-16"]
    ),  # 3 inside the window
    "ST-09": dict(members=2),
    "ST-10": dict(funding=0),
    "ST-60": dict(outcomes=[], history=NAMED + "; 2024-02-01 通报"),
    "ST-99": dict(
        outcomes=[],
        assessments=[(2023, "2024-03-01", "不合格")],
        inspections=[("2022-01-01", "不合格", 9)],
        history=NAMED + "; 2024-01-01 通报",
        activities=[],
        members=1,
        funding=0,
    ),
    # not named as of D: no risk row
    "ST-X1": dict(history="2023-03-01 申报"),
    "ST-X2": dict(history=NAMED + "; 2024-01-01 摘牌"),
    "ST-X3": dict(history="2023-03-01 申报; 2024-05-16 命名"),
}


def risk_tabless(cases: dict, **overrides):
    """The exports of studios given as changes to CLEAN (all in 蜀山区)."""
    studios, outcomes, assessments, inspections, activities = {}, [], [], [], []
    for sid, change in cases.items():
        s = {**CLEAN, **change}
        studios[sid] = ("蜀山区", 2020, s["history"], s["members"], s["funding"])
        outcomes += [(f"CG-{sid}-{i}", sid, day, 1) for i, day in enumerate(s["outcomes"], 1)]
        assessments += [(sid, *a) for a in s["assessments"]]
        inspections += [(f"JC-{sid}-{i}", sid, *x) for i, x in enumerate(s["inspections"], 1)]
        activities += [(sid, day) for day in s["activities"]]
    data = dict(
        studios=studios,
        campaigns={2020: (5, "2020-01-01", "2020-12-31")},
        quotas={(2020, "蜀山区"): 5},
        outcomes=outcomes,
        assessments=assessments,
        inspections=inspections,
        activities=activities,
    )
    return exports(**{**data, **overrides})


@pytest.fixture(scope="module")
def risk_con(database):
    return database(*risk_tabless(RISK_CASES))


ALL_FAILED = (
    "标志明显、场所固定、设施齐全、团队精干、职工参与、制度完善、经费保障、资料完备、成效明显"
)
NO_OUTCOME = reason("R1", 30, "近12个月无成果（从无成果记录）")
RISK = [
    risk_row(
        "ST-99",
        200,
        "高",
        [
            NO_OUTCOME,
            reason("R3", 30, "年度评估不合格（2023年度评估为不合格，提交于 2024-03-01）"),
            reason("R4", 40, "最近检查不合格（2022-01-01 检查 JC-ST-99-1 结论不合格）"),
            reason("R5", 30, f"条件不达标（2022-01-01 检查不达标：{ALL_FAILED}）"),
            reason("R6", 30, "通报未整改（2024-01-01 通报，尚无整改完成记录）"),
            reason("R7", 10, "长期未检查（最近检查 2022-01-01）"),
            reason("R8", 10, "活动不足（近12个月活动 0 次）"),
            reason("R9", 10, "团队不足（成员 1 人）"),
            reason("R10", 10, "经费为零（年度经费 0 万元）"),
        ],
    ),
    risk_row(
        "ST-60",
        60,
        "高",
        [NO_OUTCOME, reason("R6", 30, "通报未整改（2024-02-01 通报，尚无整改完成记录）")],
    ),
    risk_row(
        "ST-04",
        50,
        "中",
        [
            reason("R4", 40, "最近检查不合格（2024-04-01 检查 JC-ST-04-1 结论不合格）"),
            reason("R5", 10, "条件不达标（2024-04-01 检查不达标：标志明显）"),
        ],
    ),
    risk_row("ST-01", 30, "中", [reason("R1", 30, "近12个月无成果（最近成果 2023-05-16）")]),
    risk_row("ST-01B", 30, "中", [NO_OUTCOME]),
    risk_row(
        "ST-03",
        30,
        "中",
        [reason("R3", 30, "年度评估不合格（2023年度评估为不合格，提交于 2024-03-01）")],
    ),
    risk_row(
        "ST-05",
        30,
        "中",
        [  # four failing: capped at 30
            reason(
                "R5",
                30,
                "条件不达标（2024-04-01 检查不达标：标志明显、场所固定、设施齐全、团队精干）",
            )
        ],
    ),
    risk_row(
        "ST-06", 30, "中", [reason("R6", 30, "通报未整改（2024-02-01 通报，尚无整改完成记录）")]
    ),
    risk_row("ST-02", 20, "低", [reason("R2", 20, "年度评估缺失（2023年度评估未提交）")]),
    risk_row("ST-02C", 20, "低", [reason("R2", 20, "年度评估缺失（2023年度评估未提交）")]),
    risk_row(
        "ST-05B",
        20,
        "低",
        [reason("R5", 20, "条件不达标（2024-04-01 检查不达标：标志明显、场所固定）")],
    ),
    risk_row("ST-07", 10, "低", [reason("R7", 10, "长期未检查（最近检查 2022-05-16）")]),
    risk_row("ST-07B", 10, "低", [reason("R7", 10, "长期未检查（从未检查）")]),
    risk_row("ST-08", 10, "低", [reason("R8", 10, "活动不足（近12个月活动 3 次）")]),
    risk_row("ST-09", 10, "低", [reason("R9", 10, "团队不足（成员 2 人）")]),
    risk_row("ST-10", 10, "低", [reason("R10", 10, "经费为零（年度经费 0 万元）")]),
    risk_row("ST-00", 0, "低", []),
    risk_row("ST-02B", 0, "低", []),
    risk_row("ST-04B", 0, "低", []),  # an older 不合格, then a 合格
    risk_row("ST-06B", 0, "低", []),  # 通报 then 整改完成
]


def test_risk_windows_are_exact():
    assert ("2023-05-16", "2023-05-17", "2022-05-16", "2022-05-17") == (
        before(365),
        before(364),
        before(730),
        before(729),
    )


def test_risk_report(risk_con):
    result = build(risk_con, as_of=D24)
    assert RISK == result["risk"]
    assert [] == result["rules_off"]


def test_risk_reasons_evidence(risk_con):
    """The mart behind the report: one row per fired rule with its points and evidence."""
    df = risk_con.execute(
        "select studio_id, rule, points, evidence_date, evidence_number, evidence_list "
        "from risk_reasons($as_of, null, $p) "
        "where studio_id in ('ST-00', 'ST-01', 'ST-04', 'ST-08') order by studio_id, rule_no",
        {"as_of": D24, "p": report.risk_params(risk_con)},
    ).df()
    row = lambda sid, rule, points, date=None, number=None, items=None: {  # noqa: E731
        "studio_id": sid,
        "rule": rule,
        "points": points,
        "evidence_date": date,
        "evidence_number": number,
        "evidence_list": items,
    }
    assert [
        row("ST-01", "R1", 30, "2023-05-16"),
        row("ST-04", "R4", 40, "2024-04-01", items=["JC-ST-04-1"]),
        row("ST-04", "R5", 10, "2024-04-01", 1, ["标志明显"]),
        row("ST-08", "R8", 10, number=3),
    ] == records(df)


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (
            "2024-03-30",
            [  # before 03-31: the 2022 assessment is due
                risk_row(
                    "Q5",
                    30,
                    "中",
                    [reason("R3", 30, "年度评估不合格（2022年度评估为不合格，提交于 2023-03-01）")],
                ),
                risk_row("Q2", 20, "低", [reason("R2", 20, "年度评估缺失（2022年度评估未提交）")]),
                risk_row("Q3", 20, "低", [reason("R2", 20, "年度评估缺失（2022年度评估未提交）")]),
                risk_row("Q1", 0, "低", []),
                risk_row("Q4", 0, "低", []),  # first named 2023-01-01: not due for 2022
            ],
        ),
        (
            "2024-03-31",
            [  # from 03-31: the 2023 assessment is due
                risk_row("Q1", 20, "低", [reason("R2", 20, "年度评估缺失（2023年度评估未提交）")]),
                risk_row("Q3", 20, "低", [reason("R2", 20, "年度评估缺失（2023年度评估未提交）")]),
                risk_row("Q4", 20, "低", [reason("R2", 20, "年度评估缺失（2023年度评估未提交）")]),
                risk_row("Q2", 0, "低", []),
                risk_row("Q5", 0, "低", []),
            ],
        ),
    ],
)
def test_assessment_due_year(database, as_of, expected):
    con = database(
        *exports(
            studios={
                "Q1": ("蜀山区", 2021, "2021-03-01 申报; 2021-06-01 命名"),
                "Q2": ("蜀山区", 2021, "2021-03-01 申报; 2021-06-01 命名"),
                "Q3": ("蜀山区", 2022, "2022-03-01 申报; 2022-12-31 命名"),
                "Q4": ("蜀山区", 2022, "2022-03-01 申报; 2023-01-01 命名"),
                "Q5": ("蜀山区", 2021, "2021-03-01 申报; 2021-06-01 命名"),
            },
            campaigns={2021: (5, "2021-01-01", "2021-12-31")},
            assessments=[
                ("Q1", 2022, "2023-03-01", "合格"),
                ("Q2", 2023, "2024-03-20", "合格"),
                ("Q5", 2022, "2023-03-01", "不合格"),
                ("Q5", 2023, "2024-03-15", "合格"),
            ],
        )
    )
    result = build(con, as_of=d(as_of))
    assert expected == result["risk"]
    assert ["R1", "R4", "R5", "R7", "R8"] == result["rules_off"]  # no outcome export, no 检查记录


def test_rules_whose_sheet_was_not_imported_are_off(database):
    """No 检查记录 sheet: R4/R5/R7 never fire; an empty 活动记录: R8 never fires."""
    con = database(
        *risk_tabless({"ST-99": RISK_CASES["ST-99"], "ST-00": {}}, inspections=None, activities=[])
    )
    result = build(con, as_of=D24)
    assert [
        risk_row(
            "ST-99",
            110,
            "高",
            [
                NO_OUTCOME,
                reason("R3", 30, "年度评估不合格（2023年度评估为不合格，提交于 2024-03-01）"),
                reason("R6", 30, "通报未整改（2024-01-01 通报，尚无整改完成记录）"),
                reason("R9", 10, "团队不足（成员 1 人）"),
                reason("R10", 10, "经费为零（年度经费 0 万元）"),
            ],
        ),
        risk_row("ST-00", 0, "低", []),
    ] == result["risk"]
    assert ["R4", "R5", "R7", "R8"] == result["rules_off"]


def test_tier_thresholds(database, monkeypatch):
    """高 from 60, 中 from 30 up to 59, 低 below 30 (R9 worth 29 and R10 30 to reach 29 and 59)."""
    monkeypatch.setenv("STUDIODASH_RISK_R9_POINTS", "29")
    monkeypatch.setenv("STUDIODASH_RISK_R10_POINTS", "30")
    con = database(
        *exports(
            studios={
                "T29": ("蜀山区", 2021, NAMED, 2, 10),
                "T30": ("蜀山区", 2021, NAMED, 8, 0),
                "T59": ("蜀山区", 2021, NAMED, 2, 0),
                "T60": ("蜀山区", 2021, NAMED + "; 2024-01-01 通报", 8, 0),
            },
            campaigns={2021: (5, "2021-01-01", "2021-12-31")},
        )
    )
    assert [("T60", 60, "高"), ("T59", 59, "中"), ("T30", 30, "中"), ("T29", 29, "低")] == [
        (r["studio_id"], r["score"], r["tier"]) for r in build(con, as_of=D24)["risk"]
    ]


# --- events after as_of are ignored everywhere ------------------------------------------------


def replay_exports(with_future: bool):
    """A small world as of 2024-05-15; with_future adds rows dated after it to every sheet."""
    future = with_future
    return exports(
        studios={
            "P1": (
                "蜀山区",
                2023,
                "2023-03-01 申报; 2023-06-01 命名"
                + ("; 2024-05-20 通报; 2024-06-01 摘牌" if future else ""),
            ),
            "P2": ("蜀山区", 2024, "2024-03-01 申报" + ("; 2024-05-16 命名" if future else "")),
            "P3": ("蜀山区", 2024, "2024-05-16 申报" if future else ""),
        },
        campaigns={2023: (1, "2023-01-01", "2023-12-31"), 2024: (2, "2024-01-01", "2024-12-31")},
        quotas={(2024, "蜀山区"): 2},
        inspections=[("JC-P1", "P1", "2024-01-10", "合格", 0)]
        + ([("JC-P1-F", "P1", "2024-05-16", "不合格", 9)] if future else []),
        assessments=[("P1", 2023, "2024-06-01", "合格")] if future else [],
        outcomes=[("CG-P1", "P1", "2023-04-01", 3, (0, 0, 0), "是")]
        + ([("CG-P1-F", "P1", "2024-05-16", 100, (1, 1, 1), "是")] if future else []),
        activities=[("P1", day) for day in ("2023-09-01", "2024-01-01", "2024-05-15")]
        + ([("P1", "2024-05-16"), ("P1", "2024-05-20")] if future else []),
    )


def test_events_after_as_of_are_ignored(database):
    expected = {
        "as_of": "2024-05-15",
        "campaign": {
            "year": 2024,
            "target": 2,
            "deadline": "2024-12-31",
            "applied": 1,
            "in_review": 1,
            "named": 0,
            "rejected": 0,
            "completion": 0.0,
            "time_elapsed": 135 / 365,
        },
        "units": [unit_row("蜀山区", 2, 1, 1, 0, 0, 0.0)],
        "benefits": {
            "period": ["2024-01-01", "2024-05-15"],
            "units": [benefit_row("蜀山区", 1, 0, 0.0, (0, 0, 0), None)],
        },
        "risk": [
            risk_row(
                "P1",
                60,
                "高",
                [
                    reason("R1", 30, "近12个月无成果（最近成果 2023-04-01）"),
                    reason("R2", 20, "年度评估缺失（2023年度评估未提交）"),
                    reason("R8", 10, "活动不足（近12个月活动 3 次）"),
                ],
            )
        ],
        "rules_off": [],
    }
    assert expected == build(database(*replay_exports(False)), as_of=D24)
    with_future = database(*replay_exports(True))
    assert d("2024-06-01") == report.default_as_of(with_future)
    assert expected == build(with_future, as_of=D24)
