-- One row per applicant of campaign `campaign` as of as_of, with late and eligibility
-- (marts/applications.sql); by unit, then applied_on, then 工作室编号.
-- Params: campaign (int), as_of (date), unit (text or null).
select a.studio_id, a.studio_name, a.unit, u.unit_kind, a.studio_type, a.leader, a.leader_honor,
       a.skill_level, a.host, a.applied_on, a.late, a.eligibility, a.status_key, a.latest_status,
       a.latest_on, a.needs_attention
from applications($campaign, $as_of, $unit) as a
left join stg_units as u on u.unit = a.unit
order by a.unit, a.applied_on, a.studio_id
