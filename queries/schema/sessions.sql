-- One row per signed-in browser: the SHA-256 of its cookie token, whose it is, until when.
create table if not exists sessions (
    token_sha256 varchar primary key,
    username     varchar not null,
    created_at   timestamp not null,
    expires_at   timestamp not null
)
