-- One row: the latest import or restore (the data's source). Params: none.
select import_id, kind, imported_at, by_user, files, is_sample
from import_log
order by import_id desc
limit 1
