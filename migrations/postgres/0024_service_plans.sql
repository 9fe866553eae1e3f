-- Preventive maintenance plans (issue 16): one plan per machine, its
-- stored forecast and the proposed visit of the current cycle. Keep in
-- step with migrations/sqlite/0024_service_plans.sql.
CREATE TABLE service_plans (
    equipment_id       UUID PRIMARY KEY REFERENCES equipment (id),
    -- engine_hours | calendar | whichever_first
    basis              TEXT NOT NULL,
    every_hours        BIGINT NOT NULL,
    every_months       BIGINT NOT NULL,
    due_soon_days      BIGINT NOT NULL,
    last_service_on    DATE NOT NULL,
    last_service_hours BIGINT NOT NULL,
    -- The forecast, recomputed when a reading arrives, the plan changes or
    -- a service on the machine is closed (domain::service_plan).
    hours_per_day      DOUBLE PRECISION,
    due_on             DATE,
    -- engine_hours | calendar
    due_by             TEXT,
    due_at_hours       BIGINT,
    -- due_on minus due_soon_days: the "due soon" list and the scheduler's
    -- proposals read this column.
    due_soon_from      DATE,
    -- The visit proposed to the customer for this cycle (an appointment in
    -- state proposed, then whatever became of it); cleared with a service.
    proposal_id        UUID REFERENCES appointments (id),
    updated_by         UUID NOT NULL REFERENCES users (id),
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_plans_due_soon ON service_plans (due_soon_from, equipment_id);

-- Work done once a day across the cluster (the nightly recomputation of
-- every forecast): the node whose conditional update moves `due_at` to
-- the next night runs it; the others, and restarts the same night, find
-- it moved. The first look after the migration runs it.
CREATE TABLE daily_jobs (
    name   TEXT PRIMARY KEY,
    due_at TIMESTAMPTZ NOT NULL
);
INSERT INTO daily_jobs (name, due_at) VALUES ('service_plan_forecasts', '1970-01-01T00:00:00Z');
