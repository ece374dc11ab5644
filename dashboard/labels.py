"""Every user-facing string, in Simplified Chinese, in one place.

Code and identifiers stay English; what a user reads comes from here.
"""

from __future__ import annotations

APP_TITLE = "创新工作室数据看板"

# --- import: reasons a cell, sheet or file is refused --------------------------------------
REASON = {
    "required": "必填项为空",
    "int": "不是有效的整数",
    "num": "不是有效的数字",
    "date": "不是有效的日期（可用 2023-05-12、2023/5/12、2023年5月12日 等格式）",
    "enum": "不是允许的取值（可选：{values}）",
    "min": "不能小于 {min:g}",
    "min_exclusive": "必须大于 {min:g}",
    "max": "不能大于 {max:g}",
    "unique": "重复：与第 {first} 行相同",
    "ref": "在“{sheet}”中不存在",
    "ref_existing": (
        "库中已有的这条记录{record}引用的{column}在新导入的“{sheet}”中不存在，"
        "导入后将成为孤立数据：请同时导入更新后的成果数据，或保留该工作室"
    ),
    "deadline_order": "完成期限必须晚于开始日期（{start}）",
    "file_missing": "文件不存在",
    "file_empty": "文件为空",
    "file_too_big": "文件大小 {mb:.1f} MB，超过上限 {limit} MB",
    "file_type": "不是 .xlsx 或 .csv 文件",
    "file_encrypted": "文件已加密或为旧版 .xls 格式，请在 Excel 中另存为未加密的 .xlsx",
    "file_corrupt": "文件已损坏，无法读取（{detail}）",
    "zip_bomb": "解压后大小异常（{mb:.0f} MB），疑似恶意文件",
    "zip_ratio": "压缩比异常（{member} 超过 {ratio}:1），疑似恶意文件（zip 炸弹）",
    "zip_members": "压缩包内含 {n} 个文件（上限 {limit}），不是正常的 xlsx 文件",
    "xlsx_macro": "文件含有宏（VBA 代码），为安全起见不予读取：请在 Excel 中另存为“Excel 工作簿(*.xlsx)”后再导入",
    "xlsx_external": (
        "文件含有指向其他工作簿的外部链接，为安全起见不予读取：请在 Excel 中"
        "“数据 › 编辑链接 › 断开链接”后另存再导入"
    ),
    "sheet_too_big": "工作表“{sheet}”的范围过大（{rows:,} 行 × {cols:,} 列，上限 {limit:,} 个单元格），疑似恶意文件",
    "too_many_columns": "第 {row} 行有 {n:,} 列，超过上限 {limit} 列：请只保留台账的列",
    "line_too_long": "第 {row} 行超过 {mb} MB，无法读取：请检查引号是否成对",
    "csv_malformed": "CSV 格式有误，无法读取（{detail}）：请检查引号是否成对，或在 Excel 中重新另存为 CSV",
    "cell_too_long": "文本过长（{n:,} 个字符，上限 {limit:,}）",
    "head_cell_too_long": "第 {row} 行有单元格文本过长（超过 {n:,} 个字符，上限 {limit:,}），不是正常的台账",
    "csv_encoding": "无法识别文件编码（支持 UTF-8、带 BOM 的 UTF-8、GB18030/GBK）",
    "unknown_sheet_file": "文件名不对应任何工作表（应为：{sheets}）",
    "no_sheets": "没有找到任何可识别的工作表（应为：{sheets}）",
    "sheet_missing": "缺少必需的工作表“{sheet}”",
    "header_missing": "在前 6 行中找不到表头",
    "column_missing": "缺少必需的列“{column}”",
    "column_duplicate": "列“{column}”出现多次",
    "sheet_twice": "工作表“{sheet}”在本次导入中出现了两次（另见 {other}）",
    "sheet_empty": "工作表没有数据行",
}
SUGGESTION = "是否为“{suggestion}”？"
SUGGEST = "；" + SUGGESTION
WARN = {
    "extra_column": "已忽略未知的列“{column}”",
    "extra_sheet": "已忽略未知的工作表“{sheet}”",
    "unheaded_cells": "已忽略没有列名的单元格：共 {rows:,} 行在表头为空的列或表头右侧填有内容（首次出现在此行）",
    "event_order": "事件日期早于该工作室的申报日期（{first}）",
}
WHERE_DB = "（库中已有数据）"
VALUE_CUT = "……（共 {n:,} 个字符）"
LINE = "第 {row} 行"

# Rendering of one problem: file › sheet › row › column: “value” — reason
PROBLEM_LINE = "{where}：“{value}” — {reason}"
ROW = "第{row}行"
WHERE_SEP = " › "  # file › sheet › row › column, in a problem's place
CARD_PROBLEM_CELL = "{column}：“{value}”"

BAD_DATE_ARG = "日期格式应为 YYYY-MM-DD"
INIT_READY = "数据库已就绪。"
INIT_SAMPLE = "数据库已就绪：已导入示例数据（{rows} 行）。"
IMPORT_OK = "导入成功（导入编号 {import_id}）："
IMPORT_ROWS = "  {sheet}：{rows} 行"
IMPORT_FAILED = "导入失败，数据库未作任何改动。共发现 {count} 个问题："
IMPORT_MORE = "……另有 {count} 个问题未列出（上限见设置 max_problems）。"
IMPORT_WARNINGS = "提示（{count} 条，不影响导入）："
IMPORT_DB_BUSY = "数据库正被其他程序（如正在运行的看板）占用：{detail}"
PROGRESS = {"read": "读取", "check": "校验", "write": "写入", "done": "完成"}

HISTORY_HEADER = "编号  时间                 操作  操作人      行数"
HISTORY_EMPTY = "尚无导入记录。"
KIND = {"import": "导入", "restore": "恢复"}
RESTORE_OK = "已恢复到导入 {import_id} 之前的数据（记录为操作 {new_id}）。"
RESTORE_BAD = "没有编号为 {import_id} 的导入记录。"

# --- pages ---------------------------------------------------------------------------------
PAGE_DATA = "数据概况"
NO_DATA = "尚未导入数据。"
SAMPLE_NOTE = "当前显示的是示例数据（虚构），仅供演示。"
COL_SHEET = "工作表"
COL_ROWS = "行数"
DATA_ROWS_NOTE = "当前数据中各工作表属于本范围的行数（创建目标为全市共用）。"

# --- risk of delisting: rule names and how their evidence reads -----------------------------
RULE_NAMES = {
    "R1": "近12个月无成果",
    "R2": "年度评估缺失",
    "R3": "年度评估不合格",
    "R4": "最近检查不合格",
    "R5": "条件不达标",
    "R6": "通报未整改",
    "R7": "长期未检查",
    "R8": "活动不足",
    "R9": "团队不足",
    "R10": "经费为零",
}
# Each rule's evidence in words: (with a date, without one). {date} is YYYY-MM-DD, {number} an
# integer, {items} the evidence list joined with 、. risk.sql fills in the same templates.
RULE_EVIDENCE = {
    "R1": ("最近成果 {date}", "从无成果记录"),
    "R2": ("{number}年度评估未提交", "{number}年度评估未提交"),
    "R3": ("{number}年度评估为不合格，提交于 {date}", "{number}年度评估为不合格，提交于 {date}"),
    "R4": ("{date} 检查 {items} 结论不合格", "{date} 检查 {items} 结论不合格"),
    "R5": ("{date} 检查不达标：{items}", "{date} 检查不达标：{items}"),
    "R6": ("{date} 通报，尚无整改完成记录", "{date} 通报，尚无整改完成记录"),
    "R7": ("最近检查 {date}", "从未检查"),
    "R8": ("近12个月活动 {number} 次", "近12个月活动 {number} 次"),
    "R9": ("成员 {number} 人", "成员 {number} 人"),
    "R10": ("年度经费 0 万元", "年度经费 0 万元"),
}
RULE_REASON = "{name}（{evidence}）"
LIST_SEP = "、"
FACT_SEP = " · "  # between the figures of one line (a card's facts)
WHERE_DETAIL = "{where}：{detail}"  # a place in a file, then what is wrong there
NOT_XLSX = "不是有效的 xlsx"
REF_RECORD = "（{column}：{value}）"  # the record a ref_existing problem is about
REASON_SEP = "；"
RULE_OFF = "{rule} {name}：未导入“{sheet}”，本规则未启用"

AS_OF = "数据截至 {date}"
SCOPE_ALL = "范围：全市"
SCOPE_UNIT = "范围：{unit}"
REPORT_TITLE = "劳模（职工）创新工作室创建情况"
REPORT_SHEETS = {
    "campaign": "创建进度",
    "units": "各单位进度",
    "benefits": "成果效益",
    "risk": "摘牌风险",
    "applications": "申报审核",
    "gold_workers": "金牌职工",
    "commendation": "表彰建议名单",
}
REPORT_NO_DATA = "数据库中没有数据：请先导入（studiodash import）。"
REPORT_BAD_CAMPAIGN = "没有 {year} 年度的创建目标。"
REPORT_BAD_UNIT = "没有名为“{unit}”的推荐单位。"
# Column labels of figures, shared by the pages and the xlsx report.
COLUMNS = {
    "year": "年度",
    "target": "目标数",
    "deadline": "完成期限",
    "applied": "申报",
    "in_review": "评审中",
    "named": "已命名",
    "rejected": "未通过",
    "completion": "完成率",
    "time_elapsed": "序时进度",
    "unit": "推荐单位",
    "unit_kind": "单位类别",
    "quota": "名额",
    "studios": "在册工作室",
    "outcomes": "成果数",
    "benefit_wan": "经济效益(万元)",
    "invention_patents": "发明专利",
    "utility_patents": "实用新型",
    "design_patents": "外观设计",
    "adopted_share": "推广应用率",
    "studio_id": "工作室编号",
    "name": "工作室名称",
    "studio_name": "工作室名称",
    "score": "风险分",
    "tier": "风险等级",
    "reasons": "风险原因",
    "category": "成果类别",
    "as_of": "数据截至",
    "days_left": "距期限天数",
    "leader": "领衔人",
    "host": "依托单位",
    "studio_type": "类型",
    "application_deadline": "申报截止日期",
    "late": "逾期申报",
    "late_flag": "是否逾期",
    "ineligible": "不符合条件",
    "unverified": "待核实",
    "shortfall": "缺口",
    "applied_on": "申报日期",
    "eligibility": "形式审查",
    "status": "状态",
    "leader_honor": "领衔人荣誉",
    "skill_level": "技能等级",
    "campaign_year": "申报年度",
    "named_on": "命名时间",
    "document_no": "文号",
    "active": "在册",
    "delisted_on": "摘牌日期",
    "criteria": "符合条件",
}
INTERNAL_ERROR = "内部错误，操作未完成，数据未改动：{detail}"

# --- app chrome -----------------------------------------------------------------------------
SIDEBAR_AS_OF = "数据截至"
SIDEBAR_AS_OF_HELP = "默认为数据中的最新日期；可改为更早的日期回看当时的情况。"
SIDEBAR_CAMPAIGN = "创建年度"
CAMPAIGN_OF = "{year} 年度创建活动"
SOURCE = "数据来源：{files}（导入于 {at}）"
REPLAY = "（回看；数据最新至 {date}）"
PAGE_PROGRESS = "创建进度"

# --- leadership page: 创建进度 -----------------------------------------------------------------
CHART_NAMED = "累计命名"
CHART_TARGET = "目标"
CHART_PACE = "序时进度线"
CHART_PROJECTION = "若评审中全部通过"
KPI_TARGET = "目标数"
KPI_NAMED = "已命名"
KPI_COMPLETION = "完成率"
KPI_ELAPSED = "序时进度"
KPI_IN_REVIEW = "评审中"
KPI_APPLIED = "申报"
KPI_REJECTED = "未通过/撤回"
KPI_DAYS_LEFT = "距完成期限"
PROJECTION_NOTE = (
    "若评审中的工作室全部通过，到 {deadline} 共命名 {projected:.0f} 个（目标 {target}）。"
)
PIPELINE_SHORT = (
    "已命名 {named}，评审中 {in_review}，若全部通过 {pipeline}/{target}，仍差 {shortfall}。"
)
PIPELINE_FULL = "已命名 {named}，评审中 {in_review}，若全部通过 {pipeline}/{target}，可完成目标。"
PIPELINE_DONE = "已命名 {named}，已达到目标 {target}。"
PIPELINE_DONE_REVIEW = "已命名 {named}，已达到目标 {target}；另有评审中 {in_review}。"
APPLY_DAYS_LEFT = "距申报截止日期（{date}）还有 {days} 天。"
LIGHT_RULE = {
    "applications": "进度灯：首批命名前，按各单位申报数对名额判断（申报数达到名额为绿）。",
    "named": "进度灯：首批命名后，按各单位完成率（已命名/名额）与序时进度比较。",
}
# said with either rule: a unit can be 落后 on its named studios with 缺口 0 (the rest in review)
SHORTFALL_NOTE = "缺口 = 名额 − 已命名 − 评审中：评审中的工作室全部通过后仍空缺的名额。"
GAP_AHEAD = "超前 {points:.1f} 个百分点"
GAP_BEHIND = "落后 {points:.1f} 个百分点"
DAYS = "{days} 天"
DAYS_PASSED = "已到期"
SECTION_BURNUP = "命名进度（累计）"
SECTION_UNITS = "各单位完成情况"
SECTION_FUNNEL = "申报流程"
SECTION_TYPES = "按类型"
SECTION_APPLICANTS = "{unit} 的申报工作室"
ALL = "全部"
PICK_UNIT = "查看单位的申报工作室"
PICK_UNIT_HINT = "选择一个单位"
LIGHT = {"green": "正常", "amber": "关注", "red": "落后", "none": "无名额"}  # coloured cells too
COL_LIGHT = "进度灯"
STATUS = {
    "named": "已命名",
    "delisted": "已摘牌",
    "in_review": "评审中",
    "rejected": "未通过/撤回",
    "other": "其他",
}
COL_STATUS = "状态"
COL_LATEST = "最近进展"
COL_LATEST_ON = COL_LATEST + "日期"
COL_APPLIED_ON = "申报日期"

# --- 检查查询 -----------------------------------------------------------------------------------
PAGE_EXPLORE = "检查查询"
EXPLORE_SEARCH = "搜索"
EXPLORE_SEARCH_HINT = "工作室名称、领衔人或依托单位"
EXPLORE_FILTERS = "筛选条件"
F_UNITS = "推荐单位"
F_KINDS = "单位类别"
EXPORT_SCOPE_KIND = "{scope} · " + F_KINDS + "：{kind}"
F_TYPES = "类型"
F_STATUSES = "状态"
F_INDUSTRIES = "所属行业"
F_TIERS = "风险等级"
F_NAMED_YEARS = "命名年度"
F_CAMPAIGN_YEARS = "申报年度"
EXPLORE_COUNT = "共 {total:,} 个工作室符合条件"
EXPLORE_COUNT_CAPPED = "共 {total:,} 个工作室符合条件，显示并导出前 {shown:,} 个（按风险分排序）"
EXPLORE_NONE = "没有符合条件的工作室。"
EXPLORE_SHARE = "分享：复制浏览器地址栏中的链接，对方打开后看到相同的筛选结果。"
EXPORT_CSV = "导出 CSV"
EXPORT_XLSX = "导出 Excel"
EXPLORE_EXPORT_TITLE = "工作室查询结果"
EXPLORE_EXPORT_FILE = "工作室查询-{date}.{ext}"
WARNED = "被通报未整改"  # one phrase on every page (filters, the file's KPI, 差在哪里)
STATUS_FILTER = {
    "named": "已命名",
    "warned": WARNED,
    "delisted": "已摘牌",
    "in_review": "评审中",
    "rejected": "未通过/撤回",
}
TIER_LIGHT = {"高": "高", "中": "中", "低": "低"}  # the word; the cell is coloured too
COL_PHONE = "联系电话"
COL_INDUSTRY = "所属行业"
COL_NAMED_YEAR = "命名年度"
COL_CAMPAIGN_YEAR = "申报年度"
COL_FILE = "档案"

# --- 成果效益 -----------------------------------------------------------------------------------
PAGE_BENEFITS = "成果效益"
BENEFITS_PERIOD = "统计期间"
PERIOD_YTD = "本年至今"
PERIOD_YEAR = "{year} 年"
PERIOD_ALL = "全部"
PERIOD_SPAN = "{label}：{start} 至 {end}"
PERIOD_SPAN_ALL = "{label}：截至 {end}"
YOY_NOTE = "同比：与上年同期（{start} 至 {end}，按当时已命名的工作室）相比。"
YOY_NOTE_ALL = "“全部”为累计数，不计同比。"
YOY_UP = "▲ {pct:.1f}%"
YOY_DOWN = "▼ {pct:.1f}%"
YOY_FLAT = "持平"
YOY_POINTS_UP = "▲ {points:.1f} 个百分点"
YOY_POINTS_DOWN = "▼ {points:.1f} 个百分点"
YOY_NONE = "上年同期无数据"
YOY = "同比"
KPI_BENEFIT = "经济效益(万元)"
KPI_OUTCOMES = "成果数(项)"
KPI_PATENTS = "专利(件)"
KPI_ADOPTED = "推广应用率"
KPI_PER_STUDIO = "室均效益(万元)"
KPI_OUTCOMES_PER_STUDIO = "室均成果(项)"
KPI_INVENTION = "发明专利(件)"
SECTION_BENEFIT_UNITS = "各单位成果效益"
SECTION_BENEFIT_BARS = "经济效益（万元）"
SECTION_PATENT_BARS = "专利（件）"
CHART_TOP_UNITS = "按经济效益排名前 {n} 的单位（共 {total:,} 个，全部见下方）"
CHART_TOP_PATENTS = "按专利数排名前 {n} 的单位"
SECTION_CATEGORIES = "按成果类别"
SECTION_TREND = "历年趋势"
SECTION_TOP_OUTCOMES = "效益最高的成果（前 {n} 项）"
SECTION_STUDIOS = "{unit} 的在册工作室"
PICK_BENEFIT_UNIT = "查看单位的工作室"
TREND_PARTIAL = "{year}{sep}（至{md}）"
OUTCOME_TIMELINE_NOTE = "每个圆点是一项成果；圆点越大，经济效益越高。"
TREND_NOTE = "只计截至数据日期已命名的工作室的成果；当年只计到数据截至日。"
COL_BENEFIT_PER_STUDIO = "室均效益(万元)"
COL_BENEFIT_PREV = "上年同期(万元)"
COL_BENEFIT_YOY = "效益同比"
COL_PATENTS = "专利"
COL_OUTCOME_ID = "成果编号"
COL_OUTCOME_TITLE = "成果名称"
COL_COMPLETED_ON = "完成日期"
COL_ADOPTED = "推广应用"
COL_NAMED_ON = "命名日期"
YES_NO = {True: "是", False: "否"}
OPEN_FILE = "查看档案"
BENEFITS_EXPORT_HEADING = PAGE_BENEFITS + "（{span}）"
PERIOD_NOTE = "{span}。{note}"  # the line under the period control
BENEFITS_SHEETS = {
    "units": "各单位",
    "categories": "成果类别",
    "years": "历年趋势",
    "top": "效益最高的成果",
    "studios": "单位工作室",
}
BENEFITS_NONE = "截至该日尚无已命名的工作室，没有成果效益可统计。"

# --- accounts and login --------------------------------------------------------------------
AUTH_WRONG = "用户名或密码不正确。"
AUTH_LOCKED = "登录失败次数过多，账号已锁定至 {until}，请稍后再试或联系管理员。"
AUTH_DEMO_OFF = "已导入正式数据，示例账号已停用。请使用管理员创建的正式账号登录。"
AUTH_PASSWORD_SHORT = "密码至少需要 {n} 个字符。"
AUTH_NAME_EMPTY = "用户名不能为空。"
AUTH_BAD_ROLE = "角色必须是：{roles}。"
AUTH_BAD_UNIT = "单位用户必须属于一个已登记的推荐单位（“{unit}”不存在）。"
AUTH_EXISTS = "用户“{username}”已存在。"
AUTH_NO_USER = "没有用户“{username}”。"
AUTH_PASSWORD_PROMPT = "密码："
AUTH_PASSWORD_AGAIN = "再次输入密码："
AUTH_PASSWORD_MISMATCH = "两次输入的密码不一致。"
AUTH_USER_ADDED = "已添加用户 {username}（{role}{unit}）。"
AUTH_USER_REMOVED = "已删除用户 {username}。"
AUTH_PASSWORD_SET = "已修改用户 {username} 的密码。"
USERS_HEADER = "用户名        角色      单位          示例  锁定至"

# --- login, data and user pages --------------------------------------------------------------
LOGIN_USER = "用户名"
LOGIN_PASSWORD = "密码"
LOGIN_SUBMIT = "登录"
LOGIN_DEMO = "当前为示例数据，可用示例账号登录（密码均为 {password}）：{accounts}"
LOGIN_EXPIRED = "登录已超时，请重新登录。"
LOGOUT = "退出登录"
SIGNED_IN = "{username}（{role}{unit}）"
NO_PERMISSION = "无权限"
NO_PERMISSION_STUDIO = "无权限：该工作室不属于您的单位。"
PAGE_ADMIN_DATA = "数据管理"
PAGE_ADMIN_USERS = "用户与审计"
UPLOAD = "上传导出文件（工作室台账、创新成果，xlsx 或 csv，可多选）"
UPLOAD_CHECKING = "正在校验……"
UPLOAD_PROBLEMS = "校验未通过：共 {count} 个问题，数据未作任何改动。"
UPLOAD_PROBLEMS_CSV = "下载问题清单（CSV）"
UPLOAD_PROBLEMS_FILE = "导入问题清单.csv"
UPLOAD_OK = "校验通过，确认后导入。导入后将替换以下工作表的数据："
UPLOAD_CONFIRM = "确认导入"
# a preview that would leave a sheet half its rows or fewer (data_admin.SHRINK): a warning, not
# 校验通过, and a second step before the import
UPLOAD_SHRINK = (
    "校验通过，但导入后以下工作表将失去一半以上的现有行：{changes}。"
    "请先确认上传的是完整导出，而不是部分数据；下表为全部变更。"
)
UPLOAD_SHRINK_CONFIRM = "仍要用这些文件替换现有数据？{changes}。导入后可在下方“导入历史”中恢复。"
UPLOAD_SHRINK_YES = "确认替换并导入"
UPLOAD_DONE = "导入成功（导入编号 {import_id}）。"
UPLOAD_WARNINGS = "提示（不影响导入）"
CHANGE_COLUMNS = {
    "sheet": "工作表",
    "rows": "导入后行数",
    "added": "新增",
    "removed": "删除",
    "changed": "修改",
    "unchanged": "未变",
}
PROBLEM_COLUMNS = {
    "file": "文件",
    "sheet": "工作表",
    "row": "行号",
    "column": "列",
    "value": "取值",
    "reason": "原因",
    "suggestion": "建议",
}
HISTORY = "导入历史"
HISTORY_COLUMNS = {
    "import_id": "编号",
    "kind": "操作",
    "imported_at": "时间",
    "by_user": "操作人",
    "files": "文件",
    "rows": "行数",
    "restored_to": "恢复到导入之前",
}
HISTORY_TITLE = "{id} · {at:%Y-%m-%d %H:%M}"  # an import's card on a phone
HISTORY_BY = "操作人：{user}"
HISTORY_BY_ROWS = "操作人：{user} · {rows:,} 行"
HISTORY_RESTORED = "恢复到导入 {import_id} 之前"
RESTORE_PICK = "恢复到某次导入之前的数据"
RESTORE_OPTION = "{id} · {at} · {kind}"  # an import in the restore picker (fits a phone's box)
RESTORE_FILES = "该次的文件：{files}"
RESTORE_BUTTON = "恢复"
USERS = "账号"
USER_ADD = "添加账号"
USER_ROLE = "角色"
USER_UNIT = "所属单位（单位用户）"
NO_UNIT = "无（非单位用户）"  # the unit picker's choice for an account without a unit
USER_ADD_BUTTON = "添加"
USER_REMOVE = "删除账号"
USER_REMOVE_BUTTON = "删除"
USER_PASSWD = "重设密码"
USER_PASSWD_BUTTON = "重设"
USER_COLUMNS = {
    "username": "用户名",
    "role": "角色",
    "unit": "单位",
    "is_demo": "示例账号",
    "failed_logins": "连续失败",
    "locked_until": "锁定至",
    "created_at": "创建时间",
}
ACCOUNT_UNIT = "单位：{unit}"  # an account's card on a phone
ACCOUNT_FAILED = "连续失败 {n} 次"
ACCOUNT_LOCKED = "锁定至 {time:%Y-%m-%d %H:%M}"
ACCOUNT_CREATED = "创建于 {time:%Y-%m-%d %H:%M}"
AUDIT_CARD_TIME = "{time:%Y-%m-%d %H:%M:%S}"  # an audit entry's card on a phone
AUDIT_CARD_USER = "用户：{user}"
AUDIT = "审计日志（最近 500 条）"
AUDIT_COLUMNS = {"logged_at": "时间", "username": "用户", "action": "操作", "detail": "详情"}
AUDIT_ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "locked": "锁定",
    "logout": "退出",
    "import": "导入",
    "restore": "恢复",
    "export": "导出",
    "user_add": "添加账号",
    "user_remove": "删除账号",
    "user_passwd": "修改密码",
}

# --- 摘牌风险 -----------------------------------------------------------------------------------
PAGE_RISK = "摘牌风险"
RISK_TIER_NAMES = {"高": "高风险", "中": "中风险", "低": "低风险"}  # KPIs, charts, card pills
RISK_RULES_OFF = "部分规则未启用（缺少数据），风险分不含这些规则："
RISK_FILTER_RULE = "触发规则"
RISK_ALL_UNITS = "全部单位"
RISK_ALL_RULES = "全部规则"
RISK_SECTION_LIST = "预警清单"
RISK_COUNT = "共 {total:,} 个工作室，按风险分从高到低排列。电脑上点选一行、手机上点“查看档案”，即可打开该工作室的档案。"
RISK_COUNT_CAPPED = (
    "共 {total:,} 个工作室，显示风险分最高的 {shown:,} 个（导出包含全部）。"
    "电脑上点选一行、手机上点“查看档案”，即可打开该工作室的档案。"
)
RISK_EXPORT = "导出预警清单"
RISK_EXPORT_HELP = (
    "Excel 文件：标题、数据截至日期、范围和筛选条件、排名、风险原因及证据，另附评分规则。"
)
RISK_EXPORT_TITLE = "劳模（职工）创新工作室摘牌风险预警清单"
RISK_EXPORT_FILE = "摘牌风险预警清单_{date}.xlsx"
RISK_EXPORT_SHEET = "预警清单"
RISK_EXPORT_RULES_SHEET = "评分规则"
RISK_FILTER_LINE = "风险等级：{tiers}；规则：{rule}"
RISK_SECTION_UNITS = "各单位风险分布"
RISK_UNITS_TOP = "风险最高的 {n} 个单位（共 {total:,} 个），按高风险、中风险工作室数排序。"
RISK_UNITS_ALL = "按高风险、中风险工作室数排序。"
RISK_SECTION_RULES = "触发最多的规则"
RISK_RULES_NOTE = "全部在册工作室中触发各规则的工作室数。"
RISK_RULES_NONE = "没有触发任何规则的工作室。"
RISK_SETTINGS = "评分规则与参数"
RISK_TIERS_NOTE = (
    "风险分为所触发规则的分值之和。风险等级：高 ≥ {high} 分；中 {medium}–{high_1} 分；"
    "低 < {medium} 分。分值、期限和阈值由系统设置确定，管理员可调整。"
)
RULE_CONDITION = {
    "R1": "近 {r1_window_days} 天内（截至数据日期）没有完成的创新成果",
    "R2": (
        "应提交的年度评估缺失：每年 {due_month} 月 {due_day} 日起应有上一年度的评估（此前为前一年度），"
        "命名当年及以后的年度才需提交"
    ),
    "R3": "应提交年度的评估等次为不合格",
    "R4": "最近一次检查结论为不合格",
    "R5": "最近一次检查中有基本条件不达标",
    "R6": "被通报后尚无整改完成或摘牌记录",
    "R7": "近 {r7_window_days} 天内没有检查",
    "R8": "近 {r8_window_days} 天内活动少于 {r8_min_activities} 次（有活动记录时启用）",
    "R9": "成员少于 {r9_min_members} 人",
    "R10": "年度经费为 0 万元",
}
RULE_POINTS_EACH = "每项 {each} 分，最多 {most} 分"
RISK_TIERS_RULE = "风险等级"
RISK_TIERS_CONDITION = (
    "风险分为所触发规则的分值之和：高 ≥ {high} 分，中 {medium}–{high_1} 分，低 < {medium} 分"
)
RULE_ON = "启用"
RULE_OFF_STATE = "未启用：未导入“{sheet}”"
COL_RULE = "规则"
COL_CONDITION = "触发条件"
COL_POINTS = "分值"
COL_RULE_STATE = "状态"
RISK_EXPORT_COLUMNS = {
    "rank": "序号",
    "tier": "风险等级",
    "score": "风险分",
    "studio_id": "工作室编号",
    "studio_name": "工作室名称",
    "unit": "推荐单位",
    "studio_type": "类型",
    "leader": "领衔人",
    "host": "依托单位",
    "phone": "联系电话",
    "reasons": "风险原因及证据",
}
REASON_POINTS = "{detail}，{points} 分"
POINTS = "+{points} 分"

# --- 工作室档案 ---------------------------------------------------------------------------------
PAGE_STUDIO = "工作室档案"
STUDIO_SEARCH = "搜索工作室"
STUDIO_SEARCH_HINT = "编号、名称、领衔人或依托单位"
STUDIO_PICK = "选择工作室"
STUDIO_OPTION = "{id} {name}（{unit}）"
STUDIO_PICK_HINT = "从搜索结果中选择"
STUDIO_PICK_MORE = "共 {total:,} 个匹配，列出前 {shown:,} 个；输入关键字缩小范围。"
STUDIO_NO_MATCH = "没有匹配“{q}”的工作室。"
STUDIO_NONE_PICKED = "请搜索并选择一个工作室，查看它的完整档案。"
STUDIO_NOT_FOUND = "没有找到编号为“{id}”的工作室，或该工作室不在您的查看范围内。"
STUDIO_SHARE = "本页地址含工作室编号（…/studio?id={id}），可复制分享或打印（浏览器“打印”）。"
STUDIO_SUBTITLE = "{id} · {unit} · {type}"
KPI_STUDIO_STATUS = "当前状态"
KPI_STUDIO_RISK = "摘牌风险"
KPI_STUDIO_OUTCOMES = "累计成果"
KPI_STUDIO_ACTIVITIES = "近12个月活动"
STUDIO_WARNED = WARNED
ITEMS = "{n} 项"
STUDIO_RISK_VALUE = "{light} · {score} 分"
STUDIO_NOT_RATED = "不适用"
TIMES = "{n} 次"
SECTION_REGISTRY = "基本信息"
REGISTRY_FIELDS = {
    "studio_id": "工作室编号",
    "studio_name": "工作室名称",
    "studio_type": "类型",
    "leader": "领衔人",
    "leader_honor": "领衔人荣誉",
    "skill_level": "技能等级",
    "host": "依托单位",
    "unit": "推荐单位",
    "unit_kind": "单位类别",
    "industry": "所属行业",
    "campaign_year": "申报年度",
    "members": "成员人数",
    "area_m2": "场所面积(㎡)",
    "funding_wan": "年度经费(万元)",
    "phone": "联系电话",
    "applied_on": "申报日期",
    "first_named_on": "命名日期",
}
SECTION_STUDIO_RISK = "当前摘牌风险"
STUDIO_RISK_SCORE = "风险分 {score} 分，风险等级 {light}"
STUDIO_RISK_CLEAN = "未触发任何规则。"
STUDIO_NOT_NAMED = "截至 {date} 该工作室不是已命名状态（{status}），不计算摘牌风险。"
STUDIO_RULES_OFF = "未启用的规则（缺少数据）：{rules}"
SECTION_CONDITIONS = "九项基本条件"
CONDITIONS_FROM = (
    "依据最近一次检查：{date}，{method}，检查编号 {id}，结论 {conclusion}，总分 {score}"
)
CONDITIONS_TALLY = "达标 {ok} 项 · 基本达标 {fair} 项 · 不达标 {bad} 项"
CONDITIONS_NONE = "截至数据日期尚无检查记录。"
SHEET_NOT_LOADED = "未导入“{sheet}”。"
ISSUES = "问题及整改要求"
RECTIFY_BY = "整改期限"
SECTION_HISTORY = "状态历程"
SECTION_INSPECTIONS = "检查记录"
SECTION_ASSESSMENTS = "年度评估"
SECTION_OUTCOMES = "创新成果"
SECTION_ACTIVITIES = "活动记录"
NO_RECORDS = "截至数据日期暂无记录。"
OUTCOMES_SUMMARY = (
    "共 {n} 项成果，经济效益 {benefit}；发明专利 {inv} 件、实用新型 {util} 件、外观设计 {design} 件；"
    "推广应用 {adopted} 项。"
)
ACTIVITIES_SUMMARY = "近12个月 {recent} 次，累计 {n} 次，参与 {people:,} 人次。"
CHART_OUTCOMES_ADOPTED = "已推广应用"
CHART_OUTCOMES_NOT_ADOPTED = "未推广应用"
CHART_OUTCOMES_HOVER = "经济效益"
STUDIO_COLUMNS = {
    "event_date": "日期",
    "status": "状态",
    "doc_no": "文号",
    "note": "备注",
    "inspection_id": "检查编号",
    "inspected_on": "检查日期",
    "method": "检查方式",
    "score": "总分",
    "conclusion": "结论",
    "failed": "不达标项数",
    "issues": "问题及整改要求",
    "rectify_by": "整改期限",
    "inspector": "检查人",
    "assessment_year": "年度",
    "submitted_on": "提交日期",
    "grade": "评估等次",
    "outcome_id": "成果编号",
    "title": "成果名称",
    "category": "成果类别",
    "completed_on": "完成日期",
    "benefit_wan": "经济效益(万元)",
    "invention_patents": "发明专利",
    "utility_patents": "实用新型",
    "design_patents": "外观设计",
    "adopted": "推广应用",
    "award_level": "获奖等级",
    "social_benefit": "社会效益",
    "activity_date": "活动日期",
    "activity_type": "活动类型",
    "participants": "参与人次",
}
GRADE_FAILED = "不合格"  # the failing grade of 年度评估, marked in the studio file
YES = "是"
NO = "否"

# --- accounts: who did it, and a role with its unit -----------------------------------------
WITH_UNIT = "，{unit}"  # appended to a role when the account belongs to a unit
DEMO_ACCOUNT = "{name}（{role}{unit}）"
BY_SAMPLE = "示例数据"  # the audit log's actor for the demo accounts
BY_CLI = "命令行"  # the audit log's actor for `studiodash user` without --by

# --- the command line (studiodash --help) ---------------------------------------------------
CLI_HELP = {
    "init": "准备数据库（首次启动时导入示例数据）",
    "sample": "生成示例数据",
    "import": "导入台账与成果导出文件",
    "import_user": "记录在导入日志中的操作人（默认：当前系统用户）",
    "report": "生成报告（JSON 或 xlsx）",
    "user": "管理登录账号：add | list | remove | passwd",
    "user_unit": "单位用户所属的推荐单位",
    "password_stdin": "从标准输入读取密码（一行）",
    "by": "记录在审计日志中的操作人",
    "history": "导入历史",
    "restore": "恢复到某次导入之前的数据",
}
CLI_NEED_USERNAME = "user add|remove|passwd 需要用户名"
CLI_NEED_ROLE = "user add 需要 --role"
HISTORY_RESTORED_TO = "→ 导入 {import_id} 之前"

# --- number and column formats ---------------------------------------------------------------
WAN = "万元"
WAN_VALUE = "{value:,.2f} " + WAN
CAMPAIGN_YEAR = "{} 年度"
CHART_BENEFIT_BAR = "{benefit:,.2f}（{n}项）"
CHART_FUNNEL_BAR = "{n:,}（{share:.0%}）"  # a stage's studios and their share of the first stage

# --- sessions and errors (app) --------------------------------------------------------------
SESSION_ENDED = "您的登录已结束（已在其他地方退出，或账号已被修改、删除），请重新登录。"
LOGOUT_EVERYWHERE = "退出所有设备"
PAGE_ERROR = "页面出错，请稍后重试。如问题持续，请把错误编号 {ref} 告知管理员。"

# --- accounts and lockout (access) ------------------------------------------------------------
AUTH_PASSWORD_BLANK = "密码不能为空，也不能只有空格。"
AUTH_TOO_MANY = "登录尝试过于频繁，请稍后再试。"
AUTH_BUSY = "登录服务暂时繁忙，请稍后再试。"
AUTH_USER_CHANGED = "已修改用户 {username}：{role}{unit}。该账号的 {n} 个登录会话已结束。"
AUTH_SESSIONS_ENDED = "已结束用户 {username} 的 {n} 个登录会话。"
USER_CHANGE = "修改角色与单位"
USER_CHANGE_BUTTON = "修改"
USER_SIGNOUT = "让账号退出所有设备"
USER_SIGNOUT_BUTTON = "全部退出"
USER_REMOVE_CONFIRM = "删除账号 {username}：该账号的 {n} 个登录会话将立即结束"
AUDIT_ACTIONS_ACCOUNTS = {
    "user_change": "修改角色与单位",
    "user_sessions_end": "结束全部会话",
    "demo_drop": "停用示例账号",
}

# --- confirmations (data page) -----------------------------------------------------------------
CANCEL = "取消"
RESTORE_CONFIRM = "恢复到导入 {import_id} 之前：{changes}。恢复本身也记入导入历史，可再次恢复。"
ROWS_CHANGE = "{sheet} {now} → {after} 行"
RESTORE_YES = "确认恢复"
IMPORT_AS_DEMO = (
    "您正使用示例账号。导入正式数据后，所有示例账号（包括当前账号）将停用并立即退出；"
    "请先在“用户与审计”中创建正式管理员账号。"
)

# --- 申报审核 (the department's review of the campaign's applicants) -----------------------------
PAGE_APPLICATIONS = "申报审核"
APP_KPIS = {
    "applied": "申报",
    "late": "逾期申报",
    "ineligible": "不符合形式",
    "unverified": "待核实",
}
ELIGIBILITY_MARK = {"符合": "符合", "不符合": "不符合", "待核实": "待核实"}  # coloured cells
F_ELIGIBILITY = "形式审查"
F_LATE = "只看逾期申报"
F_STATUS = "状态"
APP_ALL_UNITS = "全部单位"
APP_SECTION_LIST = "申报工作室"
APP_SECTION_UNITS = "各单位申报情况"
APP_COUNT = "共 {total} 个申报工作室符合条件，其中 {problems} 个需处理（不符合、待核实或逾期）。"
APP_NONE = "没有符合条件的申报工作室。"
COL_QUALIFICATION = "领衔人荣誉/技能等级"
COL_REVIEW_NOTE = "审查说明"
COL_LATE = "逾期"
NOT_FILLED = "（未填写）"
ELIGIBILITY_REASON = {
    "劳模创新工作室": {
        "不符合": "劳模创新工作室的领衔人荣誉为“{value}”，不符合第四条（一）（须受市级及以上表彰）",
        "待核实": "劳模创新工作室未填写领衔人荣誉，需核实是否符合第四条（一）",
    },
    "高技能人才创新工作室": {
        "不符合": "高技能人才创新工作室的领衔人技能等级为“{value}”，不符合第四条（二）（须高级工及以上）",
        "待核实": "高技能人才创新工作室未填写技能等级，需核实是否符合第四条（二）",
    },
}
LATE_REASON = "申报日期 {applied} 晚于申报截止日期 {deadline}"
APP_UNIT_COLUMNS = {
    "unit": "推荐单位",
    "applied": "申报",
    "符合": "符合",
    "不符合": "不符合",
    "待核实": "待核实",
    "late": "逾期",
}
APP_UNIT_ATTENTION = (
    "需处理"  # a unit card's pill when it has applicants not fitting, to verify or late
)
CARD_APP_UNIT = "申报 {applied} · 符合 {fit} · 不符合 {unfit} · 待核实 {check} · 逾期 {late}"
APP_EXPORT_TITLE = "申报工作室审查表"
APP_EXPORT_FILE = "申报审核_{year}_{date}.xlsx"
APP_EXPORT_SHEET = "申报工作室"

# --- 表彰与荣誉 (金牌职工 roll and commendation candidates) ------------------------------------------
PAGE_HONOURS = "表彰与荣誉"
HON_SECTION_ROLL = "金牌职工名录"
HON_ROLL_NOTE = (
    "挂牌的市级示范创新工作室领衔人授予“金牌职工”荣誉称号（通知第七条（三））；命名时间为首次命名。"
)
HON_ROLL_COUNT = "共 {total} 人，其中在册 {active} 人。"
F_CAMPAIGN = "申报年度"
F_ROLL_STATE = "状态"
ROLL_STATE = {"active": "在册", "delisted": "已摘牌"}
ROLL_DELISTED = "已摘牌（{date}）"
ROLL_PUBLISH = {  # the roll as a federation publishes it
    "no": "序号",
    "leader": "姓名",
    "studio_name": "工作室名称",
    "unit": "推荐单位",
    "named_on": "命名时间",
    "document_no": "文号",
}
ROLL_EXPORT_TITLE = "金牌职工名录"
ROLL_EXPORT_FILE = "金牌职工名录_{date}.xlsx"
HON_SECTION_CANDIDATES = "表彰建议名单"
HON_CANDIDATES_NOTE = "已命名、未被通报、摘牌风险为低，且符合下列每一项已启用条件的工作室。"
HON_NEAR_MISS = "差一项的工作室"
HON_NEAR_MISS_NOTE = "只差一项即可列入建议名单的工作室，以及差在哪里。"
HON_NONE = "当前没有符合全部条件的工作室。"
HON_NEAR_NONE = "没有只差一项的工作室。"
CRITERIA_NAMES = {"C1": "检查优良", "C2": "评估优秀", "C3": "成果显著", "C4": "活动正常"}
CRITERIA_RULES = {
    "C1": "最近一次检查在近 {c1_window_days} 天内，结论为优秀或良好",
    "C2": "应交年度评估的等次为优秀",
    "C3": "近 {c3_window_days} 天经济效益合计 ≥ {c3_min_benefit_wan:g} 万元，或发明专利 ≥ {c3_min_invention_patents} 件",
    "C4": "近 {c4_window_days} 天活动 ≥ {c4_min_activities} 次",
}
CRITERIA_LINE = "{key} {name}：{rule}"
CRITERIA_OFF = "{key} {name}：未导入“{sheet}”，本条件未启用"
EVIDENCE = {
    "C1": "{inspection_id} {inspected_on} {conclusion}",
    "C2": "{assessment_year} 年度 {assessment_grade}",
    "C3": "效益 {benefit} 万元，发明专利 {invention_patents} 件",
    "C4": "活动 {activities} 次",
}
EVIDENCE_NONE = {"C1": "无检查记录", "C2": "未提交", "C3": "", "C4": ""}
MISSED = {
    "C1": "C1 检查优良未达到（{evidence}）",
    "C2": "C2 评估优秀未达到（{evidence}）",
    "C3": "C3 成果显著未达到（{evidence}）",
    "C4": "C4 活动正常未达到（{evidence}）",
    "warned": WARNED,
    "tier": "摘牌风险为{tier}（{score} 分）",
}
COL_CRITERIA_MET = "符合条件"
COL_MISSED = "差在哪里"
CANDIDATES_EXPORT_TITLE = "表彰建议名单"
CANDIDATES_EXPORT_FILE = "表彰建议名单_{date}.xlsx"
NEAR_MISS_EXPORT_FILE = "差一项的工作室_{date}.xlsx"
HON_SHOWN = "共 {total:,} 个，显示前 {shown:,} 个；导出含全部。"
# 表彰与荣誉's lists as a phone's cards (dashboard/lists.py)
HON_PILL = {"candidate": "建议表彰", "near": "差一项"}
CARD_ROLL_NAMED = "{unit} · 命名于 {date}"
CARD_ROLL_DOCUMENT = "文号：{no}"
CARD_ROLL_DELISTED = "摘牌于 {date}"
CARD_UNIT_LEADER = "{unit} · 领衔人 {leader}"
CARD_EVIDENCE = "{key} {name}：{evidence}"
CARD_OUTCOME_FIGURES = (
    "经济效益 {wan} · 专利 {patents} 件 · 推广应用 {adopted}"  # wan: CARD_WAN or —
)
CARD_OUTCOME_WHERE = "{unit} · {category} · 完成于 {date}"
CARD_BENEFIT_WAN = "经济效益 {wan} 万元"  # a unit's card on 成果效益
CARD_BENEFIT_YOY = "同比 {yoy}"
CARD_BENEFIT_COUNTS = "工作室 {studios} 个 · 成果 {outcomes} 项 · 室均效益 {per}"
CARD_WAN = "{wan} 万元"
CARD_BENEFIT_PATENTS = FACT_SEP.join(
    [f"{COLUMNS[k]} {{{k}}} 件" for k in ("invention_patents", "utility_patents", "design_patents")]
    + [COLUMNS["adopted_share"] + " {adopted_share}"]
)
CARD_OUTCOME_WHEN = "{category} · 完成于 {date}"  # an outcome's card in the studio's own file
CARD_OUTCOME_ID = "成果编号 {id}"
CARD_INSPECTION_TITLE = "{date} · {method}"
CARD_INSPECTION_SCORE = "总分 {score} · 不达标 {failed} 项"
CARD_INSPECTION_ISSUES = "问题及整改要求：{issues}"
CARD_INSPECTION_RECTIFY = "整改期限 {date}"
CARD_INSPECTION_ID = "检查编号 {id} · {origin} · 检查人 {inspector}"

# --- Streamlit's own widget text, and the audit log in words ----------------------------------------
CHOOSE = "请选择"
CHOOSE_ACCOUNT = "请选择账号"
ACCOUNT_FIRST = "请先选择账号。"
UPLOAD_BUTTON = "选择文件"
UPLOAD_LIMIT = "每个文件不超过 {mb} MB · xlsx、csv"
PRESS_ENTER = "按回车确认"
MISSING = "—"
AUDIT_KEYS = {
    "file": "文件",
    "page": "页面",
    "list": "名单",
    "rows": "行数",
    "import_id": "导入编号",
    "files": "文件",
    "before_import": "恢复到导入之前",
    "username": "账号",
    "role": "角色",
    "unit": "单位",
    "sessions": "结束会话",
    "accounts": "账号数",
    "attempt": "连续失败次数",
    "reason": "原因",
    "scope": "范围",
    "filters": "筛选",
    "detail": "说明",
}
AUDIT_REASONS = {
    "unknown_user": "用户名不存在",
    "unknown user": "用户名不存在",
    "locked": "账号已锁定",
    "demo_disabled": "示例账号已停用",
    "demo disabled": "示例账号已停用",
}
AUDIT_ATTEMPT_OLD = "attempt "  # how older versions wrote a failed attempt ("attempt 3")

# --- chart hygiene (issue 17, point 5): axis titles with units, money in 亿元, 同比 bases --------
AXIS_WAN = "经济效益（万元）"
AXIS_STUDIOS = "工作室（个）"
AXIS_PATENTS = "专利（件）"
AXIS_OUTCOMES = "成果数（项）"
# Each chart's accessible name (read by a screen reader in place of the drawing; charts.Chart.alt)
CHART_ALT = {
    "burnup": "命名进度折线图：累计命名、目标、序时进度线",
    "funnel": "申报流程条形图：各环节工作室数及占申报数比例",
    "by_type": "按类型条形图：各类型申报数与已命名数",
    "benefit_bars": "各单位经济效益条形图（万元）",
    "patent_stack": "各单位专利堆积条形图：发明专利、实用新型、外观设计",
    "category_bars": "按成果类别经济效益条形图（万元）",
    "benefit_trend": "历年趋势图：经济效益（万元）柱形与成果数折线",
    "risk_by_unit": "各单位摘牌风险堆积条形图：高、中、低风险工作室数",
    "risk_rules": "各规则触发情况堆积条形图：高、中、低风险工作室数",
    "outcome_timeline": "创新成果时间分布散点图：按完成日期与成果类别",
}
YI = "亿元"
YI_VALUE = "{value:,.2f} " + YI  # a sum of 1 亿 (10,000 万元) or more on a KPI card
YOY_SMALL_BASE = "基数过小"  # a year earlier below yoy_min_base_wan: no percentage
YOY_NOTE_BASE = "上年同期经济效益不足 {base:g} 万元的，同比显示“基数过小”。"
YOY_DOWN_MARK = YOY_DOWN[0]  # how a decline's 同比 starts (YOY_DOWN): its table cell is toned red
YOY_UP_MARK = YOY_UP[0]  # how a rise's 同比 starts: a card's pill is green
KPI_STUDIOS_ACTIVE = "累计在册工作室"  # 成果效益: every campaign's named studios, not delisted
KPI_STUDIOS = KPI_STUDIOS_ACTIVE  # 摘牌风险 counts the same studios
KPI_STUDIOS_ACTIVE_HELP = (
    "截至数据日期仍在册（已命名、未摘牌）的全部工作室，历年累计，不限创建年度；"
    "“创建进度”页的“本年度命名”只计本年度创建活动。"
)
KPI_NAMED_HELP = (
    "{year} 年度创建活动中已命名的工作室，不含往年命名的；"
    "“成果效益”页的“累计在册工作室”为历年累计。"
)
# Reassigned (issue 17, point 5): the card says what it counts, and the money cards carry their
# unit (万元 or 亿元) in the value, so the label drops "(万元)".
KPI_NAMED = "本年度命名"
KPI_BENEFIT = "经济效益"
KPI_PER_STUDIO = "室均效益"

# --- 工作室档案 printed and exported (dashboard/printing.py, studio_file.workbook) ------------
PRINT = "打印"
PRINT_HELP = "打印本页或另存为 PDF（A4 纵向）"
PRINT_HEADER = "{page} · 数据截至 {date}"  # at the top left of every printed page
PRINT_TIME = "打印时间 {time}"  # at the top right of every printed page
PRINT_PAGES = "第 {page} 页，共 {pages} 页"  # at the foot of every printed page
STUDIO_EXPORT_HELP = "整份档案导出为 Excel：每个部分一个工作表。"
STUDIO_EXPORT_TITLE = "工作室档案 {id} {name}"
STUDIO_EXPORT_FILE = "工作室档案_{id}_{date}.xlsx"
FILE_ITEM = "项目"
FILE_VALUE = "内容"
CONDITION = "基本条件"
CONDITION_GRADE = "检查结果"
AUDIT_KEYS["studio_id"] = "工作室编号"  # the studio of an exported file, in the audit log

# --- lists on a phone, filters in force, the way back (dashboard/lists.py) ----------------------
CHIP = "{name}：{text}"  # a filter in force, above the results
CHIP_REMOVE = "去掉这个筛选条件"
F_CLEAR = "清除筛选"
FILTER_SEP = "；"
FILTERS_LINE = "筛选条件：{filters}"  # an export's title rows, under 数据截至 and the scope
NO_FILTERS = "无（全部）"
# Under a phone's cards when the list holds more: each offers only what its list has.
CARDS_MORE = "手机上显示前 {shown} 条，共 {total} 条；完整列表请在电脑上查看。"
CARDS_MORE_FILTER = "手机上显示前 {shown} 条，共 {total} 条：请用筛选缩小范围，或导出全部。"
CARDS_MORE_EXPORT = "手机上显示前 {shown} 条，共 {total} 条：全部可用下方的“导出 Excel”导出。"
CARDS_MORE_FILE = "手机上显示前 {shown} 条，共 {total} 条：全部见页首“导出 Excel”的整份档案。"
CARDS_MORE_DRAFT = "手机上显示前 {shown} 条，共 {total} 条：保存计划后，全部可用“导出 Excel”导出。"
CARDS_MORE_PLAN = "手机上显示前 {shown} 条，共 {total} 条：全部可用上方的“导出 Excel”导出。"
BACK_TO_LIST = "返回列表"
CARD_UNIT_TYPE = "{unit} · {kind}"
CARD_SCORE = COLUMNS["score"] + " {score} · {status}"
# 检查查询's filters by their URL key, as the chips and the export's title rows name them
EXPLORE_FILTER_NAMES = {
    "q": EXPLORE_SEARCH,
    "u": F_UNITS,
    "k": F_KINDS,
    "t": F_TYPES,
    "s": F_STATUSES,
    "i": F_INDUSTRIES,
    "r": F_TIERS,
    "ny": F_NAMED_YEARS,
    "cy": F_CAMPAIGN_YEARS,
}
CARD_RISK = COLUMNS["score"] + " {score} · {unit}"
CARD_COMPLETION = "完成率 {pct}"
CARD_UNIT_LATE = f"{COLUMNS['late']} {{late}}"
# a unit's figures on its card, in the words of the units table's headers (名额 … 缺口)
CARD_UNIT_COUNTS = FACT_SEP.join(
    f"{COLUMNS[k]} {{{k}}}" for k in ("quota", "applied", "in_review", "named", "shortfall")
)
# Reassigned: the file has its own 打印 button now (dashboard/printing.py).
STUDIO_SHARE = "本页地址含工作室编号（…/studio?id={id}），可复制分享；点“打印”可打印或另存为 PDF。"
# Added: report's JSON is compact unless asked (issue 21).
CLI_HELP = {**CLI_HELP, "pretty": "JSON 按缩进排版输出（默认紧凑，一行）"}
# --- Inspections recorded in the app (issue 18: dashboard/inspections.py) ---
FORM_FILE = "现场检查录入"  # where a form's problems are said to be, as a file is for an import
FORM_NEW_ID = "（提交时编号）"  # the 检查编号 a form has before it is numbered
INSPECT_NOT_ALLOWED = "只有管理员和检查员可以录入检查记录，作废只能由管理员操作。"
INSPECT_REFUSED = "检查记录未提交：有 {n} 处需要修改。"
VOID_NEEDS_REASON = "作废检查记录须填写原因。"
VOID_UNKNOWN = "没有可作废的现场录入检查记录“{id}”（编号不存在或已作废）。"
ORIGIN_APP = "现场录入"
ORIGIN_IMPORT = "台账导入"  # from the ledger's 检查记录, not recorded in the app

# --- 检查计划 (dashboard/views/plan.py, dashboard/checklist.py) -----------------------------------
# PAGE_PLAN: below (the router's title)
# ------------------------------------------------------------------------------------
PLAN_NO_PERMISSION = "无权限：检查计划只对管理员、检查员和领导开放。"
PLAN_READ_ONLY = "领导账号可以查看和打印已保存的计划；生成和保存计划由管理员或检查员操作。"
PLAN_SECTION_NEW = "生成计划"
PLAN_KIND = "检查方式"
PLAN_SIZE = "抽取数量"
PLAN_SIZE_HELP = "计划中的工作室个数；长期未检查（规则 R7）的工作室一律列入，可能超过这个数。"
PLAN_SEED = "随机种子"
PLAN_SEED_HELP = "同一种子、同一数据、同样的条件，生成的计划完全相同；换一个数字即重新抽取。"
PLAN_SCOPE = "抽取范围"
PLAN_DRAW = "生成计划"
PLAN_STALE = "条件已改动：请重新点“生成计划”。"
PLAN_NONE_IN_SCOPE = "范围内没有符合条件的工作室，请放宽筛选条件。"
PLAN_HOW = "抽样方法"
PLAN_LIST = "计划名单"
PLAN_COUNT = "共 {n} 个工作室。"
PLAN_PAIRING = "互查安排"
PLAN_PAIRING_NOTE = "每个检查单位检查的工作室个数，不检查本单位的工作室。"
PLAN_SAVE = "保存计划"
PLAN_SAVED = "已保存为第 {id} 号计划。"
PLAN_SECTION_SAVED = "已保存的计划"
PLAN_SAVED_NONE = "还没有保存的计划。"
PLAN_OPEN = "打开计划"
PLAN_OPEN_HINT = "选择一份计划"
PLAN_OPTION = "第 {id} 号 · {kind} · {size} 个工作室"  # fits a phone's box; when and who: its card
PLAN_HEADER = "第 {id} 号计划 · {kind} · {size} 个工作室 · 随机种子 {seed} · {by} 制定于 {at}"
PLAN_SAVED_COLUMNS = {
    "plan_id": "计划编号",
    "created_at": "制定时间",
    "created_by": "制定人",
    "kind": "检查方式",
    "seed": "随机种子",
    "size": "工作室数",
}
PLAN_COLUMNS = {
    "order": "序号",
    "studio_id": "工作室编号",
    "studio_name": "工作室名称",
    "unit": "推荐单位",
    "inspecting_unit": "检查单位",
    "risk_score": "风险分",
    "overdue": "长期未检",
    "reason": "列入原因",
}
PAIRING_COLUMNS = dict(inspecting_unit="检查单位", inspected_unit="被检查单位", studios="工作室数")
# --
PLAN_EXPORT_FILE = "检查计划_{id}_{date}.xlsx"
PLAN_EXPORT_TITLE = "检查计划 第 {id} 号（{kind}）"
PLAN_EXPORT_HELP = "计划名单、互查安排和计划说明（制定人、时间、随机种子、参数、抽样方法）。"
PLAN_SHEETS = ("计划名单", "互查安排", "计划说明")
PLAN_FACTS = {
    "plan_id": "计划编号",
    "kind": "检查方式",
    "created_by": "制定人",
    "created_at": "制定时间",
    "seed": "随机种子",
    "size": "工作室数",
    "params": "参数",
    "how": "抽样方法",
}
PLAN_CARD_UNIT = "{unit} · 风险分 {score}"
PLAN_CARD_INSPECTOR = f"{PLAN_COLUMNS['inspecting_unit']}：{{unit}}"
PLAN_CARD_REASON = f"{PLAN_COLUMNS['reason']}：{{reason}}"
PLAN_SHOW_CHECKLISTS = "显示检查表（每个工作室一页，可打印）"
PLAN_CHECKLISTS_BATCH = "检查表（每次打印至多 {n} 份）"
PLAN_BATCH_OPTION = "第 {first}–{last} 份"
PLAN_CHECKLISTS_NOTE = "点“打印”只打印下面的检查表：每个工作室一页 A4。"
PLAN_NOT_FOUND = "找不到第 {id} 号计划。"
AUDIT_ACTIONS["plan_save"] = "保存检查计划"
AUDIT_KEYS["plan_id"] = "检查计划"

# the printed checklist: one A4 page per planned studio
CHECKLIST_TITLE = "劳模和工匠人才创新工作室检查表"
CHECKLIST_LINE = "第 {id} 号计划 · {kind} · 第 {n} 份，共 {total} 份"
CHECKLIST_NO_STUDIO = "该工作室不在您的范围内，或已不在台账中。"
CHECKLIST_FACTS = "基本信息"
CHECKLIST_LAST = "最近一次检查"
CHECKLIST_LAST_NONE = "截至数据日期尚无检查记录。"
CHECKLIST_CONDITIONS = "九项基本条件"
CHECKLIST_NO = "序号"
CHECKLIST_CONDITION = "基本条件"
CHECKLIST_BEFORE = "上次结果"
CHECKLIST_NOW = "本次检查结果"
CHECKLIST_BOXES = "□ 达标　□ 基本达标　□ 不达标"
CHECKLIST_SCORE = "总分"
CHECKLIST_SCORE_BLANK = "＿＿＿＿＿ 分（0–100）"
CHECKLIST_CONCLUSION = "结论"
CHECKLIST_CONCLUSION_BOXES = "□ 优秀　□ 良好　□ 合格　□ 不合格"
CHECKLIST_ISSUES = "问题及整改要求"
CHECKLIST_RECTIFY = "整改期限"
CHECKLIST_DATE_BLANK = "＿＿＿＿年＿＿月＿＿日"
CHECKLIST_INSPECTOR_SIGN = "检查人签字："
CHECKLIST_LEADER_SIGN = "工作室负责人签字："
CHECKLIST_SIGN_DATE = "日期："
CHECKLIST_INSPECTING_UNIT = "检查单位"
PAGE_PLAN = "检查计划"
PAGE_INSPECT = "现场检查录入"
IMPORT_RECONCILED = (
    "本次导入的检查记录中有 {n} 条与现场录入的检查编号相同，已以导入的记录为准（对账）。"
)
AUDIT_ACTIONS["inspection_add"] = "现场录入检查记录"
AUDIT_ACTIONS["inspection_void"] = "作废检查记录"
AUDIT_ACTIONS["inspection_export"] = "导出现场录入的检查记录"
AUDIT_KEYS["inspection_id"] = "检查编号"
AUDIT_KEYS["since"] = "录入起始日期"
AUDIT_KEYS["unit"] = AUDIT_KEYS.get("unit", "推荐单位")
CLI_HELP = {
    **CLI_HELP,
    "inspections": "现场录入的检查记录：export 导出为“检查记录”表（xlsx 与 CSV），可直接并入台账",
    "since": "只导出该日期（YYYY-MM-DD）及以后录入的记录",
    "out_dir": "输出目录（默认当前目录）",
}
INSPECTIONS_EXPORTED = "已导出 {n} 条现场录入的检查记录："
CHECKLIST_SIGN_BLANK = "＿＿＿＿＿＿＿＿"
CHECKLIST_LAST_ID = "检查编号 {id}"
# --- 检查计划: drawing, pairing and saving (dashboard/plans.py) -------------------------------
PLAN_REASON = {"overdue": "长期未检查", "drawn": "抽中", "paired": "互查"}
PLAN_HOW_START = "随机种子 {seed}，计划数 {size} 个，候选工作室 {candidates} 个（先按工作室编号排序再抽取，与名单原有顺序无关）。"
PLAN_HOW_NO_CANDIDATES = "范围内没有候选工作室，计划为空。"
PLAN_HOW_OVERDUE = "长期未检查（{days} 天内没有检查记录，即规则 R7）的 {n} 个工作室全部列入。"
PLAN_HOW_OVERDUE_NONE = "没有长期未检查（{days} 天内没有检查记录）的工作室。"
PLAN_HOW_ONLY_OVERDUE = "长期未检查的工作室有 {n} 个，已达到或超过计划数 {size} 个：计划只含这些工作室，没有再抽取其他工作室。"
PLAN_HOW_TAKE_ALL = "其余候选工作室只有 {n} 个，不超过剩余名额 {left} 个：全部列入，未抽样。"
PLAN_HOW_STRATA = (
    "其余 {k} 个名额按推荐单位分层：按各单位未逾期的候选工作室数（{units} 个单位共 {n} 个）"
    "成比例分配，用最大余数法取整，余数相同的单位由随机种子决定先后。"
)
PLAN_HOW_QUOTAS = "各单位名额：{quotas}。"
PLAN_HOW_QUOTA = "{unit} {n}"
PLAN_HOW_QUOTAS_MANY = "共 {n} 个单位分到名额（各单位名额见分层表）。"
PLAN_HOW_WEIGHTED = (
    "单位内按风险分加权、不放回抽取：权重 = 1 + {w} × 风险分 ÷ 100，"
    "每一次抽取中风险分 100 的工作室被抽中的机会是 0 分的 {ratio} 倍。"
)
PLAN_HOW_UNIFORM = "单位内等概率、不放回抽取（风险加权系数为 0，不按风险分加权）。"
PAIR_WHY_NO_UNITS = "没有可以担任检查单位的单位，无法安排互查。"
PAIR_WHY_ONE_UNIT = "互查至少需要两个单位：只有“{unit}”一个检查单位，而它不能检查自己的工作室。"
PAIR_WHY_UNBALANCED = (
    "无法使各检查单位检查的工作室数相差不超过 1 个：共 {total} 个工作室、{units} 个检查单位，"
    "均衡时每个单位应检查 {even} 个；但{reasons}。已按最均衡的可行方案分配：各检查单位检查 "
    "{lo}–{hi} 个工作室。"
)
PAIR_WHY_UNIT = "“{unit}”自己有 {own} 个工作室（不能自查），最多只能检查其余 {cap} 个"
PAIR_WHY_MORE = "等 {n} 个单位"
PAIR_EVEN_RANGE = "{lo}–{hi}"
PLAN_SAVE_NOT_ALLOWED = "只有管理员和检查员可以保存检查计划。"
PLAN_KIND_UNKNOWN = "检查方式“{kind}”不在可选范围内（可选：{kinds}）。"
PLAN_EMPTY = "计划中没有工作室，未保存。"
AUDIT_KEYS["kind"] = "检查方式"
AUDIT_KEYS["seed"] = "随机种子"
AUDIT_KEYS["size"] = "工作室数"

# --- 现场检查录入 (dashboard/views/inspect.py, dashboard/inspect_form.py) ---------------------------
INSPECT_NO_PERMISSION = "无权限：现场检查录入只对管理员和检查员开放。"
INSPECT_NONE_PICKED = "请先选择要检查的工作室（可按名称、领衔人或编号搜索）。"
INSPECT_DEFAULT_METHOD = "不定期抽查"  # 检查方式 when the link does not say (?method=)
INSPECT_METHOD_UNKNOWN = "地址中的检查方式“{method}”不是允许的取值，已按“{default}”填写。"
INSPECT_STUDIO_LINE = "{id} · {unit} · {status}"
INSPECT_INSPECTOR_HINT = "检查人姓名，多人用“、”分隔"
INSPECT_LAST = (
    "最近一次检查：{date}，{method}，结论 {conclusion}，总分 {score}，检查编号 {id}（{origin}）"
)
INSPECT_FORM = "检查记录"
INSPECT_CONDITIONS_HELP = "每项选一个等次，九项都选后才能提交。"
INSPECT_OPTIONAL = "选填"
INSPECT_SCORE_HINT = "0–100，选填"
INSPECT_ISSUES_HINT = "发现的问题和整改要求；没有可不填"
INSPECT_AUTOSAVE = "每次修改都自动保存为草稿，刷新页面或断网后可继续填写；填好后点“提交检查记录”。"
INSPECT_DRAFT_SAVED = "草稿已保存：{at}"
INSPECT_DRAFT_RESTORED = "已恢复草稿（保存于 {at}），可以继续填写。"
INSPECT_SUBMIT = "提交检查记录"
INSPECT_DONE = "已提交，检查编号 {id}。记录已计入工作室档案和摘牌风险。"
INSPECT_OPEN_FILE = "查看工作室档案"
INSPECT_OPEN_RISK = "查看摘牌风险"
INSPECT_CLEAR = "清空草稿"
INSPECT_CLEAR_QUESTION = "清空本工作室的草稿？已填写的内容将全部清除，无法恢复。"
INSPECT_CLEAR_YES = "确认清空"
INSPECT_CLEARED = "草稿已清空。"
INSPECT_RECORD = "录入检查"  # on a studio's file: opens /inspect?id=…
SECTION_APP_RECORDS = "本工作室的现场录入记录"
APP_RECORDS_NONE = "本工作室没有计入统计的现场录入记录。"
APP_RECORDS_COLUMNS = {
    "inspection_id": "检查编号",
    "inspected_on": "检查日期",
    "method": "检查方式",
    "conclusion": "结论",
    "recorded_by": "录入人",
    "recorded_at": "录入时间",
}
VOID_PICK = "要作废的记录"
VOID_PICK_HINT = "选择检查编号"
VOID_REASON = "作废原因"
VOID_REASON_HINT = "如：检查日期填错，已重新录入"
VOID_ASK = "作废"
VOID_QUESTION = "确认作废检查记录 {id}？作废后不再计入任何统计；记录、作废人和原因都会保留。"
VOID_YES = "确认作废"
VOID_DONE = "检查记录 {id} 已作废。"
COL_ORIGIN = "来源"
ORIGIN_NOTE = "（{origin}）"
PLAN_STRATA = "各单位名额（分层表）"
PLAN_STRATA_COLUMNS = dict(unit="推荐单位", candidates="候选工作室（不含逾期）", places="抽取名额")
INSPECT_OPTIONAL_FIELD = "{name}（选填）"
INSPECT_SCORE_RANGE = "0–100"
CHECKLIST_LAST_LINE = "最近一次检查：{date}，{method}，结论 {conclusion}，总分 {score}"
# --------------------
PLAN_CARD_TITLE = "第 {id} 号计划"
PLAN_CARD_SIZE = "{size} 个工作室 · 随机种子 {seed}"
PLAN_CARD_BY = "{by} 制定于 {at}"
# A box stays with its word when a narrow screen wraps the line (no-break spaces).
CHECKLIST_BOXES = CHECKLIST_BOXES.replace(" ", "\u00a0")
CHECKLIST_CONCLUSION_BOXES = CHECKLIST_CONCLUSION_BOXES.replace(" ", "\u00a0")
WHERE_APP = "（现场录入的检查记录）"  # where a problem with an inspection recorded in the app lies
REASON = {
    **REASON,
    "ref_app": (
        "现场录入的检查记录 {id} 属于该工作室，新导入的“工作室名录”中没有它，导入后这条记录将无处归属："
        "请保留该工作室，或先由管理员作废这条记录"
    ),
}
INSPECT_DATE_HINT = "点选或输入日期"  # drawn over an empty date box's own "yyyy-mm-dd"
PLAN_RECORD_PICK = "现场检查：选择计划中的工作室"
PLAN_RECORD_OPTION = "{name}（{id}）"
INSPECT_EXPORT = "导出现场录入的检查记录（供并入台账）"
INSPECT_EXPORT_NOTE = (
    "导出尚未导入的现场录入记录，格式与“检查记录”表完全一致，可直接粘贴进台账；"
    "下次导入的检查记录中含相同检查编号时，以导入的记录为准。"
)
RESTORE_ORPHANS = (
    "未恢复：恢复后，{n} 条现场录入的检查记录所属的工作室将不在名录中（{records}）。"
    "请先由管理员作废这些记录，或导入包含这些工作室的台账。"
)
RESTORE_ORPHAN = "{id}（{studio}）"
VOID_BY_SYSTEM = "系统"
VOID_SAMPLE = "示例数据期间的演示录入（导入真实数据时作废）"
# --- Push the briefing to a work group (issue 19: dashboard/push.py, studiodash push) ---------
PUSH_PLATFORM = {"wecom": "企业微信", "dingtalk": "钉钉"}
PUSH_WHAT = {"markdown": "文字摘要", "image": "简报图片"}
PUSH_NO_WEBHOOK = (
    "未指定推送地址：请把机器人的完整 webhook 地址（含 key 或 access_token）放进环境变量 "
    "STUDIODASH_PUSH_WEBHOOK，或写在只有本用户可读的文件里，用 --webhook-file 指定。"
)
PUSH_WEBHOOK_HAS_SECRET = (
    "--webhook 的地址含有凭据（{params}），不能写在命令行上：命令行会留在 shell 历史和进程列表里。"
    "请改用环境变量 STUDIODASH_PUSH_WEBHOOK 或 --webhook-file 文件。"
)
PUSH_BAD_URL = "推送地址 {url} 无效：应为 https:// 开头的机器人 webhook 地址。"
PUSH_NEEDS_HTTPS = "推送地址 {url} 不是 https：机器人的 key 在地址里，不能明文经过网络。"
PUSH_UNKNOWN_KIND = (
    "无法从地址 {url} 判断机器人类型（企业微信为 qyapi.weixin.qq.com，钉钉为 oapi.dingtalk.com）："
    "请用 --kind wecom 或 --kind dingtalk 指定。"
)
PUSH_KIND_MISMATCH = "地址 {url} 是{detected}机器人，与 --kind 指定的{kind}不符。"
PUSH_FILE_UNREADABLE = "无法读取文件 {path}（{detail}）。"
PUSH_FILE_EMPTY = "文件 {path} 的第一行是空的：应为 webhook 地址或加签密钥。"
PUSH_FILE_OPEN = "提醒：文件 {path} 其他用户也能读取（权限 {mode}），建议 chmod 600 {path}。"
PUSH_SECRET_IGNORED = (
    "提醒：企业微信群机器人不使用加签密钥，已忽略 STUDIODASH_PUSH_SECRET / --secret-file。"
)
PUSH_TOO_LONG = "消息有 {size} 字节，超过{platform}机器人的上限 {limit} 字节，未发送。"
PUSH_IMAGE_TOO_BIG = (
    "简报图片有 {size} 字节，超过企业微信机器人的上限 2 MB（2097152 字节），未发送。"
)
PUSH_IMAGE_NOT_PNG = "简报图片不是 PNG 或 JPG，企业微信机器人不接收，未发送。"
PUSH_UNREACHABLE = "无法连接推送地址 {url}：{detail}。请检查网络、代理设置和地址。"
PUSH_TIMEOUT = "等待应答超时"
PUSH_REFUSED = "连接被拒绝"
PUSH_DNS = "域名无法解析"
PUSH_HTTP = "推送地址 {url} 返回 HTTP {status}，消息未被接收。"
PUSH_BAD_RESPONSE = (
    "推送地址 {url} 的应答不是机器人接口的格式（缺少 errcode），无法确认消息已送达。"
)
PUSH_ERRCODE = "{platform}机器人拒收了消息：errcode {errcode}，errmsg：{errmsg}{hint}"
PUSH_ERRCODE_HINT = {
    93000: "（webhook 地址无效：请核对 key，机器人可能已被移除）",
    40058: "（消息内容超长）",
    45009: "（发送太频繁：每个机器人每分钟最多 20 条）",
    310000: (
        "（钉钉安全设置未通过：加签密钥不符、时间戳与钉钉相差超过 1 小时、"
        "消息不含机器人设置的自定义关键词，或本机 IP 不在白名单中）"
    ),
    130101: "（发送太频繁：每个机器人每分钟最多 20 条，超过后限流 10 分钟）",
    460101: "（消息超过 20000 字节）",
    -1: "（平台系统繁忙）",
}
PUSH_ATTEMPTS = "（共尝试 {n} 次）"
PUSH_PARTIAL = "{sent}已发出，其余未发出："
PUSH_SENT = "已发送{what}（{size} 字节，{msgtype}）到{platform}机器人 {url}"
PUSH_DINGTALK_NO_IMAGE = (
    "钉钉自定义机器人不能接收上传的图片（只能显示公网图片链接），只发送了文字摘要；"
    "需要一页图时，请用 studiodash brief --format png 生成后另行发送。"
)
PUSH_NOT_SENT = "推送失败：{reason}"
CLI_HELP = {
    **CLI_HELP,
    "push": "把领导简报推送到企业微信或钉钉群机器人（地址与密钥取自环境变量或文件）",
    "push_webhook": "不含凭据的 webhook 地址（如内网转发地址）；含 key/access_token 的地址请用环境变量 STUDIODASH_PUSH_WEBHOOK 或 --webhook-file",
    "push_webhook_file": "存放完整 webhook 地址的文件（第一行，建议权限 600）",
    "push_kind": "机器人类型；默认按地址的域名判断",
    "push_secret_file": "存放钉钉加签密钥（SEC 开头）的文件（第一行）；也可用环境变量 STUDIODASH_PUSH_SECRET",
    "push_allow_stale": "数据截至日期已超过 brief_stale_days 天时仍然推送（默认拒绝推送过期简报）",
}
# --- The leadership briefing (issue 19: dashboard/brief.py, studiodash brief, 打印简报) ---
BRIEF_TITLE = "{year}年劳模（职工）创新工作室创建简报"
BRIEF_TITLE_NO_CAMPAIGN = "劳模（职工）创新工作室创建简报"
BRIEF_MADE_AT = "生成于 {time}"
BRIEF_KPI_SHORTFALL = "缺口"
BRIEF_KPI_DEADLINE = "完成期限 {date}"
BRIEF_KPI_APPLIED = "累计申报 {n}"
BRIEF_KPI_PIPELINE = "若全部通过 {pipeline}/{target}"
BRIEF_KPI_SHORT = "评审中全部通过仍差"
BRIEF_KPI_FULL = "评审中全部通过可完成"
BRIEF_KPI_ELAPSED = "序时进度 {pct}"
BRIEF_NO_CAMPAIGN = "没有所选年度的创建目标，进度部分从略。"
BRIEF_SECTION_UNITS = "进度靠后的单位"
BRIEF_UNITS_NOTE = (
    "共 {total} 个有名额的单位，其中落后 {red} 个、关注 {amber} 个；按完成率从低到高列出前 {n} 个。"
)
BRIEF_UNITS_NOTE_APPLIED = "共 {total} 个有名额的单位，其中落后 {red} 个、关注 {amber} 个；首批命名前按申报数对名额从低到高列出前 {n} 个。"
BRIEF_UNITS_NONE = "没有分配名额的单位。"
BRIEF_UNIT_COLUMNS = dict(
    rank="序号",
    unit="推荐单位",
    quota="名额",
    named="已命名",
    in_review="评审中",
    shortfall="缺口",
    completion="完成率",
    light="进度灯",
)
BRIEF_SECTION_BENEFITS = "成果效益（本年至今：{start} 至 {end}）"
BRIEF_BENEFIT = "经济效益"
BRIEF_BENEFIT_PRIOR = "上年同期 {money}"
BRIEF_OUTCOMES = "成果"
BRIEF_OUTCOMES_VALUE = "{n:,} 项"
BRIEF_PATENTS = "专利"
BRIEF_PATENTS_VALUE = "{n:,} 件"
BRIEF_PATENTS_NOTE = "其中发明专利 {n:,} 件"
BRIEF_STUDIOS = "在册工作室"
BRIEF_STUDIOS_VALUE = "{n:,} 个"
BRIEF_SECTION_RISK = "摘牌风险"
BRIEF_RISK_COUNT = "高风险工作室 {n:,} 个"
BRIEF_RISK_TOP = "（风险分最高的 {n} 个及其首要原因）"
BRIEF_RISK_NONE = "没有高风险工作室。"
BRIEF_RISK_COLUMNS = dict(
    rank="序号", name="工作室名称", unit="推荐单位", score="风险分", reason="首要原因"
)
BRIEF_MORE_REASONS = "等 {n} 项"
BRIEF_RULES_OFF = "未启用的规则：{rules}（未导入相应数据）"
BRIEF_SECTION_COMMEND = "表彰建议"
BRIEF_COMMEND_COUNT = "候选工作室 {n:,} 个"
BRIEF_COMMEND_NOTE = "同时符合全部已启用条件（C1–C4）的命名工作室；名单见“表彰与荣誉”页。"
BRIEF_COMMEND_OFF = "未启用的条件：{criteria}（未导入相应数据）"
BRIEF_FOOTNOTE = (
    "口径：完成率 = 已命名 ÷ 目标数；序时进度 = 创建期已过天数 ÷ 总天数；进度灯 正常（绿）/关注（黄）/"
    "落后（红），关注为低于序时进度 {amber} 个百分点以内；同比为与上年同期相比，上年同期经济效益不足 "
    "{base:g} 万元的显示“基数过小”；高风险为风险分 ≥ {high}。所有数字与看板和 studiodash report 同一口径。"
)
BRIEF_STALE = (
    "简报未生成：数据截至 {date}，距今已 {days} 天，超过设置 brief_stale_days（{limit} 天）。"
    "请先导入最新数据；确需使用旧数据时，加 --allow-stale 明确说明。"
)
BRIEF_AS_OF_LATE = "简报未生成：--as-of {date} 晚于数据截至日期 {data}，数据不能说明那一天的情况。"
BRIEF_NO_CHROMIUM = (
    "无法生成 PDF 或图片：找不到 Chromium 浏览器（{path}）。请在服务器上安装："
    "apt-get install -y chromium（或用环境变量 STUDIODASH_BRIEF_CHROMIUM 指向已安装的 Chromium）。"
    "Markdown 摘要（--format md）不需要浏览器。"
)
BRIEF_NO_PLAYWRIGHT = (
    "无法生成 PDF 或图片：缺少 Python 包 playwright。请安装：pip install playwright"
    "（使用系统的 Chromium，不需要 playwright install）。"
)
BRIEF_RENDER_FAILED = "无法生成 PDF 或图片：Chromium 出错（{detail}）。"
BRIEF_WRITTEN = "简报已写入 {path}"
BRIEF_BUTTON = "打印简报"
BRIEF_BUTTON_HELP = (
    "一页 A4 的 PDF 简报（范围与本页相同）：进度、落后单位、成果效益、摘牌风险和表彰建议。"
)
BRIEF_BUTTON_MISSING = (
    "打印简报暂不可用：服务器未安装 Chromium 浏览器（apt-get install -y chromium），请联系管理员。"
)
BRIEF_MD_TRUNCATED = "……（内容过长，已截断）"
BRIEF_MD_PROGRESS = "**创建进度**：目标 {target}，已命名 {named}，评审中 {in_review}（若全部通过 {pipeline}/{target}，{gap}）"
BRIEF_MD_GAP_SHORT = "仍差 {n}"
BRIEF_MD_GAP_NONE = "可完成目标"
BRIEF_MD_PACE = "完成率 {completion}，序时进度 {elapsed}，{gap}；距完成期限 {days}"
BRIEF_MD_UNITS = "**进度靠后的单位**（共 {total} 个有名额单位，落后 {red} 个）"
BRIEF_MD_UNIT = "{rank}. {unit}：已命名 {named}/{quota}，完成率 {completion}，{light}"
BRIEF_MD_BENEFITS = "**成果效益**（{start} 至 {end}）：经济效益 {money}，同比 {yoy}；成果 {outcomes:,} 项，专利 {patents:,} 件"
BRIEF_MD_RISK = "**摘牌风险**：高风险 {n:,} 个"
BRIEF_MD_RISK_ROW = "{rank}. {name}（{unit}，{score} 分）：{reason}"
BRIEF_MD_COMMEND = "**表彰建议**：候选 {n:,} 个"
CLI_HELP = {
    **CLI_HELP,
    "brief": "生成一页领导简报（PDF、PNG 图片或 Markdown 摘要）",
    "brief_format": "pdf：A4 一页；png：同一页的图片（用于群聊）；md：文字摘要（用于群机器人）",
    "brief_out": "输出文件（默认 brief-<日期>.pdf/.png；md 默认打印到标准输出）",
    "allow_stale": "数据已超过 brief_stale_days 天未更新时仍然生成（明确说明使用旧数据）",
}
BRIEF_DAYS_UNIT = "天"
BRIEF_COMPLETION_NOTE = "序时进度 {pct}，{gap}"
BRIEF_COLON = "："
BRIEF_KPI_TARGET_NOTE = "创建期 {start} 至 {end}"
BRIEF_KPI_NAMED_NOTE = "累计申报 {applied}，未通过 {rejected}"
BRIEF_KPI_SHORT = "评审中全部通过后仍差 {n} 个"
BRIEF_KPI_FULL = "评审中全部通过即可完成目标"
BRIEF_COMMEND_LABEL = "候选工作室"
BRIEF_COMMEND_VALUE = "{n:,} 个"
BRIEF_KPI_NAMED_NOTE = "申报 {applied}，未通过 {rejected}"
BRIEF_KPI_DAYS_NOTE = "期限 {date}"
BRIEF_COMMEND_NOTE = "符合全部已启用的条件（C1–C4）"
BRIEF_EXPORT_FILE = "创建简报_{date}.pdf"

# --- the store of imported data (store.py) ---------------------------------------------------
STORE_NO_CURRENT = (
    "数据存储 {store} 缺少 CURRENT 文件（它记录当前使用的是哪一次导入），无法判断当前数据，"
    "已停止以免覆盖已有导入。请从备份恢复该目录，或写入最后一次导入的编号，例如：echo 3 > {store}/CURRENT"
)
STORE_BEHIND = (
    "看板数据库记录的导入（第 {have} 次）在数据存储 {store} 中找不到（存储当前为第 {latest} 次）："
    "二者不是同一份数据，可能存储目录被替换或删减。请恢复原存储目录，或将看板数据库与存储一起从同一备份恢复。"
)

# --- CSV encodings (csv_source.py): a line that is neither, or a mix -------------------------
REASON = {
    **REASON,
    "csv_encoding_at": "无法识别文件编码：第 {line} 行既不是 UTF-8 也不是 GB18030/GBK（支持 UTF-8、带 BOM 的 UTF-8、GB18030/GBK）",
    "csv_mixed": "文件混用了编码：前面是 UTF-8，第 {line} 行却不是（可能粘贴了 GBK 内容）。请用 Excel 另存为“CSV UTF-8”后再导入",
}
REASON = {
    **REASON,
    "csv_encoding_at": "无法识别文件编码：这一行既不是 UTF-8 也不是 GB18030/GBK",
    "csv_mixed": "文件混用了编码：前面的行是 UTF-8，这一行却不是（可能粘贴了 GBK 内容）。"
    "请用 Excel 另存为“CSV UTF-8”后再导入",
}

# --- the import preview's detail (data_admin.show_changes) ------------------------------------
CHANGE_DETAIL = "{sheet}：变更明细（前 10 行）"
CHANGE_DETAIL_NOTE = (
    "修改 {changed:,} 行、新增 {added:,} 行、删除 {removed:,} 行。"
    "下表按文件顺序列出前 {shown} 个修改的行：改动的单元格写作“原值 → 新值”，并以黄色底色标出；"
    "空白表示该行此列未变。"
)
CHANGE_ARROW = "{old} → {new}"
CHANGE_ROW = "行号"
CHANGE_KIND = "变更"
CHANGE_ADDED = "新增"
CHANGE_REMOVED = "删除"
CHANGE_KEYS_NOTE = "新增与删除的行（各列出前 10 行的编号）："
CHANGES_NO_KEY = "{sheets}没有唯一编号，无法逐行比对：改动过的行计为删除一行、新增一行，不列明细。"

# --- import templates (template.py, 数据管理's 下载导入模板, `studiodash template`) -------------
TEMPLATE_FILE = "{export}模板.xlsx"
TEMPLATE_GUIDE_SHEET = "填写说明"
TEMPLATE_OPTIONS_SHEET = "选项"  # hidden: the longer dropdown lists
TEMPLATE_OPTION_HEAD = "{sheet}·{column}"
TEMPLATE_UNITS_HEAD = "推荐单位（{source}）"
TEMPLATE_UNITS_SOURCE = {"data": "当前数据", "sample": "示例数据"}
TEMPLATE_REQUIRED = "必填"
TEMPLATE_OPTIONAL = "选填"
TEMPLATE_KIND = {
    "text": "文本",
    "key": "编号（文本）",
    "int": "整数",
    "num": "数值",
    "date": "日期（yyyy-mm-dd）",
    "enum": "下拉选项",
}
TEMPLATE_RULE = {
    "required": "必填",
    "optional": "可留空",
    "unique": "不可重复",
    "unique_with": "与{others}组合不可重复",
    "min": "≥ {min:g}",
    "min_exclusive": "> {min:g}",
    "max": "≤ {max:g}",
    "range": "{min:g}–{max:g}",
    "ref": "须为“{sheet}”表中已有的{column}",
    "blank_as": "空白按“{value}”计",
    "blank_null": "空白表示未填报（不按 0 计）",
    "after": "须晚于{column}",
    "units": "下拉列表为{source}的推荐单位；新单位请先填入“推荐单位”表",
}
TEMPLATE_ALIASES = "{value}（也可写 {aliases}）"
TEMPLATE_GUIDE_TITLE = "{export}导入模板 · 填写说明"
TEMPLATE_GUIDE_COLUMNS = ("工作表", "列名", "类型", "是否必填", "规则", "允许值", "示例")
TEMPLATE_NOTES = {  # 填写说明's notes, in this order; "units" and "options" only where they apply
    "layout": "每个工作表第 1 行标明各列“必填”或“选填”，第 2 行是表头（加粗深红为必填列）：请勿修改表头文字。",
    "example": "第 3 行灰色底纹是示例行：可以保留，导入时与示例完全相同的行会被忽略，并提示“已忽略模板示例行”；"
    "也可以删除它，或直接改写为真实数据（改写后按真实数据导入）。请从第 4 行起填写。",
    "dropdown": "带下拉箭头的列请从列表中选择；日期列请填写日期，如 2024-05-10。",
    "units": "推荐单位列的下拉列表为{source}的单位；新单位请先填入“推荐单位”工作表。",
    "snapshot": "每次导入是完整快照：所带的工作表会整体替换已有的同名工作表。",
    "optional": "可选工作表：{optional}。不用时请删除该工作表；保留而不填写（只剩示例行）会以空表替换已有数据。",
    "options": "隐藏的“选项”工作表存放较长的下拉列表，请勿修改。",
    "generated": "本模板由系统按导入格式要求自动生成。",
}
TEMPLATE_PICK_TITLE = "取值不在列表中"
TEMPLATE_PICK_ERROR = "“{column}”请从下拉列表中选择。"
TEMPLATE_PICK_ALIAS = "“{column}”请从下拉列表中选择（也可写 {aliases}）。"
TEMPLATE_UNIT_ERROR = "不在{source}的推荐单位中；新单位请先填入“推荐单位”工作表。"
TEMPLATE_DATE_TITLE = "日期无效"
TEMPLATE_DATE_ERROR = "“{column}”请填写日期，如 2024-05-10。"
TEMPLATE_SECTION = "下载导入模板"
TEMPLATE_CAPTION = (
    "按导入格式要求生成：各工作表的表头与必填标记、下拉选项、日期格式和填写说明。"
    "灰色示例行可保留，导入时自动忽略。"
)
TEMPLATE_DOWNLOAD = "下载{export}模板"
WARN = {**WARN, "template_example": "已忽略模板示例行"}
CLI_HELP = {
    **CLI_HELP,
    "template": "写出两个导入模板（工作室台账模板.xlsx、创新成果模板.xlsx）",
    "template_out": "输出目录",
}

# --- headers people write: synonyms, the user's mapping (headers.py, 数据管理's mapping step) ---
REASON = {
    **REASON,
    "header_ambiguous": "表头“{first}”和“{second}”都可按“{column}”读取，无法确定用哪一列；"
    "请在文件中删除或改名其中一列，或指定表头对应",
    "header_two_columns": "表头“{header}”可能是“{columns}”，无法确定按哪一列读取；"
    "请在文件中改为确切的列名，或指定表头对应",
    "map_unknown_sheet": "指定对应“{sheet}:{header}”中的工作表“{sheet}”不在数据规范中",
    "map_unknown_column": "表头“{header}”指定对应的列“{column}”不在数据规范中",
    "map_header_twice": "表头“{header}”被指定对应到两列：“{first}”和“{second}”",
    "map_column_twice": "列“{column}”被指定了两个表头：“{first}”和“{second}”",
    "map_empty": "指定对应到列“{column}”的表头为空",
}
HEADER_OR = "”，也可能是“"
WARN = {
    **WARN,
    "header_synonym": "表头“{header}”按“{column}”读取",
    "header_mapped": "表头“{header}”按“{column}”读取（按指定的表头对应）",
    "map_unused": "指定的表头对应“{header}”→“{column}”未用上：文件中没有这个表头",
}
MAP_WHERE = "表头对应"
CLI_HELP = {
    **CLI_HELP,
    "import_map": "把文件中的表头按数据规范中的列读取，形如 所属单位=推荐单位；"
    "只用于一个工作表时写 工作表:表头=列名；可重复",
}
MAP_BAD_ARG = "“{value}”不是“表头=列名”的形式，例如 --map 所属单位=推荐单位"
MAP_REFUSED = "表头对应有误，未导入："
MAP_TITLE = "对应表头"
MAP_HELP = (
    "文件缺少以下必需的列，但有系统不认识的表头。请为每个缺少的列选择文件中对应的表头，"
    "确认后重新校验。确认的对应会按文件的表头布局记住，下次上传同样的文件时自动预选。"
)
MAP_SHEET = "{file} › {sheet}（表头在第 {row} 行）"
MAP_REMEMBERED = "已按上次确认的对应预选。"
MAP_PICK = "缺少的列“{column}”对应文件中的"
MAP_NONE = "（不对应）"
MAP_CONFIRM = "按此对应重新校验"
MAP_TWICE = "表头“{header}”被选给了多个列：{columns}。每个表头只能对应一列。"
MAP_EMPTY = "还没有为任何缺少的列选择表头。"
MAP_APPLIED = "已按表头对应读取：{pairs}"
MAP_PAIR = "{sheet} › “{header}” → “{column}”"
MAP_CLEAR = "重新选择表头对应"
TEMPLATE_NOTES = {
    **TEMPLATE_NOTES,
    "layout": "每个工作表第 {mark} 行标明各列“必填”或“选填”，第 {head} 行是表头（加粗深红为必填列）：请勿修改表头文字。",
    "example": "第 {example} 行灰色底纹是示例行：可以保留，导入时与示例完全相同的行会被忽略，并提示“已忽略模板示例行”；"
    "也可以删除它，或直接改写为真实数据（改写后按真实数据导入）。请从第 {first} 行起填写。",
}
REASON = {
    **REASON,
    "csv_encoding_at": "无法识别文件编码：第 {line} 行既不是 UTF-8 也不是 GB18030/GBK",
    "csv_mixed": "文件混用了编码：前面的行是 UTF-8，第 {line} 行却不是（可能粘贴了 GBK 内容）。"
    "请用 Excel 另存为“CSV UTF-8”后再导入",
}
CHANGE_COLUMN = "列"
CHANGE_VALUE = "原值 → 新值"
# (the blank-cell hint belongs to the wide table only: the phone's one-line-per-cell has none)
CHANGE_DETAIL_NOTE = (
    "修改 {changed:,} 行、新增 {added:,} 行、删除 {removed:,} 行。"
    "下面按文件顺序列出前 {shown} 个修改的行：改动的单元格写作“原值 → 新值”，并以黄色底色标出。"
)
CHANGE_BLANK_NOTE = "空白表示该行此列未变。"
MAP_METAVAR = "表头=列名"
MAP_PICK = "必需的列“{column}”：按文件中的哪个表头读取？"
MAP_NONE = "不对应"
