-- One row per innovation outcome (创新成果). benefit_wan is null when not reported.
-- only_studio (a session variable, null but while memo.refresh_studio makes one studio's stored
-- marts again) limits the rows to that studio.
select
    "成果编号" as outcome_id,
    "工作室编号" as studio_id,
    "成果名称" as title,
    "成果类别" as category,
    "完成日期" as completed_on,
    "经济效益(万元)" as benefit_wan,
    "发明专利(件)" as invention_patents,
    "实用新型(件)" as utility_patents,
    "外观设计(件)" as design_patents,
    "推广应用" = '是' as is_adopted,
    "获奖等级" as award_level,
    "社会效益" as social_benefit
from raw_outcomes
where getvariable('only_studio') is null or "工作室编号" = getvariable('only_studio')
