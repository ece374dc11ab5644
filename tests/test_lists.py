"""dashboard/lists.py without a browser: the chips of the filters in force, their words in an
export, and which addresses a studio's file may link back to."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from dashboard import exports, lists, ui


def test_chips_keep_only_the_filters_in_force():
    active = lists.chips(
        [
            ("q", "搜索", ""),
            ("u", "推荐单位", ["蜀山区", "庐阳区"]),
            ("r", "风险等级", []),
            ("late", "只看逾期申报", True),
            ("unit", "单位", "瑶海区", None),
            ("x", "其他", None),
        ]
    )
    assert [(c.key, c.text, c.empty) for c in active] == [
        ("u", "蜀山区、庐阳区", []),
        ("late", "", False),
        ("unit", "瑶海区", None),
    ]
    assert (
        lists.describe(active) == "筛选条件：推荐单位：蜀山区、庐阳区；只看逾期申报；单位：瑶海区"
    )
    assert lists.describe([]) == "筛选条件：无（全部）"


@pytest.mark.parametrize(
    "back, target",
    [
        ("/explore?r=%E9%AB%98&u=A&u=B", ("views/explore.py", {"r": ["高"], "u": ["A", "B"]})),
        ("/", ("views/progress.py", {})),
        ("/?campaign=2023", ("views/progress.py", {"campaign": ["2023"]})),
        ("/risk", ("views/risk.py", {})),
        ("//evil.example/explore", None),
        ("https://evil.example/explore", None),
        ("/studio?id=HF-1", None),
        ("/admin-users", None),
        ("/explore#x", None),
        ("/explore?q=a b", None),
        ("javascript:alert(1)", None),
        ("", None),
        (None, None),
    ],
)
def test_only_our_lists_are_a_way_back(back, target):
    assert lists.back_target(back) == target


def test_an_export_says_which_filters_chose_its_rows():
    frame = pd.DataFrame({"工作室名称": ["甲"]})
    data = exports.xlsx_workbook(
        "检查查询结果", "2023-12-15", "范围：全市", [("结果", frame, {})], "筛选条件：风险等级：高"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A3"].value == "筛选条件：风险等级：高"
    assert sheet["A5"].value == "甲"  # the header on row 4, the rows below it


def test_a_judgement_word_is_a_pill_on_its_colour_and_keeps_its_header():
    from dashboard import labels, ui

    behind, normal = labels.LIGHT["red"], labels.LIGHT["green"]
    decline = labels.YOY_DOWN_MARK + " 12.0%"
    frame = pd.DataFrame({"light": [behind, normal, None], "yoy": [decline, "▲ 3.0%", "—"]})
    shown, config = ui.toned(frame, ["light", "yoy", "absent"], {"light": "进度灯"})

    assert shown["light"].tolist() == [[behind], [normal], []]
    assert shown["yoy"].tolist() == [[decline], ["▲ 3.0%"], ["—"]]
    assert config["light"]["label"] == "进度灯"
    colours = {o["value"]: o["color"] for o in config["light"]["type_config"]["options"]}
    assert colours == {behind: ui.CELL_TONES[behind], normal: ui.CELL_TONES[normal]}
    colours = {o["value"]: o["color"] for o in config["yoy"]["type_config"]["options"]}
    assert colours[decline] == ui.CELL_TONES[behind]  # a decline is red, like a red light
    assert colours["▲ 3.0%"] == colours["—"] != colours[decline]
    assert "absent" not in config and list(frame["light"][:2]) == [behind, normal]  # untouched


DESKTOP_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("headers", "cards"),
    [
        ({"User-Agent": DESKTOP_CHROME, "Sec-CH-UA-Mobile": "?0"}, False),  # Chrome on a PC
        ({"User-Agent": DESKTOP_CHROME}, False),
        ({"User-Agent": IPHONE}, True),  # Safari sends no client hints
        ({"User-Agent": IPHONE.replace("iPhone", "iPad")}, True),
        ({"User-Agent": DESKTOP_CHROME, "Sec-CH-UA-Mobile": "?1"}, True),  # a phone's hint
        ({}, True),  # AppTest, or a browser that says nothing: both, CSS shows one
    ],
)
def test_a_desktop_browser_gets_no_cards(headers, cards):
    assert cards == lists.wants_cards(headers)


def test_the_roll_as_cards():
    """表彰与荣誉's roll on a phone (honours_tables.roll_cards), hand-made: the leader, the state
    on the pill, the studio, its unit and naming, its 文号 when it has one, its 摘牌 date when
    delisted; no more than PHONE_CARDS."""
    from dashboard import honours_tables

    roll = pd.DataFrame(
        {
            "studio_id": ["S1", "S2"],
            "leader": ["张三", "李四"],
            "studio_name": ["张三创新工作室", "李四创新工作室"],
            "unit": ["蜀山区", "高新区"],
            "named_on": pd.to_datetime(["2019-12-20", "2020-12-18"]),
            "document_no": ["合工〔2019〕120号", None],
            "active": [True, False],
            "delisted_on": pd.to_datetime([None, "2023-03-01"]),
        }
    )
    cards = honours_tables.roll_cards(roll)
    assert [(c.title, c.pill, c.facts, c.studio_id) for c in cards] == [
        (
            "张三",
            "在册",
            ["张三创新工作室", "蜀山区 · 命名于 2019-12-20", "文号：合工〔2019〕120号"],
            "S1",
        ),
        (
            "李四",
            "已摘牌",
            ["李四创新工作室", "高新区 · 命名于 2020-12-18", "摘牌于 2023-03-01"],
            "S2",
        ),
    ]
    many = pd.concat([roll] * 8, ignore_index=True)
    assert len(honours_tables.roll_cards(many)) == honours_tables.PHONE_CARDS == 10


def test_candidates_and_near_misses_as_cards():
    """A candidate's card holds the evidence of each criterion on (C4 off here); a near miss's
    what it misses; both with unit and leader (honours_tables.candidate_cards, hand-made)."""
    from dashboard import honours_tables

    rows = pd.DataFrame(
        {
            "studio_id": ["S1", "S2"],
            "studio_name": ["甲工作室", "乙工作室"],
            "unit": ["蜀山区", "庐阳区"],
            "leader": ["张三", "李四"],
            "inspection_id": ["JC-1", "JC-2"],
            "inspected_on": pd.to_datetime(["2023-05-06", "2023-06-07"]),
            "conclusion": ["优秀", "良好"],
            "assessment_year": [2022, None],
            "assessment_grade": ["优秀", None],
            "benefit_wan": [1234.5, 10.0],
            "invention_patents": [2, 0],
            "activities": [6, 5],
            "missed": [[], ["C2"]],
            "tier": ["低", "低"],
            "risk_score": [5, 10],
        }
    )
    first, second = honours_tables.candidate_cards(rows, ["C4"])
    assert (first.title, first.pill, first.studio_id) == ("甲工作室", "建议表彰", "S1")
    assert first.facts == [
        "蜀山区 · 领衔人 张三",
        "C1 检查优良：JC-1 2023-05-06 优秀",
        "C2 评估优秀：2022 年度 优秀",
        "C3 成果显著：效益 1,234.50 万元，发明专利 2 件",
    ]
    assert (second.title, second.pill) == ("乙工作室", "差一项")
    assert second.facts == ["庐阳区 · 领衔人 李四", "C2 评估优秀未达到（未提交）"]


def test_explore_results_as_cards_with_their_top_reason():
    """检查查询 on a phone (exports.explore_cards), hand-made: the light on the pill, the unit and
    type, the score and status, and the rule that weighs most, in words with its evidence; a
    studio not named carries its status on the pill and no score or reason."""
    found = pd.DataFrame(
        {
            "studio_id": ["S1", "S2"],
            "studio_name": ["张三创新工作室", "李四创新工作室"],
            "status_key": ["named", "in_review"],
            "is_warned": [True, False],
            "tier": ["高", None],
            "score": [75.0, None],
            "unit": ["蜀山区", "高新区"],
            "studio_type": ["劳模创新工作室", "职工创新工作室"],
            "leader": ["张三", "李四"],
            "host": ["甲公司", "乙公司"],
            "industry": ["制造", "建筑"],
            "named_year": [2019, None],
            "campaign_year": [2019, 2023],
            "phone": ["13800000000", None],
            "top_reason": [
                {
                    "rule": "R1",
                    "points": 30,
                    "evidence_date": pd.Timestamp("2022-08-01"),
                    "evidence_number": None,
                    "evidence_list": None,
                },
                None,
            ],
        }
    )
    shown = exports.explore_frame(found)
    cards = exports.explore_cards(shown, found["top_reason"])
    assert [(c.title, c.pill, c.facts, c.studio_id) for c in cards] == [
        (
            "张三创新工作室",
            "高风险",
            [
                "蜀山区 · 劳模创新工作室",
                "风险分 75 · 被通报未整改",
                "近12个月无成果（最近成果 2022-08-01）",
            ],
            "S1",
        ),
        ("李四创新工作室", "评审中", ["高新区 · 职工创新工作室"], "S2"),
    ]


def test_the_import_history_as_cards():
    """数据管理's 导入历史 on a phone (data_admin.history_cards), hand-made from the table as
    shown: number and time as the title, the kind on the pill, the files, who and how many rows,
    and for a restore the import it went back before."""
    from dashboard import data_admin

    shown = pd.DataFrame(
        {
            "编号": [3, 2],
            "操作": ["恢复", "导入"],
            "时间": pd.to_datetime(["2026-12-07 19:05:31", "2026-12-07 19:01:02"]),
            "操作人": ["admin", "admin"],
            "文件": ["—", "工作室台账.xlsx, 创新成果.xlsx"],
            "行数": [0, 12345],
            "恢复到导入之前": [2, "—"],
        }
    )
    cards = data_admin.history_cards(shown)
    assert [(c.title, c.pill, c.facts, c.studio_id) for c in cards] == [
        ("3 · 2026-12-07 19:05", "恢复", ["操作人：admin", "恢复到导入 2 之前"], None),
        (
            "2 · 2026-12-07 19:01",
            "导入",
            ["工作室台账.xlsx, 创新成果.xlsx", "操作人：admin · 12,345 行"],
            None,
        ),
    ]


def test_a_studio_file_inspections_and_outcomes_as_cards():
    """工作室档案 on a phone (studio_file.inspection_cards / outcome_cards), hand-made: an
    inspection's date and method, its 结论 on the pill, score and failed conditions, what to put
    right in full, the deadline, the ids; an outcome's title, 万元 (— when missing), patents,
    adoption, category and date, its id."""
    from dashboard import studio_file

    inspections = pd.DataFrame(
        {
            "inspection_id": ["JC-2023-0076", "XC-20261129-0001"],
            "inspected_on": pd.to_datetime(["2023-10-30", "2023-05-02"]),
            "method": ["不定期抽查", "定期检查"],
            "score": [43.7, None],
            "conclusion": ["不合格", "良好"],
            "failed": [6, 0],
            "issues": ["活动场所被挪作他用；限期整改", None],
            "rectify_by": pd.to_datetime(["2024-01-28", None]),
            "inspector": ["王五", None],
            "is_in_app": [False, True],
        }
    )
    cards = studio_file.inspection_cards(inspections)
    assert [(c.title, c.pill, c.facts, c.studio_id) for c in cards] == [
        (
            "2023-10-30 · 不定期抽查",
            "不合格",
            [
                "总分 43.7 · 不达标 6 项",
                "问题及整改要求：活动场所被挪作他用；限期整改",
                "整改期限 2024-01-28",
                "检查编号 JC-2023-0076 · 台账导入 · 检查人 王五",
            ],
            None,
        ),
        (
            "2023-05-02 · 定期检查",
            "良好",
            ["总分 — · 不达标 0 项", "检查编号 XC-20261129-0001 · 现场录入 · 检查人 —"],
            None,
        ),
    ]
    outcomes = pd.DataFrame(
        {
            "outcome_id": ["CG-2023-0001", "CG-2022-0107"],
            "title": ["数控刀具寿命提升", "QC成果：降低废品率"],
            "benefit_wan": [1234.5, None],
            "completed_on": pd.to_datetime(["2023-06-30", "2022-12-01"]),
            "category": ["技术革新", "QC成果"],
            "invention_patents": [1, 0],
            "utility_patents": [2, 0],
            "design_patents": [0, 0],
            "is_adopted": [True, False],
        }
    )
    cards = studio_file.outcome_cards(outcomes)
    assert [(c.title, c.pill, c.facts) for c in cards] == [
        (
            "数控刀具寿命提升",
            "",
            [
                "经济效益 1,234.50 万元 · 专利 3 件 · 推广应用 是",
                "技术革新 · 完成于 2023-06-30",
                "成果编号 CG-2023-0001",
            ],
        ),
        (
            "QC成果：降低废品率",
            "",
            [
                "经济效益 — · 专利 0 件 · 推广应用 否",
                "QC成果 · 完成于 2022-12-01",
                "成果编号 CG-2022-0107",
            ],
        ),
    ]
    assert ui.TONE_OF["不合格"] == "bad" and ui.TONE_OF["良好"] == "good"


def test_a_unit_card_uses_the_units_table_words():
    """创建进度's unit cards (progress_tables.unit_cards), hand-made: the light on the pill, the
    completion bar, and the counts named as the table's headers name them (名额 … 缺口)."""
    from dashboard import progress_tables

    table = pd.DataFrame(
        {
            "unit": ["蜀山区", "高新区"],
            "light": ["落后", "正常"],
            "completion": [0.25, 1.0],
            "quota": [4, 1],
            "applied": [5, 1],
            "in_review": [2, 0],
            "named": [1, 1],
            "shortfall": [3, 0],
            "late": [2, 0],
        }
    )
    card, on_time = progress_tables.unit_cards(table)
    assert (card.title, card.pill, card.share, card.share_text) == (
        "蜀山区",
        "落后",
        0.25,
        "完成率 25%",
    )
    # 逾期申报 too (the table's column), when there are any
    assert card.facts == ["名额 4 · 申报 5 · 评审中 2 · 已命名 1 · 缺口 3", "逾期申报 2"]
    assert on_time.facts == ["名额 1 · 申报 1 · 评审中 0 · 已命名 1 · 缺口 0"]


def test_benefit_units_as_cards():
    """成果效益's units (benefits_tables.unit_cards, from units_table as drawn), hand-made: the
    unit; its 万元 with the 同比 (▼ for a decline, 基数过小 on a small base); studios, outcomes
    and 万元 per studio; patents and adoption. Without a year to compare (全部) no 同比."""
    from dashboard import benefits_tables

    units = pd.DataFrame(
        {
            "unit": ["蜀山区", "高新区"],
            "unit_kind": ["县(市)区", "开发区"],
            "benefit_wan": [4025.34, 10.0],
            "studios": [12, 0],
            "outcomes": [35, 1],
            "invention_patents": [3, 0],
            "utility_patents": [5, 0],
            "design_patents": [0, 1],
            "adopted_share": [0.5, None],
        }
    )
    prior = pd.DataFrame({"unit": ["蜀山区", "高新区"], "benefit_wan": [5000.0, 1.0]})
    frame, _ = benefits_tables.units_table(units, prior, base=50)
    cards = benefits_tables.unit_cards(frame)
    assert [(c.title, c.pill, c.tone, c.facts) for c in cards] == [
        (
            "蜀山区",
            "同比 ▼ 19.5%",
            "bad",  # a decline: red
            [
                "经济效益 4,025.34 万元",
                "工作室 12 个 · 成果 35 项 · 室均效益 335.44 万元",
                "发明专利 3 件 · 实用新型 5 件 · 外观设计 0 件 · 推广应用率 50.0%",
            ],
        ),
        (
            "高新区",
            "同比 基数过小",
            None,
            [
                "经济效益 10.00 万元",
                "工作室 0 个 · 成果 1 项 · 室均效益 —",
                "发明专利 0 件 · 实用新型 0 件 · 外观设计 1 件 · 推广应用率 —",
            ],
        ),
    ]
    whole, _ = benefits_tables.units_table(units, None)
    assert ("", "经济效益 4,025.34 万元") == (
        benefits_tables.unit_cards(whole)[0].pill,
        benefits_tables.unit_cards(whole)[0].facts[0],
    )
    first_year, _ = benefits_tables.units_table(units, prior.head(1), base=50)  # 高新区: none then
    assert ("同比 上年同期无数据", None) == (
        benefits_tables.unit_cards(first_year)[1].pill,
        benefits_tables.unit_cards(first_year)[1].tone,
    )
    rise, _ = benefits_tables.units_table(units, prior.assign(benefit_wan=[4000.0, 1.0]), base=50)
    assert ("同比 ▲ 0.6%", "good") == (
        benefits_tables.unit_cards(rise)[0].pill,
        benefits_tables.unit_cards(rise)[0].tone,
    )


def test_accounts_and_the_audit_log_as_cards():
    """用户与审计 on a phone (ui.account_cards, ui.audit_cards), hand-made: an account's name, its
    role on the pill, its unit, failed logins and lock, creation; an audit entry's time and action,
    who, and the detail in words."""
    users = pd.DataFrame(
        {
            "username": ["admin", "shushan"],
            "role": ["管理员", "单位用户"],
            "unit": [None, "蜀山区"],
            "is_demo": [True, False],
            "failed_logins": [0, 5],
            "locked_until": pd.to_datetime([None, "2026-12-07 21:49:10"]),
            "created_at": pd.to_datetime(["2026-12-07 20:40:00", "2026-12-07 20:41:30"]),
        }
    )
    assert [(c.title, c.pill, c.facts) for c in ui.account_cards(users)] == [
        ("admin", "管理员", ["创建于 2026-12-07 20:40 · 示例账号"]),
        (
            "shushan",
            "单位用户",
            ["单位：蜀山区", "连续失败 5 次 · 锁定至 2026-12-07 21:49", "创建于 2026-12-07 20:41"],
        ),
    ]
    audit = pd.DataFrame(
        {
            "logged_at": pd.to_datetime(["2026-12-07 21:50:02"]),
            "username": ["admin"],
            "action": ["login"],
            "detail": [None],
        }
    )
    (card,) = ui.audit_cards(ui.audit_table(audit))
    assert (card.title, card.pill, card.facts) == ("2026-12-07 21:50:02", "登录", ["用户：admin"])


def test_a_card_shows_the_heaviest_reason():
    """A studio's card (预警清单 and 检查查询) shows the rule that weighs most (最近检查不合格 +40
    before 近12个月无成果 +30), not the first in rule order."""
    from dashboard import risk_tables

    reasons = [
        {"rule": "R1", "points": 30, "evidence_date": pd.Timestamp("2022-08-12")},
        {"rule": "R4", "points": 40, "evidence_date": pd.Timestamp("2023-10-30"),
         "evidence_list": ["JC-2023-0076"]},
    ]  # fmt: skip
    rows = pd.DataFrame(
        {
            "studio_id": ["S1"],
            "studio_name": ["袁成斌劳模创新工作室"],
            "tier": ["高"],
            "score": [70],
            "unit": ["庐阳区"],
            "reasons": [reasons],
        }
    )
    (card,) = risk_tables.watchlist_cards(rows)
    assert card.pill == "高风险"  # not a bare 高
    assert card.facts == [
        "风险分 70 · 庐阳区",
        "最近检查不合格（2023-10-30 检查 JC-2023-0076 结论不合格）",
    ]


def test_explore_returns_each_studios_heaviest_reason(sample_con):
    import datetime as dt

    from dashboard import db, report

    found = db.run(
        sample_con, "explore_studios", as_of=dt.date(2023, 12, 15), unit=None,
        units=None, unit_kinds=None, studio_types=None, statuses=None, industries=None,
        tiers=["高", "中"], named_years=None, campaign_years=None, text=None,
        p=report.risk_params(sample_con), limit=1000,
    )  # fmt: skip
    risks = {r["studio_id"]: r for r in report.risk_list(sample_con, dt.date(2023, 12, 15), None)}
    checked = 0
    for studio_id, top in zip(found["studio_id"], found["top_reason"], strict=True):
        heaviest = max(r["points"] for r in risks[studio_id]["reasons"])
        assert top["points"] == heaviest, studio_id
        checked += top["points"] != risks[studio_id]["reasons"][0]["points"]
    assert checked > 0  # the sample has studios whose first rule is not their heaviest


def test_applications_unit_cards_put_the_units_needing_attention_first():
    """申报审核's per-unit cards (applications_tables.unit_cards), hand-made: a unit with an
    applicant not fitting, to verify or late carries 需处理 and comes first; the others keep the
    units' order after them."""
    from dashboard import applications_tables

    counts = pd.DataFrame(
        {
            "unit": ["蜀山区", "高新区", "包河区", "瑶海区"],
            "applied": [3, 2, 1, 4],
            "符合": [3, 1, 1, 3],
            "不符合": [0, 1, 0, 0],
            "待核实": [0, 0, 0, 0],
            "late": [0, 0, 0, 1],
        }
    )
    cards = applications_tables.unit_cards(counts)
    assert [(c.title, c.pill) for c in cards] == [
        ("高新区", "需处理"),
        ("瑶海区", "需处理"),
        ("蜀山区", ""),
        ("包河区", ""),
    ]
    assert cards[0].facts == ["申报 2 · 符合 1 · 不符合 1 · 待核实 0 · 逾期 0"]


def test_plan_cards_say_why_each_studio_is_in():
    """检查计划's cards (checklist.plan_cards), hand-made: the reason under its name (列入原因：抽中,
    not a bare 抽中), the unit with the score, 互查's inspecting unit, 长期未检 on the pill."""
    from dashboard import checklist

    rows = pd.DataFrame(
        {
            "studio_id": ["S1", "S2"],
            "studio_name": ["甲工作室", "乙工作室"],
            "unit": ["蜀山区", "高新区"],
            "reason": ["抽中", "长期未检查"],
            "risk_score": [35.0, 70.0],
            "inspecting_unit": ["包河区", None],
            "overdue": [False, True],
        }
    )
    cards = checklist.plan_cards(rows)
    assert [(c.title, c.pill, c.facts, c.studio_id) for c in cards] == [
        ("甲工作室", "", ["检查单位：包河区", "蜀山区 · 风险分 35", "列入原因：抽中"], "S1"),
        ("乙工作室", "长期未检", ["高新区 · 风险分 70", "列入原因：长期未检查"], "S2"),
    ]


@pytest.mark.parametrize(
    ("named", "in_review", "target", "said"),
    [
        (27, 9, 40, "已命名 27，评审中 9，若全部通过 36/40，仍差 4。"),
        (30, 10, 40, "已命名 30，评审中 10，若全部通过 40/40，可完成目标。"),
        # a unit that has its places already: no "若全部通过 4/3" for a target reached
        (3, 1, 3, "已命名 3，已达到目标 3；另有评审中 1。"),
        (3, 0, 3, "已命名 3，已达到目标 3。"),
    ],
)
def test_the_pipeline_note_says_when_the_target_is_reached(named, in_review, target, said):
    from dashboard import progress_tables

    progress = pd.Series(
        dict(
            named=named, in_review=in_review, target=target,
            shortfall=max(target - named - in_review, 0), apply_days_left=float("nan"),
        )
    )  # fmt: skip
    assert said == progress_tables.pipeline_note(progress, str)
