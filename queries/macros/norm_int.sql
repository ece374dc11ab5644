-- A whole number from text (see norm_num); fractions and values beyond 2^53 -> null.
create or replace macro norm_int(s) as case
    when norm_num(s) = floor(norm_num(s)) and abs(norm_num(s)) < 9007199254740992
    then cast(norm_num(s) as bigint) end
