-- Notifications: the transactional outbox. Services insert rows in the same
-- transaction as the state change they report; the outbox worker delivers
-- them (see src/notify/outbox.rs).

CREATE TABLE outbox (
    id                UUID PRIMARY KEY,
    -- What happened, e.g. "order_status", "password_recovery".
    kind              TEXT NOT NULL,
    -- email | push | in_app
    channel           TEXT NOT NULL,
    recipient_user_id UUID REFERENCES users (id),
    -- E-mail address (email), endpoint (push) or channel name (in_app).
    recipient_address TEXT NOT NULL,
    -- The rendered message, JSON.
    payload           TEXT NOT NULL,
    -- One delivery per key: enqueuing the same key twice is a no-op.
    idempotency_key   TEXT NOT NULL UNIQUE,
    -- pending | sending | sent | dead
    status            TEXT NOT NULL,
    attempts          INTEGER NOT NULL,
    next_attempt_at   TIMESTAMPTZ NOT NULL,
    -- While `sending`: the claim's lease; after it, another node may retry.
    locked_until      TIMESTAMPTZ,
    last_error        TEXT NOT NULL,
    -- The record the notification is about, e.g. ("order", <id>).
    subject_type      TEXT NOT NULL,
    subject_id        TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    sent_at           TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_subject ON outbox (subject_type, subject_id, created_at);

-- Web Push: the server's VAPID key pair, generated on first start and kept
-- (one row; every node signs with the same key).
CREATE TABLE push_vapid_keys (
    id          INTEGER PRIMARY KEY,
    -- base64url of the raw P-256 private scalar.
    private_key TEXT NOT NULL,
    -- base64url of the uncompressed public point (applicationServerKey).
    public_key  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- A browser (device) of a user that accepts pushes.
CREATE TABLE push_subscriptions (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id),
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    device     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

-- Per-user choices: which events by which channel. No row = enabled.
-- Essential messages (password recovery, invitation) ignore them.
CREATE TABLE notification_preferences (
    user_id    UUID NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    channel    TEXT NOT NULL,
    enabled    BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, kind, channel)
);

-- One-click unsubscribe links in non-essential e-mails (SHA-256 of the
-- token; the token itself is only in the e-mail).
CREATE TABLE unsubscribe_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
