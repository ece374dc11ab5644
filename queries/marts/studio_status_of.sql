-- One row per studio with at least one status event on or before as_of: its status as of that
-- date (data-contract.md, "Status of a studio as of D"). Events after as_of are ignored. Read
-- through studio_status (marts/studio_status.sql), which may answer from the stored copy.
-- Params: as_of (date), unit (text or null: all units).
create or replace macro studio_status_of(as_of, unit) as table
with scoped_events as (
    -- no join with the studios when there is no unit to filter on: two branches, one of which
    -- the parameter empties (an `unit is null or … in (…)` made DuckDB probe every event
    -- against every studio anyway, a third of the time of a live status at national scale)
    select e.*
    from stg_status_events as e
    where unit is null and e.event_date <= as_of
    union all
    select e.*
    from stg_status_events as e
    where unit is not null
      and e.event_date <= as_of
      and e.studio_id in (select s.studio_id from scoped_studios(unit) as s)
),

events as (
    select
        e.studio_id,
        e.event_date,
        e.status,
        -- the event's place in the studio's history, later = larger: the day, then the source
        -- row for events of one day (rows < 2^32). One hash aggregate over these replaces a
        -- window over every event, the slowest step at national scale.
        datediff('day', date '1970-01-01', e.event_date) * 4294967296 + e.source_row as position
    from scoped_events as e
),

per_studio as (
    select
        studio_id,
        min(event_date) filter (where status = '申报') as applied_on,
        min(event_date) filter (where status = '命名') as first_named_on,
        max(event_date) filter (where status = '命名') as named_on,
        max(position) filter (where status = '命名') as named_at,
        max(event_date) filter (where status = '摘牌') as delisted_on,
        max(position) filter (where status = '摘牌') as delisted_at,
        max(event_date) filter (where status = '通报') as warned_on,
        max(position) filter (where status = '通报') as warned_at,
        max(position) filter (where status in ('整改完成', '摘牌')) as cleared_at,
        arg_max(status, position) as latest_status,
        max(event_date) as latest_on
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
        named_at is not null and (delisted_at is null or delisted_at < named_at) as is_named,
        delisted_at is not null and (named_at is null or delisted_at > named_at) as is_delisted,
        warned_at is not null and (cleared_at is null or cleared_at < warned_at) as is_warned,
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
