-- History of what people change on an order (issue 10: "edit and delete a
-- part and a timeline post, history kept"; "master deletes a payment with a
-- reason").
--
-- * payments.delete_reason: why master deleted (reversed) a payment; shown on
--   its receipt and to staff, and written to the audit log.
-- * order_parts: who last edited a part, and soft deletion — a deleted part
--   stays for staff ("eliminado por … el …") and stops counting in the
--   balance; customers never see it.
-- * order_revisions: the previous version of a part or a timeline post before
--   each edit or deletion (a JSON object of the fields people see), for staff.

ALTER TABLE payments ADD COLUMN delete_reason TEXT;

ALTER TABLE order_parts ADD COLUMN edited_at TIMESTAMPTZ;
ALTER TABLE order_parts ADD COLUMN edited_by UUID REFERENCES users (id);
ALTER TABLE order_parts ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE order_parts ADD COLUMN deleted_by UUID REFERENCES users (id);

CREATE TABLE order_revisions (
    id           UUID PRIMARY KEY,
    order_id     UUID NOT NULL REFERENCES service_orders (id),
    -- part | event
    subject_type TEXT NOT NULL,
    subject_id   UUID NOT NULL,
    -- edited | deleted
    action       TEXT NOT NULL,
    -- The fields as they were before the change (JSON object).
    previous     TEXT NOT NULL,
    by_id        UUID NOT NULL REFERENCES users (id),
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX order_revisions_subject ON order_revisions (subject_id, at);
