-- One row per studio with at least one status event on or before as_of: its status as of that
-- date (data-contract.md, "Status of a studio as of D"). Events after as_of are ignored.
-- Params: as_of (date), unit (text or null: all units).
create or replace macro studio_status(as_of, unit) as table
with events as (
    select
        e.studio_id,
        e.event_date,
        e.status,
        e.doc_no,
        row_number() over (partition by e.studio_id
                           order by e.event_date desc, e.source_row desc) as recency
    from stg_status_events as e
    join stg_studios as s on s.studio_id = e.studio_id
    where e.event_date <= as_of
      and (unit is null or s.unit = unit)
),

per_studio as (
    select
        studio_id,
        min(event_date) filter (where status = '申报') as applied_on,
        min(event_date) filter (where status = '命名') as first_named_on,
        max(event_date) filter (where status = '命名') as named_on,
        min(recency) filter (where status = '命名') as named_recency,
        max(event_date) filter (where status = '摘牌') as delisted_on,
        min(recency) filter (where status = '摘牌') as delisted_recency,
        max(event_date) filter (where status = '通报') as warned_on,
        min(recency) filter (where status = '通报') as warned_recency,
        min(recency) filter (where status in ('整改完成', '摘牌')) as cleared_recency,
        max(status) filter (where recency = 1) as latest_status,
        max(event_date) filter (where recency = 1) as latest_on
    from events
    group by studio_id
),

flags as (
    select
        studio_id,
        applied_on,
        first_named_on,
        named_on,
        delisted_on,
        warned_on,
        latest_status,
        latest_on,
        -- "after" means later in the studio's history: a smaller recency rank
        named_recency is not null
            and (delisted_recency is null or delisted_recency > named_recency) as is_named,
        delisted_recency is not null
            and (named_recency is null or delisted_recency < named_recency) as is_delisted,
        warned_recency is not null
            and (cleared_recency is null or cleared_recency > warned_recency) as is_warned,
        latest_status in ('申报', '受理', '现场考核') as is_in_review,
        latest_status in ('未通过', '撤回') as is_rejected
    from per_studio
),

final as (
    select
        *,
        case
            when is_named then 'named'
            when is_delisted then 'delisted'
            when is_in_review then 'in_review'
            when is_rejected then 'rejected'
            else 'other'
        end as status_key
    from flags
)

select * from final
