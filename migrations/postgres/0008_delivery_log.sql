-- The office's delivery log lists the newest deliveries of every kind, and
-- a person's log what was sent to them.
CREATE INDEX outbox_created ON outbox (created_at);
CREATE INDEX outbox_recipient ON outbox (recipient_user_id, created_at);
