-- 申报审核's table per unit: of the applicants its filters keep (marts/applications_kept.sql),
-- per unit, how many applied, how many of each eligibility, how many late; by unit.
-- Params: campaign (int), as_of (date), unit (text or null), pick (text or null), eligibility
-- (text[] or null), late_only (bool), statuses (text[] or null).
select a.unit,
       count(*) as applied,
       count(*) filter (where a.eligibility = '符合') as "符合",
       count(*) filter (where a.eligibility = '不符合') as "不符合",
       count(*) filter (where a.eligibility = '待核实') as "待核实",
       count(*) filter (where a.late) as late
from applications_kept($campaign, $as_of, $unit, $pick, $eligibility, $late_only, $statuses) as a
group by a.unit
order by a.unit
