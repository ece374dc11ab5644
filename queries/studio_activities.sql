-- One row per activity of the studio on or before as_of, latest first (the studio must be in
-- the unit scope). Params: studio_id (text), as_of (date), unit (text or null).
select a.activity_date, a.activity_type, a.participants
from stg_activities as a
join scoped_studios($unit) as s on s.studio_id = a.studio_id
where a.studio_id = $studio_id
  and a.activity_date <= $as_of
order by a.activity_date desc, a.activity_type
