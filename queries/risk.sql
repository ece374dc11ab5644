-- One row per studio named as of as_of and, within it, one row per fired rule (a studio with
-- none has one row with rule null): score (sum of its points), tier, the rule's points and the
-- reason in words. Highest score first, then by studio id and rule. Params: as_of (date),
-- unit (text or null), p (struct: see marts/risk_reasons.sql), dated and undated (text[] indexed
-- by rule number: each rule's sentence with {date}, {number} and {items} standing for its
-- evidence, for evidence with and without a date; figures.reason_templates renders them).
with reasons as materialized (
    select
        studio_id,
        rule,
        rule_no,
        points,
        -- filled in here rather than row by row in Python: 100k+ reasons at national scale
        replace(replace(replace(
            case when evidence_date is null then $undated[rule_no] else $dated[rule_no] end,
            '{date}', coalesce(strftime(evidence_date, '%Y-%m-%d'), '')),
            '{number}', coalesce(cast(evidence_number as varchar), '')),
            '{items}', coalesce(array_to_string(evidence_list, '、'), '')) as detail
    from risk_reasons($as_of, $unit, $p)
),

scores as (
    select studio_id, sum(points) as score
    from reasons
    group by studio_id
),

final as (
    select
        s.studio_id,
        s.studio_name,
        s.unit,
        cast(coalesce(sc.score, 0) as integer) as score,
        risk_tier(coalesce(sc.score, 0), $p) as tier,
        r.rule,
        r.rule_no,
        cast(r.points as integer) as points,
        r.detail
    from studio_status($as_of, $unit) as st
    join stg_studios as s on s.studio_id = st.studio_id
    left join scores as sc on sc.studio_id = s.studio_id
    left join reasons as r on r.studio_id = s.studio_id
    where st.is_named
)

select studio_id, studio_name, unit, score, tier, rule, points, detail
from final
order by score desc, studio_id, rule_no
