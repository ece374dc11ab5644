-- top_outcomes_of(as_of, period_start, period_end, unit, top) (marts/top_outcomes_of.sql), read
-- from the copy an import stores (memo_top_outcomes, dashboard/memo.py): the first
-- benefit_top_stored() outcomes of every unit at each stored period (as benefit_summary:
-- marts/benefit_summary_periods.sql), which hold the first `top` of them for any top up to
-- that. Params: as_of (date), period_start (date), period_end (date), unit (text or null),
-- top (int).
create or replace macro top_outcomes(as_of, period_start, period_end, unit, top) as table
select *
from (
    select m.* exclude (memo_as_of, memo_period_start, memo_period_end)
    from memo_top_outcomes as m
    where benefit_summary_stored(as_of, period_start, period_end, unit)
      and top <= benefit_top_stored()
      and m.memo_as_of = cast(as_of as date)
      and m.memo_period_start = cast(period_start as date)
      and m.memo_period_end = cast(period_end as date)
    order by m.benefit_wan desc nulls last, m.completed_on desc, m.outcome_id
    limit top
)
union all
select *
from top_outcomes_of(as_of, period_start, period_end, unit, top)
where not (benefit_summary_stored(as_of, period_start, period_end, unit)
           and top <= benefit_top_stored())
