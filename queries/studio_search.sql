-- One row per studio in the unit scope whose id, name, leader or host contains the text (null:
-- every studio), exact id first, then by id; total counts every match. Params: q (text or
-- null), unit (text or null), limit (int: most rows returned).
with matches as (
    select studio_id, studio_name, unit, leader
    from scoped_studios($unit)
    where $q is null
       or contains(lower(studio_id), lower($q))
       or contains(lower(studio_name), lower($q))
       or contains(lower(leader), lower($q))
       or contains(lower(host), lower($q))
)

select *, count(*) over () as total
from matches
order by lower(studio_id) = lower(coalesce($q, '')) desc, studio_id
limit $limit
