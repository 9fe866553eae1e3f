-- Appointments and their reminders. Keep in step with
-- migrations/postgres/0006_appointments.sql.

CREATE TABLE appointments (
    id                 BLOB PRIMARY KEY,
    customer_id        BLOB NOT NULL REFERENCES customers (id),
    equipment_id       BLOB REFERENCES equipment (id),
    technician_id      BLOB REFERENCES users (id),
    starts_at          TEXT NOT NULL,
    ends_at            TEXT NOT NULL,
    place              TEXT NOT NULL,
    notes              TEXT NOT NULL,
    -- scheduled | confirmed | rescheduled | cancelled | done
    state              TEXT NOT NULL,
    -- The customer's asked-for new start (state rescheduled).
    proposed_starts_at TEXT,
    created_by         BLOB NOT NULL REFERENCES users (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX appointments_customer ON appointments (customer_id);
CREATE INDEX appointments_technician ON appointments (technician_id);
CREATE INDEX appointments_starts ON appointments (starts_at, id);

-- One row per planned reminder: it survives restarts and is claimed by
-- exactly one node (see src/notify/scheduler.rs).
CREATE TABLE reminders (
    id              BLOB PRIMARY KEY,
    appointment_id  BLOB NOT NULL REFERENCES appointments (id),
    -- Minutes before the start.
    offset_minutes  INTEGER NOT NULL,
    due_at          TEXT NOT NULL,
    -- pending | sent | dropped
    status          TEXT NOT NULL,
    claimed_by      TEXT,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX reminders_due ON reminders (status, due_at);
CREATE INDEX reminders_appointment ON reminders (appointment_id);

-- Maintenance requests submitted by customer contacts (portal) and triaged
-- by staff into a service order and/or an appointment.
CREATE TABLE maintenance_requests (
    id              BLOB PRIMARY KEY,
    customer_id     BLOB NOT NULL REFERENCES customers (id),
    equipment_id    BLOB NOT NULL REFERENCES equipment (id),
    description     TEXT NOT NULL,
    -- JSON array of RFC 3339 times the customer would prefer.
    preferred_dates TEXT NOT NULL,
    -- high | medium | low, set when triaged
    priority        TEXT,
    assignee_id     BLOB REFERENCES users (id),
    -- new | triaged | converted | rejected
    state           TEXT NOT NULL,
    order_id        BLOB REFERENCES service_orders (id),
    appointment_id  BLOB REFERENCES appointments (id),
    created_by      BLOB NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX maintenance_requests_customer ON maintenance_requests (customer_id);
CREATE INDEX maintenance_requests_created ON maintenance_requests (created_at, id);

CREATE TABLE maintenance_request_photos (
    id          BLOB PRIMARY KEY,
    request_id  BLOB NOT NULL REFERENCES maintenance_requests (id),
    stored_name TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX maintenance_request_photos_request ON maintenance_request_photos (request_id);
