-- Remember (or replace) the confirmed header mapping of one layout. Params: $fingerprint,
-- $sheet, $headers (JSON), $mapping (JSON), $username (text).
insert or replace into header_mappings (fingerprint, sheet, headers, mapping, saved_by, saved_at)
values ($fingerprint, $sheet, $headers, $mapping, $username, current_timestamp)
