-- One row per inspection recorded in the app that is not voided and not yet in an import
-- (stg_inspections' app rows), recorded on or after since (null: all), of a studio in the unit
-- scope: the contract's 检查记录 columns, oldest first. Params: since (date or null), unit (text or null).
select a.* exclude (recorded_by, recorded_at, voided_at, voided_by, void_reason)
from app_inspections as a
where a."检查编号" in (select inspection_id from stg_inspections where in_app)
  and a."工作室编号" in (select studio_id from scoped_studios($unit))
  and ($since is null or a.recorded_at >= cast($since as date))
order by a.recorded_at, a."检查编号"
