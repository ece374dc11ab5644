"""Deterministic sample exports in the exact format of the data contract.

`write_sample(out_dir, scale, seed)` writes what a city federation of trade unions would export
from its studio registry (工作室台账) and its outcome ledger (创新成果): at city scale (Hefei) two
xlsx workbooks with a title row above the header, at province and national scale one UTF-8 (BOM)
CSV per sheet. Everything is fictional but shaped so that every view has something true to show:
a 2023 campaign behind its target (52 applied, 27 named, 9 in review, 16 rejected as of
2023-12-15 at city scale), units that lag their quota, strong studios and weak ones (no recent
outcomes, few activities, failed inspections, missing or failed yearly assessments, notices,
rectifications and delistings).

The big tables (outcomes, activities) are generated per block of studios, each block with its own
random stream derived from the seed, so output is byte-identical for a given seed and scale and
memory stays bounded at national scale.

The sheets, columns and enum values come from the contract (contract.py). `ensure_sample(con)`
loads the bundled sample (data/sample) into a database that holds nothing yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import settings
from .contract import (
    CONDITIONS,
    EXPORTS,
    OUTCOME_CATEGORIES,
    OUTCOMES,
    REGISTRY,
    SHEETS,
    SHEETS_BY_NAME,
    STATUSES,
    STUDIO_TYPES,
    UNIT_KINDS,
)

if TYPE_CHECKING:
    import duckdb

    from .importer import ImportResult

SCALES = ("city", "province", "national")

EPOCH = dt.date(1970, 1, 1)
AS_OF = dt.date(2023, 12, 15)


def _day(y: int, m: int, d: int) -> int:
    return (dt.date(y, m, d) - EPOCH).days


AS_OF_DAY = _day(2023, 12, 15)
FIRST_DAY = _day(2019, 1, 1)
NEVER = 10**6  # a day number far after any date in the data

# City-scale plan per campaign: target, applied, named, still in review as of AS_OF.
# Hefei named 65 in 2020-2021 and planned 35 for 2022; 2023 aims at the remaining 40.
PLAN = {
    2019: (30, 55, 28, 0),
    2020: (30, 58, 31, 0),
    2021: (35, 62, 34, 0),
    2022: (35, 63, 33, 0),
    2023: (40, 52, 27, 9),
}
# start, application deadline, completion deadline, naming decision
CAMPAIGN_DATES = {
    2019: ((3, 1), (10, 31), (12, 31), (12, 20)),
    2020: ((4, 1), (10, 30), (12, 31), (12, 18)),
    2021: ((1, 1), (10, 30), (12, 31), (12, 21)),
    2022: ((1, 1), (10, 30), (12, 31), (12, 20)),
    2023: ((1, 1), (10, 30), (12, 31), (12, 12)),
}

# The contract's sheets and enums, as the generator draws them.
_S, _I, _F, _D = pa.string(), pa.int64(), pa.float64(), pa.date32()
_ARROW = {"int": _I, "num": _F, "date": _D}  # text, key and enum: strings
SCHEMAS = {s.name: pa.schema([(c.name, _ARROW.get(c.kind, _S)) for c in s.columns]) for s in SHEETS}
REGISTRY_SHEETS = tuple(s.name for s in EXPORTS[REGISTRY])
OUTCOME_SHEETS = tuple(s.name for s in EXPORTS[OUTCOMES])


def _values(sheet: str, column: str) -> tuple[str, ...]:
    return SHEETS_BY_NAME[sheet].col(column).values


HONOURS = _values("工作室名录", "领衔人荣誉")
SKILLS = _values("工作室名录", "技能等级")
CONDITION_GRADES = _values("检查记录", CONDITIONS[0])
CHECK_MODES = _values("检查记录", "检查方式")
VERDICTS = _values("检查记录", "结论")
ASSESSMENT_GRADES = _values("年度评估", "评估等次")
CATEGORIES = OUTCOME_CATEGORIES
AWARDS = _values("创新成果", "获奖等级")
ACTIVITY_TYPES = _values("活动记录", "活动类型")

# industry: (what its outcomes are about, how its host enterprises' names end)
INDUSTRIES = {
    "制造业": (
        (
            "数控车床主轴",
            "焊接工装夹具",
            "冲压模具",
            "装配生产线",
            "液压系统",
            "齿轮箱",
            "激光切割工艺",
            "涂装工艺",
            "注塑成型工艺",
        ),
        (
            "机械有限公司",
            "装备制造有限公司",
            "汽车零部件有限公司",
            "精密制造有限公司",
            "电器股份有限公司",
        ),
    ),
    "建筑业": (
        (
            "高支模体系",
            "钢筋加工",
            "混凝土养护",
            "装配式构件吊装",
            "盾构管片拼装",
            "幕墙安装",
            "深基坑支护",
            "塔吊安全监测",
        ),
        ("建工集团有限公司", "建设工程有限公司", "路桥工程有限公司", "建筑安装有限公司"),
    ),
    "电力": (
        (
            "配网故障定位",
            "变压器冷却系统",
            "带电作业工具",
            "输电线路巡检",
            "继电保护校验",
            "电能计量装置",
            "开关柜检修",
            "光伏并网",
        ),
        ("电力工程有限公司", "发电有限责任公司", "新能源有限公司", "输变电工程有限公司"),
    ),
    "交通运输": (
        (
            "地铁信号系统",
            "公交车辆空调",
            "车辆制动系统",
            "道岔检修",
            "站务客流组织",
            "轨道几何检测",
            "车载电池",
            "物流分拣",
        ),
        ("物流有限公司", "客运有限公司", "交通建设有限公司", "汽车运输有限公司"),
    ),
    "信息技术": (
        (
            "数据采集系统",
            "设备远程运维平台",
            "生产排程软件",
            "网络安全监测",
            "工业物联网网关",
            "智能巡检机器人",
        ),
        ("信息技术有限公司", "软件股份有限公司", "智能科技有限公司"),
    ),
    "教育": (
        ("实训教学平台", "技能考核标准", "课程实训装置", "数控实训设备", "虚拟仿真教学"),
        ("职业技术学院", "技师学院", "技工学校"),
    ),
    "医疗卫生": (
        (
            "手术器械清洗流程",
            "护理操作规范",
            "急诊分诊流程",
            "医用设备维护",
            "病区感染防控",
            "检验标本流转",
        ),
        ("医院", "康复医院", "医疗器械有限公司"),
    ),
    "化工": (
        ("反应釜温控", "精馏塔节能", "管道防腐", "催化剂回收", "污水处理工艺", "危化品储运"),
        ("化工有限公司", "新材料股份有限公司", "精细化工有限公司"),
    ),
    "商贸服务": (
        ("仓储物流管理", "门店服务流程", "客户投诉处理", "冷链配送", "收银结算流程"),
        ("商贸有限公司", "酒店管理有限公司", "百货有限公司"),
    ),
    "纺织": (
        ("织机断纱检测", "印染废水处理", "纺纱工艺", "面料质检"),
        ("纺织有限公司", "服饰有限公司", "印染有限公司"),
    ),
    "冶金": (
        ("高炉炉况控制", "连铸结晶器", "轧辊磨削", "铜冶炼余热回收"),
        ("钢铁有限公司", "铜业有限公司", "特种合金有限公司"),
    ),
    "通信": (
        ("基站节能", "光缆故障定位", "通信机房动力监控", "宽带装维流程"),
        ("通信技术有限公司", "通信工程有限公司"),
    ),
    "水务燃气": (
        ("供水管网漏损检测", "燃气管道巡检", "水表计量", "泵站运行调度"),
        ("水务有限公司", "燃气有限公司"),
    ),
}
INDUSTRY_NAMES = tuple(INDUSTRIES)
# Mix of industries in a district or county, and in a development zone.
_DISTRICT_MIX = dict(zip(INDUSTRY_NAMES, (30, 12, 5, 8, 8, 6, 7, 6, 8, 3, 2, 2, 3)))
_ZONE_MIX = dict(zip(INDUSTRY_NAMES, (45, 5, 5, 3, 22, 1, 2, 10, 2, 1, 2, 2, 0)))
# An industry union or a directly affiliated unit works in the industries its name says.
_NAME_INDUSTRY = (
    ("建设", ("建筑业",)),
    ("建工", ("建筑业",)),
    ("教育", ("教育",)),
    ("机械冶金", ("制造业", "冶金")),
    ("交通", ("交通运输",)),
    ("轨道", ("交通运输",)),
    ("公交", ("交通运输",)),
    ("能源化工", ("化工", "电力")),
    ("能源集团", ("电力",)),
    ("财贸轻纺", ("商贸服务", "纺织")),
    ("卫生", ("医疗卫生",)),
    ("邮电", ("通信", "信息技术")),
    ("供电", ("电力",)),
    ("水务", ("水务燃气",)),
)

DEMO_UNIT = "蜀山区"  # the unit of the demo unit user (auth.DEMO_USERS)
# (name, kind, relative size)
HEFEI_UNITS = (
    ("瑶海区", "县(市)区", 1.0),
    ("庐阳区", "县(市)区", 0.9),
    ("蜀山区", "县(市)区", 1.3),
    ("包河区", "县(市)区", 1.3),
    ("长丰县", "县(市)区", 0.7),
    ("肥东县", "县(市)区", 0.8),
    ("肥西县", "县(市)区", 0.9),
    ("庐江县", "县(市)区", 0.6),
    ("巢湖市", "县(市)区", 0.7),
    ("高新区", "开发区", 1.4),
    ("经开区", "开发区", 1.3),
    ("新站高新区", "开发区", 1.0),
    ("市建设工会", "产业工会", 0.9),
    ("市教育工会", "产业工会", 0.6),
    ("市机械冶金工会", "产业工会", 1.0),
    ("市交通运输工会", "产业工会", 0.7),
    ("市能源化工工会", "产业工会", 0.8),
    ("市财贸轻纺工会", "产业工会", 0.5),
    ("国网合肥供电公司工会", "直属单位", 0.6),
    ("合肥市轨道交通集团工会", "直属单位", 0.5),
    ("合肥市公交集团工会", "直属单位", 0.3),
)
ANHUI_CITIES = (
    "合肥",
    "芜湖",
    "蚌埠",
    "淮南",
    "马鞍山",
    "淮北",
    "铜陵",
    "安庆",
    "黄山",
    "滁州",
    "阜阳",
    "宿州",
    "六安",
    "亳州",
    "池州",
    "宣城",
)
CHINA_CITIES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "石家庄",
    "唐山",
    "保定",
    "邯郸",
    "秦皇岛",
    "廊坊",
    "沧州",
    "太原",
    "大同",
    "长治",
    "晋城",
    "呼和浩特",
    "包头",
    "鄂尔多斯",
    "沈阳",
    "大连",
    "鞍山",
    "锦州",
    "抚顺",
    "本溪",
    "长春",
    "吉林",
    "四平",
    "哈尔滨",
    "大庆",
    "齐齐哈尔",
    "牡丹江",
    "南京",
    "苏州",
    "无锡",
    "常州",
    "徐州",
    "南通",
    "扬州",
    "镇江",
    "盐城",
    "淮安",
    "连云港",
    "杭州",
    "宁波",
    "温州",
    "嘉兴",
    "绍兴",
    "金华",
    "台州",
    "湖州",
    "衢州",
    "舟山",
    "丽水",
    "合肥",
    "芜湖",
    "蚌埠",
    "淮南",
    "马鞍山",
    "安庆",
    "滁州",
    "六安",
    "阜阳",
    "宿州",
    "福州",
    "厦门",
    "泉州",
    "漳州",
    "莆田",
    "南昌",
    "赣州",
    "九江",
    "上饶",
    "宜春",
    "济南",
    "青岛",
    "烟台",
    "潍坊",
    "淄博",
    "临沂",
    "威海",
    "日照",
    "济宁",
    "泰安",
    "郑州",
    "洛阳",
    "新乡",
    "南阳",
    "开封",
    "平顶山",
    "安阳",
    "焦作",
    "武汉",
    "宜昌",
    "襄阳",
    "黄石",
    "十堰",
    "荆州",
    "长沙",
    "株洲",
    "湘潭",
    "衡阳",
    "岳阳",
    "常德",
    "郴州",
    "广州",
    "深圳",
    "佛山",
    "东莞",
    "珠海",
    "惠州",
    "汕头",
    "江门",
    "湛江",
    "中山",
    "南宁",
    "柳州",
    "桂林",
    "北海",
    "海口",
    "三亚",
    "成都",
    "绵阳",
    "德阳",
    "宜宾",
    "泸州",
    "南充",
    "贵阳",
    "遵义",
    "六盘水",
    "昆明",
    "曲靖",
    "玉溪",
    "拉萨",
    "西安",
    "宝鸡",
    "咸阳",
    "延安",
    "兰州",
    "天水",
    "酒泉",
    "西宁",
    "银川",
    "石嘴山",
    "乌鲁木齐",
    "克拉玛依",
    "哈密",
)
DISTRICT_NAMES = (
    "城东区",
    "城西区",
    "城南区",
    "城北区",
    "新城区",
    "老城区",
    "中心区",
    "江北区",
    "江南区",
    "河东区",
    "河西区",
    "湖滨区",
    "滨江区",
    "山南区",
    "港口区",
    "开元区",
    "永安县",
    "长宁县",
    "丰乐县",
    "清河县",
    "宁远县",
    "兴华县",
    "临江县",
    "安平县",
    "东山县",
    "南湖县",
)
INDUSTRY_UNIONS = (
    "建设工会",
    "教育工会",
    "机械冶金工会",
    "交通运输工会",
    "能源化工工会",
    "财贸轻纺工会",
    "卫生健康工会",
    "邮电工会",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国文辉玉红鹏飞斌宇浩凯健俊峰志海亮林波云东春晓兵新成龙琳婷雪梅兰萍慧丹鑫阳晨旭彬瑞琪宏庆德永安"
BRANDS = (
    "华信",
    "恒通",
    "众合",
    "瑞丰",
    "科达",
    "新源",
    "鑫达",
    "宏远",
    "金桥",
    "德润",
    "天成",
    "联创",
    "安泰",
    "博远",
    "中宇",
    "永盛",
    "嘉禾",
    "同创",
    "鼎盛",
    "腾达",
    "伟业",
    "华鑫",
    "晨光",
    "荣昌",
    "聚力",
    "东方",
    "顺达",
    "和兴",
    "凯瑞",
    "明德",
    "卓越",
    "远航",
    "佳诚",
    "弘毅",
    "泰和",
    "信达",
    "诚通",
    "立信",
    "昌盛",
    "华创",
    "金鼎",
    "恒信",
    "汇通",
    "金盛",
    "利民",
    "锦华",
    "宏达",
    "亿丰",
    "振华",
    "天马",
    "奥德",
    "蓝天",
    "万通",
    "康达",
    "长风",
    "东升",
)
DIRECT_BRANCHES = ("", "", "技术中心", "检修分公司", "运营分公司")
PHONE_PREFIXES = (
    "138",
    "139",
    "137",
    "136",
    "135",
    "150",
    "151",
    "152",
    "158",
    "159",
    "186",
    "187",
    "188",
    "133",
    "153",
    "180",
    "189",
    "177",
    "199",
    "181",
)
INSPECTORS = (
    "王建平",
    "李晓东",
    "陈立新",
    "张海燕",
    "刘明辉",
    "赵文静",
    "周国庆",
    "吴晓峰",
    "孙丽华",
    "徐志刚",
    "马红梅",
    "胡建军",
)
CONDITION_ISSUES = (
    "工作室标牌及目标职责未公示上墙",
    "活动场所被挪作他用",
    "设备设施陈旧不足",
    "团队成员不足且梯次结构不合理",
    "职工参与度低且带徒培训开展少",
    "制度不健全且依托单位未开展年度书面评估",
    "依托单位经费未落实",
    "工作计划及活动台账缺失",
    "近一年无创新成果且成果转化应用不足",
)
NAME_PARTS = (  # (category, before the object, after the object)
    ("技术创新", "", "技术改进"),
    ("技术创新", "", "智能化升级"),
    ("技术创新", "", "工艺优化"),
    ("技术创新", "", "自动化改造"),
    ("技术攻关", "", "关键技术攻关"),
    ("技术攻关", "", "故障攻关"),
    ("技术攻关", "", "精度提升攻关"),
    ("管理创新", "", "标准化管理"),
    ("管理创新", "", "精益管理实践"),
    ("管理创新", "", "流程再造"),
    ("服务创新", "", "服务流程优化"),
    ("服务创新", "", "服务质量提升"),
    ("发明创造", "一种", "专用工装"),
    ("发明创造", "一种", "检测装置"),
    ("发明创造", "一种", "快速拆装工具"),
    ("发明创造", "一种", "防护装置"),
    ("合理化建议", "关于", "的改进建议"),
    ("合理化建议", "关于", "节能降耗的建议"),
    ("合理化建议", "关于", "安全管理的建议"),
    ("五小成果", "", "小改造"),
    ("五小成果", "", "小革新"),
    ("五小成果", "", "小发明"),
    ("先进操作法", "", "快速操作法"),
    ("先进操作法", "", "标准化作业法"),
    ("QC成果", "提高", "合格率"),
    ("QC成果", "降低", "故障率"),
    ("QC成果", "缩短", "作业时间"),
)
SOCIAL_BENEFITS = (
    "提高作业安全性",
    "减轻职工劳动强度",
    "缩短检修时间",
    "提升服务满意度",
    "降低能耗和排放",
    "培养技术骨干",
    "提升产品质量稳定性",
    "改善作业环境",
    "形成标准化作业指导书",
)

CATEGORY_P = (0.15, 0.12, 0.07, 0.05, 0.08, 0.15, 0.20, 0.08, 0.10)
ACTIVITY_P = (0.28, 0.18, 0.18, 0.08, 0.08, 0.10, 0.10)
ACTIVITY_HEADCOUNT = ((10, 80), (2, 12), (5, 40), (20, 200), (10, 100), (10, 60), (5, 30))
STRONG, NORMAL, WEAK = 0, 1, 2
NAMED, IN_REVIEW, FAILED, WITHDRAWN = 0, 1, 2, 3


@dataclass(frozen=True)
class _Scale:
    factor: float  # multiplies the city plan
    id_prefix: str
    doc_prefix: str
    level: str
    id_width: int
    inspection_width: int
    outcome_width: int
    outcome_mult: float
    activity_mult: float
    activity_since: int  # activities before this day are left out, to bound the national table


_SCALE_CONFIG = {
    "city": _Scale(1.0, "HF", "合工", "市级", 3, 4, 4, 1.0, 1.0, FIRST_DAY),
    "province": _Scale(34.5, "AH", "皖工", "省级", 4, 5, 6, 1.45, 0.8, FIRST_DAY),
    "national": _Scale(690.0, "CN", "总工", "全国示范性", 5, 6, 7, 1.23, 0.52, _day(2022, 1, 1)),
}

CHUNK_STUDIOS = 20_000


def write_sample(out_dir: Path, scale: str = "city", seed: int = 42) -> list[Path]:
    """returns the paths written"""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {SCALES}")
    cfg = _SCALE_CONFIG[scale]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 0])
    units = _units(scale, rng)
    registry, studios = _registry(cfg, units, rng)
    outcome_tables = {
        "创新成果": lambda: _outcome_chunks(cfg, studios, seed),
        "活动记录": lambda: _activity_chunks(studios, seed),
    }
    if scale == "city":
        title = "2023年度合肥市劳模（职工）创新工作室"
        paths = [out_dir / "工作室台账.xlsx", out_dir / "创新成果.xlsx"]
        _write_xlsx(paths[0], title + "台账", [(s, [registry[s]]) for s in REGISTRY_SHEETS])
        _write_xlsx(
            paths[1], title + "创新成果台账", [(s, outcome_tables[s]()) for s in OUTCOME_SHEETS]
        )
        return paths
    paths = []
    for sheet in REGISTRY_SHEETS:
        paths.append(_write_csv(out_dir / "工作室台账" / f"{sheet}.csv", [registry[sheet]]))
    for sheet in OUTCOME_SHEETS:
        paths.append(_write_csv(out_dir / "创新成果" / f"{sheet}.csv", outcome_tables[sheet]()))
    return paths


# ---------------------------------------------------------------------------------------------
# units


@dataclass
class _Units:
    name: list[str]
    kind: list[str]
    city: list[str]  # what host enterprises of the unit's studios are named after
    size: np.ndarray
    strength: np.ndarray  # how well its applicants fare
    industry_p: np.ndarray  # (units, industries) row-stochastic


def _units(scale: str, rng: np.random.Generator) -> _Units:
    rows: list[tuple[str, str, str, float]] = []
    if scale == "city":
        rows = [(name, kind, "合肥", size) for name, kind, size in HEFEI_UNITS]
    else:
        cities = ANHUI_CITIES if scale == "province" else tuple(dict.fromkeys(CHINA_CITIES))
        n_district, n_union, directs = (
            (7, 3, ("供电公司工会",))
            if scale == "province"
            else (12, 5, ("供电公司工会", "市公交集团工会"))
        )
        by_kind: dict[str, list[tuple[str, str, str, float]]] = {k: [] for k in UNIT_KINDS}
        for city in cities:
            for d in rng.choice(DISTRICT_NAMES, n_district, replace=False):
                by_kind["县(市)区"].append((f"{city}市{d}", "县(市)区", city, 1.0))
            for z in ("高新区", "经开区"):
                by_kind["开发区"].append((f"{city}{z}", "开发区", city, 1.0))
            for u in rng.choice(INDUSTRY_UNIONS, n_union, replace=False):
                by_kind["产业工会"].append((f"{city}市{u}", "产业工会", city, 1.0))
            for s in directs:
                by_kind["直属单位"].append((f"{city}{s}", "直属单位", city, 0.6))
        if scale == "province":
            by_kind["产业工会"] += [(f"省{u}", "产业工会", "安徽", 1.5) for u in INDUSTRY_UNIONS]
            by_kind["直属单位"] += [
                (f"省{s}工会", "直属单位", "安徽", 1.2)
                for s in ("交通投资集团", "能源集团", "建工集团")
            ]
        rows = [r for k in UNIT_KINDS for r in by_kind[k]]
        sizes = rng.lognormal(0.0, 0.5, len(rows))
        rows = [(n, k, c, s * z) for (n, k, c, s), z in zip(rows, sizes)]
    industry_p = np.zeros((len(rows), len(INDUSTRY_NAMES)))
    for i, (name, kind, _, _) in enumerate(rows):
        mix = _ZONE_MIX if kind == "开发区" else _DISTRICT_MIX
        for key, industries in _NAME_INDUSTRY:
            if kind in ("产业工会", "直属单位") and key in name:
                mix = {ind: 1.0 for ind in industries}
                break
        for ind, w in mix.items():
            industry_p[i, INDUSTRY_NAMES.index(ind)] = w
    industry_p /= industry_p.sum(axis=1, keepdims=True)
    return _Units(
        name=[r[0] for r in rows],
        kind=[r[1] for r in rows],
        city=[r[2] for r in rows],
        size=np.array([r[3] for r in rows]),
        strength=rng.uniform(0.4, 1.8, len(rows)),
        industry_p=industry_p,
    )


# ---------------------------------------------------------------------------------------------
# registry


@dataclass
class _Studios:
    """What the outcome and activity generators need to know about each studio."""

    ids: pa.Array
    health: np.ndarray
    industry: np.ndarray
    outcome_seg: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # studio, start, end, count
    activity_seg: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _pick(rng: np.random.Generator, p: Iterable[float], size: int) -> np.ndarray:
    p = np.asarray(tuple(p), dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _take(pool: Iterable[str], idx: np.ndarray) -> pa.Array:
    return pa.array(list(pool), pa.string()).take(pa.array(idx))


def _join(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _dates(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    days = np.asarray(days)
    if mask is not None:
        days = np.where(mask, 0, days)
    return pa.array(days.astype(np.int32), _D, mask=mask)


def _years_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _uniform_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A day in [lo, hi] for each row (hi >= lo)."""
    return lo + np.floor(rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)


def _registry(
    cfg: _Scale, units: _Units, rng: np.random.Generator
) -> tuple[dict[str, pa.Table], _Studios]:
    n_units = len(units.name)
    unit_names = pa.array(units.name, _S)
    tables: dict[str, pa.Table] = {}
    tables["推荐单位"] = pa.table(
        [unit_names, pa.array(units.kind, _S), pa.array(np.arange(1, n_units + 1), _I)],
        schema=SCHEMAS["推荐单位"],
    )

    years = sorted(PLAN)
    dates = {y: [_day(y, *md) for md in CAMPAIGN_DATES[y]] for y in years}
    tables["创建目标"] = pa.table(
        [
            pa.array(years, _I),
            pa.array([max(1, round(PLAN[y][0] * cfg.factor)) for y in years], _I),
            _dates(np.array([dates[y][0] for y in years])),
            _dates(np.array([dates[y][1] for y in years])),
            _dates(np.array([dates[y][2] for y in years])),
        ],
        schema=SCHEMAS["创建目标"],
    )

    # Quotas, and the applicants of each campaign drawn mostly where the quotas are.
    q_year, q_unit, q_n = [], [], []
    s_year, s_unit, s_apply, s_fate = [], [], [], []
    for y in years:
        target, applied, named, review = (round(v * cfg.factor) for v in PLAN[y])
        target = max(target, 1)
        listed = rng.random(n_units) < 0.9
        w = units.size * listed
        quota = rng.multinomial(target, w / w.sum())
        idx = np.flatnonzero(listed)
        q_year.append(np.full(len(idx), y))
        q_unit.append(idx)
        q_n.append(quota[idx])
        p = 0.7 * quota / quota.sum() + 0.3 * units.size / units.size.sum()
        unit = rng.choice(n_units, applied, p=p / p.sum())
        start, deadline, _, _ = dates[y]
        # applications bunch up before the deadline
        apply = deadline - np.floor(rng.beta(1.2, 3.0, applied) * (deadline - start)).astype(
            np.int64
        )
        order = np.argsort(rng.exponential(size=applied) / units.strength[unit], kind="stable")
        fate = np.empty(applied, dtype=np.int64)
        fate[order[:named]] = NAMED
        fate[order[named : named + review]] = IN_REVIEW
        rest = order[named + review :]
        fate[rest] = np.where(rng.random(len(rest)) < 0.2, WITHDRAWN, FAILED)
        by_date = np.argsort(apply, kind="stable")
        s_year.append(np.full(applied, y))
        s_unit.append(unit[by_date])
        s_apply.append(apply[by_date])
        s_fate.append(fate[by_date])
    tables["名额分配"] = pa.table(
        [
            pa.array(np.concatenate(q_year), _I),
            unit_names.take(pa.array(np.concatenate(q_unit))),
            pa.array(np.concatenate(q_n), _I),
        ],
        schema=SCHEMAS["名额分配"],
    )

    year = np.concatenate(s_year)
    unit = np.concatenate(s_unit)
    apply = np.concatenate(s_apply)
    fate = np.concatenate(s_fate)
    n = len(year)
    seq = np.concatenate([np.arange(1, len(a) + 1) for a in s_year])
    ids = _join(
        f"{cfg.id_prefix}-",
        pc.cast(pa.array(year), _S),
        "-",
        pc.utf8_lpad(pc.cast(pa.array(seq), _S), cfg.id_width, "0"),
    )
    decision = np.array([dates[y][3] for y in years])[year - years[0]]
    # The campaign cycle's cases (a generator of their own, so every other figure stays as it
    # was): a few applications after the 申报截止日期, among those not named; and leaders whose
    # honour or skill level does not fit their studio's form, or was left blank.
    cycle = rng.spawn(1)[0]
    apply_deadline = np.array([dates[y][1] for y in years])[year - years[0]]
    late = (fate != NAMED) & (cycle.random(n) < 0.08)
    applied_on = np.where(late, apply_deadline + cycle.integers(1, 6, n), apply)

    # Studio attributes.
    named = fate == NAMED
    old = named & (year <= 2022)
    u = rng.random(n)
    health = np.full(n, NORMAL)
    health[old & (u < 0.25)] = STRONG
    health[old & (u >= 0.80)] = WEAK
    health[named & ~old & (u < 0.30)] = STRONG
    weak = health == WEAK

    kind = (rng.random(n) < 0.4).astype(np.int64)  # 0 model worker, 1 high-skill
    honour = np.where(
        kind == 0,
        _pick(rng, (0.04, 0.08, 0.12, 0.16, 0.35, 0.25, 0, 0), n),
        _pick(rng, (0, 0, 0, 0.05, 0, 0.10, 0.45, 0.40), n),
    )
    skill = np.where(
        kind == 0,
        _pick(rng, (0.03, 0.05, 0.25, 0.25, 0.20, 0.05, 0.02, 0.15), n),
        _pick(rng, (0.10, 0.15, 0.45, 0.30, 0, 0, 0, 0), n),
    )
    leader = _join(
        _take(SURNAMES, _pick(rng, 1.0 / (np.arange(len(SURNAMES)) + 6), n)),
        _take(GIVEN_CHARS, rng.integers(0, len(GIVEN_CHARS), n)),
        _take(
            ("",) + tuple(GIVEN_CHARS),
            np.where(rng.random(n) < 0.4, 0, rng.integers(1, len(GIVEN_CHARS) + 1, n)),
        ),
    )
    name = _join(leader, _take(STUDIO_TYPES, kind))
    cum = np.cumsum(units.industry_p[unit], axis=1)
    industry = np.minimum((rng.random(n)[:, None] > cum).sum(axis=1), len(INDUSTRY_NAMES) - 1)
    tails = [t for ind in INDUSTRY_NAMES for t in INDUSTRIES[ind][1]]
    tail_start = np.cumsum([0] + [len(INDUSTRIES[i][1]) for i in INDUSTRY_NAMES])
    tail_n = np.diff(tail_start)
    tail = tail_start[industry] + np.floor(rng.random(n) * tail_n[industry]).astype(np.int64)
    company = _join(
        _take(units.city, unit), _take(BRANDS, rng.integers(0, len(BRANDS), n)), _take(tails, tail)
    )
    direct_host = _join(
        pc.utf8_slice_codeunits(unit_names.take(pa.array(unit)), 0, -2),
        _take(DIRECT_BRANCHES, rng.integers(0, len(DIRECT_BRANCHES), n)),
    )
    is_direct = np.array([k == "直属单位" for k in units.kind])[unit]
    host = pc.if_else(pa.array(is_direct), direct_host, company)

    members = 3 + rng.poisson(9, n)
    few = (weak & (rng.random(n) < 0.3)) | (rng.random(n) < 0.015)
    members[few] = rng.integers(1, 3, few.sum())
    area = np.clip(np.round(rng.lognormal(np.log(120), 0.5, n)), 20, 1000)
    funding = np.clip(np.round(rng.lognormal(np.log(8), 0.7, n), 1), 0.5, 100)
    funding[(weak & (rng.random(n) < 0.25)) | (rng.random(n) < 0.01)] = 0.0
    phone = _join(
        _take(PHONE_PREFIXES, rng.integers(0, len(PHONE_PREFIXES), n)),
        pc.utf8_lpad(pc.cast(pa.array(rng.integers(0, 10**8, n)), _S), 8, "0"),
    )
    skill = np.where(rng.random(n) < 0.03, None, np.array(SKILLS, dtype=object)[skill])
    honour = np.array(HONOURS, dtype=object)[honour]
    # not named: some leaders do not fit the form (劳模 without an honour, 高技能 below 高级工),
    # some cells were left blank (待核实)
    unfit = (fate != NAMED) & (cycle.random(n) < 0.2)
    blank = (fate != NAMED) & ~unfit & (cycle.random(n) < 0.1)
    honour[(kind == 0) & unfit] = HONOURS[-1]  # 无
    honour[(kind == 0) & blank] = None
    skill[(kind == 1) & unfit] = np.array(("中级工", "初级工"), dtype=object)[
        cycle.integers(0, 2, n)
    ][(kind == 1) & unfit]
    skill[(kind == 1) & blank] = None
    tables["工作室名录"] = pa.table(
        [
            ids,
            name,
            _take(STUDIO_TYPES, kind),
            leader,
            pa.array(honour, _S),
            pa.array(skill, _S),
            host,
            unit_names.take(pa.array(unit)),
            _take(INDUSTRY_NAMES, industry),
            pa.array(year, _I),
            pa.array(members, _I),
            pa.array(area, _F, mask=rng.random(n) < 0.02),
            pa.array(funding, _F, mask=rng.random(n) < 0.03),
            phone,
        ],
        schema=SCHEMAS["工作室名录"],
    )

    # Status history: application and review, then what became of the named ones.
    ev_idx, ev_day, ev_status, ev_doc, ev_note = [], [], [], [], []

    def add(idx, day, status, note=None, doc=None):
        ev_idx.append(idx)
        ev_day.append(np.asarray(day, dtype=np.int64))
        ev_status.append(np.full(len(idx), STATUSES.index(status)))
        ev_doc.append(doc if doc is not None else [None] * len(idx))
        ev_note.append(note if isinstance(note, list) else [note] * len(idx))

    def doc_no(days):
        # numbers run through the year, as a federation's documents do
        d = np.asarray(days).astype("datetime64[D]")
        number = (d - d.astype("datetime64[Y]")).astype(np.int64) // 3 + rng.integers(1, 4, len(d))
        return [
            f"{cfg.doc_prefix}〔{y}〕{k}号"
            for y, k in zip(_years_of(days).tolist(), number.tolist())
        ]

    all_idx = np.arange(n)
    add(all_idx, applied_on, "申报")
    accepted_day = np.maximum(apply + rng.integers(3, 16, n), applied_on + 2)
    accepted = (fate != WITHDRAWN) | (rng.random(n) < 0.6)
    add(all_idx[accepted], accepted_day[accepted], "受理", "材料齐全，予以受理")
    review = fate == IN_REVIEW
    site = named | (review & (rng.random(n) < 0.7)) | ((fate == FAILED) & (rng.random(n) < 0.65))
    nov5 = np.array([_day(y, 11, 5) for y in years])[year - years[0]]
    site_hi = np.where(review, AS_OF_DAY, decision - 3)
    site_day = np.minimum(np.maximum(accepted_day + 5, _uniform_days(rng, nov5, site_hi)), site_hi)
    if review.any():  # the latest date of the whole data set is an on-site review on AS_OF
        site[np.flatnonzero(review)[0]] = True
        site_day[np.flatnonzero(review)[0]] = AS_OF_DAY
    add(all_idx[site], site_day[site], "现场考核", "考核组现场查看")
    naming_no = dict(
        zip(years, doc_no(np.array([dates[y][3] for y in years])))
    )  # one decision a year
    add(
        all_idx[named],
        decision[named],
        "命名",
        f"命名为{cfg.level}劳模（职工）创新工作室",
        [naming_no[y] for y in year[named].tolist()],
    )
    failed = fate == FAILED
    reasons = ["现场考核未达到命名条件", "材料审核未通过", "创新成果不足"]
    add(
        all_idx[failed],
        decision[failed],
        "未通过",
        [reasons[i] for i in rng.integers(0, 3, failed.sum())],
    )
    withdrawn = fate == WITHDRAWN
    w_base = np.where(accepted, accepted_day, applied_on)
    w_day = np.minimum(w_base + rng.integers(5, 41, n), decision - 1)
    add(all_idx[withdrawn], w_day[withdrawn], "撤回", "推荐单位申请撤回")

    # Weak studios named before 2023: a failed spot check, a notice, then fixed, open or delisted.
    chain = old & weak & (rng.random(n) < 0.6)
    chain_kind = _pick(rng, (0.4, 0.4, 0.2), n)  # 0 still open, 1 rectified, 2 delisted
    lo = decision + 180
    for _ in range(2):
        hi = AS_OF_DAY - np.array([40, 130, 260])[chain_kind]
        chain_kind = np.where((hi < lo) & (chain_kind > 0), chain_kind - 1, chain_kind)
    hi = AS_OF_DAY - np.array([40, 130, 260])[chain_kind]
    chain &= hi >= lo
    trigger = _uniform_days(rng, lo, np.maximum(hi, lo))
    warn_day = trigger + rng.integers(10, 26, n)
    c_idx = all_idx[chain]
    add(c_idx, warn_day[chain], "通报", "活动开展不力、流于形式，限期整改", doc_no(warn_day[chain]))
    fixed = chain & (chain_kind == 1)
    add(
        all_idx[fixed],
        (trigger + rng.integers(60, 121, n))[fixed],
        "整改完成",
        "整改到位，复查合格",
    )
    delisted = chain & (chain_kind == 2)
    delist_day = np.where(delisted, trigger + rng.integers(150, 251, n), NEVER)
    add(
        all_idx[delisted],
        delist_day[delisted],
        "摘牌",
        "整改不到位，予以摘牌",
        doc_no(delist_day[delisted]),
    )
    praised = old & (health == STRONG) & (rng.random(n) < 0.5)
    praise_year = np.floor(year + 1 + rng.random(n) * (2023 - year)).astype(np.int64)
    praise_day = np.array([_day(int(y), 4, 28) if y <= 2023 else 0 for y in praise_year])
    add(
        all_idx[praised],
        praise_day[praised],
        "表彰",
        [f"{y - 1}年度优秀劳模（职工）创新工作室" for y in praise_year[praised].tolist()],
        doc_no(praise_day[praised]),
    )

    e_idx = np.concatenate(ev_idx)
    e_day = np.concatenate(ev_day)
    e_status = np.concatenate(ev_status)
    rank = np.array([0, 1, 2, 3, 3, 3, 5, 6, 4, 7])[e_status]
    order = np.lexsort((rank, e_day, e_idx))
    tables["状态记录"] = pa.table(
        [
            ids.take(pa.array(e_idx[order])),
            _dates(e_day[order]),
            _take(STATUSES, e_status[order]),
            pa.array([x for part in ev_doc for x in part], _S).take(pa.array(order)),
            pa.array([x for part in ev_note for x in part], _S).take(pa.array(order)),
        ],
        schema=SCHEMAS["状态记录"],
    )

    neglected = old & (year <= 2021) & ~chain & (health != STRONG) & (rng.random(n) < 0.15)
    tables["检查记录"] = _inspections(
        cfg, rng, ids, year, named, health, neglected, delist_day, chain, trigger
    )
    tables["年度评估"] = _assessments(rng, ids, year, old, health, delist_day)

    # Outcome and activity windows per studio; the rows themselves are drawn block by block.
    end = np.minimum(AS_OF_DAY, delist_day - 1)
    o_start = np.maximum(FIRST_DAY, apply - 730)
    o_end = np.where(named, end, apply)
    # weak studios have produced nothing in the last twelve months
    o_end = np.where(weak, np.minimum(o_end, AS_OF_DAY - 366 - rng.integers(0, 200, n)), o_end)
    rate = np.where(named, np.array([17.0, 8.0, 3.5])[health], 0.8) * cfg.outcome_mult
    o_count = rng.poisson(rate * np.maximum(o_end - o_start + 1, 0) / 365.25)

    recent = AS_OF_DAY - 364
    a_start = np.maximum(cfg.activity_since, apply)
    a_end = np.where(weak, np.minimum(end, recent - 1), end)
    a_rate = np.array([52.0, 23.0, 10.0])[health] * cfg.activity_mult
    a_count = np.where(named, rng.poisson(a_rate * np.maximum(a_end - a_start + 1, 0) / 365.25), 0)
    # a weak studio's last year: a handful of activities at most
    w_start = np.maximum(a_start, recent)
    w_count = np.where(named & weak & (end >= w_start), rng.poisson(1.5, n), 0)
    seg_idx = np.concatenate([all_idx, all_idx])
    seg_order = np.argsort(seg_idx, kind="stable")
    activity_seg = tuple(
        a[seg_order]
        for a in (
            seg_idx,
            np.concatenate([a_start, w_start]),
            np.concatenate([a_end, end]),
            np.concatenate([a_count, w_count]),
        )
    )
    studios = _Studios(
        ids=ids,
        health=health,
        industry=industry,
        outcome_seg=(all_idx, o_start, o_end, o_count),
        activity_seg=activity_seg,
    )
    return tables, studios


def _inspections(
    cfg, rng, ids, year, named, health, neglected, delist_day, chain, trigger
) -> pa.Table:
    n_years = np.where(named, 2023 - year, 0)
    idx = np.repeat(np.arange(len(year)), n_years)
    y = year[idx] + 1 + (np.arange(len(idx)) - np.repeat(np.cumsum(n_years) - n_years, n_years))
    day = _uniform_days(
        rng,
        np.array([_day(int(v), 3, 1) for v in range(2019, 2025)])[y - 2019],
        np.array([_day(int(v), 11, 30) for v in range(2019, 2025)])[y - 2019],
    )
    keep = (rng.random(len(idx)) < 0.7) & ~(neglected[idx] & (y >= 2022)) & (day < delist_day[idx])
    idx, day = idx[keep], day[keep]
    is_trigger = np.concatenate([np.zeros(len(idx), bool), np.ones(chain.sum(), bool)])
    idx = np.concatenate([idx, np.flatnonzero(chain)])
    day = np.concatenate([day, trigger[chain]])
    m = len(idx)

    probs = np.array(
        [[0.90, 0.10, 0.0], [0.79, 0.20, 0.01], [0.40, 0.40, 0.20], [0.15, 0.35, 0.50]]
    )
    cls = np.where(is_trigger, 3, health[idx])
    cum = np.cumsum(probs[cls], axis=1)
    u = rng.random((m, len(CONDITIONS)))
    grade = (u[:, :, None] > cum[:, None, :2]).sum(axis=2)
    for c in ("职工参与", "资料完备", "成效明显"):  # a spot check that led to a notice
        grade[is_trigger, CONDITIONS.index(c)] = 2
    score = np.clip(
        np.round(np.array([11, 8, 3])[grade].sum(axis=1) + rng.uniform(-3, 1, m), 1), 0, 100
    )
    n_fail = (grade == 2).sum(axis=1)
    n_partial = (grade == 1).sum(axis=1)
    verdict = np.select(
        [(n_fail >= 3) | (score < 60), n_fail >= 1, score >= 92, score >= 80],
        [3, 2, 0, 1],
        default=2,
    )
    issues = []
    for row, nf, npart in zip(grade.tolist(), n_fail.tolist(), n_partial.tolist()):
        if nf:
            issues.append(
                "；".join(CONDITION_ISSUES[i] for i, g in enumerate(row) if g == 2) + "。限期整改"
            )
        elif npart >= 3:
            issues.append("多项条件基本达标，需进一步规范管理")
        else:
            issues.append(None)
    has_issue = np.array([x is not None for x in issues])
    deadline = day + np.where(verdict == 3, 60, 90)
    deadline[is_trigger] = day[is_trigger] + 90
    mode = np.where(is_trigger, 1, _pick(rng, (0.45, 0.25, 0.15, 0.15), m))
    a = rng.integers(0, len(INSPECTORS), m)
    b = (a + rng.integers(1, len(INSPECTORS), m)) % len(INSPECTORS)
    inspector = _join(_take(INSPECTORS, a), "、", _take(INSPECTORS, b))

    order = np.lexsort((idx, day))
    iy = _years_of(day[order])
    seq = _seq_within(iy)
    check_id = _join(
        "JC-",
        pc.cast(pa.array(iy), _S),
        "-",
        pc.utf8_lpad(pc.cast(pa.array(seq), _S), cfg.inspection_width, "0"),
    )
    o = pa.array(order)
    cols = [
        check_id,
        ids.take(pa.array(idx[order])),
        _dates(day[order]),
        _take(CHECK_MODES, mode[order]),
    ]
    cols += [_take(CONDITION_GRADES, grade[order, j]) for j in range(len(CONDITIONS))]
    cols += [
        pa.array(score[order], _F),
        _take(VERDICTS, verdict[order]),
        pa.array(issues, _S).take(o),
        _dates(deadline[order], ~has_issue[order]),
        inspector.take(o),
    ]
    return pa.table(cols, schema=SCHEMAS["检查记录"])


def _assessments(rng, ids, year, old, health, delist_day) -> pa.Table:
    # one report per year from the naming year on, submitted in Q1 of the next year
    n_years = np.where(old, 2023 - year, 0)
    idx = np.repeat(np.arange(len(year)), n_years)
    y = year[idx] + (np.arange(len(idx)) - np.repeat(np.cumsum(n_years) - n_years, n_years))
    submit = _uniform_days(
        rng,
        np.array([_day(v + 1, 1, 5) for v in range(2019, 2023)])[y - 2019],
        np.array([_day(v + 1, 3, 31) for v in range(2019, 2023)])[y - 2019],
    )
    missing = rng.random(len(idx)) < np.array([0.02, 0.06, 0.30])[health[idx]]
    keep = ~missing & (submit < delist_day[idx])
    idx, y, submit = idx[keep], y[keep], submit[keep]
    probs = np.array([[0.5, 0.5, 0.0], [0.15, 0.83, 0.02], [0.0, 0.72, 0.28]])
    cum = np.cumsum(probs[health[idx]], axis=1)
    grade = (rng.random(len(idx))[:, None] > cum[:, :2]).sum(axis=1)
    return pa.table(
        [ids.take(pa.array(idx)), pa.array(y, _I), _dates(submit), _take(ASSESSMENT_GRADES, grade)],
        schema=SCHEMAS["年度评估"],
    )


def _seq_within(groups: np.ndarray, offsets: dict[int, int] | None = None) -> np.ndarray:
    """1-based running number within each group value, in row order, after `offsets`."""
    seq = np.zeros(len(groups), dtype=np.int64)
    for g in np.unique(groups):
        mask = groups == g
        start = offsets.get(int(g), 0) if offsets is not None else 0
        seq[mask] = start + np.arange(1, mask.sum() + 1)
        if offsets is not None:
            offsets[int(g)] = start + int(mask.sum())
    return seq


# ---------------------------------------------------------------------------------------------
# outcomes and activities, block by block


def _segment_rows(rng, segments, lo_studio, hi_studio):
    studio, start, end, count = segments
    sel = (studio >= lo_studio) & (studio < hi_studio) & (count > 0)
    rep = np.repeat(np.flatnonzero(sel), count[sel])
    day = _uniform_days(rng, start[rep], end[rep])
    s = studio[rep]
    order = np.lexsort((day, s))
    return s[order], day[order]


def _outcome_chunks(cfg: _Scale, st: _Studios, seed: int) -> Iterator[pa.Table]:
    objects = [o for ind in INDUSTRY_NAMES for o in INDUSTRIES[ind][0]]
    obj_start = np.cumsum([0] + [len(INDUSTRIES[i][0]) for i in INDUSTRY_NAMES])
    obj_n = np.diff(obj_start)
    part_cat = np.array([CATEGORIES.index(c) for c, _, _ in NAME_PARTS])
    part_start = np.array([np.flatnonzero(part_cat == c)[0] for c in range(len(CATEGORIES))])
    part_n = np.bincount(part_cat, minlength=len(CATEGORIES))
    counters: dict[int, int] = {}
    n = len(st.health)
    for k, lo in enumerate(range(0, n, CHUNK_STUDIOS)):
        rng = np.random.default_rng([seed, 1, k])
        s, day = _segment_rows(rng, st.outcome_seg, lo, lo + CHUNK_STUDIOS)
        m = len(s)
        if m == 0:
            continue
        health = st.health[s]
        ind = st.industry[s]
        cat = _pick(rng, CATEGORY_P, m)
        part = part_start[cat] + np.floor(rng.random(m) * part_n[cat]).astype(np.int64)
        obj = obj_start[ind] + np.floor(rng.random(m) * obj_n[ind]).astype(np.int64)
        title = _join(
            _take([p[1] for p in NAME_PARTS], part),
            _take(objects, obj),
            _take([p[2] for p in NAME_PARTS], part),
        )

        benefit = np.round(
            np.clip(rng.lognormal(2.3, 1.2, m) * np.array([1.5, 1.0, 0.7])[health], 1, 800), 2
        )
        benefit[(cat == CATEGORIES.index("合理化建议")) & (rng.random(m) < 0.3)] = 0.0
        benefit[rng.random(m) < 0.05] = 0.0
        is_invention = cat == CATEGORIES.index("发明创造")
        technical = np.isin(
            cat, [CATEGORIES.index(c) for c in ("技术创新", "技术攻关", "五小成果")]
        )
        invention = np.where(
            is_invention,
            _pick(rng, (0.35, 0.45, 0.15, 0.05), m),
            np.where(technical, _pick(rng, (0.94, 0.05, 0.01), m), 0),
        )
        utility = np.where(
            is_invention | technical,
            _pick(rng, (0.6, 0.25, 0.1, 0.05), m),
            _pick(rng, (0.95, 0.04, 0.01), m),
        )
        design = _pick(rng, (0.97, 0.025, 0.005), m)
        adopted = rng.random(m) < np.array([0.55, 0.40, 0.25])[health]
        award = _pick(rng, (0.01, 0.05, 0.12, 0.22, 0.60), m)
        social = rng.integers(0, len(SOCIAL_BENEFITS), m)

        oy = _years_of(day)
        seq = _seq_within(oy, counters)
        outcome_id = _join(
            "CG",
            pc.cast(pa.array(oy), _S),
            pc.utf8_lpad(pc.cast(pa.array(seq), _S), cfg.outcome_width, "0"),
        )
        yield pa.table(
            [
                outcome_id,
                st.ids.take(pa.array(s)),
                title,
                _take(CATEGORIES, cat),
                _dates(day),
                pa.array(benefit, _F, mask=rng.random(m) < 0.10),
                pa.array(invention, _I),
                pa.array(utility, _I),
                pa.array(design, _I),
                _take(("否", "是"), adopted.astype(np.int64)),
                _take(AWARDS, award),
                pc.if_else(
                    pa.array(rng.random(m) < 0.5), pa.nulls(m, _S), _take(SOCIAL_BENEFITS, social)
                ),
            ],
            schema=SCHEMAS["创新成果"],
        )


def _activity_chunks(st: _Studios, seed: int) -> Iterator[pa.Table]:
    lo_hi = np.array(ACTIVITY_HEADCOUNT)
    n = len(st.health)
    for k, lo in enumerate(range(0, n, CHUNK_STUDIOS)):
        rng = np.random.default_rng([seed, 2, k])
        s, day = _segment_rows(rng, st.activity_seg, lo, lo + CHUNK_STUDIOS)
        m = len(s)
        if m == 0:
            continue
        kind = _pick(rng, ACTIVITY_P, m)
        heads = lo_hi[kind, 0] + np.floor(
            rng.random(m) * (lo_hi[kind, 1] - lo_hi[kind, 0] + 1)
        ).astype(np.int64)
        yield pa.table(
            [
                st.ids.take(pa.array(s)),
                _dates(day),
                _take(ACTIVITY_TYPES, kind),
                pa.array(heads, _I, mask=rng.random(m) < 0.02),
            ],
            schema=SCHEMAS["活动记录"],
        )


# ---------------------------------------------------------------------------------------------
# writers


def _write_csv(path: Path, chunks: Iterable[pa.Table]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = SCHEMAS[path.stem]
    # quoting "none" fails loudly if a value ever holds a comma, quote or newline; the header is
    # written by hand because pyarrow quotes header names whatever the quoting style
    options = pacsv.WriteOptions(include_header=False, quoting_style="none")
    with open(path, "wb") as f:
        f.write(("\ufeff" + ",".join(schema.names) + "\n").encode("utf-8"))
        writer = pacsv.CSVWriter(f, schema, write_options=options)
        for table in chunks:
            writer.write_table(table)
        writer.close()
    return path


def _write_xlsx(path: Path, title: str, sheets: list[tuple[str, Iterable[pa.Table]]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    # a fixed creation time keeps the file reproducible
    wb.set_properties(
        {
            "title": title,
            "author": "市总工会经济技术部",
            "created": dt.datetime(2023, 12, 15, 17, 30),
        }
    )
    title_fmt = wb.add_format({"bold": True, "font_size": 14, "align": "center"})
    head_fmt = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for sheet, chunks in sheets:
        schema = SCHEMAS[sheet]
        ws = wb.add_worksheet(sheet)
        for c, field in enumerate(schema):
            ws.set_column(c, c, max(10, 2 * len(field.name) + 2))
        ws.merge_range(0, 0, 0, len(schema) - 1, f"{title}（{sheet}）", title_fmt)
        ws.write_row(1, 0, schema.names, head_fmt)
        r = 2
        for table in chunks:
            cols = [table.column(c).to_pylist() for c in range(len(schema))]
            types = [field.type for field in schema]
            for i in range(table.num_rows):
                for c, t in enumerate(types):
                    v = cols[c][i]
                    if v is None:
                        continue
                    if t == _D:
                        ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
                    elif t == _S:
                        ws.write_string(r, c, v)
                    else:
                        ws.write_number(r, c, v)
                r += 1
        ws.freeze_panes(2, 0)
    wb.close()


def ensure_sample(con: duckdb.DuckDBPyConnection) -> ImportResult | None:
    """On first start, load the bundled sample so a newcomer sees data at once."""
    if con.execute("select count(*) from import_log").fetchone()[0]:
        return None
    from .auth import ensure_demo_users
    from .importer import import_files

    files = sorted(settings.SAMPLE_DIR.glob("*.xlsx"))
    result = import_files(con, files, user="示例数据", is_sample=True)
    if result.skipped:  # an import from another process committed first
        return None
    if result.ok:
        ensure_demo_users(con)
    return result
