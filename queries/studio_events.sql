-- One row per status event of the studio on or before as_of, oldest first (the studio must be
-- in the unit scope). Params: studio_id (text), as_of (date), unit (text or null).
select e.event_date, e.status, e.doc_no, e.note
from stg_status_events as e
join scoped_studios($unit) as s on s.studio_id = e.studio_id
where e.studio_id = $studio_id
  and e.event_date <= $as_of
order by e.event_date, e.source_row
