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
    select
        n.studios,
        coalesce(o.outcomes, 0) as outcomes,
        coalesce(o.benefit_wan, 0) as benefit_wan,
        coalesce(o.invention_patents + o.utility_patents + o.design_patents, 0) as patents,
        coalesce(o.invention_patents, 0) as invention_patents,
        o.adopted_share,
        case when n.studios > 0 then coalesce(o.benefit_wan, 0) / n.studios end as per_studio_wan,
        case when n.studios > 0 then coalesce(o.outcomes, 0) / n.studios end
            as outcomes_per_studio
    from named as n
    left join outcomes as o on true
)

select * from final
