-- One row per studio inspected on or before as_of: its latest inspection by (date, id), found by
-- an aggregate (cheaper than a window over every row). Used by R4/R5/R7 and C1. Grain: studio.
-- Params: as_of (date).
create or replace macro latest_inspections(as_of) as table
select *
from stg_inspections
where inspection_id in (
    select max({'on': inspected_on, 'id': inspection_id}).id
    from stg_inspections
    where inspected_on <= as_of
    group by studio_id
)
