"""The export format of data-contract.md as data: sheets, columns, types and rules.

The importer, the schema and the sample generator all read these definitions; nothing else
restates a sheet's columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REGISTRY = "工作室台账"
OUTCOMES = "创新成果"

CONDITIONS = (
    "标志明显",
    "场所固定",
    "设施齐全",
    "团队精干",
    "职工参与",
    "制度完善",
    "经费保障",
    "资料完备",
    "成效明显",
)
STATUSES = (
    "申报",
    "受理",
    "现场考核",
    "命名",
    "未通过",
    "撤回",
    "通报",
    "整改完成",
    "表彰",
    "摘牌",
)
UNIT_KINDS = ("县(市)区", "开发区", "产业工会", "直属单位")
STUDIO_TYPES = ("劳模创新工作室", "高技能人才创新工作室")
YES, NO = "是", "否"  # the values of a yes/no column
GRADES = ("达标", "基本达标", "不达标")  # a condition's grade at an inspection
CONCLUSIONS = ("优秀", "良好", "合格", "不合格")  # an inspection's 结论, the last failing
TIERS = ("高", "中", "低")  # risk tiers, as marts/risk_tier.sql names them
ELIGIBILITY = ("符合", "不符合", "待核实")  # the form check, as marts/applications.sql names it
# The roles of a login account (users.role); which of them may export is exports' rule.
ADMIN, LEADER, INSPECTOR, UNIT_USER = "管理员", "领导", "检查员", "单位用户"
ROLES = (ADMIN, LEADER, INSPECTOR, UNIT_USER)
OUTCOME_CATEGORIES = (
    "技术创新",
    "技术攻关",
    "管理创新",
    "服务创新",
    "发明创造",
    "合理化建议",
    "五小成果",
    "先进操作法",
    "QC成果",
)


@dataclass(frozen=True)
class Col:
    name: str  # canonical header, as the contract writes it
    kind: str  # text | key | int | num | date | enum
    required: bool = False
    min: float | None = None  # inclusive lower bound
    min_exclusive: bool = False
    max: float | None = None
    values: tuple[str, ...] = ()  # enum values
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> value
    blank_as: object = None  # value a blank cell stands for
    ref: tuple[str, str] | None = None  # (sheet, column) it must exist in

    @property
    def base(self) -> str:
        """The header without its unit: 经济效益(万元) -> 经济效益."""
        return re.sub(r"\(.*\)$", "", self.name)

    @property
    def sql_type(self) -> str:
        return {"int": "BIGINT", "num": "DOUBLE", "date": "DATE"}.get(self.kind, "VARCHAR")


@dataclass(frozen=True)
class Sheet:
    name: str
    table: str  # English name of the loaded table (raw_<table>, stg_<table>)
    export: str
    columns: tuple[Col, ...]
    required: bool = True
    unique: tuple[tuple[str, ...], ...] = ()

    def col(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class DateOrder:
    """A problem: on a row of `sheet`, `later` falls on or before `earlier`."""

    sheet: str
    later: str
    earlier: str
    code: str  # the reason's key in labels.REASON


@dataclass(frozen=True)
class FirstEvent:
    """A warning (the rows still load): a row of `sheet` dated (`date`) before the first row of
    the same `key` whose `column` is `value`."""

    sheet: str
    key: str
    date: str
    column: str
    value: str
    code: str  # the warning's key in labels.WARN


def _enum(name, values, required=True, aliases=None, blank_as=None):
    return Col(
        name,
        "enum",
        required=required,
        values=tuple(values),
        aliases=aliases or {},
        blank_as=blank_as,
    )


_nonneg_int = dict(kind="int", min=0)
_studio_ref = Col("工作室编号", "key", required=True, ref=("工作室名录", "工作室编号"))

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "推荐单位",
        "units",
        REGISTRY,
        (Col("单位名称", "text", required=True), _enum("单位类别", UNIT_KINDS), Col("排序", "int")),
        unique=(("单位名称",),),
    ),
    Sheet(
        "创建目标",
        "campaigns",
        REGISTRY,
        (
            Col("年度", "int", required=True),
            Col("目标数", "int", required=True, min=0, min_exclusive=True),
            Col("开始日期", "date", required=True),
            Col("申报截止日期", "date"),
            Col("完成期限", "date", required=True),
        ),
        unique=(("年度",),),
    ),
    Sheet(
        "名额分配",
        "quotas",
        REGISTRY,
        (
            Col("年度", "int", required=True, ref=("创建目标", "年度")),
            Col("推荐单位", "text", required=True, ref=("推荐单位", "单位名称")),
            Col("名额", "int", required=True, min=0),
        ),
        unique=(("年度", "推荐单位"),),
    ),
    Sheet(
        "工作室名录",
        "studios",
        REGISTRY,
        (
            Col("工作室编号", "key", required=True),
            Col("工作室名称", "text", required=True),
            _enum(
                "类型",
                STUDIO_TYPES,
                aliases={"劳模": "劳模创新工作室", "高技能人才": "高技能人才创新工作室"},
            ),
            Col("领衔人", "text", required=True),
            _enum(
                "领衔人荣誉",
                (
                    "全国劳模",
                    "全国五一劳动奖章",
                    "省部级劳模",
                    "省五一劳动奖章",
                    "市级劳模",
                    "市五一劳动奖章",
                    "工匠",
                    "无",
                ),
                required=False,
            ),
            _enum(
                "技能等级",
                ("首席技师", "特级技师", "高级技师", "技师", "高级工", "中级工", "初级工", "无"),
                required=False,
            ),
            Col("依托单位", "text", required=True),
            Col("推荐单位", "text", required=True, ref=("推荐单位", "单位名称")),
            Col("所属行业", "text"),
            Col("申报年度", "int", required=True),
            Col("成员人数", "int", min=1),
            Col("场所面积(㎡)", "num", min=0),
            Col("年度经费(万元)", "num", min=0),
            Col("联系电话", "text"),
        ),
        unique=(("工作室编号",),),
    ),
    Sheet(
        "状态记录",
        "status_events",
        REGISTRY,
        (
            _studio_ref,
            Col("日期", "date", required=True),
            _enum("状态", STATUSES),
            Col("文号", "text"),
            Col("备注", "text"),
        ),
    ),
    Sheet(
        "检查记录",
        "inspections",
        REGISTRY,
        (
            Col("检查编号", "key", required=True),
            _studio_ref,
            Col("检查日期", "date", required=True),
            _enum("检查方式", ("定期检查", "不定期抽查", "互查", "年度复核")),
            *(_enum(c, GRADES) for c in CONDITIONS),
            Col("总分", "num", min=0, max=100),
            _enum("结论", CONCLUSIONS),
            Col("问题及整改要求", "text"),
            Col("整改期限", "date"),
            Col("检查人", "text"),
        ),
        required=False,
        unique=(("检查编号",),),
    ),
    Sheet(
        "年度评估",
        "assessments",
        REGISTRY,
        (
            _studio_ref,
            Col("年度", "int", required=True),
            Col("提交日期", "date", required=True),
            _enum("评估等次", ("优秀", "合格", "不合格")),
        ),
        required=False,
        unique=(("工作室编号", "年度"),),
    ),
    Sheet(
        "创新成果",
        "outcomes",
        OUTCOMES,
        (
            Col("成果编号", "key", required=True),
            _studio_ref,
            Col("成果名称", "text", required=True),
            _enum("成果类别", OUTCOME_CATEGORIES),
            Col("完成日期", "date", required=True),
            Col("经济效益(万元)", "num", min=0),
            Col("发明专利(件)", blank_as=0, **_nonneg_int),
            Col("实用新型(件)", blank_as=0, **_nonneg_int),
            Col("外观设计(件)", blank_as=0, **_nonneg_int),
            _enum(
                "推广应用",
                (YES, NO),
                required=False,
                blank_as="否",
                aliases={
                    "Y": "是",
                    "√": "是",
                    "已推广": "是",
                    "N": "否",
                    "×": "否",
                    "未推广": "否",
                },
            ),
            _enum("获奖等级", ("国家级", "省部级", "市级", "企业级", "无"), required=False),
            Col("社会效益", "text"),
        ),
        unique=(("成果编号",),),
    ),
    Sheet(
        "活动记录",
        "activities",
        OUTCOMES,
        (
            _studio_ref,
            Col("活动日期", "date", required=True),
            _enum(
                "活动类型",
                ("技能培训", "名师带徒", "技术交流", "劳动竞赛", "技术比武", "成果推广", "其他"),
            ),
            Col("参与人次", **_nonneg_int),
        ),
        required=False,
    ),
)

SHEETS_BY_NAME = {s.name: s for s in SHEETS}
SHEET_NAMES = {s.table: s.name for s in SHEETS}  # table -> sheet name
EXPORTS = {
    REGISTRY: [s for s in SHEETS if s.export == REGISTRY],
    OUTCOMES: [s for s in SHEETS if s.export == OUTCOMES],
}

# Rules across the columns of a row, and across the rows of one studio.
DATE_ORDERS = (DateOrder("创建目标", later="完成期限", earlier="开始日期", code="deadline_order"),)
FIRST_EVENTS = (
    FirstEvent(
        "状态记录", key="工作室编号", date="日期", column="状态", value="申报", code="event_order"
    ),
)

# The example row of each sheet in the import templates (template.py writes it in grey under the
# header): column -> value, dates as ISO text. An enum column not named here shows its first
# value. The importer drops a row equal to its sheet's example in every column (load.py), so a
# template sent back with the example left in imports as if the row were not there.
EXAMPLES: dict[str, dict[str, object]] = {
    "推荐单位": {"单位名称": "示例区", "排序": 1},
    "创建目标": {
        "年度": 2024,
        "目标数": 40,
        "开始日期": "2024-01-01",
        "申报截止日期": "2024-10-30",
        "完成期限": "2024-12-31",
    },
    "名额分配": {"年度": 2024, "推荐单位": "示例区", "名额": 3},
    "工作室名录": {
        "工作室编号": "示例-2024-001",
        "工作室名称": "示例劳模创新工作室",
        "领衔人": "张示例",
        "领衔人荣誉": "市级劳模",
        "技能等级": "高级技师",
        "依托单位": "示例机械有限公司",
        "推荐单位": "示例区",
        "所属行业": "制造业",
        "申报年度": 2024,
        "成员人数": 8,
        "场所面积(㎡)": 120,
        "年度经费(万元)": 10.5,
        "联系电话": "13800000000",
    },
    "状态记录": {
        "工作室编号": "示例-2024-001",
        "日期": "2024-05-10",
        "文号": "示例〔2024〕1号",
        "备注": "示例备注",
    },
    "检查记录": {
        "检查编号": "示例-JC-001",
        "工作室编号": "示例-2024-001",
        "检查日期": "2024-06-01",
        "总分": 92,
        "问题及整改要求": "示例：资料归档不及时",
        "整改期限": "2024-09-01",
        "检查人": "李示例",
    },
    "年度评估": {"工作室编号": "示例-2024-001", "年度": 2023, "提交日期": "2024-03-01"},
    "创新成果": {
        "成果编号": "示例-CG-001",
        "工作室编号": "示例-2024-001",
        "成果名称": "示例：数控刀具改进",
        "完成日期": "2024-04-01",
        "经济效益(万元)": 12.5,
        "发明专利(件)": 1,
        "实用新型(件)": 2,
        "外观设计(件)": 0,
        "获奖等级": "市级",
        "社会效益": "示例：提高加工效率",
    },
    "活动记录": {"工作室编号": "示例-2024-001", "活动日期": "2024-03-01", "参与人次": 30},
}

# Headers people write for a contract column (data-contract.md, "Headers people write"), read as
# that column with a warning: {sheet (None: every sheet holding the column): {header: column}}.
# Matched after folding full-width characters and spaces, like the exact names; the exact name
# wins (a synonym of a column whose own name is in the file is an unknown column). 经济效益 with
# no unit is the exact name already (the contract accepts a unit absent). 编号 is 工作室编号 only
# on the sheets with no other 编号 column (tests/test_headers.py holds that rule).
HEADER_SYNONYMS: dict[str | None, dict[str, str]] = {
    None: {
        "所属单位": "推荐单位",
        "推荐单位(盖章)": "推荐单位",
        "申报单位": "推荐单位",
        "负责人": "领衔人",
        "带头人": "领衔人",
        "领办人": "领衔人",
        "成果名": "成果名称",
        "效益(万元)": "经济效益(万元)",
    },
    "工作室名录": {"名称": "工作室名称", "编号": "工作室编号"},
    "状态记录": {"编号": "工作室编号"},
    "年度评估": {"编号": "工作室编号"},
    "活动记录": {"编号": "工作室编号"},
}
# Headers that could be more than one column of a sheet: read as neither, and a problem naming
# both when either is missing.
AMBIGUOUS_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "检查记录": {"编号": ("检查编号", "工作室编号")},
    "创新成果": {"编号": ("成果编号", "工作室编号")},
}


def header_synonyms(sheet: str) -> dict[str, str]:
    """The synonyms that apply on a sheet: header -> column (of that sheet)."""
    names = {c.name for c in SHEETS_BY_NAME[sheet].columns}
    common = {h: c for h, c in HEADER_SYNONYMS[None].items() if c in names}
    return {**common, **HEADER_SYNONYMS.get(sheet, {})}
