-- Issue 15: backorders are demand. A catalog part added "to order" (not
-- enough available) is waiting for purchasing; its quantity is cached per
-- item in `stock_levels.backordered` and subtracted from the projected
-- quantity (on_hand − reserved + on_order − backordered), so the reorder
-- list suggests enough to cover it. Like the other cached figures it must
-- equal its source (the `to_order` parts not deleted): the store's ledger
-- check recomputes it. Parts of a deactivated order are `released` (no
-- reservation, no demand) until the order is reactivated.
-- Same shape as migrations/postgres/0020_backorders.sql.

ALTER TABLE stock_levels ADD COLUMN backordered INTEGER NOT NULL DEFAULT 0 CHECK (backordered >= 0);

-- Backorders of orders already deactivated stop being demand.
UPDATE order_parts SET stock_status = 'released'
WHERE stock_status = 'to_order'
  AND order_id IN (SELECT id FROM service_orders WHERE NOT active);

-- Quantities are decimal text with at most 3 places: thousandths, exact.
UPDATE stock_levels SET backordered = COALESCE((
    SELECT CAST(SUM(ROUND(CAST(op.quantity AS REAL) * 1000)) AS INTEGER)
    FROM order_parts op
    WHERE op.item_id = stock_levels.item_id AND op.stock_status = 'to_order'
      AND op.deleted_at IS NULL), 0);

-- Items the backorders just pushed below their minimum join the list
-- (without an alert: nothing crossed while anyone watched).
UPDATE stock_levels SET reorder_since = updated_at
WHERE reorder_since IS NULL AND backordered > 0
  AND EXISTS (SELECT 1 FROM inventory_items i
              WHERE i.id = stock_levels.item_id AND i.minimum > 0
                AND stock_levels.on_hand - stock_levels.reserved + stock_levels.on_order
                    - stock_levels.backordered < i.minimum);

-- Purchasing's "to order" view and receiving's oldest-first fill.
CREATE INDEX order_parts_backorders ON order_parts (item_id, created_at)
    WHERE stock_status = 'to_order' AND deleted_at IS NULL;
