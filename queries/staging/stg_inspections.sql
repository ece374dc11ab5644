-- One row per inspection (检查记录); cond_* are the nine basic conditions.
select
    "检查编号" as inspection_id,
    "工作室编号" as studio_id,
    "检查日期" as inspected_on,
    "检查方式" as method,
    "标志明显" as cond_sign,
    "场所固定" as cond_site,
    "设施齐全" as cond_facilities,
    "团队精干" as cond_team,
    "职工参与" as cond_participation,
    "制度完善" as cond_rules,
    "经费保障" as cond_funding,
    "资料完备" as cond_records,
    "成效明显" as cond_results,
    "总分" as score,
    "结论" as conclusion,
    "问题及整改要求" as issues,
    "整改期限" as rectify_by,
    "检查人" as inspector
from raw_inspections
