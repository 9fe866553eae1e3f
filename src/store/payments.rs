//! Payments against service orders (the spec's "Caja/Cobranzas"), the payment
//! methods catalog, an order's balance, and the read models of printouts.
//!
//! The balance of an order is computed in exactly one place,
//! [`Conn::order_balance`]: service value + Σ parts not deleted and shown to
//! the customer (quantity × unit price, each line rounded to the currency's
//! decimals) − Σ payments not deleted. A part hidden from the customer is
//! internal and never billed, so every amount a customer is charged is a
//! line they can see, and every total is the sum of the lines shown.
//! SQLite stores money as text, so nothing is summed in SQL: the rows are
//! fetched and added up as exact decimals in Rust, the same way on both
//! backends.
//!
//! Deleting a payment is soft (`deleted_at`/`deleted_by`/`delete_reason`):
//! the row stays for the audit trail and its receipt, and stops counting in
//! the balance.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::{Conn, on_conn};
use crate::domain::money::currency_scale;
pub use crate::domain::payment::{Balance, Payment};
use crate::domain::{
    CustomerId, EquipmentId, Money, OrderId, PaymentId, PaymentMethodId, Quantity, Timestamp,
    UserId,
};

// --- payment methods ---------------------------------------------------------

/// One entry of the payment methods catalog ("formas de cobro").
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PaymentMethod {
    pub id: PaymentMethodId,
    pub name: String,
    /// Inactive methods stay on old payments but take no new ones.
    pub active: bool,
    /// Whether any payment (even a deleted one) uses it; such a method can
    /// only be deactivated, not deleted.
    pub in_use: bool,
    pub created_at: Timestamp,
}

const METHOD_COLUMNS: &str = "m.id, m.name, m.active,
    EXISTS (SELECT 1 FROM payments p WHERE p.method_id = m.id) AS in_use, m.created_at";

// --- payments ----------------------------------------------------------------

const PAYMENT_COLUMNS: &str = "p.id, p.number, p.order_id, o.number AS order_number,
    o.customer_id, cu.name AS customer_name, p.amount, p.method_id, m.name AS method_name,
    p.reference, p.paid_on, p.registered_by, u.name AS registered_by_name, p.created_at,
    p.deleted_at, p.deleted_by, du.name AS deleted_by_name, p.delete_reason";

const PAYMENT_FROM: &str = "payments p
    JOIN service_orders o ON o.id = p.order_id
    JOIN customers cu ON cu.id = o.customer_id
    JOIN payment_methods m ON m.id = p.method_id
    JOIN users u ON u.id = p.registered_by
    LEFT JOIN users du ON du.id = p.deleted_by";

/// A payment to insert (validated by the service).
#[derive(Debug, Clone)]
pub struct NewPayment {
    pub id: PaymentId,
    pub number: String,
    pub order_id: OrderId,
    pub amount: Money,
    pub method_id: PaymentMethodId,
    pub reference: String,
    pub paid_on: NaiveDate,
    pub registered_by: UserId,
    pub now: Timestamp,
}

#[derive(Debug, Default)]
pub struct PaymentFilter {
    /// Matches the reference/account number, the receipt number, the order
    /// number or the customer (name, tax id), case-insensitively.
    pub q: Option<String>,
    pub customer_id: Option<CustomerId>,
    pub order_id: Option<OrderId>,
    /// Received on or after this day.
    pub from: Option<NaiveDate>,
    /// Received on or before this day.
    pub to: Option<NaiveDate>,
    pub method_id: Option<PaymentMethodId>,
    /// Deleted payments are left out unless asked for.
    pub include_deleted: bool,
}

/// The conditions of a [`PaymentFilter`], binds `$1`…`$8` in the order of
/// [`bind_filter`]; shared by the page and its totals so both always mean
/// the same search.
const FILTER_SQL: &str = "($1 OR p.deleted_at IS NULL)
    AND ($2 IS NULL OR o.customer_id = $2)
    AND ($3 IS NULL OR p.order_id = $3)
    AND ($4 IS NULL OR LOWER(p.reference) LIKE $4 ESCAPE '\\'
         OR LOWER(p.number) LIKE $4 ESCAPE '\\'
         OR LOWER(o.number) LIKE $4 ESCAPE '\\'
         OR cu.search_text LIKE $4 ESCAPE '\\')
    AND ($5 IS NULL OR p.paid_on >= $5)
    AND ($6 IS NULL OR p.paid_on <= $6)
    AND ($7 IS NULL OR p.method_id = $7)";

/// Binds a filter's values as `$1`…`$7` of [`FILTER_SQL`].
macro_rules! bind_filter {
    ($query:expr, $filter:expr, $q:expr) => {
        $query
            .bind($filter.include_deleted)
            .bind($filter.customer_id)
            .bind($filter.order_id)
            .bind($q)
            .bind($filter.from)
            .bind($filter.to)
            .bind($filter.method_id)
    };
}

/// What one payment method brought in over a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodTotal {
    pub method_id: PaymentMethodId,
    pub method_name: String,
    pub count: i64,
    pub total: Money,
}

/// The totals of a whole search (every page), deleted payments excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentTotals {
    /// One entry per method with payments, by name.
    pub by_method: Vec<MethodTotal>,
    pub count: i64,
    pub total: Money,
}

/// Position after the last row of a page (newest first on (created_at, id)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentCursor {
    pub created_at: Timestamp,
    pub id: PaymentId,
}

// --- the order as payments and printouts see it -----------------------------

/// An order's data for payments, closing and printouts. Read unscoped: the
/// service decides first whether the caller may see the order.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrderHead {
    pub id: OrderId,
    pub number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub customer_tax_id: String,
    pub customer_phone: String,
    pub customer_address: String,
    pub equipment_id: Option<EquipmentId>,
    pub equipment_brand: Option<String>,
    pub equipment_model: Option<String>,
    pub equipment_serial: Option<String>,
    pub equipment_year: Option<i32>,
    pub reason: String,
    pub service_value: Money,
    pub qr_token: String,
    pub active: bool,
    pub received_at: Timestamp,
    pub promised_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub created_by_name: String,
}

/// Escapes `%`, `_` and `\` so a search term is matched literally.
fn like_pattern(term: &str) -> String {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// `quantity × unit_price` rounded half away from zero to `scale` decimals;
/// `None` if it does not fit a decimal.
pub fn line_total(quantity: Decimal, unit_price: Decimal, scale: u32) -> Option<Decimal> {
    quantity
        .checked_mul(unit_price)
        .map(|t| t.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero))
}

fn overflow() -> sqlx::Error {
    sqlx::Error::Protocol("an order total does not fit a decimal".into())
}

impl Conn {
    // --- payment methods -----------------------------------------------------

    /// The catalog, by name; inactive methods only when asked for.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn payment_methods(
        &mut self,
        include_inactive: bool,
    ) -> Result<Vec<PaymentMethod>, sqlx::Error> {
        let sql = format!(
            "SELECT {METHOD_COLUMNS} FROM payment_methods m
             WHERE $1 OR m.active ORDER BY m.name, m.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(include_inactive).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn payment_method(
        &mut self,
        id: PaymentMethodId,
    ) -> Result<Option<PaymentMethod>, sqlx::Error> {
        let sql = format!("SELECT {METHOD_COLUMNS} FROM payment_methods m WHERE m.id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(c).await)
    }

    /// The id of the method called `name` (ignoring ASCII case), if any.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn payment_method_named(
        &mut self,
        name: &str,
    ) -> Result<Option<PaymentMethodId>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "SELECT id FROM payment_methods WHERE LOWER(name) = LOWER($1)")
            .bind(name).fetch_optional(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_payment_method(
        &mut self,
        id: PaymentMethodId,
        name: &str,
        now: Timestamp,
    ) -> Result<PaymentMethod, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO payment_methods (id, name, active, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id).bind(name).bind(true).bind(now).execute(c).await.map(|_| ()))?;
        self.payment_method(id)
            .await
            .map(|m| m.expect("payment method row exists: just inserted"))
    }

    /// Inserts the method unless one with that name exists (demo data).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ensure_payment_method(
        &mut self,
        name: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO payment_methods (id, name, active, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (name) DO NOTHING")
            .bind(PaymentMethodId::new()).bind(name).bind(true).bind(now)
            .execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_payment_method(
        &mut self,
        id: PaymentMethodId,
        name: &str,
        active: bool,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE payment_methods SET name = $2, active = $3 WHERE id = $1")
            .bind(id).bind(name).bind(active).execute(c).await.map(|_| ()))
    }

    /// Deletes the method if no payment refers to it; `false` (nothing
    /// deleted) when one does.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_unused_payment_method(
        &mut self,
        id: PaymentMethodId,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "DELETE FROM payment_methods WHERE id = $1
               AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.method_id = $1)")
            .bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    // --- payments ------------------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_payment(&mut self, p: &NewPayment) -> Result<Payment, sqlx::Error> {
        // The amount in hundredths too, for the revenue report's sums
        // (migration 0031): exact, the amount has at most two decimals.
        let cents = super::billing::minor_units(p.amount, 2).ok_or_else(overflow)?;
        on_conn!(self, c => sqlx::query(
            "INSERT INTO payments (id, number, order_id, amount, amount_cents, method_id,
                reference, paid_on, registered_by, created_at, deleted_at, deleted_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL)")
            .bind(p.id).bind(&p.number).bind(p.order_id).bind(p.amount).bind(cents)
            .bind(p.method_id).bind(&p.reference).bind(p.paid_on).bind(p.registered_by)
            .bind(p.now)
            .execute(c).await.map(|_| ()))?;
        self.payment(p.id)
            .await
            .map(|p| p.expect("payment row exists: just inserted"))
    }

    /// A payment by id, deleted or not (unscoped: the service checks access
    /// to its order).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn payment(&mut self, id: PaymentId) -> Result<Option<Payment>, sqlx::Error> {
        let sql = format!("SELECT {PAYMENT_COLUMNS} FROM {PAYMENT_FROM} WHERE p.id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(c).await)
    }

    /// The payments of one order, oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_payments(
        &mut self,
        order_id: OrderId,
        include_deleted: bool,
    ) -> Result<Vec<Payment>, sqlx::Error> {
        let sql = format!(
            "SELECT {PAYMENT_COLUMNS} FROM {PAYMENT_FROM}
             WHERE p.order_id = $1 AND ($2 OR p.deleted_at IS NULL)
             ORDER BY p.created_at, p.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(order_id).bind(include_deleted).fetch_all(c).await)
    }

    /// One page of payments across orders, newest first, `limit` rows after `after`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn payments_page(
        &mut self,
        filter: &PaymentFilter,
        after: Option<&PaymentCursor>,
        limit: i64,
    ) -> Result<Vec<Payment>, sqlx::Error> {
        let sql = format!(
            "SELECT {PAYMENT_COLUMNS} FROM {PAYMENT_FROM}
             WHERE {FILTER_SQL}
               AND ($8 IS NULL OR p.created_at < $8 OR (p.created_at = $8 AND p.id < $9))
             ORDER BY p.created_at DESC, p.id DESC LIMIT $10"
        );
        let q = filter.q.as_deref().map(like_pattern);
        on_conn!(self, c => bind_filter!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), filter, q.as_deref())
            .bind(after.map(|a| a.created_at)).bind(after.map(|a| a.id)).bind(limit)
            .fetch_all(c).await)
    }

    /// The totals per payment method of every payment `filter` matches (all
    /// pages), leaving out deleted payments even when the search lists them.
    /// Summed in Rust as exact decimals (SQLite keeps money as text).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn payment_totals(
        &mut self,
        filter: &PaymentFilter,
    ) -> Result<PaymentTotals, sqlx::Error> {
        let sql = format!(
            "SELECT p.method_id, m.name, p.amount FROM {PAYMENT_FROM}
             WHERE {FILTER_SQL} AND p.deleted_at IS NULL"
        );
        let q = filter.q.as_deref().map(like_pattern);
        let rows: Vec<(PaymentMethodId, String, Money)> = on_conn!(self, c =>
            bind_filter!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), filter, q.as_deref())
                .fetch_all(c).await)?;
        let mut by_method: Vec<MethodTotal> = Vec::new();
        let mut total = Decimal::ZERO;
        for (method_id, method_name, amount) in rows {
            total = total.checked_add(amount.0).ok_or_else(overflow)?;
            match by_method.iter_mut().find(|m| m.method_id == method_id) {
                Some(m) => {
                    m.count += 1;
                    m.total = Money(m.total.0.checked_add(amount.0).ok_or_else(overflow)?);
                }
                None => by_method.push(MethodTotal {
                    method_id,
                    method_name,
                    count: 1,
                    total: amount,
                }),
            }
        }
        by_method.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        let count = by_method.iter().map(|m| m.count).sum();
        Ok(PaymentTotals {
            by_method,
            count,
            total: Money(total),
        })
    }

    /// Soft-deletes a payment with master's reason; `false` when it was
    /// already deleted.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn soft_delete_payment(
        &mut self,
        id: PaymentId,
        by: UserId,
        reason: &str,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE payments SET deleted_at = $2, deleted_by = $3, delete_reason = $4
             WHERE id = $1 AND deleted_at IS NULL")
            .bind(id).bind(now).bind(by).bind(reason).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    // --- balance -------------------------------------------------------------

    /// THE balance of an order (see the module docs); the one place it is
    /// computed. Part lines are rounded to the company currency's decimals so
    /// a balance can always be paid off exactly.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_balance(&mut self, order_id: OrderId) -> Result<Balance, sqlx::Error> {
        let scale = currency_scale(&self.company_settings().await?.currency);
        let service_value: Money = on_conn!(self, c => sqlx::query_scalar(
            "SELECT service_value FROM service_orders WHERE id = $1")
            .bind(order_id).fetch_one(c).await)?;
        let parts: Vec<(Quantity, Money)> = on_conn!(self, c => sqlx::query_as(
            "SELECT quantity, unit_price FROM order_parts
             WHERE order_id = $1 AND deleted_at IS NULL AND shown_to_customer = TRUE")
            .bind(order_id).fetch_all(c).await)?;
        let payments: Vec<Money> = on_conn!(self, c => sqlx::query_scalar(
            "SELECT amount FROM payments WHERE order_id = $1 AND deleted_at IS NULL")
            .bind(order_id).fetch_all(c).await)?;
        let mut parts_total = Decimal::ZERO;
        for (quantity, unit_price) in parts {
            let line = line_total(quantity.0, unit_price.0, scale).ok_or_else(overflow)?;
            parts_total = parts_total.checked_add(line).ok_or_else(overflow)?;
        }
        let mut paid = Decimal::ZERO;
        for amount in payments {
            paid = paid.checked_add(amount.0).ok_or_else(overflow)?;
        }
        let balance = service_value
            .0
            .checked_add(parts_total)
            .and_then(|owed| owed.checked_sub(paid))
            .ok_or_else(overflow)?;
        Ok(Balance {
            service_value,
            parts_total: Money(parts_total),
            paid: Money(paid),
            balance: Money(balance),
        })
    }

    // --- orders as payments and printouts see them ---------------------------

    /// Unscoped: the order's data for payments, closing and printouts.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_head(&mut self, id: OrderId) -> Result<Option<OrderHead>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT o.id, o.number, o.customer_id, cu.name AS customer_name,
                    cu.tax_id AS customer_tax_id, cu.phone AS customer_phone,
                    cu.address AS customer_address, o.equipment_id, e.brand AS equipment_brand,
                    e.model AS equipment_model, e.serial AS equipment_serial,
                    e.year AS equipment_year, o.reason, o.service_value, o.qr_token, o.active,
                    o.received_at, o.promised_at, o.closed_at, u.name AS created_by_name
             FROM service_orders o
             JOIN customers cu ON cu.id = o.customer_id
             LEFT JOIN equipment e ON e.id = o.equipment_id
             JOIN users u ON u.id = o.created_by
             WHERE o.id = $1")
            .bind(id).fetch_optional(c).await)
    }

    /// Locks the order's row until the transaction ends, so a payment and a
    /// closing of the same order cannot interleave (closing checks the
    /// balance, a payment checks that the order is open). SQLite needs
    /// nothing: write transactions start with `BEGIN IMMEDIATE` and so
    /// already run one at a time.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn lock_order(&mut self, id: OrderId) -> Result<(), sqlx::Error> {
        match self {
            Conn::Postgres(handle) => {
                sqlx::query("SELECT 1 FROM service_orders WHERE id = $1 FOR UPDATE")
                    .bind(id)
                    .execute(handle.conn())
                    .await
                    .map(|_| ())
            }
            Conn::Sqlite(_) => Ok(()),
        }
    }

    /// Stamps the closing time; `false` when the order is already closed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_order_closed(
        &mut self,
        id: OrderId,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE service_orders SET closed_at = $2, updated_at = $2
             WHERE id = $1 AND closed_at IS NULL")
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Opens a closed order again; false if it was not closed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_order_reopened(
        &mut self,
        id: OrderId,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE service_orders SET closed_at = NULL, updated_at = $2
             WHERE id = $1 AND closed_at IS NOT NULL")
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn line_totals_round_half_away_from_zero_to_the_currency() {
        assert_eq!(line_total(d("0.5"), d("1.25"), 2), Some(d("0.63")));
        assert_eq!(line_total(d("3"), d("19.99"), 2), Some(d("59.97")));
        assert_eq!(line_total(d("1.5"), d("1001"), 0), Some(d("1502")));
        assert_eq!(line_total(Decimal::MAX, d("2"), 2), None);
    }

    #[test]
    fn search_terms_match_literally() {
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
