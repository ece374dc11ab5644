-- One row per studio named as of as_of: risk score (sum of fired rules' points), tier and the
-- reasons as a list; highest score first, then by studio id. Params: as_of (date),
-- unit (text or null), p (struct: see marts/risk_reasons.sql).
with reasons as (
    select
        studio_id,
        sum(points) as score,
        list({'rule': rule, 'points': points, 'evidence_date': evidence_date,
              'evidence_number': evidence_number, 'evidence_list': evidence_list}
             order by rule_no) as reasons
    from risk_reasons($as_of, $unit, $p)
    group by studio_id
),

final as (
    select
        s.studio_id,
        s.studio_name,
        s.unit,
        s.studio_type,
        s.leader,
        s.host,
        coalesce(r.score, 0) as score,
        case
            when coalesce(r.score, 0) >= struct_extract($p, 'tier_high') then '高'
            when coalesce(r.score, 0) >= struct_extract($p, 'tier_medium') then '中'
            else '低'
        end as tier,
        coalesce(r.reasons, []) as reasons
    from studio_status($as_of, $unit) as st
    join stg_studios as s on s.studio_id = st.studio_id
    left join reasons as r on r.studio_id = s.studio_id
    where st.is_named
)

select * from final order by score desc, studio_id
