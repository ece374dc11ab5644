-- benefit_summary_of(as_of, period_start, period_end, unit) (marts/benefit_summary_of.sql), read
-- from the copy an import stores (memo_benefit_summary, dashboard/memo.py) when it holds those
-- parameters (marts/benefit_summary_periods.sql: every unit, 成果效益's default period and its
-- 同比 at the data's own date). The 同比's year-earlier date is not the stored status's, so without
-- the copy it computes the status and the outcomes of a year earlier live.
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null).
create or replace macro benefit_summary(as_of, period_start, period_end, unit) as table
select m.* exclude (memo_as_of, memo_period_start, memo_period_end)
from memo_benefit_summary as m
where benefit_summary_stored(as_of, period_start, period_end, unit)
  and m.memo_as_of = cast(as_of as date)
  and m.memo_period_start = cast(period_start as date)
  and m.memo_period_end = cast(period_end as date)
union all
select *
from benefit_summary_of(as_of, period_start, period_end, unit)
where not benefit_summary_stored(as_of, period_start, period_end, unit)
