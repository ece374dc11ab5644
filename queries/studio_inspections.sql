-- One row per inspection of the studio on or before as_of, latest first; conditions lists the
-- grades of the nine basic conditions in contract order (标志明显 … 成效明显) and failed counts
-- the 不达标 ones; is_in_app marks a record made in the app (现场录入) beside the imported ones
-- (the studio must be in the unit scope). Params: studio_id (text), as_of (date), unit (text or
-- null).
with inspections as (
    select
        i.inspection_id,
        i.inspected_on,
        i.method,
        [i.cond_sign, i.cond_site, i.cond_facilities, i.cond_team, i.cond_participation,
         i.cond_rules, i.cond_funding, i.cond_records, i.cond_results] as conditions,
        i.score,
        i.conclusion,
        i.issues,
        i.rectify_by,
        i.inspector,
        i.in_app as is_in_app
    from stg_inspections as i
    join scoped_studios($unit) as s on s.studio_id = i.studio_id
    where i.studio_id = $studio_id
      and i.inspected_on <= $as_of
),

final as (
    select *, len(list_filter(conditions, lambda c: c = '不达标')) as failed
    from inspections
)

select * from final order by inspected_on desc, inspection_id desc
