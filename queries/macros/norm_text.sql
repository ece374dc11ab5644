-- Free text: trimmed of ASCII, full-width and no-break spaces; blank -> null. Width is kept.
create or replace macro norm_text(s) as nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(12288)), '')
