-- The parts and service quality reports counted and summed in SQL (issue
-- 17: "each report's query answers within 1 s p95 on both databases").
-- Keep in step with migrations/postgres/0033_report_reads.sql.

-- An item's average cost in hundredths, so consumption can be valued in
-- SQL (quantity in thousandths × cost in hundredths, exact) on both
-- backends. Written with `average_cost` by src/store/inventory/items.rs;
-- costs are validated to the currency's decimals (at most two), so
-- hundredths are exact. The backfill parses the decimal text as 0031 does.
-- No semicolon inside a statement below: tests/api/report_parts.rs reruns
-- the UPDATE to check it.
ALTER TABLE inventory_items ADD COLUMN average_cost_cents INTEGER NOT NULL DEFAULT 0;
UPDATE inventory_items SET average_cost_cents =
    (CASE WHEN substr(average_cost, 1, 1) = '-' THEN -1 ELSE 1 END) * (
        CAST(CASE WHEN instr(average_cost, '.') = 0 THEN ltrim(average_cost, '-')
                  ELSE substr(ltrim(average_cost, '-'), 1, instr(ltrim(average_cost, '-'), '.') - 1) END
             AS INTEGER) * 100
        + CAST(substr(CASE WHEN instr(average_cost, '.') = 0 THEN ''
                           ELSE substr(average_cost, instr(average_cost, '.') + 1) END || '00', 1, 2)
               AS INTEGER));

-- A move's unit cost in hundredths: the item's average cost when the move
-- was written (src/store/inventory/stock.rs writes it with the move), so
-- consumption is valued at what the parts cost when they were used, and
-- summed without reading the items. Moves written before this migration
-- get today's average cost, the best figure left. The ledger is immutable:
-- the trigger is lifted for this one backfill and put back as it was.
ALTER TABLE stock_moves ADD COLUMN cost_cents INTEGER;
DROP TRIGGER stock_moves_no_update;
UPDATE stock_moves SET cost_cents =
    (SELECT i.average_cost_cents FROM inventory_items i WHERE i.id = stock_moves.item_id);
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves
BEGIN
    SELECT RAISE(ABORT, 'stock moves are immutable');
END;

-- The consumption of a range, each from one index without the ledger's
-- other moves (a consumption is under half of them) and without the table:
-- by period (the range of days), by item and by order (read in that
-- order, grouped as they come; src/store/reports/parts.rs names them).
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
