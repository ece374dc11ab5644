-- The outcome figures of a studio, unit, category or year, read off its row `o` of
-- outcome_totals (or of a set with the same columns) left-joined to what it describes: when
-- there is no row (no outcome in the period), every count and the benefit are 0 and the adopted
-- share is blank. Used as `unnest(outcome_figures(o))`, which gives the six columns.
create or replace macro outcome_figures(o) as struct_pack(
    outcomes := coalesce(o.outcomes, 0),
    benefit_wan := case when o.outcomes is null then 0 else o.benefit_wan end,
    invention_patents := coalesce(o.invention_patents, 0),
    utility_patents := coalesce(o.utility_patents, 0),
    design_patents := coalesce(o.design_patents, 0),
    adopted_share := o.adopted_share
)
