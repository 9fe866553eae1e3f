-- The revenue report summed in SQL (issue 17: "fast on years of data").
-- Keep in step with migrations/sqlite/0031_revenue_minor_units.sql.
--
-- SQLite keeps money as TEXT, which SQL cannot add exactly. Like
-- `total_minor` of invoices and credit notes, integer copies in hundredths
-- let the report SUM on both backends with the same, exact result. Each
-- copy is written by the statement that writes the amounts
-- (src/store/payments.rs, src/store/billing/invoices.rs), in the same
-- transaction.
--
-- Hundredths (cents), not the currency's minor units: amounts are
-- validated to the company currency's decimals, at most two
-- (`currency_scale` is 0 or 2), so hundredths are exact whatever the
-- currency is, and a later change of the company's currency does not
-- reinterpret old payments.

-- A payment's amount (the default only fills the rows before the backfill).
ALTER TABLE payments ADD COLUMN amount_cents BIGINT NOT NULL DEFAULT 0;
-- Σ of an invoice's lines of each kind (the report's "by service type",
-- before any discount on the whole invoice). NULL: no line of that kind.
-- Only a draft's lines change, and they are written with these.
ALTER TABLE invoices ADD COLUMN lines_service_cents BIGINT;
ALTER TABLE invoices ADD COLUMN lines_part_cents BIGINT;

-- Exact NUMERIC arithmetic, truncated as `minor_units` does. No semicolon
-- inside a statement below: tests/api/reports.rs reruns these UPDATEs to
-- check them.
UPDATE payments SET amount_cents = trunc(amount * 100)::BIGINT;

UPDATE invoices i SET
    lines_service_cents = s.service,
    lines_part_cents = s.part
FROM (SELECT invoice_id,
             SUM(trunc(total * 100)) FILTER (WHERE kind = 'service')::BIGINT AS service,
             SUM(trunc(total * 100)) FILTER (WHERE kind = 'part')::BIGINT AS part
      FROM invoice_lines GROUP BY invoice_id) AS s
WHERE s.invoice_id = i.id;

ALTER TABLE payments ALTER COLUMN amount_cents DROP DEFAULT;

-- The revenue report's reads, each answered from one index without the
-- tables (EXPLAIN in docs/performance.md, "Reports: reportbench"):
-- issued invoices of the currency by issue day, with their customer and
-- sums (equality columns first: the IN on state is three ranges of days),
CREATE INDEX invoices_revenue ON invoices (currency, state, issue_date, customer_id, total_minor,
                                           lines_service_cents, lines_part_cents);
-- live payments by day, with their order (for the customer) and amount
-- (`deleted_at` too, though always NULL here: SQLite reads the table to
-- check it otherwise).
CREATE INDEX payments_paid ON payments (paid_on, order_id, amount_cents, deleted_at)
    WHERE deleted_at IS NULL;
