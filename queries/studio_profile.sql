-- One row for the studio with this id when it is in the unit scope (none otherwise): every
-- registry field, its unit's kind and its status as of as_of (status fields null when it has no
-- event by then). Params: studio_id (text), as_of (date), unit (text or null).
select
    s.studio_id,
    s.studio_name,
    s.studio_type,
    s.leader,
    s.leader_honor,
    s.skill_level,
    s.host,
    s.unit,
    u.unit_kind,
    s.industry,
    s.campaign_year,
    s.members,
    s.area_m2,
    s.funding_wan,
    s.phone,
    st.status_key,
    st.is_named,
    st.is_warned,
    st.applied_on,
    st.first_named_on,
    st.named_on,
    st.delisted_on,
    st.warned_on,
    st.latest_status,
    st.latest_on
from scoped_studios($unit) as s
left join stg_units as u on u.unit = s.unit
left join studio_status($as_of, $unit) as st on st.studio_id = s.studio_id
where s.studio_id = $studio_id
