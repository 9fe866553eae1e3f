-- Real-time channels: every publication is persisted with a gap-free,
-- store-assigned offset per channel, so clients recover what they missed and
-- every node delivers in the same order. Keep in step with
-- migrations/sqlite/0002_realtime.sql.

CREATE TABLE channels (
    name        TEXT PRIMARY KEY,
    -- Changes when the channel's history is reset, telling clients that their
    -- offsets no longer apply.
    epoch       TEXT NOT NULL,
    last_offset BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE publications (
    channel       TEXT NOT NULL REFERENCES channels (name),
    -- The channel offset (1, 2, 3, ... without gaps).
    seq           BIGINT NOT NULL,
    -- The JSON payload as sent to clients.
    data          TEXT NOT NULL,
    -- Who published it; NULL for server events.
    user_id       UUID REFERENCES users (id),
    -- The client's message id: a retried send with the same id is not stored twice.
    client_msg_id TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, seq)
);
CREATE UNIQUE INDEX publications_client_msg ON publications (channel, user_id, client_msg_id);

-- The last offset a user has read in a channel (read receipts, unread counts).
CREATE TABLE read_positions (
    user_id     UUID NOT NULL REFERENCES users (id),
    channel     TEXT NOT NULL,
    last_read   BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, channel)
);
