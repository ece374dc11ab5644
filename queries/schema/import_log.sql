-- One row per accepted import or restore. files, rows and warnings are JSON text.
create table if not exists import_log (
    import_id   integer primary key,
    kind        varchar not null,      -- import | restore
    imported_at timestamp not null,
    by_user     varchar,
    files       varchar,               -- [{"name", "sha256", "bytes"}]
    rows        varchar,               -- {"sheet": rows} for the sheets this import carried
    warnings    varchar,               -- ["…"]
    restored_to integer,               -- restore: the state before this import id
    is_sample   boolean not null default false
)
