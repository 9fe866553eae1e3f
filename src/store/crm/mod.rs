//! CRM storage: opportunities and their append-only stage history
//! ([`opportunities`]), the rows the metrics read ([`metrics`]) and the
//! documents on a customer's file ([`documents`]).
//!
//! Every read of opportunities takes an
//! [`OpportunityScope`](crate::domain::crm::OpportunityScope) and applies it
//! in SQL, so a seller only ever sees their own opportunities and those of
//! the customers they own, whatever a route asks for. Money is summed in
//! Rust as exact decimals (SQLite stores it as text), like the rest of the
//! store.

pub mod documents;
pub mod metrics;
pub mod opportunities;
mod packed;
