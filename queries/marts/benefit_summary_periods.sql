-- One value: the periods whose benefit_summary_of an import stores for every unit
-- (memo_benefit_summary, dashboard/memo.py) when the data's own date is d, as a list of
-- {as_of, period_start, period_end}: 成果效益's default period (本年至今: d's year up to d) and the
-- same span a year earlier, which its 同比 reads (benefits_tables.earlier_params; 29 February
-- goes back to the 28th, as report.year_earlier does). Any other period computes live.
-- Params: d (date, or null: none).
create or replace macro benefit_summary_periods(d) as [
    {
        'as_of': cast(d as date),
        'period_start': cast(date_trunc('year', cast(d as date)) as date),
        'period_end': cast(d as date)
    },
    {
        'as_of': cast(cast(d as date) - interval 1 year as date),
        'period_start': cast(date_trunc('year', cast(d as date) - interval 1 year) as date),
        'period_end': cast(cast(d as date) - interval 1 year as date)
    }
];

-- One value: whether the stored copy holds benefit_summary_of(as_of, period_start, period_end,
-- unit): every unit, one of the periods above, and the copies the latest import's (the session
-- variable status_memo holds their date then, set by db.run; null otherwise, or when memo=False
-- is asked for). Constant for a query, so DuckDB reads only one branch of benefit_summary.
-- Params: as_of (date), period_start (date), period_end (date), unit (text or null).
create or replace macro benefit_summary_stored(as_of, period_start, period_end, unit) as
    coalesce(
        unit is null
        and list_contains(
            benefit_summary_periods(getvariable('status_memo')),
            {
                'as_of': cast(as_of as date),
                'period_start': cast(period_start as date),
                'period_end': cast(period_end as date)
            }
        ),
        false
    )
;

-- One value: how many of a stored period's top outcomes by benefit the copy holds
-- (memo_top_outcomes): a query for at most that many reads them. Params: none.
create or replace macro benefit_top_stored() as 100
