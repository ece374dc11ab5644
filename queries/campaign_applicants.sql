-- One row per applicant of campaign `campaign` as of as_of, with its status; by unit then id.
-- Params: campaign (int), as_of (date), unit (text or null).
select studio_id, studio_name, studio_type, leader, host, unit, applied_on, latest_status,
       latest_on, status_key
from campaign_studios($campaign, $as_of, $unit)
order by unit, studio_id
