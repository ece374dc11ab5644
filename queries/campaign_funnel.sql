-- One row per application stage (申报 → 受理 → 现场考核 → 命名): how many studios of campaign
-- `campaign` reached it on or before as_of. Params: campaign (int), as_of (date), unit (text or null).
with stages as (
    select * from (values (1, '申报'), (2, '受理'), (3, '现场考核'), (4, '命名')) as t(stage_no, stage)
),

reached as (
    select e.status as stage, count(distinct e.studio_id) as studios
    from stg_status_events as e
    join campaign_studios($campaign, $as_of, $unit) as c on c.studio_id = e.studio_id
    where e.event_date <= $as_of
    group by e.status
),

final as (
    select s.stage_no, s.stage, coalesce(r.studios, 0) as studios
    from stages as s
    left join reached as r on r.stage = s.stage
)

select * from final order by stage_no
