-- One row per (unit, tier) with at least one studio named as of as_of: how many. Units with the
-- most 高 first, then the most 中, then the most studios, then by name. Params: as_of (date),
-- unit (text or null), p (struct: see marts/risk_reasons.sql).
with counts as (
    select unit, tier, count(*) as studios
    from risk_scores($as_of, $unit, $p, $memo)
    group by unit, tier
),

ranked as (
    select
        *,
        sum(studios) filter (where tier = '高') over (partition by unit) as high,
        sum(studios) filter (where tier = '中') over (partition by unit) as medium,
        sum(studios) over (partition by unit) as total
    from counts
),

final as (
    select unit, tier, studios,
           dense_rank() over (order by coalesce(high, 0) desc, coalesce(medium, 0) desc,
                                       total desc, unit) as unit_rank
    from ranked
)

select * from final order by unit_rank, tier
