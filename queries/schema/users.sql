-- One row per login account. role: 管理员 | 领导 | 检查员 | 单位用户; unit only for 单位用户.
-- failed_logins and locked_until are no longer written (see login_failures): kept so that old and
-- new databases have one shape.
create table if not exists users (
    username        varchar primary key,
    password_hash   varchar not null,      -- scrypt$n$r$p$salt_hex$hash_hex
    role            varchar not null,
    unit            varchar,
    is_demo         boolean not null default false,
    failed_logins   integer not null default 0,
    locked_until    timestamp,
    created_at      timestamp not null default current_timestamp
)
