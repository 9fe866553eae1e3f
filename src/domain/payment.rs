//! Payments against service orders, as people see them: a payment with the
//! names a list or receipt shows, and an order's balance (computed in one
//! place, `Conn::order_balance`).

use chrono::NaiveDate;
use serde::Serialize;

use super::{CustomerId, Money, OrderId, PaymentId, PaymentMethodId, Timestamp, UserId};

/// A payment or advance on an order, with the names a list or receipt shows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Payment {
    pub id: PaymentId,
    /// Human number of the (non-fiscal) receipt, e.g. `REC-000045`.
    pub number: String,
    pub order_id: OrderId,
    pub order_number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub amount: Money,
    pub method_id: PaymentMethodId,
    pub method_name: String,
    /// Reference or account number (may be empty, e.g. for cash).
    pub reference: String,
    /// The day the money was received.
    pub paid_on: NaiveDate,
    pub registered_by: UserId,
    pub registered_by_name: String,
    pub created_at: Timestamp,
    /// Set when master deleted (reversed) the payment; it no longer counts.
    pub deleted_at: Option<Timestamp>,
    pub deleted_by: Option<UserId>,
    pub deleted_by_name: Option<String>,
    /// Why master deleted it (required since reversals take a reason).
    pub delete_reason: Option<String>,
}

/// What an order is worth and what has been paid on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Balance {
    /// The agreed service value.
    pub service_value: Money,
    /// Σ quantity × unit price of the parts used and shown to the customer,
    /// each line rounded to the currency's decimals. Parts hidden from the
    /// customer are internal and not billed.
    pub parts_total: Money,
    /// Σ payments not deleted.
    pub paid: Money,
    /// service_value + parts_total − paid: what is still owed (negative if
    /// overpaid). The order may close only when this is exactly zero.
    pub balance: Money,
}
