-- One row: how many inspections recorded in the app count now (not voided, not yet in an
-- import). With any, the 检查记录 sheet counts as loaded for the rules and criteria that read it.
-- Params: none.
select count(*) as app_rows from stg_inspections where in_app
