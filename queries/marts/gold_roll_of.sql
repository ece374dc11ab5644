-- The 金牌职工 roll as of as_of, unordered (data-contract.md, "The campaign cycle"): one row per
-- studio in scope with a 命名 event on or before as_of, in any campaign: its leader, the earliest
-- 命名 (named_on) and that event's 文号 (document_no, null when blank there), whether it is named
-- as of as_of (active) and, when not, its latest 摘牌 (delisted_on). Read through gold_roll
-- (memos/gold_roll.sql), which may answer from the copy stored at import; queries/gold_workers.sql
-- filters, counts and orders it. Params: as_of (date), unit (text or null).
create or replace macro gold_roll_of(as_of, unit) as table
with first_naming as (
    select
        e.studio_id,
        min(e.event_date) as named_on,
        -- the struct is never null, so a blank 文号 of the first naming is kept (not skipped)
        arg_min({'doc': nullif(trim(e.doc_no), '')}, {'on': e.event_date, 'row': e.source_row})
            .doc as document_no
    from stg_status_events as e
    where e.status = '命名' and e.event_date <= as_of
    group by e.studio_id
),

final as (
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
    from scoped_studios(unit) as s
    join first_naming as f on f.studio_id = s.studio_id
    join studio_status(as_of, unit) as st on st.studio_id = s.studio_id
)

select * from final
