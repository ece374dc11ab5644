-- A number cell stripped to its digits: folded, trimmed, no thousands separators, no unit suffix
-- ("12.5万元" -> "12.5"). Params: s (text).
create or replace macro num_text(s) as regexp_replace(replace(norm_key(s), ',', ''),
    '\s*(万元|元|件|项|个|人次|人|次|名|平方米|㎡|m2|分)$', '')
