-- One row per inspection of the studio recorded in the app that counts now (not voided, not yet
-- replaced by an imported row with its 检查编号), latest first, with who recorded it and when
-- (the studio must be in the unit scope): what an administrator may void.
-- Params: studio_id (text), unit (text or null).
with counted as (
    select i.inspection_id, i.inspected_on, i.method, i.conclusion
    from stg_inspections as i
    join scoped_studios($unit) as s on s.studio_id = i.studio_id
    where i.studio_id = $studio_id
      and i.in_app
),

final as (
    select c.*, a.recorded_by, a.recorded_at
    from counted as c
    join app_inspections as a on a."检查编号" = c.inspection_id
)

select * from final order by recorded_at desc, inspection_id desc
