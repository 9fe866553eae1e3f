-- The revenue report summed in SQL (issue 17: "fast on years of data").
-- Keep in step with migrations/postgres/0031_revenue_minor_units.sql.
--
-- Money is TEXT here, which SQL cannot add exactly. Like `total_minor` of
-- invoices and credit notes, INTEGER copies in hundredths let the report
-- SUM on both backends with the same, exact result. Each copy is written
-- by the statement that writes the amounts (src/store/payments.rs,
-- src/store/billing/invoices.rs), in the same transaction.
--
-- Hundredths (cents), not the currency's minor units: amounts are
-- validated to the company currency's decimals, at most two
-- (`currency_scale` is 0 or 2), so hundredths are exact whatever the
-- currency is, and a later change of the company's currency does not
-- reinterpret old payments.

-- A payment's amount.
ALTER TABLE payments ADD COLUMN amount_cents INTEGER NOT NULL DEFAULT 0;
-- Σ of an invoice's lines of each kind (the report's "by service type",
-- before any discount on the whole invoice); NULL: no line of that kind.
-- Only a draft's lines change, and they are written with these.
ALTER TABLE invoices ADD COLUMN lines_service_cents INTEGER;
ALTER TABLE invoices ADD COLUMN lines_part_cents INTEGER;

-- The backfill parses the decimal text exactly (no float): the sign, the
-- integer part × 100, then the first two decimals (further ones are zeros,
-- and would be truncated as `minor_units` does). No semicolon inside a
-- statement below: tests/api/reports.rs reruns these UPDATEs to check them.
UPDATE payments SET amount_cents =
    (CASE WHEN substr(amount, 1, 1) = '-' THEN -1 ELSE 1 END) * (
        CAST(CASE WHEN instr(amount, '.') = 0 THEN ltrim(amount, '-')
                  ELSE substr(ltrim(amount, '-'), 1, instr(ltrim(amount, '-'), '.') - 1) END
             AS INTEGER) * 100
        + CAST(substr(CASE WHEN instr(amount, '.') = 0 THEN ''
                           ELSE substr(amount, instr(amount, '.') + 1) END || '00', 1, 2)
               AS INTEGER));

UPDATE invoices SET
    lines_service_cents = (SELECT SUM((CASE WHEN substr(l.total, 1, 1) = '-' THEN -1 ELSE 1 END) * (
            CAST(CASE WHEN instr(l.total, '.') = 0 THEN ltrim(l.total, '-')
                      ELSE substr(ltrim(l.total, '-'), 1, instr(ltrim(l.total, '-'), '.') - 1) END
                 AS INTEGER) * 100
            + CAST(substr(CASE WHEN instr(l.total, '.') = 0 THEN ''
                               ELSE substr(l.total, instr(l.total, '.') + 1) END || '00', 1, 2)
                   AS INTEGER)))
        FROM invoice_lines l WHERE l.invoice_id = invoices.id AND l.kind = 'service'),
    lines_part_cents = (SELECT SUM((CASE WHEN substr(l.total, 1, 1) = '-' THEN -1 ELSE 1 END) * (
            CAST(CASE WHEN instr(l.total, '.') = 0 THEN ltrim(l.total, '-')
                      ELSE substr(ltrim(l.total, '-'), 1, instr(ltrim(l.total, '-'), '.') - 1) END
                 AS INTEGER) * 100
            + CAST(substr(CASE WHEN instr(l.total, '.') = 0 THEN ''
                               ELSE substr(l.total, instr(l.total, '.') + 1) END || '00', 1, 2)
                   AS INTEGER)))
        FROM invoice_lines l WHERE l.invoice_id = invoices.id AND l.kind = 'part');

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
