-- One row per innovation outcome of the studio completed on or before as_of, latest first
-- (the studio must be in the unit scope). Params: studio_id (text), as_of (date),
-- unit (text or null).
select
    o.outcome_id,
    o.title,
    o.category,
    o.completed_on,
    o.benefit_wan,
    o.invention_patents,
    o.utility_patents,
    o.design_patents,
    o.is_adopted,
    o.award_level,
    o.social_benefit
from stg_outcomes as o
join scoped_studios($unit) as s on s.studio_id = o.studio_id
where o.studio_id = $studio_id
  and o.completed_on <= $as_of
order by o.completed_on desc, o.outcome_id desc
