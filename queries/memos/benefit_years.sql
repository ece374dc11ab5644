-- benefit_years_of(as_of, unit) (marts/benefit_years_of.sql), read from the copy an import stores
-- (memo_benefit_years, dashboard/memo.py) for every unit at the data's own date: 成果效益's trend
-- by year, which aggregates every outcome, as opened. The stored date is the session variable
-- status_memo (set by db.run: null when the copies are not the latest import's, or memo=False
-- is asked for), so the test folds to a constant. Params: as_of (date), unit (text or null).
create or replace macro benefit_years(as_of, unit) as table
select m.*
from memo_benefit_years as m
where unit is null and coalesce(getvariable('status_memo') = cast(as_of as date), false)
union all
select *
from benefit_years_of(as_of, unit)
where not (unit is null and coalesce(getvariable('status_memo') = cast(as_of as date), false))
