-- One row (none for an unknown id): a saved inspection plan's header and size (the studios it
-- lists, in every unit). Returns no studio rows. Params: plan_id (int).
with final as (
    select
        p.plan_id,
        p.kind,
        p.created_by,
        p.created_at,
        p.seed,
        (select count(*) from inspection_plan_studios as r where r.plan_id = p.plan_id) as size,
        p.params,
        p.how
    from inspection_plans as p
    where p.plan_id = $plan_id
)

select * from final
