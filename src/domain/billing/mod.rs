//! Billing (facturación): quotes, invoices, credit notes, the account
//! statement — the pure rules, no I/O.
//!
//! Everything that decides a figure lives here so the store and the services
//! never do arithmetic of their own:
//!
//! - [`lines`]: THE line and document arithmetic (quantity × unit price −
//!   discount, tax per line or exempt, subtotal / tax / total), rounded to the
//!   currency's minor units; both databases only ever store its results.
//! - [`quote`] and [`invoice`]: the states and their allowed transitions.
//! - [`numbers`]: the document series (`PRE-000123`, `PRE-000123-v2`,
//!   `FAC-000001`, `NC-000001`) and the counters that number them gap-free.
//! - [`aging`]: the buckets of what is open (current, 1–30, 31–60, 61–90, >90).
//! - [`policy`]: credit limit, due dates from payment terms, reminder plan.
//! - [`statement`]: the bank-style account statement with its running balance.
//!
//! Nothing here is a fiscal document: the system issues none, and every
//! printed document says so.

pub mod aging;
pub mod invoice;
pub mod lines;
pub mod numbers;
pub mod percent;
pub mod policy;
pub mod quote;
pub mod statement;

pub use aging::{Aging, AgingBucket};
pub use invoice::{InvoiceState, Settlement};
pub use lines::{
    DocumentTotals, InvalidLine, LineAmounts, LineInput, LineKind, LineTax, compute_document,
    compute_line,
};
pub use numbers::DocumentSeries;
pub use percent::Percent;
pub use policy::{AllocationRelease, BillingReminderKind, CreditCheck, CreditLimitPolicy};
pub use quote::{QuoteAnswer, QuoteState};
pub use statement::{Movement, MovementKind, Statement, StatementLine};

use rust_decimal::Decimal;

/// Largest unit price or amount accepted on a billing document: the same
/// bound as every money input ([`crate::domain::Money::MAX`], 999 999 999 999.99,
/// far above any real one), so every sum stays well inside a decimal's range.
pub const MAX_AMOUNT: Decimal = crate::domain::Money::MAX.0;

/// Most lines on one quote, invoice or credit note.
pub const MAX_LINES: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amount_bound_is_the_money_bound() {
        assert_eq!(MAX_AMOUNT.to_string(), "999999999999.99");
    }
}
