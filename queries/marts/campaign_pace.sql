-- One row for campaign year `campaign` (none when there is no such campaign) as of as_of: its
-- 序时进度 (time_elapsed: the share of the days from start to deadline gone by, clamped to
-- [0, 1]), the days left to the deadline and to the 申报截止日期 (null once passed or when there
-- is none), the projection from the pipeline (projected: named + in review, what the campaign
-- reaches if every studio still in review is named; null once the deadline has passed), and the
-- campaign's first naming on or before as_of over every unit (first_named_on: until then the
-- unit lights follow applications, after it naming against 序时进度).
-- Params: campaign (int), as_of (date), named (int or null), in_review (int or null).
create or replace macro campaign_pace(campaign, as_of, named, in_review) as table
with days as (
    select
        c.campaign_year,
        c.apply_deadline,
        datediff('day', c.start_date, cast(as_of as date)) as days_gone,
        datediff('day', c.start_date, c.deadline) as days_total,
        datediff('day', cast(as_of as date), c.deadline) as days_left
    from stg_campaigns as c
    where c.campaign_year = campaign
),

first_naming as (  -- over every unit: the naming is one decision for the whole campaign
    select min(e.event_date) as first_named_on
    from stg_status_events as e
    join scoped_studios(null) as s on s.studio_id = e.studio_id
    where s.campaign_year = campaign and e.status = '命名' and e.event_date <= as_of
),

final as (
    select
        d.campaign_year,
        greatest(0, least(1, d.days_gone / d.days_total)) as time_elapsed,
        d.days_left,
        case when cast(as_of as date) <= d.apply_deadline
             then datediff('day', cast(as_of as date), d.apply_deadline) end as apply_days_left,
        case when d.days_left > 0 then named + in_review end as projected,
        f.first_named_on
    from days as d
    cross join first_naming as f
)

select * from final
