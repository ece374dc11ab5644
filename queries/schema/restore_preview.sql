-- What restoring to before import `import_id` would do: one row per sheet loaded now or then,
-- with its rows now and after the restore (0 when absent), in contract order. Params: import_id.
with now as (
    select sheet, rows from import_state
    where import_id = (select max(import_id) from import_log)
),

restored as (
    select sheet, rows from import_state
    where import_id = (select max(import_id) from import_log where import_id < $import_id)
)

select coalesce(n.sheet, r.sheet) as sheet, coalesce(n.rows, 0) as rows_now,
       coalesce(r.rows, 0) as rows_after
from now as n
full join restored as r on r.sheet = n.sheet
