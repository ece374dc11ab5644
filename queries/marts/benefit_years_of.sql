-- One row per calendar year from the first outcome to as_of's year: outcomes of studios named as
-- of as_of completed that year (and not after as_of), their benefit (万元; null when every benefit
-- is blank), patents and adoption share. Read through benefit_years
-- (queries/memos/benefit_years.sql), which may answer from the copy stored at import.
-- Params: as_of (date), unit (text or null).
create or replace macro benefit_years_of(as_of, unit) as table
with outcomes as (
    select key as year, * exclude (key)
    from outcome_totals(as_of, date '1900-01-01', as_of, unit, year(completed_on))
),

years as (
    select unnest(generate_series(min(year), year(as_of::date))) as year
    from outcomes
),

final as (
    select
        y.year,
        y.year = year(as_of::date) as is_partial,
        unnest(outcome_figures(o))
    from years as y
    left join outcomes as o on o.year = y.year
)

select * from final
