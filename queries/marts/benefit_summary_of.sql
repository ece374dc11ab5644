-- The benefit figures of a period (data-contract.md, "Benefits as of D") at three grains in one
-- result, told apart by level: 'unit', the rows of benefits_by_unit (one per unit with a
-- studio named as of as_of); 'category', those of benefits_by_category (one per outcome
-- category with outcomes in the period); 'total', the row of benefits_totals. 成果效益 reads it
-- once for its period and once for its 同比, where it ran those three queries one by one: here
-- the named studios are counted once and their outcomes aggregated in one pass
-- (outcome_totals_sets, the same aggregate), which at a date computed live (the 同比's) costs
-- about half the CPU. The report keeps the three queries (each cheaper alone);
-- tests/test_benefit_summary.py holds every level equal to its query. Read through
-- benefit_summary (queries/memos/benefit_summary.sql), which may answer from the copy stored at
-- import. Params: as_of (date), period_start (date), period_end (date), unit (text or null).
create or replace macro benefit_summary_of(as_of, period_start, period_end, unit) as table
with named as materialized (
    select n.unit as unit_name, count(*) as studios
    from named_studios(as_of, unit) as n  -- a bare `unit` is the parameter: qualify the column
    group by n.unit
),

sets as materialized (
    select * from outcome_totals_sets(as_of, period_start, period_end, unit)
),

units as (
    select
        'unit' as level,
        n.unit_name as unit,
        u.unit_kind,
        u.sort_order,
        n.studios,
        unnest(outcome_figures(o))
    from named as n
    left join sets as o on o.level = 'unit' and o.key = n.unit_name
    left join stg_units as u on u.unit = n.unit_name
),

categories as (
    select
        'category' as level,
        o.key as category,
        o.outcomes,
        o.benefit_wan,
        o.invention_patents,
        o.utility_patents,
        o.design_patents,
        o.adopted_share
    from sets as o
    where o.level = 'category'
),

total as (
    select
        'total' as level,
        unnest(scope_figures(n.studios, o))
    from (select cast(coalesce(sum(studios), 0) as bigint) as studios from named) as n
    left join sets as o on o.level = 'total'
),

final as (
    select * from units
    union all by name
    select * from categories
    union all by name
    select * from total
)

select * from final
