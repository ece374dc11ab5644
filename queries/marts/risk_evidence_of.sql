-- One row per studio named as of as_of and, within it, one row per rule that fires (a studio
-- with none has one row with rule null): the studio's score (the sum of its fired rules'
-- points, 0 when none fires) and tier, and the rule's points and evidence (marts/
-- risk_reasons.sql). Params: as_of (date), unit (text or null), p (struct: see
-- marts/risk_reasons.sql).
create or replace macro risk_evidence_of(as_of, unit, p) as table
with reasons as materialized (
    select * from risk_reasons(as_of, unit, p)
),

scores as (
    select studio_id, sum(points) as score
    from reasons
    group by studio_id
),

scored as (
    select
        n.studio_id,
        n.studio_name,
        n.unit,
        n.studio_type,
        n.leader,
        n.host,
        n.phone,
        cast(coalesce(sc.score, 0) as integer) as score,
        r.rule,
        r.rule_no,
        r.points,
        r.evidence_date,
        r.evidence_number,
        r.evidence_list
    from named_studios(as_of, unit) as n
    left join scores as sc on sc.studio_id = n.studio_id
    left join reasons as r on r.studio_id = n.studio_id
),

final as (
    select *, risk_tier(score, p) as tier
    from scored
)

select * from final
