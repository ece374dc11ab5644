-- One row per studio with an activity in (as_of - window_days, as_of]: how many. Used by R8 and
-- C4. Grain: studio. Params: as_of (date), window_days (int).
create or replace macro activity_counts(as_of, window_days) as table
select studio_id, count(*) as activities
from stg_activities
where activity_date > as_of - to_days(window_days) and activity_date <= as_of
group by studio_id
