-- Free text: trimmed of ASCII, full-width and no-break spaces; blank -> null. Width is kept.
-- A cell neither starting nor ending with one of them (most) is itself: the first character
-- and the endings are read at once, where trimming copies every cell (2× the time of a
-- national 成果名称).
create or replace macro norm_text(s) as case
    when ascii(s) not in (0, 9, 10, 13, 32, 160, 12288)
         and not (ends_with(s, ' ') or ends_with(s, chr(9)) or ends_with(s, chr(10))
                  or ends_with(s, chr(13)) or ends_with(s, chr(160)) or ends_with(s, chr(12288)))
    then s
    else nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(12288)), '') end
