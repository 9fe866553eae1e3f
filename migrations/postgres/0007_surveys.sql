-- Surveys after service: one per closed order and one per closed ticket,
-- answered once (NPS 0-10, CSAT 1-5, comment) through a tokenized link or
-- the portal. The invitation is an outbox row due at `invite_at`.

CREATE TABLE surveys (
    id                 UUID PRIMARY KEY,
    -- Exactly one of order_id / ticket_id is set (what the survey is about).
    order_id           UUID REFERENCES service_orders (id),
    ticket_id          UUID REFERENCES tickets (id),
    customer_id        UUID NOT NULL REFERENCES customers (id),
    -- SHA-256 (hex) of the link token; the token itself only travels in the
    -- invitation e-mail (like session tokens).
    token_hash         TEXT NOT NULL UNIQUE,
    created_at         TIMESTAMPTZ NOT NULL,
    invite_at          TIMESTAMPTZ NOT NULL,
    expires_at         TIMESTAMPTZ NOT NULL,
    answered_at        TIMESTAMPTZ,
    -- Who answered from the portal; NULL when answered through the link.
    answered_by        UUID REFERENCES users (id),
    nps                INTEGER,
    csat               INTEGER,
    comment            TEXT NOT NULL,
    -- The complaint ticket opened by a poor answer.
    followup_ticket_id UUID REFERENCES tickets (id)
);
CREATE UNIQUE INDEX surveys_order ON surveys (order_id);
CREATE UNIQUE INDEX surveys_ticket ON surveys (ticket_id);
CREATE INDEX surveys_customer ON surveys (customer_id, answered_at);
CREATE INDEX surveys_answered ON surveys (answered_at);
