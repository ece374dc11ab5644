-- One row per (campaign year, unit) quota (名额分配).
select
    "年度" as campaign_year,
    "推荐单位" as unit,
    "名额" as quota
from raw_quotas
