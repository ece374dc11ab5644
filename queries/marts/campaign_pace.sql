-- One row for campaign year `campaign` (none when there is no such campaign) as of as_of: its
-- 序时进度 (time_elapsed: the share of the days from start to deadline gone by, clamped to
-- [0, 1]), the days left to the deadline, and the projection (projected: the named count at the
-- deadline if naming goes on at the pace so far; null before the start or when named is null).
-- Params: campaign (int), as_of (date), named (int or null: the count named so far).
create or replace macro campaign_pace(campaign, as_of, named) as table
with days as (
    select
        c.campaign_year,
        datediff('day', c.start_date, cast(as_of as date)) as days_gone,
        datediff('day', c.start_date, least(cast(as_of as date), c.deadline)) as days_counted,
        datediff('day', c.start_date, c.deadline) as days_total,
        datediff('day', cast(as_of as date), c.deadline) as days_left
    from stg_campaigns as c
    where c.campaign_year = campaign
),

final as (
    select
        campaign_year,
        greatest(0, least(1, days_gone / days_total)) as time_elapsed,
        days_left,
        case when days_counted > 0 then named * days_total / days_counted end as projected
    from days
)

select * from final
