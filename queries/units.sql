-- One row per recommending unit, in display order. Params: unit (text or null: all).
select unit, unit_kind, sort_order
from stg_units
where in_unit_scope(unit, $unit)
order by sort_order nulls last, unit
