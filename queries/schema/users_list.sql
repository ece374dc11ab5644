-- One row per account, by role then name; failed logins from login_failures. Params: none.
select
    u.username,
    u.role,
    u.unit,
    u.is_demo,
    coalesce(f.failures, 0) as failed_logins,
    f.locked_until,
    u.created_at
from users as u
left join login_failures as f on f.username = u.username
order by
    case u.role when '管理员' then 1 when '领导' then 2 when '检查员' then 3 else 4 end,
    u.username
