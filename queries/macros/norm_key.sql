-- A cell as a comparable key: folded to half-width, trimmed (incl. no-break space), blank -> null.
create or replace macro norm_key(s) as nullif(trim(fold(s), ' ' || chr(9) || chr(10) || chr(13) || chr(160)), '')
