-- One row: whether a studio with this id exists in any unit. It returns no studio data; the
-- studio file uses it to tell 无权限 (outside the user's unit) from 未找到. Params: studio_id (text).
select count(*) > 0 as is_known
from stg_studios
where studio_id = $studio_id
