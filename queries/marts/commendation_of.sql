-- One row per studio named as of as_of: the commendation criteria C1-C4 (data-contract.md, "The
-- campaign cycle"), each with its evidence, and whether the studio is a candidate (表彰建议名单):
-- not warned, risk tier 低, and every criterion that is on met. Grain: studio.
-- met: the criteria met among those on; missed: the reasons it is not a candidate (the criteria
-- on and not met, then 'warned' and 'tier'). A criterion is off when its sheet was not imported
-- (c.has_inspections, c.has_assessments; C4 when 活动记录 has no rows).
-- Params: as_of (date), unit (text or null), p (the risk struct, marts/risk_reasons.sql),
-- c (struct: c1_window_days, c3_window_days, c3_min_benefit_wan, c3_min_invention_patents,
-- c4_window_days, c4_min_activities, has_inspections, has_assessments, has_activities).
create or replace macro commendation_of(as_of, unit, p, c) as table
with named as (
    select ns.studio_id, ns.studio_name, ns.unit as unit, ns.studio_type, ns.leader, ns.host,
           ns.is_warned, ns.warned_on
    from named_studios(as_of, unit) as ns  -- a bare `unit` is the parameter: qualify the column
),

window_outcomes as (
    select key as studio_id, benefit_wan, invention_patents
    from outcome_totals(as_of, as_of - to_days(struct_extract(c, 'c3_window_days') - 1), as_of,
                        unit, studio_id)
),

evidence as (
    select
        n.*,
        r.score,
        r.tier,
        i.inspection_id,
        i.inspected_on,
        i.conclusion,
        a.assessment_year,
        a.grade as assessment_grade,
        o.benefit_wan,
        coalesce(o.invention_patents, 0) as invention_patents,
        coalesce(ac.activities, 0) as activities
    from named as n
    join risk_scores_of(as_of, unit, p) as r on r.studio_id = n.studio_id
    left join latest_inspections(as_of) as i on i.studio_id = n.studio_id
    left join due_assessments(as_of, p) as a on a.studio_id = n.studio_id
    left join window_outcomes as o on o.studio_id = n.studio_id
    left join activity_counts(as_of, struct_extract(c, 'c4_window_days')) as ac
        on ac.studio_id = n.studio_id
),

criteria as (
    select
        *,
        coalesce(inspected_on > as_of - to_days(struct_extract(c, 'c1_window_days'))
                 and conclusion in ('优秀', '良好'), false) as c1,
        coalesce(assessment_grade = '优秀', false) as c2,
        coalesce(benefit_wan, 0) >= struct_extract(c, 'c3_min_benefit_wan')
            or invention_patents >= struct_extract(c, 'c3_min_invention_patents') as c3,
        activities >= struct_extract(c, 'c4_min_activities') as c4,
        struct_extract(c, 'has_inspections') as c1_on,
        struct_extract(c, 'has_assessments') as c2_on,
        true as c3_on,
        struct_extract(c, 'has_activities') as c4_on
    from evidence
),

final as (
    select
        * exclude (c1_on, c2_on, c3_on, c4_on),
        (case when c1_on and c1 then ['C1'] else [] end)
            || (case when c2_on and c2 then ['C2'] else [] end)
            || (case when c3_on and c3 then ['C3'] else [] end)
            || (case when c4_on and c4 then ['C4'] else [] end) as met,
        (case when c1_on and not c1 then ['C1'] else [] end)
            || (case when c2_on and not c2 then ['C2'] else [] end)
            || (case when c3_on and not c3 then ['C3'] else [] end)
            || (case when c4_on and not c4 then ['C4'] else [] end)
            || (case when is_warned then ['warned'] else [] end)
            || (case when tier <> '低' then ['tier'] else [] end) as missed
    from criteria
)

select *, len(missed) = 0 as is_candidate from final
