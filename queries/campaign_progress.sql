-- One row: campaign `campaign` as of as_of (data-contract.md, "Campaign Y as of D"). With a unit,
-- the target is that unit's quota. projected: the named count at the deadline at the pace so
-- far (marts/campaign_pace.sql). Params: campaign (int), as_of (date), unit (text or null).
with campaign as (
    select * from stg_campaigns where campaign_year = $campaign
),

counts as (
    select
        count(*) as applied,
        count(*) filter (where is_in_review) as in_review,
        count(*) filter (where is_named) as named,
        count(*) filter (where is_rejected) as rejected
    from campaign_studios($campaign, $as_of, $unit)
),

unit_quota as (
    select coalesce(sum(quota), 0) as quota
    from stg_quotas
    where campaign_year = $campaign and in_unit_scope(unit, $unit)
),

final as (
    select
        c.campaign_year as year,
        case when $unit is null then c.target else q.quota end as target,
        c.start_date,
        c.deadline,
        n.applied,
        n.in_review,
        n.named,
        n.rejected,
        n.named / nullif(case when $unit is null then c.target else q.quota end, 0) as completion,
        p.time_elapsed,
        p.days_left,
        p.projected
    from campaign as c
    cross join counts as n
    cross join unit_quota as q
    cross join campaign_pace($campaign, $as_of, n.named) as p
)

select * from final
