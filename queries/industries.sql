-- One row per industry among the studios in scope. Params: unit (text or null).
select distinct industry
from scoped_studios($unit)
where industry is not null
order by industry
