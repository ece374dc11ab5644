-- commendation_of(as_of, unit, p, c) (marts/commendation_of.sql), read from the copy an import
-- stores (memo_commendation) when memo is true: db.run passes memo = true only when as_of, p and
-- c are those of the copy (queries/memo_ready.sql). Params: as_of (date), unit (text or null),
-- p (risk struct), c (commendation struct), memo (bool).
create or replace macro commendation(as_of, unit, p, c, memo) as table
with scope as (  -- before the copy's own unit column is in scope
    select s.studio_id from scoped_studios(unit) as s
)

select m.*  -- every unit: no join (a semi-join of every studio cost more than the scan)
from memo_commendation as m
where memo and unit is null
union all
select m.*  -- one unit's
from memo_commendation as m
where memo and unit is not null and m.studio_id in (select studio_id from scope)
union all
select * from commendation_of(as_of, unit, p, c) where not memo
