-- One row per industry among the studios in scope. Params: unit (text or null).
select distinct industry
from stg_studios
where industry is not null and ($unit is null or unit = $unit)
order by industry
