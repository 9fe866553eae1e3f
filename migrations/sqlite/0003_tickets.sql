-- Support tickets (PQR) and chat attachments. Keep in step with
-- migrations/postgres/0003_tickets.sql.
--
-- A ticket's history (state changes, assignments, chat) is the publication
-- stream of its channel `ticket:<id>` (see 0002_realtime.sql): ordered,
-- gap-free and persisted, so there is no separate history table.

CREATE TABLE tickets (
    id                BLOB PRIMARY KEY,
    -- Human number, e.g. PQR-000001 (counter "ticket").
    number            TEXT NOT NULL UNIQUE,
    customer_id       BLOB NOT NULL REFERENCES customers (id),
    -- billing | technical_support | general_information | complaint | suggestion
    kind              TEXT NOT NULL,
    -- high | medium | low
    priority          TEXT NOT NULL,
    -- open | in_progress | pending | closed
    state             TEXT NOT NULL,
    subject           TEXT NOT NULL,
    description       TEXT NOT NULL,
    -- Lower-cased number and subject, for case-insensitive search on both backends.
    search_text       TEXT NOT NULL,
    created_by        BLOB NOT NULL REFERENCES users (id),
    assignee_id       BLOB REFERENCES users (id),
    created_at        TEXT NOT NULL,
    -- SLA: the first reply by staff in the ticket's chat.
    first_response_at TEXT,
    -- SLA: when the ticket was closed; cleared when it is reopened.
    resolved_at       TEXT,
    updated_at        TEXT NOT NULL
);
CREATE INDEX tickets_created ON tickets (created_at, id);
CREATE INDEX tickets_customer ON tickets (customer_id);
CREATE INDEX tickets_assignee ON tickets (assignee_id);

-- Files attached to chat messages. Access follows the channel they were
-- uploaded to; the bytes live in the uploads folder under `stored_name`.
CREATE TABLE attachments (
    id           BLOB PRIMARY KEY,
    channel      TEXT NOT NULL,
    uploader_id  BLOB NOT NULL REFERENCES users (id),
    -- The name the uploader gave the file (sanitized), shown and offered on download.
    file_name    TEXT NOT NULL,
    -- Decided by sniffing the content, never taken from the client.
    content_type TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    stored_name  TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL
);
CREATE INDEX attachments_channel ON attachments (channel);
