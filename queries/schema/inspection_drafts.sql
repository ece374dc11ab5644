-- One row per (user, studio): the on-site inspection form as last typed, kept on the server so a
-- lost connection or a reload loses nothing; dropped when the record is submitted.
create table if not exists inspection_drafts (
    username  varchar not null,
    studio_id varchar not null,
    fields    varchar not null,   -- JSON: contract column -> text typed
    saved_at  timestamp not null,
    primary key (username, studio_id)
)
