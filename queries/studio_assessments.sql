-- One row per yearly written assessment of the studio submitted on or before as_of, latest year
-- first (the studio must be in the unit scope). Params: studio_id (text), as_of (date),
-- unit (text or null).
select a.assessment_year, a.submitted_on, a.grade
from stg_assessments as a
join scoped_studios($unit) as s on s.studio_id = a.studio_id
where a.studio_id = $studio_id
  and a.submitted_on <= $as_of
order by a.assessment_year desc
