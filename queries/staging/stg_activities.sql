-- One row per activity (活动记录).
select
    "工作室编号" as studio_id,
    "活动日期" as activity_date,
    "活动类型" as activity_type,
    "参与人次" as participants
from raw_activities
