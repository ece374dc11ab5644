-- One row: whether the marts stored after the latest import (dashboard/memo.py) answer for
-- these parameters: made from the latest import and the app's inspections as they are now
-- (queries/data_version.sql), at the same date, under the same risk settings
-- and, when c is given, the same commendation settings.
-- Params: as_of (date), p (risk struct), c (commendation struct or null).
select count(*) > 0 as ready
from memo_keys
where import_id = (select max(import_id) from import_log)
  and app_changes = (select count(*) + count(voided_at) from app_inspections)
  and as_of = $as_of
  and p = cast($p as varchar)
  and (cast($c as varchar) is null or c = cast($c as varchar))
