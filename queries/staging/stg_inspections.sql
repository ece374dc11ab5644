-- One row per inspection (检查记录); cond_* are the nine basic conditions. The imported rows,
-- then those recorded in the app (app_inspections, 现场录入: in_app) that are not voided and
-- not yet in an import: an imported row with the same 检查编号 replaces the app's (reconciled).
-- only_studio (a session variable, null but while memo.refresh_studio makes one studio's stored
-- marts again) limits the rows to that studio.
with app as (
    select * exclude (recorded_by, recorded_at, voided_at, voided_by, void_reason), true as in_app
    from app_inspections
    where voided_at is null
      and "检查编号" not in (select "检查编号" from raw_inspections)
),

rows as (
    select * exclude (_row), false as in_app from raw_inspections
    union all by name
    select * from app
)

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
    "检查人" as inspector,
    in_app
from rows
where getvariable('only_studio') is null or "工作室编号" = getvariable('only_studio')
