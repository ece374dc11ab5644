-- One row per (studio named as of as_of, rule that fires) with its points and evidence
-- (data-contract.md, "Risk of delisting"). p is a struct of the settings (points, windows,
-- thresholds) and of which sheets are loaded (has_*). Params: as_of (date), unit (text or null),
-- p (struct).
create or replace macro risk_reasons(as_of, unit, p) as table
with named as (
    select studio_id, members, funding_wan, first_named_on, is_warned, warned_on
    from named_studios(as_of, unit)
),

due as (
    select assessment_due_year(as_of, p) as due_year
),

last_outcome as (
    select o.studio_id, max(o.completed_on) as last_on
    from stg_outcomes as o
    where o.completed_on <= as_of
    group by o.studio_id
),

latest_inspection as (
    select * from latest_inspections(as_of)
),

failed_conditions as (
    select studio_id, list(condition order by position) as conditions
    from (
        unpivot latest_inspection
        on cond_sign as '标志明显', cond_site as '场所固定', cond_facilities as '设施齐全',
           cond_team as '团队精干', cond_participation as '职工参与', cond_rules as '制度完善',
           cond_funding as '经费保障', cond_records as '资料完备', cond_results as '成效明显'
        into name condition value grade
    ) as u
    join (select unnest(['标志明显', '场所固定', '设施齐全', '团队精干', '职工参与', '制度完善',
                         '经费保障', '资料完备', '成效明显']) as condition,
                 generate_subscripts(['标志明显', '场所固定', '设施齐全', '团队精干', '职工参与',
                         '制度完善', '经费保障', '资料完备', '成效明显'], 1) as position) using (condition)
    where grade = '不达标'
    group by studio_id
),

recent_activities as (
    select * from activity_counts(as_of, struct_extract(p, 'r8_window_days'))
),

signals as (
    select
        n.*,
        d.due_year,
        n.first_named_on <= make_date(d.due_year, 12, 31) as is_assessment_due,
        a.grade as due_grade,
        a.submitted_on as due_submitted_on,
        lo.last_on as last_outcome_on,
        li.inspection_id as last_inspection_id,
        li.inspected_on as last_inspected_on,
        li.conclusion as last_conclusion,
        fc.conditions as failed_conditions,
        coalesce(ac.activities, 0) as recent_activities
    from named as n
    cross join due as d
    left join due_assessments(as_of, p) as a on a.studio_id = n.studio_id
    left join last_outcome as lo on lo.studio_id = n.studio_id
    left join latest_inspection as li on li.studio_id = n.studio_id
    left join failed_conditions as fc on fc.studio_id = n.studio_id
    left join recent_activities as ac on ac.studio_id = n.studio_id
),

fired as (
    select studio_id, 1 as rule_no, struct_extract(p, 'r1_points') as points,
           last_outcome_on as evidence_date, null::bigint as evidence_number, null::varchar[] as evidence_list
    from signals
    where struct_extract(p, 'has_outcomes')
      and (last_outcome_on is null or last_outcome_on <= as_of - to_days(struct_extract(p, 'r1_window_days')))
    union all
    select studio_id, 2, struct_extract(p, 'r2_points'), null, due_year, null
    from signals
    where struct_extract(p, 'has_assessments') and is_assessment_due and due_grade is null
    union all
    select studio_id, 3, struct_extract(p, 'r3_points'), due_submitted_on, due_year, null
    from signals
    where struct_extract(p, 'has_assessments') and is_assessment_due and due_grade = '不合格'
    union all
    select studio_id, 4, struct_extract(p, 'r4_points'), last_inspected_on, null, [last_inspection_id]
    from signals
    where struct_extract(p, 'has_inspections') and last_conclusion = '不合格'
    union all
    select studio_id, 5, least(struct_extract(p, 'r5_points_each') * len(failed_conditions), struct_extract(p, 'r5_points_max')),
           last_inspected_on, len(failed_conditions), failed_conditions
    from signals
    where struct_extract(p, 'has_inspections') and len(failed_conditions) > 0
    union all
    select studio_id, 6, struct_extract(p, 'r6_points'), warned_on, null, null
    from signals
    where is_warned
    union all
    select studio_id, 7, struct_extract(p, 'r7_points'), last_inspected_on, null, null
    from signals
    where struct_extract(p, 'has_inspections')
      and (last_inspected_on is null or last_inspected_on <= as_of - to_days(struct_extract(p, 'r7_window_days')))
    union all
    select studio_id, 8, struct_extract(p, 'r8_points'), null, recent_activities, null
    from signals
    where struct_extract(p, 'has_activities') and recent_activities < struct_extract(p, 'r8_min_activities')
    union all
    select studio_id, 9, struct_extract(p, 'r9_points'), null, members, null
    from signals
    where members < struct_extract(p, 'r9_min_members')
    union all
    select studio_id, 10, struct_extract(p, 'r10_points'), null, null, null
    from signals
    where funding_wan = 0
),

final as (
    select studio_id, 'R' || rule_no as rule, rule_no, points, evidence_date, evidence_number,
           evidence_list
    from fired
)

select * from final
