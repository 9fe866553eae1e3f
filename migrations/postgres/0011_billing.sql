-- Billing: quotes (with versions and lines), invoices (with lines), credit
-- notes, allocations of payments to invoices, billing reminders, settings.
-- Keep in step with migrations/sqlite/0011_billing.sql: a test checks that
-- both schemas have the same tables and columns.
--
-- Money is NUMERIC here and TEXT on SQLite, always written with the
-- currency's decimals by src/domain/billing/lines.rs; nothing is summed in
-- SQL. `total_minor` (the total in minor units, e.g. cents) is an integer
-- copy for searching and sorting by amount on both backends.

-- Billing settings: one row (id = 1), created with defaults on first read.
CREATE TABLE billing_settings (
    id                          INTEGER PRIMARY KEY CHECK (id = 1),
    -- Days from issue to due date, unless the customer has their own.
    payment_terms_days          INTEGER NOT NULL,
    -- Days a new quote stays valid.
    quote_validity_days         INTEGER NOT NULL,
    -- A sent quote without an answer is reminded this many days before it expires.
    quote_reminder_days         INTEGER NOT NULL,
    -- JSON array of day offsets from an invoice's due date, e.g. [-3, 7, 30].
    receivable_reminder_days    TEXT NOT NULL,
    -- off | warn | refuse_non_office
    credit_limit_policy         TEXT NOT NULL,
    -- A payment above what is open may leave the rest as customer credit.
    allow_customer_credit       BOOLEAN NOT NULL,
    -- Printed on every document ("ESTE SISTEMA NO EMITE DOCUMENTOS FISCALES").
    non_fiscal_line             TEXT NOT NULL,
    updated_at                  TIMESTAMPTZ NOT NULL
);

-- Per-customer payment terms in days (NULL = the company's).
ALTER TABLE customers ADD COLUMN payment_terms_days INTEGER;

-- A quote: the family of its versions under one number (PRE-000123).
CREATE TABLE quotes (
    id               UUID PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    customer_id      UUID NOT NULL REFERENCES customers (id),
    order_id         UUID REFERENCES service_orders (id),
    -- CRM opportunity (not enforced until that module exists).
    opportunity_id   UUID,
    -- The version the office works on (the newest) …
    current_version  INTEGER NOT NULL,
    -- … and the newest one the customer was sent (NULL until the first is sent).
    published_version INTEGER,
    -- SHA-256 of the secret of the signed link in the quote e-mail (no password).
    link_token_hash  TEXT UNIQUE,
    created_by       UUID NOT NULL REFERENCES users (id),
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX quotes_customer ON quotes (customer_id, created_at);
CREATE INDEX quotes_order ON quotes (order_id);
CREATE INDEX quotes_created ON quotes (created_at, id);

-- One version of a quote (PRE-000123, PRE-000123-v2…); only drafts change.
CREATE TABLE quote_versions (
    id              UUID PRIMARY KEY,
    quote_id        UUID NOT NULL REFERENCES quotes (id),
    version         INTEGER NOT NULL,
    number          TEXT NOT NULL UNIQUE,
    -- draft | sent | approved | rejected | changes_requested | expired | superseded
    state           TEXT NOT NULL,
    currency        TEXT NOT NULL,
    -- Valid through this day (company time zone).
    valid_until     DATE NOT NULL,
    notes           TEXT NOT NULL,
    terms           TEXT NOT NULL,
    gross           NUMERIC NOT NULL,
    discount        NUMERIC NOT NULL,
    subtotal        NUMERIC NOT NULL,
    tax             NUMERIC NOT NULL,
    total           NUMERIC NOT NULL,
    total_minor     BIGINT NOT NULL,
    created_by      UUID NOT NULL REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    answered_at     TIMESTAMPTZ,
    -- NULL when answered through the signed link.
    answered_by     UUID REFERENCES users (id),
    answer_comment  TEXT,
    UNIQUE (quote_id, version)
);
CREATE INDEX quote_versions_state ON quote_versions (state, valid_until);

CREATE TABLE quote_lines (
    id            UUID PRIMARY KEY,
    version_id    UUID NOT NULL REFERENCES quote_versions (id),
    position      INTEGER NOT NULL,
    -- service | part
    kind          TEXT NOT NULL,
    -- Parts catalog item (not enforced until the catalog exists).
    item_id       UUID,
    description   TEXT NOT NULL,
    quantity      NUMERIC NOT NULL,
    unit_price    NUMERIC NOT NULL,
    discount_pct  NUMERIC NOT NULL,
    tax_exempt    BOOLEAN NOT NULL,
    tax_rate      NUMERIC NOT NULL,
    gross         NUMERIC NOT NULL,
    discount      NUMERIC NOT NULL,
    net           NUMERIC NOT NULL,
    tax           NUMERIC NOT NULL,
    total         NUMERIC NOT NULL,
    UNIQUE (version_id, position)
);

-- An invoice: a draft (no number, editable, deletable) or issued (FAC-000001).
CREATE TABLE invoices (
    id                UUID PRIMARY KEY,
    number            TEXT UNIQUE,
    customer_id       UUID NOT NULL REFERENCES customers (id),
    order_id          UUID REFERENCES service_orders (id),
    quote_version_id  UUID REFERENCES quote_versions (id),
    -- draft | issued | partially_paid | paid | void
    state             TEXT NOT NULL,
    currency          TEXT NOT NULL,
    issue_date        DATE,
    due_date          DATE,
    notes             TEXT NOT NULL,
    terms             TEXT NOT NULL,
    gross             NUMERIC NOT NULL,
    discount          NUMERIC NOT NULL,
    subtotal          NUMERIC NOT NULL,
    tax               NUMERIC NOT NULL,
    total             NUMERIC NOT NULL,
    total_minor       BIGINT NOT NULL,
    -- Σ live allocations and Σ credit notes, kept with them in one transaction.
    allocated         NUMERIC NOT NULL,
    credited          NUMERIC NOT NULL,
    created_by        UUID NOT NULL REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    issued_at         TIMESTAMPTZ,
    issued_by         UUID REFERENCES users (id),
    voided_at         TIMESTAMPTZ,
    voided_on         DATE,
    voided_by         UUID REFERENCES users (id),
    void_reason       TEXT
);
CREATE INDEX invoices_customer ON invoices (customer_id, issue_date);
CREATE INDEX invoices_order ON invoices (order_id);
CREATE INDEX invoices_due ON invoices (state, due_date);
CREATE INDEX invoices_issued ON invoices (issue_date, id);
CREATE INDEX invoices_created ON invoices (created_at, id);

CREATE TABLE invoice_lines (
    id            UUID PRIMARY KEY,
    invoice_id    UUID NOT NULL REFERENCES invoices (id),
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    item_id       UUID,
    description   TEXT NOT NULL,
    quantity      NUMERIC NOT NULL,
    unit_price    NUMERIC NOT NULL,
    discount_pct  NUMERIC NOT NULL,
    tax_exempt    BOOLEAN NOT NULL,
    tax_rate      NUMERIC NOT NULL,
    gross         NUMERIC NOT NULL,
    discount      NUMERIC NOT NULL,
    net           NUMERIC NOT NULL,
    tax           NUMERIC NOT NULL,
    total         NUMERIC NOT NULL,
    UNIQUE (invoice_id, position)
);

-- A credit note (NC-000001) correcting an issued invoice, in part or whole.
CREATE TABLE credit_notes (
    id            UUID PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    invoice_id    UUID NOT NULL REFERENCES invoices (id),
    customer_id   UUID NOT NULL REFERENCES customers (id),
    currency      TEXT NOT NULL,
    issue_date    DATE NOT NULL,
    reason        TEXT NOT NULL,
    gross         NUMERIC NOT NULL,
    discount      NUMERIC NOT NULL,
    subtotal      NUMERIC NOT NULL,
    tax           NUMERIC NOT NULL,
    total         NUMERIC NOT NULL,
    total_minor   BIGINT NOT NULL,
    created_by    UUID NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX credit_notes_customer ON credit_notes (customer_id, issue_date);
CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id);

CREATE TABLE credit_note_lines (
    id              UUID PRIMARY KEY,
    credit_note_id  UUID NOT NULL REFERENCES credit_notes (id),
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    item_id         UUID,
    description     TEXT NOT NULL,
    quantity        NUMERIC NOT NULL,
    unit_price      NUMERIC NOT NULL,
    discount_pct    NUMERIC NOT NULL,
    tax_exempt      BOOLEAN NOT NULL,
    tax_rate        NUMERIC NOT NULL,
    gross           NUMERIC NOT NULL,
    discount        NUMERIC NOT NULL,
    net             NUMERIC NOT NULL,
    tax             NUMERIC NOT NULL,
    total           NUMERIC NOT NULL,
    UNIQUE (credit_note_id, position)
);

-- A part of a payment applied to an invoice. Payments keep belonging to
-- their order; what is not allocated is the customer's credit. Released
-- allocations (payment reversed, freed by a credit note, undone) stay for
-- the history and stop counting.
CREATE TABLE payment_allocations (
    id              UUID PRIMARY KEY,
    payment_id      UUID NOT NULL REFERENCES payments (id),
    invoice_id      UUID NOT NULL REFERENCES invoices (id),
    amount          NUMERIC NOT NULL,
    created_by      UUID NOT NULL REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL,
    released_at     TIMESTAMPTZ,
    released_by     UUID REFERENCES users (id),
    -- payment_reversed | credit_note | undone
    release_reason  TEXT
);
CREATE INDEX payment_allocations_payment ON payment_allocations (payment_id);
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);

-- Planned billing reminders (quote near expiry, invoice before/after due),
-- claimed by exactly one node like appointment reminders.
CREATE TABLE billing_reminders (
    id                UUID PRIMARY KEY,
    -- quote_expiry | invoice_due
    kind              TEXT NOT NULL,
    quote_version_id  UUID REFERENCES quote_versions (id),
    invoice_id        UUID REFERENCES invoices (id),
    -- Days relative to the due or expiry date (negative = before).
    offset_days       INTEGER NOT NULL,
    due_at            TIMESTAMPTZ NOT NULL,
    -- pending | sent | dropped
    status            TEXT NOT NULL,
    claimed_by        TEXT,
    locked_until      TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    sent_at           TIMESTAMPTZ
);
CREATE INDEX billing_reminders_due ON billing_reminders (status, due_at);
CREATE INDEX billing_reminders_invoice ON billing_reminders (invoice_id);
CREATE INDEX billing_reminders_quote ON billing_reminders (quote_version_id);
