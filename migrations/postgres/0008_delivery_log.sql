-- The office's delivery log lists the newest deliveries of every kind.
CREATE INDEX outbox_created ON outbox (created_at);
