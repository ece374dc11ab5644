-- One row per outcome category with outcomes in the period (see benefits_by_unit).
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null).
with final as (
    select
        category,
        count(*) as outcomes,
        round(sum(benefit_wan), 4) as benefit_wan,
        cast(sum(invention_patents) as bigint) as invention_patents,
        cast(sum(utility_patents) as bigint) as utility_patents,
        cast(sum(design_patents) as bigint) as design_patents,
        count(*) filter (where is_adopted) / count(*) as adopted_share
    from named_outcomes($as_of, $period_start, $period_end, $unit)
    group by category
)

select * from final order by benefit_wan desc nulls last, outcomes desc, category
