//! Allocations of payments to invoices, and the customer's credit.
//!
//! Payments keep belonging to their order (the receipt, the order's balance
//! and master's reversal are unchanged); an allocation applies part of one
//! to an issued invoice of the same customer. What a live payment has not
//! allocated is the customer's credit, usable on later invoices. A released
//! allocation (payment reversed, freed by a credit note, undone) keeps its
//! row for the history and stops counting.

use chrono::NaiveDate;
use std::collections::HashMap;

use super::super::{Conn, on_conn};
use crate::domain::billing::AllocationRelease;
use crate::domain::{
    CustomerId, InvoiceId, Money, OrderId, PaymentAllocationId, PaymentId, Timestamp, UserId,
};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AllocationRow {
    pub id: PaymentAllocationId,
    pub payment_id: PaymentId,
    pub payment_number: String,
    pub paid_on: NaiveDate,
    pub invoice_id: InvoiceId,
    pub invoice_number: Option<String>,
    pub amount: Money,
    pub created_by: UserId,
    pub created_by_name: String,
    pub created_at: Timestamp,
    pub released_at: Option<Timestamp>,
    pub release_reason: Option<AllocationRelease>,
}

const ALLOCATION_COLUMNS: &str = "a.id, a.payment_id, p.number AS payment_number, p.paid_on,
    a.invoice_id, i.number AS invoice_number, a.amount, a.created_by,
    u.name AS created_by_name, a.created_at, a.released_at, a.release_reason";

const ALLOCATION_FROM: &str = "payment_allocations a
    JOIN payments p ON p.id = a.payment_id
    JOIN invoices i ON i.id = a.invoice_id
    JOIN users u ON u.id = a.created_by";

#[derive(Debug, Clone)]
pub struct NewAllocation {
    pub id: PaymentAllocationId,
    pub payment_id: PaymentId,
    pub invoice_id: InvoiceId,
    pub amount: Money,
    pub by: UserId,
    pub now: Timestamp,
}

/// Whose payments [`Conn::payment_credits`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentsOf {
    Customer(CustomerId),
    Order(OrderId),
}

/// A live payment of a customer and how much of it is allocated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentCredit {
    pub payment_id: PaymentId,
    pub number: String,
    pub paid_on: NaiveDate,
    pub created_at: Timestamp,
    pub amount: Money,
    pub allocated: Money,
}

impl PaymentCredit {
    /// What is still free to allocate.
    pub fn unallocated(&self) -> Money {
        Money(self.amount.0 - self.allocated.0)
    }
}

impl Conn {
    #[tracing::instrument(skip_all)]
    pub async fn insert_allocation(&mut self, a: &NewAllocation) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO payment_allocations (id, payment_id, invoice_id, amount, created_by,
                created_at, released_at, released_by, release_reason)
             VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, NULL)")
            .bind(a.id).bind(a.payment_id).bind(a.invoice_id).bind(a.amount).bind(a.by)
            .bind(a.now)
            .execute(c).await.map(|_| ()))
    }

    /// The allocations to an invoice, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn invoice_allocations(
        &mut self,
        invoice: InvoiceId,
        include_released: bool,
    ) -> Result<Vec<AllocationRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {ALLOCATION_COLUMNS} FROM {ALLOCATION_FROM}
             WHERE a.invoice_id = $1 AND ($2 OR a.released_at IS NULL)
             ORDER BY a.created_at, a.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(invoice).bind(include_released).fetch_all(c).await)
    }

    /// The allocations of a payment, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn payment_allocations(
        &mut self,
        payment: PaymentId,
        include_released: bool,
    ) -> Result<Vec<AllocationRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {ALLOCATION_COLUMNS} FROM {ALLOCATION_FROM}
             WHERE a.payment_id = $1 AND ($2 OR a.released_at IS NULL)
             ORDER BY a.created_at, a.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(payment).bind(include_released).fetch_all(c).await)
    }

    /// Releases one live allocation; returns its invoice (to refresh), or
    /// `None` when it was already released.
    #[tracing::instrument(skip_all)]
    pub async fn release_allocation(
        &mut self,
        id: PaymentAllocationId,
        reason: AllocationRelease,
        by: UserId,
        now: Timestamp,
    ) -> Result<Option<InvoiceId>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "UPDATE payment_allocations SET released_at = $2, released_by = $3, release_reason = $4
             WHERE id = $1 AND released_at IS NULL RETURNING invoice_id")
            .bind(id).bind(now).bind(by).bind(reason).fetch_optional(c).await)
    }

    /// Releases every live allocation of a payment (master reversed it);
    /// returns the invoices to refresh, each once.
    #[tracing::instrument(skip_all)]
    pub async fn release_payment_allocations(
        &mut self,
        payment: PaymentId,
        reason: AllocationRelease,
        by: UserId,
        now: Timestamp,
    ) -> Result<Vec<InvoiceId>, sqlx::Error> {
        let mut invoices: Vec<InvoiceId> = on_conn!(self, c => sqlx::query_scalar(
            "UPDATE payment_allocations SET released_at = $2, released_by = $3, release_reason = $4
             WHERE payment_id = $1 AND released_at IS NULL RETURNING invoice_id")
            .bind(payment).bind(now).bind(by).bind(reason).fetch_all(c).await)?;
        invoices.sort();
        invoices.dedup();
        Ok(invoices)
    }

    /// The live payments of a customer (through their orders) or of one
    /// order, oldest first, each with what is allocated of it. Their
    /// unallocated remainders are the customer's credit (or, for one order,
    /// its advances to apply when its invoice is issued).
    #[tracing::instrument(skip_all)]
    pub async fn payment_credits(
        &mut self,
        of: PaymentsOf,
    ) -> Result<Vec<PaymentCredit>, sqlx::Error> {
        let (customer, order) = match of {
            PaymentsOf::Customer(c) => (Some(c), None),
            PaymentsOf::Order(o) => (None, Some(o)),
        };
        let payments: Vec<(PaymentId, String, NaiveDate, Timestamp, Money)> = on_conn!(self, c =>
            sqlx::query_as(
                "SELECT p.id, p.number, p.paid_on, p.created_at, p.amount
                 FROM service_orders o JOIN payments p ON p.order_id = o.id
                 WHERE ($1 IS NULL OR o.customer_id = $1) AND ($2 IS NULL OR o.id = $2)
                   AND p.deleted_at IS NULL
                 ORDER BY p.paid_on, p.created_at, p.id")
            .bind(customer).bind(order).fetch_all(c).await)?;
        let allocated: Vec<(PaymentId, Money)> = on_conn!(self, c => sqlx::query_as(
            "SELECT a.payment_id, a.amount
             FROM service_orders o JOIN payments p ON p.order_id = o.id
             JOIN payment_allocations a ON a.payment_id = p.id
             WHERE ($1 IS NULL OR o.customer_id = $1) AND ($2 IS NULL OR o.id = $2)
               AND p.deleted_at IS NULL AND a.released_at IS NULL")
            .bind(customer).bind(order).fetch_all(c).await)?;
        let mut by_payment: HashMap<PaymentId, rust_decimal::Decimal> = HashMap::new();
        for (id, amount) in allocated {
            *by_payment.entry(id).or_default() += amount.0;
        }
        Ok(payments
            .into_iter()
            .map(|(id, number, paid_on, created_at, amount)| PaymentCredit {
                payment_id: id,
                number,
                paid_on,
                created_at,
                amount,
                allocated: Money(by_payment.get(&id).copied().unwrap_or_default()),
            })
            .collect())
    }
}
