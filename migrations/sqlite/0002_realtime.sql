-- Real-time channels: every publication is persisted with a gap-free,
-- store-assigned offset per channel, so clients recover what they missed and
-- every node delivers in the same order. Keep in step with
-- migrations/postgres/0002_realtime.sql.

CREATE TABLE channels (
    name        TEXT PRIMARY KEY,
    -- Changes when the channel's history is reset, telling clients that their
    -- offsets no longer apply.
    epoch       TEXT NOT NULL,
    last_offset INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE publications (
    channel       TEXT NOT NULL REFERENCES channels (name),
    -- The channel offset (1, 2, 3, ... without gaps).
    seq           INTEGER NOT NULL,
    -- The JSON payload as sent to clients.
    data          TEXT NOT NULL,
    -- Who published it; NULL for server events.
    user_id       BLOB REFERENCES users (id),
    -- The client's message id: a retried send with the same id is not stored twice.
    client_msg_id TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (channel, seq)
);
CREATE UNIQUE INDEX publications_client_msg ON publications (channel, user_id, client_msg_id);

-- The last offset a user has read in a channel (read receipts, unread counts).
CREATE TABLE read_positions (
    user_id     BLOB NOT NULL REFERENCES users (id),
    channel     TEXT NOT NULL,
    last_read   INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, channel)
);
