-- One row: the data's own latest date (never the clock) over status events, inspections,
-- outcomes and activities. Params: none.
select max(d) as as_of
from (
    select max(event_date) as d from stg_status_events
    union all select max(inspected_on) from stg_inspections
    union all select max(completed_on) from stg_outcomes
    union all select max(activity_date) from stg_activities
)
