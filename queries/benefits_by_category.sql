-- One row per outcome category with outcomes in the period (see benefits_by_unit).
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null).
with final as (
    select key as category, * exclude (key, adopted)
    from outcome_totals($as_of, $period_start, $period_end, $unit, category)
)

select * from final order by benefit_wan desc nulls last, outcomes desc, category
