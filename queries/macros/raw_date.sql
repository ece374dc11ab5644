-- The date a cell spells, before the plausibility check of norm_date. Params: s (text).
create or replace macro raw_date(s) as coalesce(
    cast(try_strptime(norm_key(s), ['%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y年%m月%d日', '%Y%m%d',
                                    '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y/%m/%d %H:%M:%S',
                                    '%Y/%m/%d %H:%M', '%Y-%m-%d %H:%M']) as date),
    case when regexp_full_match(norm_key(s), '[1-7][0-9]{4}(\.0+)?')
         then date '1899-12-30' + cast(try_cast(norm_key(s) as double) as integer) end)
