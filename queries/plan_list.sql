-- One row per saved inspection plan (dashboard/plans.py), latest first: its header and size (the
-- studios it lists, in every unit); with plan_id, that plan's only (none for an unknown id).
-- Returns no studio rows. Params: plan_id (int or null: every plan).
with sizes as (
    select plan_id, count(*) as size
    from inspection_plan_studios
    group by plan_id
),

final as (
    select
        p.plan_id,
        p.kind,
        p.created_by,
        p.created_at,
        p.seed,
        coalesce(z.size, 0) as size,
        p.params,
        p.how
    from inspection_plans as p
    left join sizes as z on z.plan_id = p.plan_id
    where $plan_id is null or p.plan_id = $plan_id
)

select * from final order by plan_id desc
