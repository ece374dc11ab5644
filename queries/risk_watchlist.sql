-- One row per studio named as of as_of in the chosen tiers for which the chosen rule fires (a
-- null filter matches all): registry fields, score, tier and its fired rules with their
-- evidence (a list of structs in rule order), highest score first, then by studio id; total
-- counts every match, limit caps the rows returned. Params: as_of (date), unit (text or null),
-- p (struct: see marts/risk_reasons.sql), tiers (text[] or null), rule (text or null, e.g.
-- 'R1'), limit (int or null: no cap).
with final as (
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
        count(*) over () as total,
        reasons
    from risk_scores($as_of, $unit, $p, $memo)
    where ($tiers is null or list_contains($tiers, tier))
      and ($rule is null or list_contains(rules, $rule))
)

select * from final order by score desc, studio_id limit $limit
