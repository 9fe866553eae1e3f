-- Appointments and their reminders. Keep in step with
-- migrations/sqlite/0006_appointments.sql.

CREATE TABLE appointments (
    id                 UUID PRIMARY KEY,
    customer_id        UUID NOT NULL REFERENCES customers (id),
    equipment_id       UUID REFERENCES equipment (id),
    technician_id      UUID REFERENCES users (id),
    starts_at          TIMESTAMPTZ NOT NULL,
    ends_at            TIMESTAMPTZ NOT NULL,
    place              TEXT NOT NULL,
    notes              TEXT NOT NULL,
    -- scheduled | confirmed | rescheduled | cancelled | done
    state              TEXT NOT NULL,
    -- The customer's asked-for new start (state rescheduled).
    proposed_starts_at TIMESTAMPTZ,
    created_by         UUID NOT NULL REFERENCES users (id),
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX appointments_customer ON appointments (customer_id);
CREATE INDEX appointments_technician ON appointments (technician_id);
CREATE INDEX appointments_starts ON appointments (starts_at, id);

-- One row per planned reminder: it survives restarts and is claimed by
-- exactly one node (see src/notify/scheduler.rs).
CREATE TABLE reminders (
    id              UUID PRIMARY KEY,
    appointment_id  UUID NOT NULL REFERENCES appointments (id),
    -- Minutes before the start.
    offset_minutes  BIGINT NOT NULL,
    due_at          TIMESTAMPTZ NOT NULL,
    -- pending | sent | dropped
    status          TEXT NOT NULL,
    claimed_by      TEXT,
    locked_until    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX reminders_due ON reminders (status, due_at);
CREATE INDEX reminders_appointment ON reminders (appointment_id);

-- Maintenance requests submitted by customer contacts (portal) and triaged
-- by staff into a service order and/or an appointment.
CREATE TABLE maintenance_requests (
    id              UUID PRIMARY KEY,
    customer_id     UUID NOT NULL REFERENCES customers (id),
    equipment_id    UUID NOT NULL REFERENCES equipment (id),
    description     TEXT NOT NULL,
    -- JSON array of RFC 3339 times the customer would prefer.
    preferred_dates TEXT NOT NULL,
    -- high | medium | low, set when triaged
    priority        TEXT,
    assignee_id     UUID REFERENCES users (id),
    -- new | triaged | converted | rejected
    state           TEXT NOT NULL,
    order_id        UUID REFERENCES service_orders (id),
    appointment_id  UUID REFERENCES appointments (id),
    created_by      UUID NOT NULL REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX maintenance_requests_customer ON maintenance_requests (customer_id);
CREATE INDEX maintenance_requests_created ON maintenance_requests (created_at, id);

CREATE TABLE maintenance_request_photos (
    id          UUID PRIMARY KEY,
    request_id  UUID NOT NULL REFERENCES maintenance_requests (id),
    stored_name TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX maintenance_request_photos_request ON maintenance_request_photos (request_id);
