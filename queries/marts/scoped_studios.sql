-- One row per studio in the unit scope (unit null: every unit): every registry field. Every
-- query that returns studio rows reads its studios from here or from a mart built on it.
-- Params: unit (text or null).
create or replace macro scoped_studios(unit) as table
with final as (
    select s.*
    from stg_studios as s
    where in_unit_scope(s.unit, unit)
)

select * from final
