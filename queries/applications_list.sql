-- 申报审核's list: the applicants its filters keep (marts/applications_kept.sql), those needing
-- attention first, then by unit, applied_on and 工作室编号; total counts every kept applicant and
-- problems those needing attention, limit caps the rows returned. (Counted once, joined to each
-- row: as window counts over the rows, 10 times slower at national scale, benchmarks/RESULTS.md
-- section 13.)
-- Params: campaign (int), as_of (date), unit (text or null), pick (text or null), eligibility
-- (text[] or null), late_only (bool), statuses (text[] or null), limit (int or null: no cap).
with kept as materialized (
    select studio_id, studio_name, unit, studio_type, leader, leader_honor, skill_level,
           applied_on, late, eligibility, status_key, needs_attention
    from applications_kept($campaign, $as_of, $unit, $pick, $eligibility, $late_only, $statuses)
),

counts as (
    select count(*) as total, count(*) filter (where needs_attention) as problems from kept
)

select k.*, c.total, c.problems
from kept as k
cross join counts as c
order by k.needs_attention desc, k.unit, k.applied_on, k.studio_id
limit $limit
