-- One row per status event (状态记录); source_row orders events of one day.
-- only_studio (a session variable, null but while memo.refresh_studio makes one studio's stored
-- marts again) limits the rows to that studio.
select
    "工作室编号" as studio_id,
    "日期" as event_date,
    "状态" as status,
    "文号" as doc_no,
    "备注" as note,
    _row as source_row
from raw_status_events
where getvariable('only_studio') is null or "工作室编号" = getvariable('only_studio')
