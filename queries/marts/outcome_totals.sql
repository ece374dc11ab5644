-- One row per value of `key` among the outcomes of named_outcomes(as_of, period_start,
-- period_end, unit): outcomes, their benefit (万元; blanks ignored, null when every benefit is
-- blank), patents of each kind, adopted outcomes and the adoption share. key is an expression
-- over named_outcomes' columns (unit, studio_id, category, year(completed_on)). The one
-- definition of the benefit aggregate.
-- outcome_totals_sets: the same figures by unit, by category and for the whole scope in one
-- result (level 'unit', 'category' or 'total'; key null for 'total'), from one pass over the
-- outcomes: summed per (unit, category) first, then those few cells summed up to each level,
-- rounded only at the end, like outcome_totals (tests/test_benefit_summary.py holds them equal).
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null),
-- key (expression).
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

select * from final;

create or replace macro outcome_totals_sets(as_of, period_start, period_end, unit) as table
with cells as (
    select
        o.unit as unit_name,  -- a bare `unit` is the parameter: qualify the column
        o.category,
        count(*) as outcomes,
        sum(o.benefit_wan) as benefit_sum,
        sum(o.invention_patents) as invention_sum,
        sum(o.utility_patents) as utility_sum,
        sum(o.design_patents) as design_sum,
        count(*) filter (where o.is_adopted) as adopted
    from named_outcomes(as_of, period_start, period_end, unit) as o
    group by o.unit, o.category
),

totals as (
    select
        case
            when grouping(unit_name) = 0 then 'unit'
            when grouping(category) = 0 then 'category'
            else 'total'
        end as level,
        coalesce(unit_name, category) as key,
        cast(sum(outcomes) as bigint) as outcomes,
        round(sum(benefit_sum), 4) as benefit_wan,
        cast(sum(invention_sum) as bigint) as invention_patents,
        cast(sum(utility_sum) as bigint) as utility_patents,
        cast(sum(design_sum) as bigint) as design_patents,
        cast(sum(adopted) as bigint) as adopted
    from cells
    group by grouping sets ((unit_name), (category), ())
),

final as (
    select *, adopted / outcomes as adopted_share
    from totals
)

select * from final
