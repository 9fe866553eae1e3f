-- Every contact with a customer (issue 16, seed 004's
-- `interacciones_cliente`). Keep in step with
-- migrations/sqlite/0025_interactions.sql.
CREATE TABLE customer_interactions (
    id           UUID PRIMARY KEY,
    customer_id  UUID NOT NULL REFERENCES customers (id),
    -- phone | email | portal | visit | social
    channel      TEXT NOT NULL,
    -- inbound | outbound
    direction    TEXT NOT NULL,
    -- proactive | reactive
    initiative   TEXT NOT NULL,
    reason       TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    -- Who of the company took part (NULL: the product recorded a contact
    -- the customer started, e.g. a portal request).
    user_id      UUID REFERENCES users (id),
    occurred_at  TIMESTAMPTZ NOT NULL,
    -- order | ticket | appointment | opportunity | survey | maintenance_request
    subject_type TEXT,
    subject_id   TEXT,
    -- Recorded by the product: one row per contact it saw (e.g.
    -- `ticket:<id>:opened`); NULL for those people record by hand.
    source_key   TEXT UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_interactions_timeline ON customer_interactions (customer_id, occurred_at, id);
