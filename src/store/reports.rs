//! Management reports (issue 17): the grouped reads behind them. Money
//! that has minor units stored (`total_minor` of invoices and credit
//! notes) is summed in SQL, exactly on both databases; payments and lines
//! keep only their decimal text on SQLite, so their rows are read and
//! summed in Rust with `rust_decimal`.

use chrono::NaiveDate;

use super::{Conn, on_conn};
use crate::domain::billing::lines::LineKind;
use crate::domain::{CustomerId, Money, OrderId, Timestamp, UserId};

/// What every revenue read is limited to.
#[derive(Debug, Clone)]
pub struct RevenueScope {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only documents in this currency (the company's).
    pub currency: String,
    pub customer_id: Option<CustomerId>,
    /// Only customers this seller owns.
    pub seller_id: Option<UserId>,
    /// Only customers of this category.
    pub category: Option<String>,
}

/// Minor units per day and customer (invoices or credit notes).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DayAmount {
    pub day: NaiveDate,
    pub customer_id: CustomerId,
    pub minor: i64,
    pub documents: i64,
}

/// One payment, for the collected figures.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    pub day: NaiveDate,
    pub customer_id: CustomerId,
    pub amount: Money,
}

/// One invoice line, for the figures by service type.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub kind: LineKind,
    pub total: Money,
}

/// A customer as the reports name and group it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportCustomer {
    pub id: CustomerId,
    pub name: String,
    pub category: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
}

/// The customer, seller and segment filters, bound from `$n` on (in that
/// order).
fn customer_filter(n: usize) -> String {
    let (c, s, g) = (n, n + 1, n + 2);
    format!(
        "(${c} IS NULL OR cu.id = ${c}) AND (${s} IS NULL OR cu.owner_id = ${s})
         AND (${g} IS NULL OR cu.category = ${g})"
    )
}

impl Conn {
    /// Issued invoices (not drafts, not voided) by issue day and customer.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_invoiced(
        &mut self,
        s: &RevenueScope,
    ) -> Result<Vec<DayAmount>, sqlx::Error> {
        let filter = customer_filter(4);
        let sql = format!(
            "SELECT i.issue_date AS day, i.customer_id, CAST(SUM(i.total_minor) AS BIGINT) AS minor,
                    COUNT(*) AS documents
             FROM invoices i JOIN customers cu ON cu.id = i.customer_id
             WHERE i.issue_date >= $1 AND i.issue_date <= $2 AND i.currency = $3
               AND i.state IN ('issued', 'partially_paid', 'paid') AND {filter}
             GROUP BY i.issue_date, i.customer_id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.from).bind(s.to).bind(&s.currency).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).fetch_all(c).await)
    }

    /// Credit notes by issue day and customer.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_credited(
        &mut self,
        s: &RevenueScope,
    ) -> Result<Vec<DayAmount>, sqlx::Error> {
        let filter = customer_filter(4);
        let sql = format!(
            "SELECT n.issue_date AS day, n.customer_id, CAST(SUM(n.total_minor) AS BIGINT) AS minor,
                    COUNT(*) AS documents
             FROM credit_notes n JOIN customers cu ON cu.id = n.customer_id
             WHERE n.issue_date >= $1 AND n.issue_date <= $2 AND n.currency = $3
               AND {filter}
             GROUP BY n.issue_date, n.customer_id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.from).bind(s.to).bind(&s.currency).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).fetch_all(c).await)
    }

    /// Payments received (not deleted) in the range.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_payments(
        &mut self,
        s: &RevenueScope,
    ) -> Result<Vec<PaymentRow>, sqlx::Error> {
        // Payments are in the company's currency: no currency filter.
        let filter = customer_filter(3);
        let sql = format!(
            "SELECT p.paid_on AS day, o.customer_id, p.amount
             FROM payments p JOIN service_orders o ON o.id = p.order_id
                  JOIN customers cu ON cu.id = o.customer_id
             WHERE p.paid_on >= $1 AND p.paid_on <= $2 AND p.deleted_at IS NULL AND {filter}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.from).bind(s.to).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).fetch_all(c).await)
    }

    /// The lines of the invoices `report_invoiced` counts.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_invoice_lines(
        &mut self,
        s: &RevenueScope,
    ) -> Result<Vec<LineRow>, sqlx::Error> {
        let filter = customer_filter(4);
        let sql = format!(
            "SELECT l.kind, l.total
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                  JOIN customers cu ON cu.id = i.customer_id
             WHERE i.issue_date >= $1 AND i.issue_date <= $2 AND i.currency = $3
               AND i.state IN ('issued', 'partially_paid', 'paid') AND {filter}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.from).bind(s.to).bind(&s.currency).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).fetch_all(c).await)
    }

    /// The customers a revenue report may name.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_customers(
        &mut self,
        s: &RevenueScope,
    ) -> Result<Vec<ReportCustomer>, sqlx::Error> {
        let filter = customer_filter(1);
        let sql = format!(
            "SELECT cu.id, cu.name, cu.category, cu.owner_id, u.name AS owner_name
             FROM customers cu LEFT JOIN users u ON u.id = cu.owner_id
             WHERE {filter}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).fetch_all(c).await)
    }
}

// --- operations ------------------------------------------------------------

/// What every operations read is limited to: orders received or closed in
/// `[start, end)` (UTC instants of the range's local days).
#[derive(Debug, Clone)]
pub struct OperationsScope {
    pub start: Timestamp,
    pub end: Timestamp,
    pub customer_id: Option<CustomerId>,
    /// Only customers this seller owns.
    pub seller_id: Option<UserId>,
    pub category: Option<String>,
    /// Only orders this technician works on (and only their figures).
    pub technician_id: Option<UserId>,
}

/// An order received or closed in the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderTimes {
    pub id: OrderId,
    pub received_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    /// The current internal status' label (`None`: none set).
    pub status: Option<String>,
}

/// A technician on an order received or closed in the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianOrder {
    pub user_id: UserId,
    pub name: String,
    pub order_id: OrderId,
    pub received_at: Timestamp,
    pub closed_at: Option<Timestamp>,
}

/// A count per technician (parts used, timeline entries written).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianCount {
    pub user_id: UserId,
    pub count: i64,
}

/// Survey answers on a technician's orders.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianScores {
    pub user_id: UserId,
    pub answered: i64,
    pub nps_sum: i64,
    pub csat_sum: i64,
}

const ORDER_FILTER: &str = "($3 IS NULL OR o.customer_id = $3) AND ($4 IS NULL OR cu.owner_id = $4)
    AND ($5 IS NULL OR cu.category = $5)
    AND ($6 IS NULL OR EXISTS (SELECT 1 FROM order_technicians t6
                                WHERE t6.order_id = o.id AND t6.user_id = $6))";

const IN_RANGE: &str = "((o.received_at >= $1 AND o.received_at < $2)
    OR (o.closed_at >= $1 AND o.closed_at < $2))";

impl Conn {
    /// Orders received or closed in the range.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_orders(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<OrderTimes>, sqlx::Error> {
        let sql = format!(
            "SELECT o.id, o.received_at, o.closed_at, st.label AS status
             FROM service_orders o JOIN customers cu ON cu.id = o.customer_id
                  LEFT JOIN order_statuses st ON st.id = o.internal_status_id
             WHERE o.active = TRUE AND {IN_RANGE} AND {ORDER_FILTER}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }

    /// The technicians of those orders (only `technician_id`'s when set).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_technician_orders(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianOrder>, sqlx::Error> {
        let sql = format!(
            "SELECT t.user_id, u.name, o.id AS order_id, o.received_at, o.closed_at
             FROM order_technicians t JOIN service_orders o ON o.id = t.order_id
                  JOIN users u ON u.id = t.user_id JOIN customers cu ON cu.id = o.customer_id
             WHERE o.active = TRUE AND {IN_RANGE} AND {ORDER_FILTER}
               AND ($6 IS NULL OR t.user_id = $6)"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }

    /// Part lines added in the range to each technician's orders.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_parts_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianCount>, sqlx::Error> {
        let sql = format!(
            "SELECT t.user_id, COUNT(*) AS count
             FROM order_parts p JOIN order_technicians t ON t.order_id = p.order_id
                  JOIN service_orders o ON o.id = p.order_id JOIN customers cu ON cu.id = o.customer_id
             WHERE p.deleted_at IS NULL AND p.created_at >= $1 AND p.created_at < $2
               AND {ORDER_FILTER} AND ($6 IS NULL OR t.user_id = $6)
             GROUP BY t.user_id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }

    /// Timeline entries each technician wrote in the range (seed 000: "el
    /// registro de tareas por técnico").
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_tasks_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianCount>, sqlx::Error> {
        let sql = format!(
            "SELECT e.author_id AS user_id, COUNT(*) AS count
             FROM order_events e JOIN service_orders o ON o.id = e.order_id
                  JOIN customers cu ON cu.id = o.customer_id
                  JOIN users u ON u.id = e.author_id
             WHERE e.deleted_at IS NULL AND e.created_at >= $1 AND e.created_at < $2
               AND u.role = 'technician' AND {ORDER_FILTER} AND ($6 IS NULL OR e.author_id = $6)
             GROUP BY e.author_id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }

    /// Surveys answered in the range on each technician's orders.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_scores_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianScores>, sqlx::Error> {
        let sql = format!(
            "SELECT t.user_id, COUNT(*) AS answered,
                    CAST(COALESCE(SUM(sv.nps), 0) AS BIGINT) AS nps_sum,
                    CAST(COALESCE(SUM(sv.csat), 0) AS BIGINT) AS csat_sum
             FROM surveys sv JOIN order_technicians t ON t.order_id = sv.order_id
                  JOIN service_orders o ON o.id = sv.order_id JOIN customers cu ON cu.id = o.customer_id
             WHERE sv.answered_at >= $1 AND sv.answered_at < $2
               AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL
               AND {ORDER_FILTER} AND ($6 IS NULL OR t.user_id = $6)
             GROUP BY t.user_id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }
}
