-- Report subscriptions (issue 17: "a user can subscribe to a report
-- (weekly or monthly, chosen filters): it is e-mailed through the outbox
-- with the XLSX attached"). Keep in step with
-- migrations/sqlite/0032_report_subscriptions.sql.

-- One row per subscription. The scheduler claims a due row once across
-- nodes by moving `next_run_at` on with a conditional update, in the
-- transaction that enqueues the e-mail.
CREATE TABLE report_subscriptions (
    id           UUID PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id),
    -- revenue | operations | parts | sales | quality
    report       TEXT NOT NULL,
    -- weekly | monthly
    frequency    TEXT NOT NULL,
    -- The report's filters besides its range, as JSON.
    filters      TEXT NOT NULL,
    -- The next sending: a Monday or a first of the month, 07:00 in the
    -- company's zone.
    next_run_at  TIMESTAMPTZ NOT NULL,
    last_sent_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX report_subscriptions_due ON report_subscriptions (next_run_at);
CREATE INDEX report_subscriptions_user ON report_subscriptions (user_id, created_at);
