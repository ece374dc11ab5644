-- One row per studio named as of as_of in the chosen tiers for which the chosen rule fires (a
-- null filter matches all): registry fields, score, tier and its fired rules with their
-- evidence (a list of structs in rule order), highest score first, then by studio id; total
-- counts every match, limit caps the rows returned. Params: as_of (date), unit (text or null),
-- p (struct: see marts/risk_reasons.sql), tiers (text[] or null), rule (text or null, e.g.
-- 'R1'), limit (int or null: no cap).
with matches as (
    select
        studio_id,
        studio_name,
        unit,
        studio_type,
        leader,
        host,
        phone,
        score,
        tier,
        count(*) over () as total
    from risk_scores($as_of, $unit, $p)
    where ($tiers is null or list_contains($tiers, tier))
      and ($rule is null or list_contains(rules, $rule))
    order by score desc, studio_id
    limit $limit
),

evidence as (
    select
        r.studio_id,
        list(struct_pack(rule := r.rule, points := r.points, evidence_date := r.evidence_date,
                         evidence_number := r.evidence_number, evidence_list := r.evidence_list)
             order by r.rule_no) as reasons
    from risk_reasons($as_of, $unit, $p) as r
    where r.studio_id in (select studio_id from matches)
    group by r.studio_id
),

final as (
    select m.*, coalesce(e.reasons, []) as reasons
    from matches as m
    left join evidence as e on e.studio_id = m.studio_id
)

select * from final order by score desc, studio_id
