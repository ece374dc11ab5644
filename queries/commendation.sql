-- Commendation (表彰建议名单) as of as_of (marts/commendation.sql): the named studios that miss at
-- most `most_missing` things (0: the candidates only; 1: and the near misses), with criteria
-- C1-C4, their evidence, what each meets and misses (missing: how many things); within each
-- `missing`, by benefit_wan descending (null as 0), then invention_patents descending, then
-- 工作室编号, at most `limit` rows each (null: all); total: the rows of that `missing`.
-- Params: as_of (date), unit (text or null), p (risk struct), c (commendation struct),
-- most_missing (int), limit (int or null).
with rows as (
    select * exclude (score), score as risk_score, len(missed) as missing
    from commendation($as_of, $unit, $p, $c, $memo)
    where len(missed) <= $most_missing
),

totals as (
    select missing, count(*) as total from rows group by missing
),

ranked as (
    select
        r.*,
        t.total,
        row_number() over (
            partition by r.missing
            order by coalesce(r.benefit_wan, 0) desc, r.invention_patents desc, r.studio_id
        ) as rank
    from rows as r
    join totals as t using (missing)
)

select * exclude (rank)
from ranked
where rank <= coalesce($limit, 9223372036854775807)
order by missing, rank
