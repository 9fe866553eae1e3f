-- The parts and service quality reports counted and summed in SQL (issue
-- 17: "each report's query answers within 1 s p95 on both databases").
-- Keep in step with migrations/sqlite/0033_report_reads.sql.

-- An item's average cost in hundredths, so consumption is valued in SQL
-- with the same integer arithmetic on both backends (quantity in
-- thousandths × cost in hundredths, exact). Written with `average_cost` by
-- src/store/inventory/items.rs; costs are validated to the currency's
-- decimals (at most two). No semicolon inside a statement below:
-- tests/api/report_parts.rs reruns the UPDATE to check it.
ALTER TABLE inventory_items ADD COLUMN average_cost_cents BIGINT NOT NULL DEFAULT 0;
UPDATE inventory_items SET average_cost_cents = trunc(average_cost * 100)::BIGINT;
ALTER TABLE inventory_items ALTER COLUMN average_cost_cents DROP DEFAULT;

-- A move's unit cost in hundredths: the item's average cost when the move
-- was written (src/store/inventory/stock.rs writes it with the move), so
-- consumption is valued at what the parts cost when they were used, and
-- summed without reading the items. Moves written before this migration
-- get today's average cost, the best figure left. The ledger is immutable:
-- its trigger is disabled for this one backfill only.
ALTER TABLE stock_moves ADD COLUMN cost_cents BIGINT;
ALTER TABLE stock_moves DISABLE TRIGGER stock_moves_no_update;
UPDATE stock_moves m SET cost_cents = i.average_cost_cents
    FROM inventory_items i WHERE i.id = m.item_id;
ALTER TABLE stock_moves ENABLE TRIGGER stock_moves_no_update;

-- The consumption of a range, each from one index without the ledger's
-- other moves and without the table: by period, by item and by order.
CREATE INDEX stock_moves_consumption ON stock_moves (created_at, quantity, cost_cents)
    WHERE kind = 'consumption';
CREATE INDEX stock_moves_consumption_item ON stock_moves (item_id, created_at, quantity, cost_cents)
    WHERE kind = 'consumption';
CREATE INDEX stock_moves_consumption_order ON stock_moves (order_id, created_at, quantity, cost_cents)
    WHERE kind = 'consumption';

-- Tickets closed in a range (opened: tickets_created).
CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;

-- Contacts of a range, proactive or reactive.
CREATE INDEX customer_interactions_occurred ON customer_interactions (occurred_at, initiative);
