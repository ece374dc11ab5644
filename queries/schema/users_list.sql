-- One row per account, by role then name. Params: none.
select username, role, unit, is_demo, failed_logins, locked_until, created_at
from users
order by case role when '管理员' then 1 when '领导' then 2 when '检查员' then 3 else 4 end, username
