-- One row per audited action: logins, imports, restores, exports, user changes.
create table if not exists audit_log (
    logged_at timestamp not null default current_timestamp,
    username  varchar,
    action    varchar not null,   -- login | login_failed | locked | logout | import | restore | export | user_add | user_remove | user_passwd
    detail    varchar
)
