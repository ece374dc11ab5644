-- One row per studio named as of as_of and, within it, one row per fired rule (a studio with
-- none has one row with rule null): score (sum of its points), tier, the rule's points and
-- evidence. Highest score first, then by studio id and rule. Params: as_of (date),
-- unit (text or null), p (struct: see marts/risk_reasons.sql).
with reasons as materialized (
    select * from risk_reasons($as_of, $unit, $p)
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
        s.studio_type,
        s.leader,
        s.host,
        coalesce(sc.score, 0) as score,
        risk_tier(coalesce(sc.score, 0), $p) as tier,
        r.rule,
        r.rule_no,
        r.points,
        r.evidence_date,
        r.evidence_number,
        r.evidence_list
    from studio_status($as_of, $unit) as st
    join stg_studios as s on s.studio_id = st.studio_id
    left join scores as sc on sc.studio_id = s.studio_id
    left join reasons as r on r.studio_id = s.studio_id
    where st.is_named
)

select * from final order by score desc, studio_id, rule_no
