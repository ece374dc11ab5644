-- One row per studio with a status event on or before as_of: its status as of that date
-- (marts/studio_status.sql), for benchmarks/bench_polars.py, which holds an independent polars
-- implementation to it. Params: as_of (date), unit (text or null).
with final as (
    select * from studio_status($as_of, $unit)
)

select * from final
