-- One row per studio named as of as_of: its score, tier, the rules that fire and their
-- evidence (reasons: a list of structs), both in rule order and empty when none fires (marts/
-- risk_evidence.sql). Params: as_of (date), unit (text or null), p (struct: see
-- marts/risk_reasons.sql).
create or replace macro risk_scores_of(as_of, unit, p) as table
with final as (
    select
        e.studio_id,
        any_value(e.studio_name) as studio_name,
        any_value(e.unit) as unit,
        any_value(e.studio_type) as studio_type,
        any_value(e.leader) as leader,
        any_value(e.host) as host,
        any_value(e.phone) as phone,
        any_value(e.score) as score,
        coalesce(list(e.rule order by e.rule_no) filter (where e.rule is not null), []) as rules,
        coalesce(list(struct_pack(rule := e.rule, points := e.points,
                                  evidence_date := e.evidence_date,
                                  evidence_number := e.evidence_number,
                                  evidence_list := e.evidence_list)
                      order by e.rule_no) filter (where e.rule is not null), []) as reasons,
        any_value(e.tier) as tier
    from risk_evidence_of(as_of, unit, p) as e
    group by e.studio_id
)

select * from final
