-- One row: what the figures are made of — the latest import or restore, and how many changes
-- the app has made to inspections since the start (a record or a void each counts one; nothing
-- is deleted, so the count only grows). Every cache key and the stored marts' key hold both.
-- Params: none.
select
    (select coalesce(max(import_id), 0) from import_log) as import_id,
    (select count(*) + count(voided_at) from app_inspections) as app_changes
