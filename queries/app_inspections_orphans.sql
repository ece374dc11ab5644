-- One row per inspection recorded in the app that counts (not voided, in no import) of a studio
-- the registry does not hold: a restore that would leave such a record is refused
-- (dashboard/versions.py). Params: none.
select inspection_id, studio_id
from stg_inspections
where in_app and studio_id not in (select studio_id from stg_studios)
order by inspection_id
