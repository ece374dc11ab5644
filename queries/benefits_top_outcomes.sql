-- One row per outcome, the `top` outcomes of the period by benefit (then newest first) among
-- studios named as of as_of; patents summed over the three kinds. Params: as_of (date),
-- period_start (date), period_end (date), unit (text or null), top (int).
with final as (
    select
        outcome_id,
        title,
        studio_id,
        studio_name,
        unit,
        category,
        completed_on,
        benefit_wan,
        cast(coalesce(invention_patents, 0) + coalesce(utility_patents, 0)
             + coalesce(design_patents, 0) as bigint) as patents,
        is_adopted
    from named_outcomes($as_of, $period_start, $period_end, $unit)
)

select *
from final
order by benefit_wan desc nulls last, completed_on desc, outcome_id
limit $top
