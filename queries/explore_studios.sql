-- One row per studio matching every filter given (a null filter matches all), as of as_of:
-- registry fields, status, year named, risk score, tier and the rule that weighs most (top_reason:
-- a struct of marts/risk_scores_of.sql, null when none fires). Free text matches the name, leader
-- or host literally (no wildcards). Params: as_of (date), unit (text or null: the user's
-- scope), units, unit_kinds, studio_types, statuses, industries, tiers (text[] or null),
-- named_years, campaign_years (int[] or null), text (text or null), p (struct: risk settings),
-- limit (int: most rows returned; total counts them all).
with studios as (
    select s.*, u.unit_kind
    from scoped_studios($unit) as s
    left join stg_units as u on u.unit = s.unit
    where ($units is null or list_contains($units, s.unit))
      and ($unit_kinds is null or list_contains($unit_kinds, u.unit_kind))
      and ($studio_types is null or list_contains($studio_types, s.studio_type))
      and ($industries is null or list_contains($industries, s.industry))
      and ($campaign_years is null or list_contains($campaign_years, s.campaign_year))
      and ($text is null
           or contains(lower(s.studio_name), lower($text))
           or contains(lower(s.leader), lower($text))
           or contains(lower(s.host), lower($text)))
),

final as (
    select
        s.studio_id,
        s.studio_name,
        s.studio_type,
        s.leader,
        s.host,
        s.unit,
        s.unit_kind,
        s.industry,
        s.campaign_year,
        year(st.first_named_on) as named_year,
        st.status_key,
        st.is_warned,
        st.latest_status,
        st.latest_on,
        rs.score,
        rs.tier,
        rs.reasons,
        s.members,
        s.phone
    from studios as s
    join studio_status($as_of, $unit) as st on st.studio_id = s.studio_id
    left join risk_scores($as_of, $unit, $p, $memo) as rs on rs.studio_id = s.studio_id
),

kept as materialized (
    select *
    from final
    where ($statuses is null
           or list_contains($statuses, status_key)
           or (is_warned and list_contains($statuses, 'warned')))
      and ($tiers is null or list_contains($tiers, tier))
      and ($named_years is null or list_contains($named_years, named_year))
),

top as (
    select *
    from kept
    order by score desc nulls last, studio_id
    limit $limit
)

-- counted once and joined to each row: as a window count over the rows, 0.159 s against 0.121 s
-- at national scale (benchmarks/RESULTS.md, section 13). The reason that weighs most (the first
-- in rule order on a tie) is picked for the rows returned only.
select
    t.* exclude (reasons),
    c.total,
    t.reasons[list_position(
        list_transform(t.reasons, lambda r: r.points),
        list_max(list_transform(t.reasons, lambda r: r.points))
    )] as top_reason
from top as t
cross join (select count(*) as total from kept) as c
order by t.score desc nulls last, t.studio_id
