-- One row when the studio is named as of as_of and in the unit scope (none otherwise): its
-- score, tier and fired rules with their evidence (a list of structs in rule order). Risk is
-- computed over the studio's own unit only, which gives the same result faster.
-- Params: studio_id (text), as_of (date), unit (text or null), p (struct: see
-- marts/risk_reasons.sql).
with evidence as (
    select
        studio_id,
        list(struct_pack(rule := rule, points := points, evidence_date := evidence_date,
                         evidence_number := evidence_number, evidence_list := evidence_list)
             order by rule_no) as reasons
    from risk_reasons(
        $as_of, coalesce($unit, (select unit from stg_studios where studio_id = $studio_id)), $p)
    where studio_id = $studio_id
    group by studio_id
),

final as (
    select s.studio_id, s.score, s.tier, coalesce(e.reasons, []) as reasons
    from risk_scores(
        $as_of, coalesce($unit, (select unit from stg_studios where studio_id = $studio_id)), $p)
        as s
    left join evidence as e on e.studio_id = s.studio_id
    where s.studio_id = $studio_id
)

select * from final
