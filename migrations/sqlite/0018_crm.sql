-- Issue 14 (CRM): opportunities through the funnel, their append-only
-- stage history (the truth every metric is computed from), the lost
-- reasons catalog and documents per customer.
-- Same shape as migrations/postgres/0018_crm.sql.

CREATE TABLE crm_lost_reasons (
    code       TEXT PRIMARY KEY,
    name_es    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    active     INTEGER NOT NULL,
    sort_order INTEGER NOT NULL
);
INSERT INTO crm_lost_reasons (code, name_es, name_en, active, sort_order) VALUES
    ('price', 'Precio', 'Price', 1, 1),
    ('competitor', 'Eligió a la competencia', 'Chose a competitor', 1, 2),
    ('no_budget', 'Sin presupuesto', 'No budget', 1, 3),
    ('no_response', 'Sin respuesta', 'No response', 1, 4),
    ('timing', 'No es el momento', 'Bad timing', 1, 5),
    ('other', 'Otro', 'Other', 1, 6);

CREATE TABLE crm_opportunities (
    id                 BLOB PRIMARY KEY,
    title              TEXT NOT NULL,
    customer_id        BLOB NOT NULL REFERENCES customers (id),
    contact_id         BLOB REFERENCES contacts (id),
    value              TEXT NOT NULL,
    -- Percent, 0 to 100; each stage gives a default, people may edit it.
    probability        INTEGER NOT NULL,
    expected_close     TEXT,
    owner_id           BLOB NOT NULL REFERENCES users (id),
    source             TEXT NOT NULL,
    equipment_interest TEXT NOT NULL,
    notes              TEXT NOT NULL,
    stage              TEXT NOT NULL,
    lost_reason        TEXT REFERENCES crm_lost_reasons (code),
    next_step          TEXT NOT NULL,
    next_step_due      TEXT,
    -- none | pending | sent: the owner's reminder for the next step.
    reminder_state     TEXT NOT NULL,
    reminder_locked_until TEXT,
    created_by         BLOB NOT NULL REFERENCES users (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX crm_opportunities_owner ON crm_opportunities (owner_id);
CREATE INDEX crm_opportunities_customer ON crm_opportunities (customer_id);
CREATE INDEX crm_opportunities_page ON crm_opportunities (updated_at, id);
CREATE INDEX crm_opportunities_reminder ON crm_opportunities (next_step_due)
    WHERE reminder_state = 'pending';

-- Append-only: who moved it, when, from which stage to which. The first
-- row of an opportunity (from_stage NULL) is its creation.
CREATE TABLE crm_stage_history (
    id             BLOB PRIMARY KEY,
    opportunity_id BLOB NOT NULL REFERENCES crm_opportunities (id),
    from_stage     TEXT,
    to_stage       TEXT NOT NULL,
    lost_reason    TEXT REFERENCES crm_lost_reasons (code),
    by_user        BLOB NOT NULL REFERENCES users (id),
    at             TEXT NOT NULL
);
CREATE INDEX crm_stage_history_opportunity ON crm_stage_history (opportunity_id, at, id);

CREATE TRIGGER crm_stage_history_no_update BEFORE UPDATE ON crm_stage_history
BEGIN
    SELECT RAISE(ABORT, 'the stage history is append-only');
END;
CREATE TRIGGER crm_stage_history_no_delete BEFORE DELETE ON crm_stage_history
BEGIN
    SELECT RAISE(ABORT, 'the stage history is append-only');
END;

CREATE TABLE crm_customer_documents (
    id           BLOB PRIMARY KEY,
    customer_id  BLOB NOT NULL REFERENCES customers (id),
    uploader_id  BLOB NOT NULL REFERENCES users (id),
    file_name    TEXT NOT NULL,
    -- Decided by sniffing the content, never taken from the client.
    content_type TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    stored_name  TEXT NOT NULL UNIQUE,
    -- Shown to the customer's portal contacts.
    shared       INTEGER NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX crm_customer_documents_customer ON crm_customer_documents (customer_id, created_at);
