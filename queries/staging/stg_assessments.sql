-- One row per (studio, year) written assessment by the host unit (年度评估).
-- only_studio (a session variable, null but while memo.refresh_studio makes one studio's stored
-- marts again) limits the rows to that studio.
select
    "工作室编号" as studio_id,
    "年度" as assessment_year,
    "提交日期" as submitted_on,
    "评估等次" as grade
from raw_assessments
where getvariable('only_studio') is null or "工作室编号" = getvariable('only_studio')
