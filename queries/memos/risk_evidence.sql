-- risk_evidence_of(as_of, unit, p) (marts/risk_evidence_of.sql), read from the copy an import
-- stores (memo_risk_evidence, dashboard/memo.py) when memo is true. The copy holds every studio
-- at the data's own date under the settings of its import; db.run passes memo = true only when
-- as_of and p are exactly those (queries/memo_ready.sql). Params: as_of (date), unit (text or
-- null), p (struct: marts/risk_reasons.sql), memo (bool).
create or replace macro risk_evidence(as_of, unit, p, memo) as table
with scope as (  -- before the copy's own unit column is in scope
    select s.studio_id from scoped_studios(unit) as s
)

select m.*  -- every unit: no join (a semi-join of every studio cost more than the scan)
from memo_risk_evidence as m
where memo and unit is null
union all
select m.*  -- one unit's
from memo_risk_evidence as m
where memo and unit is not null and m.studio_id in (select studio_id from scope)
union all
select * from risk_evidence_of(as_of, unit, p) where not memo
