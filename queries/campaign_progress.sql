-- One row: campaign `campaign` as of as_of (data-contract.md, "Campaign Y as of D" and "The
-- campaign cycle"). With a unit, the target is that unit's quota. shortfall: the places left
-- empty even if every studio in review is named; projected, apply_days_left, first_named_on:
-- marts/campaign_pace.sql. Params: campaign (int), as_of (date), unit (text or null).
with campaign as (
    select * from stg_campaigns where campaign_year = $campaign
),

counts as (
    select
        count(*) as applied,
        count(*) filter (where is_in_review) as in_review,
        count(*) filter (where is_named) as named,
        count(*) filter (where is_rejected) as rejected,
        count(*) filter (where late) as late,
        count(*) filter (where eligibility = '不符合') as ineligible,
        count(*) filter (where eligibility = '待核实') as unverified
    from applications($campaign, $as_of, $unit)
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
        c.apply_deadline as application_deadline,
        n.applied,
        n.in_review,
        n.named,
        n.rejected,
        n.named / nullif(case when $unit is null then c.target else q.quota end, 0) as completion,
        n.late,
        n.ineligible,
        n.unverified,
        greatest((case when $unit is null then c.target else q.quota end) - n.named - n.in_review,
                 0) as shortfall,
        p.time_elapsed,
        p.days_left,
        p.apply_days_left,
        p.projected,
        p.first_named_on
    from campaign as c
    cross join counts as n
    cross join unit_quota as q
    cross join campaign_pace($campaign, $as_of, n.named, n.in_review) as p
)

select * from final
