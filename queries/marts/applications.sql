-- One row per applicant of campaign `campaign` as of as_of (marts/campaign_studios.sql): when it
-- applied, whether that was after the campaign's 申报截止日期 (late), and whether it fits the
-- notice's form for its type (eligibility: 符合, 不符合 or 待核实 when the cell is blank), and
-- whether it needs the department's attention (needs_attention: not 符合, or late).
-- data-contract.md, "The campaign cycle". Grain: studio.
-- Params: campaign (int), as_of (date), unit (text or null).
create or replace macro applications(campaign, as_of, unit) as table
with deadline as (
    select apply_deadline from stg_campaigns where campaign_year = campaign
),

final as (
    select
        a.*,
        coalesce(a.applied_on > d.apply_deadline, false) as late,
        case
            when a.studio_type = '劳模创新工作室' then
                case
                    when a.leader_honor is null then '待核实'
                    when a.leader_honor in ('全国劳模', '全国五一劳动奖章', '省部级劳模',
                                            '省五一劳动奖章', '市级劳模', '市五一劳动奖章', '工匠')
                        then '符合'
                    else '不符合'
                end
            else
                case
                    when a.skill_level is null then '待核实'
                    when a.skill_level in ('高级工', '技师', '高级技师', '特级技师', '首席技师')
                        then '符合'
                    else '不符合'
                end
        end as eligibility,
        d.apply_deadline
    from campaign_studios(campaign, as_of, unit) as a
    left join deadline as d on true
)

select *, eligibility in ('不符合', '待核实') or late as needs_attention from final
