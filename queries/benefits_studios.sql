-- One row per studio named as of as_of (of one unit when unit is set): its outcomes completed in
-- the period, their benefit (万元; 0 with no outcome, null when every benefit is blank), patents
-- and adoption share. Params: as_of (date), period_start (date), period_end (date), unit (text or null).
with outcomes as (
    select key as studio_id, * exclude (key)
    from outcome_totals($as_of, $period_start, $period_end, $unit, studio_id)
),

final as (
    select
        n.studio_id,
        n.studio_name,
        n.studio_type,
        n.leader,
        n.host,
        n.unit,
        n.named_on,
        unnest(outcome_figures(o))
    from named_studios($as_of, $unit) as n
    left join outcomes as o on o.studio_id = n.studio_id
)

select * from final order by benefit_wan desc nulls last, outcomes desc, studio_id
