-- One row per studio type among campaign `campaign`'s applicants as of as_of.
-- Params: campaign (int), as_of (date), unit (text or null).
select
    studio_type,
    count(*) as applied,
    count(*) filter (where is_in_review) as in_review,
    count(*) filter (where is_named) as named,
    count(*) filter (where is_rejected) as rejected
from campaign_studios($campaign, $as_of, $unit)
group by studio_type
order by studio_type
