-- One row per studio of a saved inspection plan that is in the unit scope, in the plan's order:
-- the unit and inspecting unit stored with the plan, the studio's name from the registry (null
-- when it has left the registry, which only a user of every unit sees). Params: plan_id (int),
-- unit (text or null: the user's scope).
with final as (
    select
        r.position,
        r.studio_id,
        s.studio_name,
        r.unit,
        r.inspecting_unit,
        r.reason
    from inspection_plan_studios as r
    left join scoped_studios($unit) as s on s.studio_id = r.studio_id
    where r.plan_id = $plan_id
      and ($unit is null or s.studio_id is not null)
)

select * from final order by position
