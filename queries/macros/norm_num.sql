-- A number from text: "1,234.5", "12.5万元", "3件", "８人" -> double; NaN and infinity -> null.
create or replace macro norm_num(s) as nullif(nullif(nullif(coalesce(
    try_cast(norm_key(s) as double),
    try_cast(regexp_replace(replace(norm_key(s), ',', ''),
             '\s*(万元|元|件|项|个|人次|人|次|名|平方米|㎡|m2|分)$', '') as double)),
    'nan'::double), 'inf'::double), '-inf'::double)
