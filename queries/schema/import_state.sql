-- One row per (import, loaded sheet): the version table each sheet shows after that import.
create table if not exists import_state (
    import_id     integer not null,
    sheet         varchar not null,
    version_table varchar not null,
    rows          bigint not null,
    primary key (import_id, sheet)
)
