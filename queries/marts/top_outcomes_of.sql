-- One row per outcome, the `top` outcomes of the period by benefit (then newest first, then
-- 成果编号) among studios named as of as_of; patents summed over the three kinds. Read through
-- top_outcomes (queries/memos/top_outcomes.sql), which may answer from the copy stored at
-- import. Params: as_of (date), period_start (date), period_end (date), unit (text or null),
-- top (int).
create or replace macro top_outcomes_of(as_of, period_start, period_end, unit, top) as table
with final as (
    select
        o.outcome_id,
        o.title,
        o.studio_id,
        o.studio_name,
        o.unit,  -- a bare `unit` is the parameter: qualify the columns
        o.category,
        o.completed_on,
        o.benefit_wan,
        cast(coalesce(o.invention_patents, 0) + coalesce(o.utility_patents, 0)
             + coalesce(o.design_patents, 0) as bigint) as patents,
        o.is_adopted
    from named_outcomes(as_of, period_start, period_end, unit) as o
)

select *
from final
order by benefit_wan desc nulls last, completed_on desc, outcome_id
limit top
