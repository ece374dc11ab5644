-- One row per studio named as of as_of and, within it, one row per fired rule (a studio with
-- none has one row with rule null): score (sum of its points), tier, the rule's points and the
-- reason in words. Highest score first, then by studio id and rule. Params: as_of (date),
-- unit (text or null), p (struct: see marts/risk_reasons.sql), dated and undated (text[] indexed
-- by rule number: each rule's sentence with {date}, {number} and {items} standing for its
-- evidence, for evidence with and without a date; figures.reason_templates renders them).
with final as (
    select
        studio_id,
        studio_name,
        unit,
        score,
        tier,
        rule,
        rule_no,
        cast(points as integer) as points,
        -- filled in here rather than row by row in Python: 100k+ reasons at national scale
        replace(replace(replace(
            case when evidence_date is null then $undated[rule_no] else $dated[rule_no] end,
            '{date}', coalesce(strftime(evidence_date, '%Y-%m-%d'), '')),
            '{number}', coalesce(cast(evidence_number as varchar), '')),
            '{items}', coalesce(array_to_string(evidence_list, '、'), '')) as detail
    from risk_evidence($as_of, $unit, $p, $memo)
)

select studio_id, studio_name, unit, score, tier, rule, points, detail
from final
order by score desc, studio_id, rule_no
