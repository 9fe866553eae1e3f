//! The revenue report's reads. Money
//! that has minor units stored (`total_minor` of invoices and credit
//! notes) is summed in SQL, exactly on both databases; payments and lines
//! keep only their decimal text on SQLite, so their rows are read and
//! summed in Rust with `rust_decimal`.

use chrono::NaiveDate;

use super::customer_filter;
use crate::domain::billing::lines::LineKind;
use crate::domain::{CustomerId, Money, UserId};
use crate::store::{Conn, on_conn};

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
