-- One row per unit with a quota or an applicant in campaign `campaign`, as of as_of; ranked by
-- completion (nulls last), then named, then unit order. shortfall: the quota places left empty
-- even if every studio in review is named. light (none for quota 0), by light_rule: before the
-- campaign's first naming ('applications') applied against quota, green when applied >= quota,
-- amber within amber_points percent below it, red further below; after it ('named') completion
-- against 序时进度, green at or above it, amber within amber_points points below, red further.
-- Params: campaign (int), as_of (date), unit (text or null), amber_points (number).
with quotas as (
    select unit, quota
    from stg_quotas
    where campaign_year = $campaign and in_unit_scope(unit, $unit)
),

applicants as (
    select
        unit,
        count(*) as applied,
        count(*) filter (where is_in_review) as in_review,
        count(*) filter (where is_named) as named,
        count(*) filter (where is_rejected) as rejected,
        count(*) filter (where late) as late
    from applications($campaign, $as_of, $unit)
    group by unit
),

joined as (
    select
        coalesce(q.unit, a.unit) as unit,
        u.unit_kind,
        coalesce(q.quota, 0) as quota,
        coalesce(a.applied, 0) as applied,
        coalesce(a.in_review, 0) as in_review,
        coalesce(a.named, 0) as named,
        coalesce(a.rejected, 0) as rejected,
        coalesce(a.late, 0) as late,
        greatest(coalesce(q.quota, 0) - coalesce(a.named, 0) - coalesce(a.in_review, 0), 0)
            as shortfall,
        coalesce(a.named, 0) / nullif(coalesce(q.quota, 0), 0) as completion,
        coalesce(a.applied, 0) / nullif(coalesce(q.quota, 0), 0) as applied_share,
        u.sort_order
    from quotas as q
    full join applicants as a on a.unit = q.unit
    left join stg_units as u on u.unit = coalesce(q.unit, a.unit)
),

final as (
    select
        j.*,
        case when e.first_named_on is null then 'applications' else 'named' end as light_rule,
        case
            when j.completion is null then 'none'
            when e.first_named_on is null then
                case
                    when j.applied_share >= 1 then 'green'
                    when j.applied_share >= 1 - $amber_points / 100 then 'amber'
                    else 'red'
                end
            when j.completion >= e.time_elapsed then 'green'
            when j.completion >= e.time_elapsed - $amber_points / 100 then 'amber'
            else 'red'
        end as light
    from joined as j
    cross join campaign_pace($campaign, $as_of, null, null) as e
)

select unit, unit_kind, quota, applied, in_review, named, rejected, late, shortfall, completion,
       applied_share, light, light_rule
from final
order by completion desc nulls last, named desc, sort_order nulls last, unit
