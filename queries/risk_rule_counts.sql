-- One row per rule that fires for at least one studio named as of as_of: for how many studios,
-- and how many of them are in each tier. Most studios first. Params: as_of (date),
-- unit (text or null), p (struct: see marts/risk_reasons.sql).
with fired as (
    select unnest(rules) as rule, tier
    from risk_scores($as_of, $unit, $p, $memo)
),

final as (
    select
        rule,
        cast(substr(rule, 2) as integer) as rule_no,
        count(*) as studios,
        count(*) filter (where tier = '高') as high,
        count(*) filter (where tier = '中') as medium,
        count(*) filter (where tier = '低') as low
    from fired
    group by rule
)

select * from final order by studios desc, rule_no
