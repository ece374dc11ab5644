-- One row per calendar year from the first outcome to as_of's year: outcomes of studios named as
-- of as_of completed that year (and not after as_of), their benefit (万元; null when every benefit
-- is blank), patents and adoption share (marts/benefit_years_of.sql, or the copy stored at
-- import: memos/benefit_years.sql). Params: as_of (date), unit (text or null).
select * from benefit_years($as_of, $unit) order by year
