-- Surveys after service: one per closed order and one per closed ticket,
-- answered once (NPS 0-10, CSAT 1-5, comment) through a tokenized link or
-- the portal. The invitation is an outbox row due at `invite_at`.

CREATE TABLE surveys (
    id                 BLOB PRIMARY KEY,
    -- Exactly one of order_id / ticket_id is set (what the survey is about).
    order_id           BLOB REFERENCES service_orders (id),
    ticket_id          BLOB REFERENCES tickets (id),
    customer_id        BLOB NOT NULL REFERENCES customers (id),
    -- SHA-256 (hex) of the link token; the token itself only travels in the
    -- invitation e-mail (like session tokens).
    token_hash         TEXT NOT NULL UNIQUE,
    created_at         TEXT NOT NULL,
    invite_at          TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    answered_at        TEXT,
    -- Who answered from the portal; NULL when answered through the link.
    answered_by        BLOB REFERENCES users (id),
    nps                INTEGER,
    csat               INTEGER,
    comment            TEXT NOT NULL,
    -- The complaint ticket opened by a poor answer.
    followup_ticket_id BLOB REFERENCES tickets (id)
);
CREATE UNIQUE INDEX surveys_order ON surveys (order_id);
CREATE UNIQUE INDEX surveys_ticket ON surveys (ticket_id);
CREATE INDEX surveys_customer ON surveys (customer_id, answered_at);
CREATE INDEX surveys_answered ON surveys (answered_at);
