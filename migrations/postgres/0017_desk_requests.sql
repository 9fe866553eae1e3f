-- Issue 10 (customer desk): what a customer asks for is a request, and an
-- unsubscribe link names the one kind of e-mail it turns off.
-- Same shape as migrations/sqlite/0017_desk_requests.sql.

-- The customer's words with a reschedule request (state reschedule_requested;
-- the wished-for start stays in proposed_starts_at).
ALTER TABLE appointments ADD COLUMN reschedule_comment TEXT NOT NULL DEFAULT '';

-- The notification kind a link turns off (snake_case, e.g. order_update).
-- NULL on links sent before this migration: they turn off every optional kind.
ALTER TABLE unsubscribe_tokens ADD COLUMN kind TEXT;
