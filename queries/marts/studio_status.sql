-- studio_status_of(as_of, unit) (marts/studio_status_of.sql), read from the copy an import
-- stores for the data's own date (memo_studio_status, dashboard/memo.py) when that is as_of.
-- Nearly every figure starts from the status of each studio; the copy spares recomputing it from
-- every event. The session variable status_memo holds the copy's date, set by db.run before
-- each query (null when the copy is not the latest import's, or memo=False is asked for); DuckDB
-- folds the test to a constant, so only one branch runs. Params: as_of (date), unit (text or null).
create or replace macro studio_status(as_of, unit) as table
with scope as (  -- before the copy's own columns are in scope
    select s.studio_id from scoped_studios(unit) as s
)

select m.*  -- every unit: no join (an `unit is null or … in (…)` probes every studio anyway)
from memo_studio_status as m
where coalesce(getvariable('status_memo') = cast(as_of as date), false)
  and unit is null
union all
select m.*  -- one unit's
from memo_studio_status as m
where coalesce(getvariable('status_memo') = cast(as_of as date), false)
  and unit is not null
  and m.studio_id in (select studio_id from scope)
union all
select *
from studio_status_of(as_of, unit)
where not coalesce(getvariable('status_memo') = cast(as_of as date), false)
