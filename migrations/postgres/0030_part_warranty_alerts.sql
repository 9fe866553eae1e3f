-- Warranty-end alerts of parts installed on a machine (issue 16: "and for
-- parts still under warranty on a machine"). Keep in step with
-- migrations/sqlite/0030_part_warranty_alerts.sql.

-- One row per part line on an order with a machine: planned (or moved, or
-- dropped) in the transaction that adds, edits or removes the line; the
-- scheduler claims a due row once across nodes (pending → sent). A
-- corrected warranty plans the new end; the same end is never alerted twice.
CREATE TABLE part_warranty_alerts (
    part_id      UUID PRIMARY KEY REFERENCES order_parts (id),
    equipment_id UUID NOT NULL REFERENCES equipment (id),
    ends_on      DATE NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL,
    -- pending | sent | dropped
    status       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    sent_at      TIMESTAMPTZ
);
CREATE INDEX part_warranty_alerts_due ON part_warranty_alerts (status, due_at);
