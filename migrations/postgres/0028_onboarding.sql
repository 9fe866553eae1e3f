-- Onboarding of a new customer (issue 16; seed 004's five steps). Keep in
-- step with migrations/sqlite/0028_onboarding.sql.

-- The steps a new customer's checklist starts with (JSON array of
-- {"title", "due_after_days"}), editable in the post-sale settings; NULL:
-- the seed's five steps.
ALTER TABLE post_sale_settings ADD COLUMN onboarding_steps TEXT;

-- A customer's checklist: one row per step, with its owner and due day.
-- The reminder is a row state the scheduler claims once (pending → sent);
-- a step done, or moved, settles it.
CREATE TABLE onboarding_tasks (
    id          UUID PRIMARY KEY,
    customer_id UUID NOT NULL REFERENCES customers (id),
    position    BIGINT NOT NULL,
    title       TEXT NOT NULL,
    owner_id    UUID REFERENCES users (id),
    due_on      DATE NOT NULL,
    done_at     TIMESTAMPTZ,
    done_by     UUID REFERENCES users (id),
    -- pending | sent | dropped
    reminder    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX onboarding_tasks_customer ON onboarding_tasks (customer_id, position);
CREATE INDEX onboarding_tasks_reminder ON onboarding_tasks (reminder, due_on);
