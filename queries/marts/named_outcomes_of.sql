-- One row per outcome of a studio named as of as_of, completed within [period_start, period_end]
-- and not after as_of, with the studio's name and unit (not the free text of award_level and
-- social_benefit, which no figure reads: the studio file reads stg_outcomes). Read through
-- named_outcomes (marts/named_outcomes.sql), which may answer from the copy stored at import.
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null).
create or replace macro named_outcomes_of(as_of, period_start, period_end, unit) as table
with final as (
    select o.* exclude (award_level, social_benefit), n.studio_name, n.unit
    from stg_outcomes as o
    join named_studios(as_of, unit) as n on n.studio_id = o.studio_id
    where o.completed_on between period_start and least(period_end, as_of)
)

select * from final
