-- One row per studio in the unit scope with a status as of as_of that matches every filter given
-- (a null filter matches all): the candidates of an inspection plan (dashboard/plans.py), by
-- studio id. risk_score is the studio's score (marts/risk_scores.sql; 0 when it is not named, as
-- only named studios are scored), last_inspected_on its latest inspection on or before as_of
-- (marts/latest_inspections.sql), and overdue whether R7 (长期未检查: no inspection within
-- risk_r7_window_days) fires for it. Params: as_of (date), unit (text or null: the user's
-- scope), units, studio_types, statuses (text[] or null; statuses are status_key values, and
-- 'warned' matches a studio notified and not yet rectified), p (struct: risk settings).
with studios as (
    select s.studio_id, s.studio_name, s.unit, s.studio_type
    from scoped_studios($unit) as s
    where ($units is null or list_contains($units, s.unit))
      and ($studio_types is null or list_contains($studio_types, s.studio_type))
),

statuses as (
    select st.studio_id, st.status_key, st.is_warned
    from studio_status($as_of, $unit) as st
    where $statuses is null
       or list_contains($statuses, st.status_key)
       or (st.is_warned and list_contains($statuses, 'warned'))
),

final as (
    select
        s.studio_id,
        s.studio_name,
        s.unit,
        s.studio_type,
        st.status_key,
        st.is_warned,
        cast(coalesce(rs.score, 0) as integer) as risk_score,
        rs.tier,
        li.inspected_on as last_inspected_on,
        coalesce(list_contains(rs.rules, 'R7'), false) as overdue
    from studios as s
    join statuses as st on st.studio_id = s.studio_id
    left join risk_scores($as_of, $unit, $p, $memo) as rs on rs.studio_id = s.studio_id
    left join latest_inspections($as_of) as li on li.studio_id = s.studio_id
)

select * from final order by studio_id
