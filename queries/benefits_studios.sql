-- One row per studio named as of as_of (of one unit when unit is set): its outcomes completed in
-- the period, their benefit (万元; 0 with no outcome, null when every benefit is blank), patents
-- and adoption share. Params: as_of (date), period_start (date), period_end (date), unit (text or null).
with named as (
    select s.studio_id, s.studio_name, s.studio_type, s.leader, s.host, s.unit, st.named_on
    from studio_status($as_of, $unit) as st
    join stg_studios as s on s.studio_id = st.studio_id
    where st.is_named
),

outcomes as (
    select
        studio_id,
        count(*) as outcomes,
        round(sum(benefit_wan), 4) as benefit_wan,
        cast(sum(invention_patents) as bigint) as invention_patents,
        cast(sum(utility_patents) as bigint) as utility_patents,
        cast(sum(design_patents) as bigint) as design_patents,
        count(*) filter (where is_adopted) as adopted
    from named_outcomes($as_of, $period_start, $period_end, $unit)
    group by studio_id
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
        coalesce(o.outcomes, 0) as outcomes,
        case when o.outcomes is null then 0 else o.benefit_wan end as benefit_wan,
        coalesce(o.invention_patents, 0) as invention_patents,
        coalesce(o.utility_patents, 0) as utility_patents,
        coalesce(o.design_patents, 0) as design_patents,
        o.adopted / o.outcomes as adopted_share
    from named as n
    left join outcomes as o on o.studio_id = n.studio_id
)

select * from final order by benefit_wan desc nulls last, outcomes desc, studio_id
