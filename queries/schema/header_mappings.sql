-- One row per file layout (a sheet's name and its ordered, folded headers: headers.fingerprint)
-- whose header mapping an administrator confirmed on 数据管理: offered preselected at the next
-- upload of the same layout. The latest confirmation replaces the one before.
create table if not exists header_mappings (
    fingerprint varchar primary key,  -- sha256 hex
    sheet       varchar not null,
    headers     varchar not null,     -- JSON list: the header row as written
    mapping     varchar not null,     -- JSON object: file header -> contract column
    saved_by    varchar,
    saved_at    timestamp not null
)
