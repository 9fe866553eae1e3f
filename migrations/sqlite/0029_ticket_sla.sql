-- Ticket SLA policies (issue 16). Keep in step with
-- migrations/postgres/0029_ticket_sla.sql.

-- A single row (id = 1), created with defaults on first read. The weekly
-- business hours, the holidays and the targets are small JSON documents
-- (domain::sla), read and written whole.
CREATE TABLE sla_settings (
    id              INTEGER PRIMARY KEY,
    business_hours  TEXT NOT NULL,
    holidays        TEXT NOT NULL,
    policies        TEXT NOT NULL,
    -- Minutes before a breach that the assignee is warned.
    warning_minutes INTEGER NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Per ticket and target (first response, resolution): the deadline while
-- the clock runs (NULL when paused, met or without target), when the
-- warning is due and when it went out, and when the target was breached
-- (set once, never cleared). All recomputed from the ticket's state log.
ALTER TABLE tickets ADD COLUMN sla_response_due_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_response_warn_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_response_warned_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_response_breached_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_resolution_due_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_resolution_warn_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_resolution_warned_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_resolution_breached_at TEXT;
-- First-contact resolution: a ticket closed without ever waiting on the
-- customer (pending) and never reopened was resolved on first contact.
ALTER TABLE tickets ADD COLUMN went_pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tickets ADD COLUMN reopened BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX tickets_sla_response_due ON tickets (sla_response_due_at)
    WHERE sla_response_due_at IS NOT NULL;
CREATE INDEX tickets_sla_resolution_due ON tickets (sla_resolution_due_at)
    WHERE sla_resolution_due_at IS NOT NULL;
CREATE INDEX tickets_sla_response_warn ON tickets (sla_response_warn_at)
    WHERE sla_response_warn_at IS NOT NULL;
CREATE INDEX tickets_sla_resolution_warn ON tickets (sla_resolution_warn_at)
    WHERE sla_resolution_warn_at IS NOT NULL;
