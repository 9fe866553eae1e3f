//! Billing (issue 13): quotes, invoices, credit notes, payment allocations,
//! the account statement. Store-level stories run on SQLite and PostgreSQL
//! through the same harness as the API stories.

mod invoices;
mod quotes_api;
mod statement;
mod store;
