-- The applicants of campaign `campaign` as of as_of (marts/applications.sql) that 申报审核's
-- filters keep; a null filter keeps every applicant. Grain: studio.
-- Params: campaign (int), as_of (date), unit (the user's scope: text or null), pick (a unit
-- chosen on the page: text or null), eligibility (text[] or null), late_only (bool), statuses
-- (status_key text[] or null).
create or replace macro applications_kept(
    campaign, as_of, unit, pick, eligibility, late_only, statuses
) as table
select a.*
from applications(campaign, as_of, unit) as a
where (pick is null or a.unit = pick)
  and (eligibility is null or list_contains(eligibility, a.eligibility))
  and (not late_only or a.late)
  and (statuses is null or list_contains(statuses, a.status_key))
