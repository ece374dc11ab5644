-- The period's benefit figures by unit, by category and for the whole scope in one result
-- (marts/benefit_summary_of.sql, or the copy stored at import: memos/benefit_summary.sql; level
-- tells them apart), units and categories in the orders benefits_by_unit and
-- benefits_by_category give. 成果效益 reads it once for its period and once for its 同比
-- (benefits_tables.summary_parts splits it), where it ran those two queries and benefits_totals
-- one by one. Params: as_of (date), period_start (date), period_end (date), unit (text or null).
with final as (
    select * from benefit_summary($as_of, $period_start, $period_end, $unit)
)

select *
from final
order by level, benefit_wan desc nulls last, outcomes desc, sort_order nulls last, unit, category
