-- Service orders (capability 3) and payments against them (the spec's
-- "Caja/Cobranzas"). Keep in step with migrations/postgres/0004_service_orders.sql.
--
-- Balance of an order = service_value + Σ parts (quantity × unit_price)
--                       − Σ payments not deleted.

-- The catalogs of status labels: `public` ones appear on the customer's
-- timeline, `internal` ones only to staff.
CREATE TABLE order_statuses (
    id          BLOB PRIMARY KEY,
    -- public | internal
    visibility  TEXT NOT NULL,
    label       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    active      INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE service_orders (
    id                 BLOB PRIMARY KEY,
    -- Human number, e.g. OS-000123 (counter "service_order"), gap-free.
    number             TEXT NOT NULL UNIQUE,
    customer_id        BLOB NOT NULL REFERENCES customers (id),
    equipment_id       BLOB REFERENCES equipment (id),
    reason             TEXT NOT NULL,
    -- Lower-cased number and reason, for case-insensitive search on both backends.
    search_text        TEXT NOT NULL,
    -- The agreed service value (money, company currency).
    service_value      TEXT NOT NULL,
    -- The latest public / internal status label, for lists.
    public_status_id   BLOB REFERENCES order_statuses (id),
    internal_status_id BLOB REFERENCES order_statuses (id),
    -- The QR link token (128 random bits, URL-safe). Rotating it invalidates
    -- old printed tickets. Kept in clear: it must be printable again, and it
    -- only grants the read-only public view of this one order.
    qr_token           TEXT NOT NULL UNIQUE,
    active             INTEGER NOT NULL,
    received_at        TEXT NOT NULL,
    promised_at        TEXT,
    closed_at          TEXT,
    created_by         BLOB NOT NULL REFERENCES users (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX service_orders_created ON service_orders (created_at, id);
CREATE INDEX service_orders_customer ON service_orders (customer_id);

-- Technicians assigned to an order.
CREATE TABLE order_technicians (
    order_id    BLOB NOT NULL REFERENCES service_orders (id),
    user_id     BLOB NOT NULL REFERENCES users (id),
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (order_id, user_id)
);
CREATE INDEX order_technicians_user ON order_technicians (user_id);

-- The timeline: public events (customer-visible) and internal ones (staff only).
CREATE TABLE order_events (
    id          BLOB PRIMARY KEY,
    order_id    BLOB NOT NULL REFERENCES service_orders (id),
    -- public | internal
    visibility  TEXT NOT NULL,
    status_id   BLOB REFERENCES order_statuses (id),
    -- The status label at the time of the event (catalog labels may change).
    label       TEXT NOT NULL,
    comment     TEXT NOT NULL,
    author_id   BLOB NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    edited_at   TEXT,
    edited_by   BLOB REFERENCES users (id),
    deleted_at  TEXT,
    deleted_by  BLOB REFERENCES users (id)
);
CREATE INDEX order_events_order ON order_events (order_id, created_at);

CREATE TABLE order_event_photos (
    id           BLOB PRIMARY KEY,
    event_id     BLOB NOT NULL REFERENCES order_events (id),
    stored_name  TEXT NOT NULL UNIQUE,
    thumb_name   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL
);
CREATE INDEX order_event_photos_event ON order_event_photos (event_id);

-- Parts used on an order.
CREATE TABLE order_parts (
    id              BLOB PRIMARY KEY,
    order_id        BLOB NOT NULL REFERENCES service_orders (id),
    description     TEXT NOT NULL,
    quantity        TEXT NOT NULL,
    unit_price      TEXT NOT NULL,
    warranty_days   INTEGER NOT NULL,
    -- Whether the customer sees this line on the public view.
    shown_to_customer INTEGER NOT NULL,
    added_by        BLOB NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX order_parts_order ON order_parts (order_id);
CREATE INDEX order_parts_created ON order_parts (created_at);

CREATE TABLE payment_methods (
    id          BLOB PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    active      INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);

-- Advances and payments on an order. Deleting (master only) is soft: the
-- row stays for the audit trail and stops counting in the balance.
CREATE TABLE payments (
    id             BLOB PRIMARY KEY,
    -- Human number of the (non-fiscal) receipt, e.g. REC-000045.
    number         TEXT NOT NULL UNIQUE,
    order_id       BLOB NOT NULL REFERENCES service_orders (id),
    amount         TEXT NOT NULL,
    method_id      BLOB NOT NULL REFERENCES payment_methods (id),
    -- Reference or account number, searchable.
    reference      TEXT NOT NULL,
    paid_on        TEXT NOT NULL,
    registered_by  BLOB NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL,
    deleted_at     TEXT,
    deleted_by     BLOB REFERENCES users (id)
);
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_reference ON payments (reference);
