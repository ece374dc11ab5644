-- One row per studio applying in campaign year `campaign` with a 申报 event on or before as_of,
-- with its status as of that date. Params: campaign (int), as_of (date), unit (text or null).
create or replace macro campaign_studios(campaign, as_of, unit) as table
with final as (
    select
        s.studio_id,
        s.studio_name,
        s.studio_type,
        s.leader,
        s.leader_honor,
        s.skill_level,
        s.host,
        s.unit,
        st.applied_on,
        st.named_on,
        st.first_named_on,
        st.latest_status,
        st.latest_on,
        st.status_key,
        st.is_named,
        st.is_in_review,
        st.is_rejected
    from scoped_studios(unit) as s
    join studio_status(as_of, unit) as st on st.studio_id = s.studio_id
    where s.campaign_year = campaign
      and st.applied_on is not null
)

select * from final
