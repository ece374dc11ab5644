-- One row per studio whose 年度评估 for the due year was submitted on or before as_of: the due
-- year is Y-1 from p.due_month/p.due_day of as_of's year Y, else Y-2 (data-contract.md, R2).
-- Used by R2/R3 (marts/risk_reasons.sql) and C2 (marts/commendation_of.sql). Grain: studio.
-- Params: as_of (date), p (struct with due_month, due_day).
create or replace macro assessment_due_year(as_of, p) as
    case when as_of >= make_date(year(as_of), struct_extract(p, 'due_month'), struct_extract(p, 'due_day'))
         then year(as_of) - 1 else year(as_of) - 2 end;

create or replace macro due_assessments(as_of, p) as table
select a.studio_id, a.assessment_year, a.submitted_on, a.grade
from stg_assessments as a
where a.assessment_year = assessment_due_year(as_of, p)
  and a.submitted_on <= as_of  -- one submitted after as_of was not there yet
