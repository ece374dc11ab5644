-- One value: whether a row of unit row_unit is in the unit scope `unit` (null: every unit is).
-- The security boundary between units, written here only: studios get it through
-- scoped_studios, unit-level tables (units, quotas) through this. Params: row_unit (text),
-- unit (text or null).
create or replace macro in_unit_scope(row_unit, unit) as unit is null or row_unit = unit
