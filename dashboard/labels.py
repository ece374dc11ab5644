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
    "ref_existing": ("库中已有的这条记录{record}引用的{column}在新导入的“{sheet}”中不存在，"
                     "导入后将成为孤立数据：请同时导入更新后的成果数据，或保留该工作室"),
    "deadline_order": "完成期限必须晚于开始日期（{start}）",
    "file_missing": "文件不存在",
    "file_empty": "文件为空",
    "file_too_big": "文件大小 {mb:.1f} MB，超过上限 {limit} MB",
    "file_type": "不是 .xlsx 或 .csv 文件",
    "file_encrypted": "文件已加密或为旧版 .xls 格式，请在 Excel 中另存为未加密的 .xlsx",
    "file_corrupt": "文件已损坏，无法读取（{detail}）",
    "zip_bomb": "解压后大小异常（{mb:.0f} MB），疑似恶意文件",
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
SUGGEST = "；是否为“{suggestion}”？"
WARN = {
    "extra_column": "已忽略未知的列“{column}”",
    "extra_sheet": "已忽略未知的工作表“{sheet}”",
    "event_order": "事件日期早于该工作室的申报日期（{first}）",
}
WHERE_DB = "（库中已有数据）"

# Rendering of one problem: file › sheet › row › column: “value” — reason
PROBLEM_LINE = "{where}：“{value}” — {reason}"
ROW = "第{row}行"

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
LAST_IMPORT = "最近一次导入：{at}，操作人 {user}，文件 {files}"
COL_SHEET = "工作表"
COL_ROWS = "行数"
