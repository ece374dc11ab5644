-- One row per outcome, the `top` outcomes of the period by benefit (then newest first) among
-- studios named as of as_of; patents summed over the three kinds (marts/top_outcomes_of.sql, or
-- the copy stored at import: memos/top_outcomes.sql). Params: as_of (date), period_start
-- (date), period_end (date), unit (text or null), top (int).
select *
from top_outcomes($as_of, $period_start, $period_end, $unit, $top)
order by benefit_wan desc nulls last, completed_on desc, outcome_id
