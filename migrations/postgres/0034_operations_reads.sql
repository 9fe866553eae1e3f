-- The operations report counts in SQL (issue 17: "each report's query
-- answers within 1 s p95 … add the indexes or pre-aggregations that
-- need"). Without these, every call read the whole order book and the
-- whole timeline.

-- Orders received, and orders closed, in a range.
CREATE INDEX service_orders_received ON service_orders (received_at);
CREATE INDEX service_orders_closed ON service_orders (closed_at) WHERE closed_at IS NOT NULL;

-- The timeline entries written in a range, by whom (tasks per technician),
-- covering the count.
CREATE INDEX order_events_written ON order_events (created_at, author_id, order_id)
    WHERE deleted_at IS NULL;
