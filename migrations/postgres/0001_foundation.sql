-- Foundation: accounts, sessions, audit log, settings, customers, equipment.
-- Keep in step with migrations/sqlite/0001_foundation.sql: a test checks that
-- both schemas have the same tables and columns.

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    company_name   TEXT NOT NULL,
    address        TEXT NOT NULL,
    phone          TEXT NOT NULL,
    email          TEXT NOT NULL,
    logo_path      TEXT,
    terms          TEXT NOT NULL,
    currency       TEXT NOT NULL,
    tax_rate       TEXT NOT NULL,
    tax_id_country TEXT NOT NULL,
    time_zone      TEXT NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE customers (
    id             UUID PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    sort_name      TEXT NOT NULL,
    search_text    TEXT NOT NULL,
    tax_id         TEXT NOT NULL UNIQUE,
    tax_id_country TEXT NOT NULL,
    category       TEXT NOT NULL,
    owner_id       UUID,
    credit_limit   NUMERIC NOT NULL,
    email          TEXT,
    phone          TEXT NOT NULL,
    address        TEXT NOT NULL,
    notes          TEXT NOT NULL,
    active         BOOLEAN NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX customers_sort ON customers (sort_name, id);
CREATE INDEX customers_owner ON customers (owner_id);

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    phone         TEXT NOT NULL,
    role          TEXT NOT NULL,
    active        BOOLEAN NOT NULL,
    password_hash TEXT,
    customer_id   UUID REFERENCES customers (id),
    photo_path    TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

ALTER TABLE customers ADD CONSTRAINT customers_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id);

CREATE TABLE sessions (
    id           UUID PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    remember_me  BOOLEAN NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ,
    user_agent   TEXT NOT NULL,
    ip           TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE one_time_tokens (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id),
    purpose     TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);

CREATE TABLE login_failures (
    id     UUID PRIMARY KEY,
    email  TEXT NOT NULL,
    ip     TEXT NOT NULL,
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

CREATE TABLE audit_log (
    id           UUID PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor_id     UUID REFERENCES users (id),
    action       TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    detail       TEXT NOT NULL,
    ip           TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE contacts (
    id          UUID PRIMARY KEY,
    customer_id UUID NOT NULL REFERENCES customers (id),
    name        TEXT NOT NULL,
    email       TEXT,
    phone       TEXT NOT NULL,
    position    TEXT NOT NULL,
    user_id     UUID REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX contacts_customer ON contacts (customer_id);

CREATE TABLE equipment (
    id               UUID PRIMARY KEY,
    customer_id      UUID NOT NULL REFERENCES customers (id),
    brand            TEXT NOT NULL,
    model            TEXT NOT NULL,
    serial           TEXT NOT NULL,
    year             INTEGER,
    engine_hours     BIGINT NOT NULL,
    warranty_ends_on DATE,
    notes            TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX equipment_customer ON equipment (customer_id);

CREATE TABLE engine_hour_readings (
    id           UUID PRIMARY KEY,
    equipment_id UUID NOT NULL REFERENCES equipment (id),
    hours        BIGINT NOT NULL,
    read_at      TIMESTAMPTZ NOT NULL,
    recorded_by  UUID REFERENCES users (id)
);
CREATE INDEX readings_equipment ON engine_hour_readings (equipment_id, read_at);
