-- One row per activity (活动记录).
-- only_studio (a session variable, null but while memo.refresh_studio makes one studio's stored
-- marts again) limits the rows to that studio.
select
    "工作室编号" as studio_id,
    "活动日期" as activity_date,
    "活动类型" as activity_type,
    "参与人次" as participants
from raw_activities
where getvariable('only_studio') is null or "工作室编号" = getvariable('only_studio')
