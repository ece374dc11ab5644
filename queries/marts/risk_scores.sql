-- One row per studio named as of as_of: its score (the sum of its fired rules' points), tier and
-- the rules that fire (in rule order; empty when none does). The evidence of each rule is in
-- risk_reasons. Params: as_of (date), unit (text or null), p (struct: see
-- marts/risk_reasons.sql).
create or replace macro risk_scores(as_of, unit, p) as table
with fired as (
    select studio_id, sum(points) as score, list(rule order by rule_no) as rules
    from risk_reasons(as_of, unit, p)
    group by studio_id
),

scored as (
    select
        s.studio_id,
        s.studio_name,
        s.unit,
        s.studio_type,
        s.leader,
        s.host,
        s.phone,
        cast(coalesce(f.score, 0) as integer) as score,
        coalesce(f.rules, []) as rules
    from studio_status(as_of, unit) as st
    join stg_studios as s on s.studio_id = st.studio_id
    left join fired as f on f.studio_id = st.studio_id
    where st.is_named
),

final as (
    select
        *,
        risk_tier(score, p) as tier
    from scored
)

select * from final
