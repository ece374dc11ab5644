-- The whole scope's outcome figures (the KPI strip of 成果效益): `studios` named studios and their
-- outcome_totals row `o` (none when no outcome fell in the period: 0s, a blank adopted share and
-- per-studio figures of 0, or blank when there is no studio). Used as
-- `unnest(scope_figures(n.studios, o))`.
create or replace macro scope_figures(studios, o) as struct_pack(
    studios := studios,
    outcomes := coalesce(o.outcomes, 0),
    benefit_wan := coalesce(o.benefit_wan, 0),
    patents := coalesce(o.invention_patents + o.utility_patents + o.design_patents, 0),
    invention_patents := coalesce(o.invention_patents, 0),
    adopted_share := o.adopted_share,
    per_studio_wan := case when studios > 0 then coalesce(o.benefit_wan, 0) / studios end,
    outcomes_per_studio := case when studios > 0 then coalesce(o.outcomes, 0) / studios end
)
