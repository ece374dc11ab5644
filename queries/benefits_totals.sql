-- One row: the whole scope's benefit figures for the period, from the same definitions as
-- benefits_by_unit (named_studios for the studio count, outcome_totals for the aggregate).
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null).
with named as (
    select count(*) as studios
    from named_studios($as_of, $unit)
),

outcomes as (
    select * exclude (key)
    from outcome_totals($as_of, $period_start, $period_end, $unit, true)
),

final as (
    select unnest(scope_figures(n.studios, o))
    from named as n
    left join outcomes as o on true
)

select * from final
