-- One row per day from the campaign's start to min(as_of, deadline) on which the cumulative
-- count of named studios of campaign `campaign` changed, plus both ends. Named = 命名 minus later
-- 摘牌, counted on the day of the event. Params: campaign (int), as_of (date), unit (text or null).
with bounds as (
    select start_date, least(deadline, cast($as_of as date)) as end_date
    from stg_campaigns
    where campaign_year = $campaign
),

steps as (
    select greatest(e.event_date, b.start_date) as day, sum(case e.status when '命名' then 1 else -1 end) as delta
    from stg_status_events as e
    join scoped_studios($unit) as s on s.studio_id = e.studio_id
    cross join bounds as b
    where s.campaign_year = $campaign
      and e.status in ('命名', '摘牌')
      and e.event_date <= b.end_date
    group by 1
),

days as (
    select start_date as day, 0 as delta from bounds
    union all select end_date, 0 from bounds
    union all select day, delta from steps
),

final as (
    select day, sum(sum(delta)) over (order by day) as named
    from days
    group by day
)

select day, named from final order by day
