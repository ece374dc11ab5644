-- The latest audited actions, newest first. Params: limit (int).
select logged_at, username, action, detail
from audit_log
order by logged_at desc
limit $limit
