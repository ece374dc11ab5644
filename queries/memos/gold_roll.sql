-- gold_roll_of(as_of, unit) (marts/gold_roll_of.sql), read from the copy an import stores
-- (memo_gold_roll, dashboard/memo.py) for every unit at the data's own date: 表彰与荣誉 opens on
-- the whole roll, whose first namings aggregate every status event. The stored date is the
-- session variable status_memo (set by db.run: null when the copies are not the latest
-- import's, or memo=False is asked for), as in memos/benefit_years.sql; a unit's rows are read
-- from the copy through the one scope. Params: as_of (date), unit (text or null).
create or replace macro gold_roll(as_of, unit) as table
with scope as (  -- before the copy's own unit column is in scope
    select s.studio_id from scoped_studios(unit) as s
)

select m.*  -- every unit: no join
from memo_gold_roll as m
where unit is null and coalesce(getvariable('status_memo') = cast(as_of as date), false)
union all
select m.*  -- one unit's
from memo_gold_roll as m
where unit is not null and coalesce(getvariable('status_memo') = cast(as_of as date), false)
  and m.studio_id in (select studio_id from scope)
union all
select *
from gold_roll_of(as_of, unit)
where not coalesce(getvariable('status_memo') = cast(as_of as date), false)
