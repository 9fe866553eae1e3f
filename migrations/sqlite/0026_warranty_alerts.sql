-- Warranty-end alerts (issue 16) and the post-sale settings. Keep in step
-- with migrations/postgres/0026_warranty_alerts.sql.

-- A single row (id = 1), created with defaults on first read.
CREATE TABLE post_sale_settings (
    id                  INTEGER PRIMARY KEY,
    -- Days before a machine's warranty ends that the alert goes out.
    warranty_alert_days INTEGER NOT NULL,
    updated_at          TEXT NOT NULL
);

-- One alert per machine and warranty end: a row with a due time that the
-- scheduler claims once across nodes (pending → sent). A changed
-- warranty date drops the pending row and plans a new one.
CREATE TABLE warranty_alerts (
    id           BLOB PRIMARY KEY,
    equipment_id BLOB NOT NULL REFERENCES equipment (id),
    ends_on      TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    -- pending | sent | dropped
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    UNIQUE (equipment_id, ends_on)
);
CREATE INDEX warranty_alerts_due ON warranty_alerts (status, due_at);
