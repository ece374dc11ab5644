-- One row per recommending unit (推荐单位).
select
    "单位名称" as unit,
    "单位类别" as unit_kind,
    "排序" as sort_order
from raw_units
