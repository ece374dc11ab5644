-- One row per sheet loaded in the current state (the latest import or restore). Params: none.
select sheet, version_table, rows
from import_state
where import_id = (select max(import_id) from import_log)
order by sheet
