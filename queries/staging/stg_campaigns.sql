-- One row per campaign year (创建目标).
select
    "年度" as campaign_year,
    "目标数" as target,
    "开始日期" as start_date,
    "申报截止日期" as apply_deadline,
    "完成期限" as deadline
from raw_campaigns
