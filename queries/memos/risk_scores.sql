-- risk_scores_of(as_of, unit, p) (marts/risk_scores_of.sql), read from the copy an import stores
-- (memo_risk_scores) when memo is true, as in memos/risk_evidence.sql. Params: as_of (date),
-- unit (text or null), p (struct), memo (bool).
create or replace macro risk_scores(as_of, unit, p, memo) as table
with scope as (  -- before the copy's own unit column is in scope
    select s.studio_id from scoped_studios(unit) as s
)

select m.*  -- every unit: no join (a semi-join of every studio cost more than the scan)
from memo_risk_scores as m
where memo and unit is null
union all
select m.*  -- one unit's
from memo_risk_scores as m
where memo and unit is not null and m.studio_id in (select studio_id from scope)
union all
select * from risk_scores_of(as_of, unit, p) where not memo
