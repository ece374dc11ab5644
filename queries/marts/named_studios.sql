-- One row per studio named as of as_of in the unit scope: its registry fields and its status
-- as of that date (marts/studio_status.sql). Params: as_of (date), unit (text or null).
create or replace macro named_studios(as_of, unit) as table
with final as (
    select s.*, st.* exclude (studio_id)
    from studio_status(as_of, unit) as st
    join scoped_studios(unit) as s on s.studio_id = st.studio_id
    where st.is_named
)

select * from final
