-- The 金牌职工 roll as of as_of (data-contract.md, "The campaign cycle"): one row per studio with a
-- 命名 event on or before as_of, in any campaign (or in campaign `campaign` when it is set; only
-- the active, or only the delisted, when `active` is set): its leader, the earliest 命名
-- (named_on) and that event's 文号 (document_no, null when blank there), whether it is named as
-- of as_of (active) and, when not, its latest 摘牌 (delisted_on); by named_on, then 工作室编号.
-- total: the rows before `limit` (null: all) cuts them; active_total: how many are active.
-- Params: as_of (date), unit (text or null), campaign (int or null), active (bool or null),
-- limit (int or null).
with first_naming as (
    select
        e.studio_id,
        min(e.event_date) as named_on,
        -- the struct is never null, so a blank 文号 of the first naming is kept (not skipped)
        arg_min({'doc': nullif(trim(e.doc_no), '')}, {'on': e.event_date, 'row': e.source_row})
            .doc as document_no
    from stg_status_events as e
    where e.status = '命名' and e.event_date <= $as_of
    group by e.studio_id
),

roll as (
    select
        s.studio_id,
        s.leader,
        s.studio_name,
        s.unit,
        s.campaign_year,
        f.named_on,
        f.document_no,
        st.is_named as active,
        case when not st.is_named then st.delisted_on end as delisted_on
    from scoped_studios($unit) as s
    join first_naming as f on f.studio_id = s.studio_id
    join studio_status($as_of, $unit) as st on st.studio_id = s.studio_id
    where ($campaign is null or s.campaign_year = $campaign)
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
