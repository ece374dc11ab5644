-- The 金牌职工 roll as of as_of (data-contract.md, "The campaign cycle"; marts/gold_roll_of.sql): one
-- row per studio with a
-- 命名 event on or before as_of, in any campaign (or in campaign `campaign` when it is set; only
-- the active, or only the delisted, when `active` is set): its leader, the earliest 命名
-- (named_on) and that event's 文号 (document_no, null when blank there), whether it is named as
-- of as_of (active) and, when not, its latest 摘牌 (delisted_on); by named_on, then 工作室编号.
-- total: the rows before `limit` (null: all) cuts them; active_total: how many are active.
-- Params: as_of (date), unit (text or null), campaign (int or null), active (bool or null),
-- limit (int or null).
with roll as (
    select * from gold_roll($as_of, $unit)
    where $campaign is null or campaign_year = $campaign
),

kept as (
    select * from roll where $active is null or active = $active
),

totals as (
    select count(*) as total, count(*) filter (where active) as active_total from kept
),

shown as (  -- the rows kept first: the totals then join the few, not every row of the roll
    select * from kept order by named_on, studio_id limit coalesce($limit, 9223372036854775807)
),

final as (
    select s.*, t.total, t.active_total
    from shown as s
    cross join totals as t
)

select * from final order by named_on, studio_id
