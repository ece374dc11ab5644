-- One row per value of `key` among the outcomes of named_outcomes(as_of, period_start,
-- period_end, unit): outcomes, their benefit (万元; blanks ignored, null when every benefit is
-- blank), patents of each kind, adopted outcomes and the adoption share. key is an expression
-- over named_outcomes' columns (unit, studio_id, category, year(completed_on)). The one
-- definition of the benefit aggregate. Params: as_of (date), period_start (date),
-- period_end (date), unit (text or null), key (expression).
create or replace macro outcome_totals(as_of, period_start, period_end, unit, key) as table
with totals as (
    select
        key as key,
        count(*) as outcomes,
        round(sum(benefit_wan), 4) as benefit_wan,
        cast(sum(invention_patents) as bigint) as invention_patents,
        cast(sum(utility_patents) as bigint) as utility_patents,
        cast(sum(design_patents) as bigint) as design_patents,
        count(*) filter (where is_adopted) as adopted
    from named_outcomes(as_of, period_start, period_end, unit)
    group by key
),

final as (
    select *, adopted / outcomes as adopted_share
    from totals
)

select * from final
