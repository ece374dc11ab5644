-- One row per unit with a studio named as of as_of: outcomes completed in the period and their
-- benefit (万元; blanks ignored, null when every benefit is blank), patents and adoption share.
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null).
with named as (
    select unit, count(*) as studios
    from named_studios($as_of, $unit)
    group by unit
),

outcomes as (
    select key as unit, * exclude (key)
    from outcome_totals($as_of, $period_start, $period_end, $unit, unit)
),

final as (
    select
        n.unit,
        u.unit_kind,
        n.studios,
        unnest(outcome_figures(o)),
        u.sort_order
    from named as n
    left join outcomes as o on o.unit = n.unit
    left join stg_units as u on u.unit = n.unit
)

select unit, unit_kind, studios, outcomes, benefit_wan, invention_patents, utility_patents,
       design_patents, adopted_share
from final
order by benefit_wan desc nulls last, outcomes desc, sort_order nulls last, unit
