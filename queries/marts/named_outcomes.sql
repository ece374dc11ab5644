-- named_outcomes_of(as_of, period_start, period_end, unit) (marts/named_outcomes_of.sql), read
-- from the copy an import stores for the data's own date (memo_named_outcomes: every outcome
-- of a studio named then, up to that date) when that date is as_of, as marts/studio_status.sql
-- reads the stored status (session variable status_memo, set by db.run). Every benefit figure
-- starts here: the copy spares joining every outcome with the named studios again.
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null).
create or replace macro named_outcomes(as_of, period_start, period_end, unit) as table
with scope as (  -- before the copy's own unit column is in scope
    select s.studio_id from scoped_studios(unit) as s
)

select m.*  -- every unit: no join
from memo_named_outcomes as m
where coalesce(getvariable('status_memo') = cast(as_of as date), false)
  and unit is null
  and m.completed_on between period_start and least(period_end, as_of)
union all
select m.*  -- one unit's
from memo_named_outcomes as m
where coalesce(getvariable('status_memo') = cast(as_of as date), false)
  and unit is not null
  and m.completed_on between period_start and least(period_end, as_of)
  and m.studio_id in (select studio_id from scope)
union all
select *
from named_outcomes_of(as_of, period_start, period_end, unit)
where not coalesce(getvariable('status_memo') = cast(as_of as date), false)
