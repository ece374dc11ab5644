-- One row per submitted username with failed logins, known or not (so an unknown name locks like
-- a real one); db.ensure_schema creates it on every connect, so existing databases gain it.
create table if not exists login_failures (
    username     varchar primary key,
    failures     integer not null default 0,   -- attempts since the last success or lock expiry
    locked_until timestamp
);
