-- One row per sheet loaded in the current state: its rows in the unit scope. Unit null: every
-- row, as the import counted them (nothing is scanned). A unit: the studios' sheets count the
-- rows of the scope's studios, 推荐单位 and 名额分配 the scope's units; 创建目标 holds the city's
-- targets and counts whole. Params: unit (text or null).
with studios as (
    select studio_id from scoped_studios($unit) where $unit is not null
),

counts (loaded_table, rows) as (
    select 'units', count(*) from stg_units where in_unit_scope(unit, $unit)
    union all
    select 'campaigns', count(*) from stg_campaigns
    union all
    select 'quotas', count(*) from stg_quotas where in_unit_scope(unit, $unit)
    union all
    select 'studios', count(*) from studios
    union all
    select 'status_events', count(*) from stg_status_events semi join studios using (studio_id)
    union all
    select 'inspections', count(*) from stg_inspections semi join studios using (studio_id)
    union all
    select 'assessments', count(*) from stg_assessments semi join studios using (studio_id)
    union all
    select 'outcomes', count(*) from stg_outcomes semi join studios using (studio_id)
    union all
    select 'activities', count(*) from stg_activities semi join studios using (studio_id)
),

loaded as (
    select sheet, version_table, rows
    from import_state
    where import_id = (select max(import_id) from import_log)
)

select l.sheet, if($unit is null, l.rows, c.rows) as rows
from loaded as l
-- s3.raw_units, or raw_units__v3 as an older store named it
join counts as c
    on regexp_extract(l.version_table, 'raw_([a-z_]+?)(?:__v[0-9]+)?$', 1) = c.loaded_table
order by l.sheet
