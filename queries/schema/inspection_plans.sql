-- Saved inspection plans (检查计划, dashboard/plans.py): one row per plan — its kind (a 检查方式
-- of the contract), who made it and when, the seed, the parameters it was drawn with (JSON) and
-- how it was drawn (text) — and one row per planned studio, in the plan's order. Never changed
-- after saving. Two statements: db.ensure_schema runs the file as one.
create table if not exists inspection_plans (
    plan_id    integer primary key,
    kind       varchar not null,   -- 定期检查 | 不定期抽查 | 互查 | 年度复核
    created_by varchar not null,
    created_at timestamp not null default current_timestamp,
    seed       bigint,
    params     varchar not null,   -- JSON object
    how        varchar
);
create table if not exists inspection_plan_studios (
    plan_id         integer not null,
    position        integer not null,  -- 1, 2, … in the plan's order
    studio_id       varchar not null,
    unit            varchar,           -- the studio's unit when the plan was made
    inspecting_unit varchar,           -- 互查: the unit that inspects it; else null
    reason          varchar,           -- why it is in the plan (labels.PLAN_REASON)
    primary key (plan_id, position)
)
