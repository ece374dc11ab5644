-- One row per studio (工作室名录).
select
    "工作室编号" as studio_id,
    "工作室名称" as studio_name,
    "类型" as studio_type,
    "领衔人" as leader,
    "领衔人荣誉" as leader_honor,
    "技能等级" as skill_level,
    "依托单位" as host,
    "推荐单位" as unit,
    "所属行业" as industry,
    "申报年度" as campaign_year,
    "成员人数" as members,
    "场所面积(㎡)" as area_m2,
    "年度经费(万元)" as funding_wan,
    "联系电话" as phone
from raw_studios
