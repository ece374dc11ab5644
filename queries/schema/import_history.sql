-- One row per import or restore, newest first. Params: none.
select import_id, kind, imported_at, by_user, files, rows, warnings, restored_to, is_sample
from import_log
order by import_id desc
