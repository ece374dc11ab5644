-- One row per campaign year, newest first, with is_default: the latest year whose start is on or
-- before as_of (else the earliest). Params: as_of (date).
with ranked as (
    select
        *,
        max(campaign_year) filter (where start_date <= $as_of) over () as latest_started,
        min(campaign_year) over () as earliest
    from stg_campaigns
),

final as (
    select
        campaign_year,
        target,
        start_date,
        apply_deadline,
        deadline,
        campaign_year = coalesce(latest_started, earliest) as is_default
    from ranked
)

select * from final order by campaign_year desc
